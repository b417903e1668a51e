//! Search as the portal uses it: the index follows the change feed (every
//! change is found within a second, from any process or node), rebuilds
//! itself when it is missing, damaged or too far behind while the portal
//! keeps serving, and answers readers and staff.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result};
use portal_core::account::User;
use portal_core::change::Change;
use portal_core::{ArticleId, ArticleStatus, ArticleSummary, Site, SiteId, UserId};
use portal_search::{Hit, IndexDoc, Opened, Scope, SearchIndex, SearchRequest, Sort, UserQuery};
use portal_store::{FoundRow, IndexRow, Store};

use crate::changes::{Follower, Wake};
use tokio::task::JoinHandle;

const BATCH: i64 = 500;

#[derive(Clone)]
pub struct Search {
    index: Arc<SearchIndex>,
    wake: Wake,
    ready: Arc<AtomicBool>,
    /// How many times the follower has caught up with the database.
    rounds: tokio::sync::watch::Sender<u64>,
}

impl Search {
    /// Opens the index in `dir` and follows the database from there. A
    /// new, damaged or empty index is rebuilt first, in the background.
    pub async fn start(store: Store, dir: &Path, wake: Wake) -> Result<(Self, JoinHandle<()>)> {
        let (index, opened) = SearchIndex::open(dir)
            .with_context(|| format!("cannot open the search index in {}", dir.display()))?;
        let position = match opened {
            Opened::Existing if index.doc_count() > 0 => {
                let position = feed_position(index.payload().as_deref());
                match position {
                    Some(position) if !missed_changes(&store, position).await? => Some(position),
                    _ => {
                        tracing::warn!("search index behind the change feed; rebuilt");
                        None
                    }
                }
            }
            Opened::Existing => None,
            // A new portal's index is built without a word: nothing was wrong.
            Opened::New => {
                tracing::info!("search index built from the database");
                None
            }
            Opened::Replaced { reason } => {
                tracing::warn!(%reason, "search index rebuilt from the database");
                None
            }
        };
        Ok(Self::follow(store, index, position, wake))
    }

    /// An index in memory, built from the database (tests).
    pub fn in_memory(store: Store, wake: Wake) -> Result<(Self, JoinHandle<()>)> {
        Ok(Self::follow(store, SearchIndex::in_memory()?, None, wake))
    }

    /// Follows the feed from `position`, or rebuilds first when `None`.
    fn follow(
        store: Store,
        index: SearchIndex,
        position: Option<i64>,
        wake: Wake,
    ) -> (Self, JoinHandle<()>) {
        let search = Self {
            index: Arc::new(index),
            wake,
            ready: Arc::new(AtomicBool::new(position.is_some())),
            rounds: tokio::sync::watch::Sender::new(0),
        };
        let this = search.clone();
        let task = tokio::spawn(async move {
            let mut woken = this.wake.subscribe();
            let position = match position {
                Some(position) => position,
                None => {
                    let position = rebuild(&store, &this.index, &|_, _| {})
                        .await
                        .unwrap_or_else(|error| {
                            tracing::error!(%error, "search index rebuild failed");
                            0
                        });
                    this.ready.store(true, Ordering::Release);
                    position
                }
            };
            let mut follower = Follower::after(position);
            loop {
                if let Err(error) = catch_up(&store, &this.index, &mut follower).await {
                    tracing::error!(%error, "search index update failed");
                }
                this.rounds.send_modify(|rounds| *rounds += 1);
                this.wake.wait(&mut woken).await;
            }
        });
        (search, task)
    }

    /// Something changed: look now rather than at the next poll.
    pub fn changed(&self) {
        self.wake.now();
    }

    /// Returns once the index has read every change committed before the
    /// call (a whole round of the follower started after it).
    pub async fn settled(&self) {
        let mut rounds = self.rounds.subscribe();
        let target = *rounds.borrow_and_update() + 2;
        self.changed();
        while *rounds.borrow_and_update() < target {
            self.changed();
            if rounds.changed().await.is_err() {
                return;
            }
        }
    }

    /// False while the index is being rebuilt (results may be missing).
    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::Acquire)
    }
}

/// What a person asked for, already read from the form.
#[derive(Debug, Clone, Default)]
pub struct Asked {
    pub text: String,
    pub category_id: Option<i64>,
    pub from: Option<i64>,
    pub until: Option<i64>,
    pub sort: Sort,
    pub page: u32,
    pub per_page: u32,
    /// Which sites to search: this site and these of its sub-sites (the
    /// others asked for are not searched). Empty: this site alone.
    pub sites: Vec<SiteId>,
    /// The sub-sites' own section filters do not apply: `category_id` is
    /// one of this site's sections.
    pub with_sub_sites: bool,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Found {
    /// The site the article is on.
    pub site_id: SiteId,
    pub summary: ArticleSummary,
    pub title_html: String,
    pub snippet_html: String,
    pub status: String,
}

#[derive(Debug, Clone, Default)]
pub struct Results {
    pub total: usize,
    pub items: Vec<Found>,
}

/// The sites under `site` (children, grandchildren…), serving ones only.
pub async fn sub_sites_of(store: &Store, site: &Site) -> Result<Vec<Site>> {
    let all = store.sites().await?;
    let mut found: Vec<Site> = Vec::new();
    let mut parents = vec![site.id];
    while let Some(parent) = parents.pop() {
        for child in all
            .iter()
            .filter(|s| s.parent_id == Some(parent) && !s.disabled)
        {
            if child.id != site.id && !found.iter().any(|f| f.id == child.id) {
                parents.push(child.id);
                found.push(child.clone());
            }
        }
    }
    Ok(found)
}

/// The sites a search from `site` covers: itself, plus those asked for
/// among its sub-sites (all of them with `with_sub_sites`).
async fn searched_sites(store: &Store, site: &Site, asked: &Asked) -> Result<Vec<SiteId>> {
    let mut sites = vec![site.id];
    if asked.with_sub_sites || !asked.sites.is_empty() {
        for sub in sub_sites_of(store, site).await? {
            if asked.with_sub_sites || asked.sites.contains(&sub.id) {
                sites.push(sub.id);
            }
        }
        if !asked.with_sub_sites && !asked.sites.contains(&site.id) {
            sites.retain(|id| *id != site.id);
        }
    }
    Ok(sites)
}

/// What a reader may find: published, due, not expired, of this site (and
/// of its sub-sites, when asked).
pub async fn for_readers(
    search: &Search,
    store: &Store,
    site: &Site,
    asked: &Asked,
    now: i64,
) -> Result<Results> {
    let scope = Scope::Public { now };
    let sites = searched_sites(store, site, asked).await?;
    run(search, store, sites, asked, scope, Some(now)).await
}

/// What a member of staff may find: every status but the trash, outside
/// the categories they may not touch. With `with_sub_sites`, on every site
/// they hold a role on (and those below a site they administer), each
/// with the limits they have there.
pub async fn for_staff(
    search: &Search,
    store: &Store,
    site: &Site,
    user: &User,
    asked: &Asked,
) -> Result<Results> {
    let sites = if asked.with_sub_sites {
        staff_sites(store, user).await?
    } else {
        vec![site.clone()]
    };
    // As stored: their limits on every site, not only this one's.
    let Some(stored) = store.user(user.id).await? else {
        return Ok(Results::default());
    };
    if !user.acts_on(site.id) {
        return Ok(Results::default());
    }
    let mut excluded_categories = Vec::new();
    let mut only_owner = None;
    let mut searched = Vec::new();
    for place in &sites {
        let Some(there) = crate::accounts::at_site(store, stored.clone(), place).await? else {
            continue;
        };
        excluded_categories.extend(
            store
                .categories(place.id)
                .await?
                .iter()
                .map(|c| c.id)
                .filter(|id| !there.may_touch_category(*id)),
        );
        // One scope for all: an author anywhere sees only their own
        // unpublished work everywhere (never more than any site allows).
        if !portal_core::workflow::may_read_others_unpublished(there.role) {
            only_owner = Some(user.id.get());
        }
        searched.push(place.id);
    }
    let scope = Scope::Newsroom {
        excluded_categories,
        only_owner,
    };
    run(search, store, searched, asked, scope, None).await
}

/// The sites a person works on: those they hold a role on, and every site
/// below one they administer.
pub async fn staff_sites(store: &Store, user: &User) -> Result<Vec<Site>> {
    let mut sites: Vec<Site> = Vec::new();
    for held in &user.sites {
        let Some(site) = store.site(held.site_id).await? else {
            continue;
        };
        let below = if held.role == portal_core::workflow::Role::Admin {
            sub_sites_of(store, &site).await?
        } else {
            Vec::new()
        };
        for site in std::iter::once(site).chain(below) {
            if !sites.iter().any(|s| s.id == site.id) {
                sites.push(site);
            }
        }
    }
    Ok(sites)
}

async fn run(
    search: &Search,
    store: &Store,
    sites: Vec<SiteId>,
    asked: &Asked,
    scope: Scope,
    public_at: Option<i64>,
) -> Result<Results> {
    let query = UserQuery::parse(&asked.text);
    let per_page = asked.per_page.clamp(1, 50) as usize;
    if sites.is_empty() {
        return Ok(Results::default());
    }
    // Searching every site of the installation needs no site filter.
    let every_site = sites.len() > 1 && sites.len() == store.site_ids().await?.len();
    let site_ids = if every_site {
        Vec::new()
    } else {
        sites.iter().map(|id| id.get()).collect()
    };
    let asked = asked.clone();
    let index = Arc::clone(&search.index);
    // The index reads files and spends CPU: off the async threads.
    let found = tokio::task::spawn_blocking(move || {
        index.search(&SearchRequest {
            query: &query,
            site_ids,
            scope,
            category_id: asked.category_id,
            from: asked.from,
            until: asked.until,
            sort: asked.sort,
            offset: (asked.page.max(1) as usize - 1) * per_page,
            limit: per_page,
        })
    })
    .await
    .context("search task")??;
    let ids: Vec<ArticleId> = found.hits.iter().map(|hit| ArticleId(hit.id)).collect();
    // The database has the last word: an article changed a moment ago is
    // shown as it is now, and never shown to a reader once it is not public.
    let mut rows: HashMap<ArticleId, FoundRow> = store
        .article_summaries(&sites, &ids, public_at)
        .await?
        .into_iter()
        .map(|row| (row.summary.id, row))
        .collect();
    // Staff see each article's state as it is now (scheduled, expired),
    // not as the index last heard of it.
    let now = public_at.unwrap_or_else(portal_core::time::now);
    let items = found
        .hits
        .into_iter()
        .filter_map(|hit: Hit| {
            rows.remove(&ArticleId(hit.id)).map(|row| Found {
                site_id: row.site_id,
                status: row
                    .status
                    .shown(row.publish_at, row.expire_at, now)
                    .to_string(),
                summary: row.summary,
                title_html: hit.title_html,
                snippet_html: hit.snippet_html,
            })
        })
        .collect();
    Ok(Results {
        total: found.total,
        items,
    })
}

/// The feed position an index was committed at (`changes:ID`).
fn feed_position(payload: Option<&str>) -> Option<i64> {
    payload?.strip_prefix("changes:")?.parse().ok()
}

fn feed_payload(position: i64) -> String {
    format!("changes:{position}")
}

/// Whether changes after `position` were pruned from the feed unread.
async fn missed_changes(store: &Store, position: i64) -> Result<bool> {
    Ok(store
        .first_change_id()
        .await?
        .is_some_and(|first| first > position + 1))
}

/// Indexes the articles the feed says changed since the last round.
async fn catch_up(store: &Store, index: &Arc<SearchIndex>, follower: &mut Follower) -> Result<()> {
    let before = follower.position();
    let mut ids: Vec<ArticleId> = follower
        .next(store)
        .await?
        .into_iter()
        .filter_map(|record| match record.change {
            Change::Article { id, .. } => Some(id),
            _ => None,
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    for chunk in ids.chunks(BATCH as usize) {
        stage(index, store.index_rows_of(chunk).await?).await?;
    }
    if !ids.is_empty() || follower.position() != before {
        let index = Arc::clone(index);
        let payload = feed_payload(follower.position());
        tokio::task::spawn_blocking(move || index.commit(Some(&payload)))
            .await
            .context("search commit task")??;
    }
    Ok(())
}

/// Rebuilds the whole index from the database, reporting (done, total).
/// Returns the feed position to follow from (changes made meanwhile are
/// read again: indexing an article twice is harmless).
pub async fn rebuild(
    store: &Store,
    index: &Arc<SearchIndex>,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<i64> {
    let position = store.last_change_id().await?;
    let total = u64::try_from(store.article_count().await?).unwrap_or_default();
    index.begin_rebuild()?;
    let mut after = 0;
    let mut done = 0;
    loop {
        let rows = store.index_rows_after(after, BATCH).await?;
        let Some(last) = rows.last() else {
            break;
        };
        after = last.id.get();
        done += rows.len() as u64;
        stage(index, rows).await?;
        progress(done, total);
    }
    let index = Arc::clone(index);
    let payload = feed_payload(position);
    tokio::task::spawn_blocking(move || index.finish_rebuild(Some(&payload)))
        .await
        .context("search commit task")??;
    Ok(position)
}

/// Indexes these articles (the trash is removed, not indexed).
async fn stage(index: &Arc<SearchIndex>, rows: Vec<IndexRow>) -> Result<()> {
    let index = Arc::clone(index);
    tokio::task::spawn_blocking(move || {
        let texts: Vec<String> = rows.iter().map(searchable_text).collect();
        let (trashed, kept): (Vec<_>, Vec<_>) = rows
            .iter()
            .zip(&texts)
            .partition(|(row, _)| row.status == ArticleStatus::Trashed);
        let docs: Vec<IndexDoc<'_>> = kept
            .iter()
            .map(|(row, text)| IndexDoc {
                id: row.id.get(),
                site_id: row.site_id.get(),
                status: row.status.as_str(),
                date: row.publish_at.unwrap_or(row.updated_at),
                expire_at: row.expire_at,
                category_ids: &row.category_ids,
                owner: row.created_by.map(UserId::get),
                title: &row.title,
                text,
            })
            .collect();
        let removals: Vec<i64> = trashed.iter().map(|(row, _)| row.id.get()).collect();
        index.stage(&docs, &removals)
    })
    .await
    .context("search indexing task")??;
    Ok(())
}

/// Lead, body and keywords: what a reader's words are looked for in,
/// besides the title.
fn searchable_text(row: &IndexRow) -> String {
    let mut text = row.lead.clone();
    text.push('\n');
    text.push_str(&row.body.plain_text());
    if !row.tags.is_empty() {
        text.push('\n');
        text.push_str(&row.tags.join(", "));
    }
    text
}

#[cfg(test)]
mod tests {
    use portal_core::{ArticleContent, Body, BodyBlock};
    use portal_store::NewArticle;
    use portal_store::testing::test_store;

    use super::*;
    use crate::sites::{category_named, site_or_default};
    use portal_core::SiteId;

    fn article(site_id: SiteId, category: i64, n: u32) -> NewArticle {
        NewArticle {
            site_id,
            slug: format!("tin-so-{n}"),
            status: ArticleStatus::Published,
            content: ArticleContent {
                category_ids: vec![category],
                title: format!("Tin số {n}"),
                lead: "Tóm tắt.".into(),
                body: Body(vec![BodyBlock::paragraph("Nội dung.")]),
                byline: String::new(),
                source: String::new(),
                cover_media_id: None,
                publish_at: Some(1),
                expire_at: None,
                tags: vec![],
            },
        }
    }

    #[tokio::test]
    async fn the_index_follows_the_feed_and_resumes_where_it_stopped() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = test_store(dir.path()).await;
        let site = site_or_default(&store, None).await.expect("site");
        let category = category_named(&store, site.id, "Tin hoạt động")
            .await
            .expect("category")
            .id;
        let index = Arc::new(SearchIndex::in_memory().expect("index"));
        let now = portal_core::time::now();
        for n in 0..30 {
            store
                .create_article(&article(site.id, category, n), now - 60)
                .await
                .expect("article");
        }
        let mut follower = Follower::after(0);
        catch_up(&store, &index, &mut follower)
            .await
            .expect("round");
        assert_eq!(index.doc_count(), 30);
        let position = feed_position(index.payload().as_deref()).expect("position");
        assert_eq!(position, store.last_change_id().await.expect("last"));
        // Made while no one follows: a follower from the saved position
        // finds them, and only them.
        for n in [98, 99] {
            store
                .create_article(&article(site.id, category, n), now)
                .await
                .expect("article");
        }
        let mut again = Follower::after(position);
        let read = again.next(&store).await.expect("next");
        assert_eq!(read.len(), 2);
        assert!(!missed_changes(&store, position).await.expect("missed"));
        // Pruned past it, the index knows it must be rebuilt.
        store.prune_changes(now + 10).await.expect("prune");
        assert!(missed_changes(&store, position).await.expect("missed"));
    }
}
