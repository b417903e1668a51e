//! Search as the portal uses it: the index follows the database (every
//! change is found within a second), rebuilds itself when it is missing or
//! damaged while the portal keeps serving, and answers readers and staff.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::{Context, Result};
use portal_core::account::User;
use portal_core::{ArticleStatus, ArticleSummary, Site};
use portal_search::{Hit, IndexDoc, Opened, Scope, SearchIndex, SearchRequest, Sort, UserQuery};
use portal_store::{IndexRow, Store};
use tokio::sync::Notify;
use tokio::task::JoinHandle;

/// How often the index looks for changes nobody told it about (another
/// process, another node).
const POLL: Duration = Duration::from_millis(700);
/// Changes stamped this many seconds before the last one seen are read
/// again, so a transaction that committed late is not missed.
const OVERLAP_SECS: i64 = 5;
const BATCH: i64 = 500;

#[derive(Clone)]
pub struct Search {
    index: Arc<SearchIndex>,
    changed: Arc<Notify>,
    ready: Arc<AtomicBool>,
    /// How many times the follower has caught up with the database.
    rounds: tokio::sync::watch::Sender<u64>,
}

impl Search {
    /// Opens the index in `dir` and follows the database from there. A
    /// new, damaged or empty index is rebuilt first, in the background.
    pub fn start(store: Store, dir: &Path) -> Result<(Self, JoinHandle<()>)> {
        let (index, opened) = SearchIndex::open(dir)
            .with_context(|| format!("cannot open the search index in {}", dir.display()))?;
        let rebuild = match opened {
            Opened::Existing => index.doc_count() == 0,
            Opened::Created { reason } => {
                tracing::warn!(%reason, "search index rebuilt from the database");
                true
            }
        };
        Ok(Self::follow(store, index, rebuild))
    }

    /// An index in memory, built from the database (tests).
    pub fn in_memory(store: Store) -> Result<(Self, JoinHandle<()>)> {
        Ok(Self::follow(store, SearchIndex::in_memory()?, true))
    }

    fn follow(store: Store, index: SearchIndex, rebuild_first: bool) -> (Self, JoinHandle<()>) {
        let search = Self {
            index: Arc::new(index),
            changed: Arc::new(Notify::new()),
            ready: Arc::new(AtomicBool::new(!rebuild_first)),
            rounds: tokio::sync::watch::Sender::new(0),
        };
        let follower = search.clone();
        let task = tokio::spawn(async move {
            let mut feed = Feed::default();
            if rebuild_first {
                match rebuild(&store, &follower.index, &|_, _| {}).await {
                    Ok(position) => feed.position = position,
                    Err(error) => tracing::error!(%error, "search index rebuild failed"),
                }
                follower.ready.store(true, Ordering::Release);
            } else {
                feed.position = Position::parse(follower.index.payload().as_deref());
            }
            loop {
                if let Err(error) = feed.catch_up(&store, &follower.index).await {
                    tracing::error!(%error, "search index update failed");
                }
                follower.rounds.send_modify(|rounds| *rounds += 1);
                tokio::select! {
                    () = follower.changed.notified() => {}
                    () = tokio::time::sleep(POLL) => {}
                }
            }
        });
        (search, task)
    }

    /// Something changed: look now rather than at the next poll.
    pub fn changed(&self) {
        self.changed.notify_one();
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
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Found {
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

/// What a reader may find: published, due, not expired, of this site.
pub async fn for_readers(
    search: &Search,
    store: &Store,
    site: &Site,
    asked: &Asked,
    now: i64,
) -> Result<Results> {
    let scope = Scope::Public { now };
    run(search, store, site, asked, scope, Some(now)).await
}

/// What a member of staff may find: every status but the trash, outside
/// the categories they may not touch.
pub async fn for_staff(
    search: &Search,
    store: &Store,
    site: &Site,
    user: &User,
    asked: &Asked,
) -> Result<Results> {
    let excluded_categories = store
        .categories(site.id)
        .await?
        .iter()
        .map(|c| c.id)
        .filter(|id| !user.may_touch_category(*id))
        .collect();
    let scope = Scope::Newsroom {
        excluded_categories,
        only_owner: (!portal_core::workflow::may_read_others_unpublished(user.role))
            .then_some(user.id),
    };
    run(search, store, site, asked, scope, None).await
}

async fn run(
    search: &Search,
    store: &Store,
    site: &Site,
    asked: &Asked,
    scope: Scope,
    public_at: Option<i64>,
) -> Result<Results> {
    let query = UserQuery::parse(&asked.text);
    let per_page = asked.per_page.clamp(1, 50) as usize;
    let (site_id, asked) = (site.id, asked.clone());
    let index = Arc::clone(&search.index);
    // The index reads files and spends CPU: off the async threads.
    let found = tokio::task::spawn_blocking(move || {
        index.search(&SearchRequest {
            query: &query,
            site_id,
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
    let ids: Vec<i64> = found.hits.iter().map(|hit| hit.id).collect();
    // The database has the last word: an article changed a moment ago is
    // shown as it is now, and never shown to a reader once it is not public.
    let mut summaries: HashMap<i64, ArticleSummary> = store
        .article_summaries(site.id, &ids, public_at)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let items = found
        .hits
        .into_iter()
        .filter_map(|hit: Hit| {
            summaries.remove(&hit.id).map(|summary| Found {
                summary,
                title_html: hit.title_html,
                snippet_html: hit.snippet_html,
                status: hit.status,
            })
        })
        .collect();
    Ok(Results {
        total: found.total,
        items,
    })
}

/// Where the follower is in the database's order of change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub at: i64,
    pub id: i64,
}

impl Position {
    fn parse(payload: Option<&str>) -> Self {
        let mut parts = payload.unwrap_or_default().split(':');
        match (parts.next(), parts.next(), parts.next()) {
            (Some("feed"), Some(at), Some(id)) => Self {
                at: at.parse().unwrap_or_default(),
                id: id.parse().unwrap_or_default(),
            },
            _ => Self::default(),
        }
    }

    fn payload(self) -> String {
        format!("feed:{}:{}", self.at, self.id)
    }
}

#[derive(Default)]
struct Feed {
    position: Position,
    /// What was indexed of recently changed articles: (updated_at,
    /// revision, status), to skip them when the overlap reads them again.
    recent: HashMap<i64, (i64, i64, ArticleStatus)>,
    /// Every change stamped up to this time has been read: a commit lands
    /// within the overlap of its stamp, and a whole round began after that.
    settled: i64,
}

impl Feed {
    /// Indexes what changed since the last round; returns how many rows
    /// it read.
    async fn catch_up(&mut self, store: &Store, index: &Arc<SearchIndex>) -> Result<usize> {
        let began = portal_core::time::now();
        // Read the overlap again only while late commits may still land in
        // it: after a burst (an import), the last seconds of changes hold
        // thousands of articles, not worth reading every round.
        let mut cursor = if self.settled >= self.position.at {
            self.position
        } else {
            Position {
                at: (self.position.at - OVERLAP_SECS).max(self.settled),
                id: 0,
            }
        };
        let mut staged = false;
        let mut read = 0;
        loop {
            let rows = store
                .index_rows_changed(cursor.at, cursor.id, BATCH)
                .await?;
            read += rows.len();
            let full = rows.len() as i64 == BATCH;
            if let Some(last) = rows.last() {
                cursor = Position {
                    at: last.updated_at,
                    id: last.id,
                };
            }
            let fresh: Vec<IndexRow> = rows
                .into_iter()
                .filter(|row| {
                    let mark = (row.updated_at, row.revision, row.status);
                    self.recent.insert(row.id, mark) != Some(mark)
                })
                .collect();
            if !fresh.is_empty() {
                staged = true;
                stage(index, fresh).await?;
            }
            if !full {
                break;
            }
        }
        if staged {
            self.position = self.position.max(cursor);
            let index = Arc::clone(index);
            let payload = self.position.payload();
            tokio::task::spawn_blocking(move || index.commit(Some(&payload)))
                .await
                .context("search commit task")??;
        }
        let horizon = self.position.at - 2 * OVERLAP_SECS;
        self.recent.retain(|_, (at, _, _)| *at >= horizon);
        self.settled = began - OVERLAP_SECS;
        Ok(read)
    }
}

/// Rebuilds the whole index from the database, reporting (done, total).
/// Returns the feed position to follow from.
pub async fn rebuild(
    store: &Store,
    index: &Arc<SearchIndex>,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Position> {
    let total = u64::try_from(store.article_count().await?).unwrap_or_default();
    index.begin_rebuild()?;
    let mut after = 0;
    let mut done = 0;
    let mut position = Position::default();
    loop {
        let rows = store.index_rows_after(after, BATCH).await?;
        let Some(last) = rows.last() else {
            break;
        };
        after = last.id;
        done += rows.len() as u64;
        for row in &rows {
            position = position.max(Position {
                at: row.updated_at,
                id: row.id,
            });
        }
        stage(index, rows).await?;
        progress(done, total);
    }
    let index = Arc::clone(index);
    let payload = position.payload();
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
                id: row.id,
                site_id: row.site_id,
                status: row.status.as_str(),
                date: row.publish_at.unwrap_or(row.updated_at),
                expire_at: row.expire_at,
                category_ids: &row.category_ids,
                owner: row.created_by,
                title: &row.title,
                text,
            })
            .collect();
        let removals: Vec<i64> = trashed.iter().map(|(row, _)| row.id).collect();
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
    use portal_core::{Body, BodyBlock};
    use portal_store::NewArticle;
    use portal_store::testing::test_store;

    use super::*;
    use crate::sites::{category_named, site_or_default};

    fn article(site_id: i64, category: i64, n: u32) -> NewArticle {
        NewArticle {
            site_id,
            category_ids: vec![category],
            slug: format!("tin-so-{n}"),
            title: format!("Tin số {n}"),
            lead: "Tóm tắt.".into(),
            body: Body(vec![BodyBlock::paragraph("Nội dung.")]),
            byline: String::new(),
            source: String::new(),
            cover_media_id: None,
            status: ArticleStatus::Published,
            featured: false,
            publish_at: Some(1),
            expire_at: None,
            tags: vec![],
        }
    }

    #[tokio::test]
    async fn after_a_burst_the_follower_stops_reading_it_again() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = test_store(dir.path()).await;
        let site = site_or_default(&store, None).await.expect("site");
        let category = category_named(&store, site.id, "Tin hoạt động")
            .await
            .expect("category")
            .id;
        let index = Arc::new(SearchIndex::in_memory().expect("index"));
        let now = portal_core::time::now();
        // An import a minute ago: thirty articles stamped the same second.
        for n in 0..30 {
            store
                .create_article(&article(site.id, category, n), now - 60)
                .await
                .expect("article");
        }
        let mut feed = Feed::default();
        assert_eq!(feed.catch_up(&store, &index).await.expect("round"), 30);
        assert_eq!(index.doc_count(), 30);
        // Past the overlap, the next round reads none of them again.
        assert_eq!(feed.catch_up(&store, &index).await.expect("round"), 0);
        // A change made now is found.
        store
            .create_article(&article(site.id, category, 99), now)
            .await
            .expect("article");
        assert_eq!(feed.catch_up(&store, &index).await.expect("round"), 1);
        assert_eq!(index.doc_count(), 31);
    }
}
