//! The newsroom's use cases: writing drafts, saving with revisions, and
//! moving articles through the workflow, with every role and category
//! limit checked here, on the server.

use portal_core::account::User;
use portal_core::text::{normalize_inline, slugify};
use portal_core::workflow::{self, Action, Role, WorkflowError};
use portal_core::{Article, ArticleContent, ArticleId, ArticleStatus, Site};
use portal_store::{DeskFilter, DeskItem, NewArticle, PendingRestore, Store, StoreError};

const MAX_TITLE_CHARS: usize = 300;

#[derive(Debug, thiserror::Error)]
pub enum NewsroomError {
    /// A catalog key that explains the refusal to the user.
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    #[error("not found")]
    NotFound,
    /// A catalog key naming what to fix.
    #[error("invalid: {0}")]
    Invalid(&'static str),
    #[error("conflict: {0}")]
    Conflict(String),
    /// Library items the content names that the library does not hold:
    /// the body's pictures and files, then the cover.
    #[error("not in the media library: {0:?}")]
    MissingMedia(Vec<i64>),
    #[error(transparent)]
    Workflow(#[from] WorkflowError),
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for NewsroomError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Conflict(message) => Self::Conflict(message),
            other => Self::Store(other),
        }
    }
}

fn clean(input: &ArticleContent) -> Result<ArticleContent, NewsroomError> {
    let title = normalize_inline(&input.title);
    if title.is_empty() {
        return Err(NewsroomError::Invalid("newsroom.title_required"));
    }
    if title.chars().count() > MAX_TITLE_CHARS {
        return Err(NewsroomError::Invalid("newsroom.title_too_long"));
    }
    if input.category_ids.is_empty() {
        return Err(NewsroomError::Invalid("newsroom.category_required"));
    }
    if let (Some(publish), Some(expire)) = (input.publish_at, input.expire_at)
        && expire <= publish
    {
        return Err(NewsroomError::Invalid("newsroom.expiry_before_publication"));
    }
    Ok(ArticleContent {
        title,
        lead: normalize_inline(&input.lead),
        byline: normalize_inline(&input.byline),
        source: normalize_inline(&input.source),
        ..input.clone()
    })
}

/// Refuses content naming pictures or files the library does not hold
/// (readers would see "Ảnh không còn lưu trữ" in their place).
async fn check_media(store: &Store, content: &ArticleContent) -> Result<(), NewsroomError> {
    let mut named: Vec<i64> = content.body.media_ids().collect();
    named.extend(content.cover_media_id);
    if named.is_empty() {
        return Ok(());
    }
    let held: std::collections::HashSet<i64> = store
        .media_by_ids(&named)
        .await?
        .into_iter()
        .map(|media| media.id)
        .collect();
    let mut told = std::collections::HashSet::new();
    let missing: Vec<i64> = named
        .into_iter()
        .filter(|id| !held.contains(id) && told.insert(*id))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(NewsroomError::MissingMedia(missing))
    }
}

pub(crate) async fn check_categories(
    store: &Store,
    site: &Site,
    actor: &User,
    category_ids: &[i64],
) -> Result<(), NewsroomError> {
    let known = store.categories(site.id).await?;
    for id in category_ids {
        if !known.iter().any(|c| c.id == *id) {
            return Err(NewsroomError::Invalid("newsroom.unknown_category"));
        }
        if !actor.may_touch_category(*id) {
            return Err(NewsroomError::Forbidden("newsroom.category_not_yours"));
        }
    }
    Ok(())
}

/// An article as a member of staff may read it in the newsroom: refused
/// outside their categories, and not there at all where [`workflow::may_read`]
/// says so.
pub async fn article_for(
    store: &Store,
    site: &Site,
    actor: &User,
    id: ArticleId,
) -> Result<Article, NewsroomError> {
    load(store, site, actor, id).await
}

/// The services act only for someone read for the site they act on: a
/// session of one site is nobody on another.
/// Whether `actor` works the site's office for citizens (questions,
/// messages, polls, drafts, statistics): editors, publishers and
/// administrators of the site. `refusal` is the catalog key of why not.
pub(crate) fn in_office(
    site: &Site,
    actor: &User,
    refusal: &'static str,
) -> Result<(), NewsroomError> {
    on_site(site, actor)?;
    if portal_core::question::may_handle(actor.role, false) {
        Ok(())
    } else {
        Err(NewsroomError::Forbidden(refusal))
    }
}

pub(crate) fn on_site(site: &Site, actor: &User) -> Result<(), NewsroomError> {
    if actor.acts_on(site.id) {
        Ok(())
    } else {
        Err(NewsroomError::Forbidden("newsroom.not_your_site"))
    }
}

pub(crate) async fn load(
    store: &Store,
    site: &Site,
    actor: &User,
    id: ArticleId,
) -> Result<Article, NewsroomError> {
    on_site(site, actor)?;
    let article = store
        .article(site.id, id)
        .await?
        .ok_or(NewsroomError::NotFound)?;
    if article
        .categories
        .iter()
        .any(|c| !actor.may_touch_category(c.id))
    {
        return Err(NewsroomError::Forbidden("newsroom.category_not_yours"));
    }
    // Someone else's unpublished work is, for an author, not there at all.
    if !workflow::may_read_others_unpublished(actor.role)
        && !workflow::may_read(
            actor.role,
            article.status,
            store.article_owner(id).await? == Some(actor.id),
        )
    {
        return Err(NewsroomError::NotFound);
    }
    Ok(article)
}

pub async fn create_draft(
    store: &Store,
    site: &Site,
    actor: &User,
    input: &ArticleContent,
    now: i64,
) -> Result<ArticleId, NewsroomError> {
    on_site(site, actor)?;
    let input = clean(input)?;
    check_categories(store, site, actor, &input.category_ids).await?;
    check_media(store, &input).await?;
    let slug = slugify(&input.title);
    super::pages::check(store, site, &input.category_ids, &slug, None).await?;
    let new = NewArticle {
        site_id: site.id,
        slug,
        status: ArticleStatus::Draft,
        content: input,
    };
    let id = store.create_draft(&new, actor.id, now).await?;
    crate::audit::record_by(store, actor, "create", &format!("article:{id}"), "", now).await;
    Ok(id)
}

/// Saves of one article by one person within this long are one audit entry.
const SITTING_SECS: i64 = 30 * 60;

/// Saves over `expected_revision`; returns the new revision number.
pub async fn save(
    store: &Store,
    site: &Site,
    actor: &User,
    id: ArticleId,
    expected_revision: i64,
    input: &ArticleContent,
    now: i64,
) -> Result<i64, NewsroomError> {
    let input = clean(input)?;
    let article = load(store, site, actor, id).await?;
    let own = store.article_owner(id).await? == Some(actor.id);
    if !workflow::may_edit(actor.role, article.status, own) {
        return Err(NewsroomError::Forbidden("newsroom.may_not_edit"));
    }
    check_categories(store, site, actor, &input.category_ids).await?;
    check_media(store, &input).await?;
    let content = ArticleContent {
        // A published article keeps its time when the field is left empty:
        // clearing it must not take the article off the site unseen.
        publish_at: match (article.status, input.publish_at) {
            (ArticleStatus::Published, None) => article.content.publish_at,
            (_, at) => at,
        },
        ..input
    };
    let slug = slugify(&content.title);
    super::pages::check(store, site, &content.category_ids, &slug, Some(id)).await?;
    let revision = store
        .save_content(id, expected_revision, &content, &slug, actor.id, now)
        .await?;
    // One entry per sitting: the editor saves itself every few seconds
    // (every save stays in the article's history).
    let target = format!("article:{id}");
    let sitting = store
        .did_lately(actor.id, "save", &target, now - SITTING_SECS)
        .await
        .unwrap_or(false);
    if !sitting {
        crate::audit::record_by(store, actor, "save", &target, &revision.to_string(), now).await;
    }
    super::syndication::origin_saved(store, id, &content, now).await;
    Ok(revision)
}

/// Brings back an earlier revision's content as a new revision (nothing
/// in between is lost: it stays in the history).
pub async fn restore(
    store: &Store,
    site: &Site,
    actor: &User,
    id: ArticleId,
    request: RestoreRequest,
    now: i64,
) -> Result<Restored, NewsroomError> {
    let article = load(store, site, actor, id).await?;
    let content = store
        .revision(id, request.revision)
        .await?
        .ok_or(NewsroomError::NotFound)?;
    if article.status == ArticleStatus::Published
        && !(request.live && workflow::may_publish(actor.role))
    {
        store
            .propose_restore(site.id, id, request.revision, actor.id, now)
            .await?;
        crate::audit::record_by(
            store,
            actor,
            "restore_proposed",
            &format!("article:{id}"),
            &request.revision.to_string(),
            now,
        )
        .await;
        return Ok(Restored::Waiting);
    }
    let new_revision = save(store, site, actor, id, request.current, &content, now).await?;
    store.drop_pending_restore(id).await?;
    crate::audit::record_by(
        store,
        actor,
        "restore",
        &format!("article:{id}"),
        &request.revision.to_string(),
        now,
    )
    .await;
    Ok(Restored::Live(new_revision))
}

/// Someone asks for an old version to come back.
#[derive(Debug, Clone, Copy)]
pub struct RestoreRequest {
    pub revision: i64,
    /// The revision the person was looking at: a save since is a conflict.
    pub current: i64,
    /// For a published article, put the old version before readers now
    /// (only those who may publish; for others it waits all the same).
    pub live: bool,
}

/// What became of a request to bring an old version back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Restored {
    /// Saved as the article's new revision.
    Live(i64),
    /// The article is published: the old version waits for someone who
    /// may publish, and readers see the article as it was.
    Waiting,
}

/// The old version waiting to come back to the article, if any.
pub async fn pending_restore(
    store: &Store,
    site: &Site,
    actor: &User,
    id: ArticleId,
) -> Result<Option<PendingRestore>, NewsroomError> {
    load(store, site, actor, id).await?;
    Ok(store.pending_restore(id).await?)
}

/// The site's old versions waiting to come back, for those who decide
/// (nothing for anyone else).
pub async fn pending_restores(
    store: &Store,
    site: &Site,
    actor: &User,
) -> Result<Vec<PendingRestore>, NewsroomError> {
    on_site(site, actor)?;
    if !workflow::may_publish(actor.role) {
        return Ok(Vec::new());
    }
    Ok(store.pending_restores(site.id).await?)
}

/// Accepts (the old version goes live as a new revision) or declines the
/// article's waiting restore; returns the new revision when accepted.
pub async fn decide_restore(
    store: &Store,
    site: &Site,
    actor: &User,
    id: ArticleId,
    accept: bool,
    now: i64,
) -> Result<Option<i64>, NewsroomError> {
    let article = load(store, site, actor, id).await?;
    if !workflow::may_publish(actor.role) {
        return Err(NewsroomError::Forbidden("newsroom.restore_needs_publisher"));
    }
    let waiting = store
        .pending_restore(id)
        .await?
        .ok_or(NewsroomError::NotFound)?;
    let new_revision = if accept {
        let content = store
            .revision(id, waiting.revision)
            .await?
            .ok_or(NewsroomError::NotFound)?;
        Some(save(store, site, actor, id, article.revision, &content, now).await?)
    } else {
        None
    };
    store.drop_pending_restore(id).await?;
    let action = if accept {
        "restore"
    } else {
        "restore_declined"
    };
    crate::audit::record_by(
        store,
        actor,
        action,
        &format!("article:{id}"),
        &waiting.revision.to_string(),
        now,
    )
    .await;
    Ok(new_revision)
}

/// The saved versions of an article already read through [`article_for`].
pub async fn history(
    store: &Store,
    article: &Article,
) -> Result<Vec<portal_store::RevisionInfo>, NewsroomError> {
    Ok(store.revisions(article.id).await?)
}

/// An article's saved versions, for someone allowed to see the article.
pub async fn revisions(
    store: &Store,
    site: &Site,
    actor: &User,
    id: ArticleId,
) -> Result<Vec<portal_store::RevisionInfo>, NewsroomError> {
    load(store, site, actor, id).await?;
    Ok(store.revisions(id).await?)
}

/// One saved version's content.
pub async fn revision(
    store: &Store,
    site: &Site,
    actor: &User,
    id: ArticleId,
    revision: i64,
) -> Result<ArticleContent, NewsroomError> {
    load(store, site, actor, id).await?;
    store
        .revision(id, revision)
        .await?
        .ok_or(NewsroomError::NotFound)
}

/// A workflow step as a person asks for it.
#[derive(Debug, Clone, Copy)]
pub struct Step<'a> {
    pub action: Action,
    /// Required to send an article back.
    pub note: &'a str,
    /// Schedules a publication (default: now).
    pub publish_at: Option<i64>,
}

impl Step<'_> {
    pub fn plain(action: Action) -> Self {
        Self {
            action,
            note: "",
            publish_at: None,
        }
    }
}

/// Takes a workflow step.
pub async fn act(
    store: &Store,
    site: &Site,
    actor: &User,
    id: ArticleId,
    step: Step<'_>,
    now: i64,
) -> Result<ArticleStatus, NewsroomError> {
    let Step {
        action,
        note,
        publish_at,
    } = step;
    let article = load(store, site, actor, id).await?;
    if action.needs_ownership()
        && actor.role == Role::Author
        && store.article_owner(id).await? != Some(actor.id)
    {
        return Err(NewsroomError::Forbidden("newsroom.not_your_article"));
    }
    let next = workflow::apply(actor.role, article.status, action, note)?;
    let publish_at = match action {
        Action::Publish => Some(publish_at.unwrap_or(now)),
        _ => None,
    };
    let note = if action == Action::SendBack {
        note.trim()
    } else {
        ""
    };
    store
        .set_status(id, article.status, next, publish_at, note, actor.id, now)
        .await?;
    if article.status == ArticleStatus::Published && next != ArticleStatus::Published {
        super::syndication::origin_down(store, id, now).await;
    }
    let name = match (action, publish_at) {
        (Action::Publish, Some(at)) if at > now => "schedule",
        _ => action.as_str(),
    };
    crate::audit::record_by(store, actor, name, &format!("article:{id}"), note, now).await;
    Ok(next)
}

/// What a person's home screen lists.
#[derive(Debug, Default, serde::Serialize)]
pub struct Desk {
    pub my_drafts: Vec<DeskRow>,
    /// The person's own articles waiting for an editor or a publisher.
    pub mine_waiting: Vec<DeskRow>,
    pub waiting_for_me: Vec<DeskRow>,
    pub scheduled: Vec<DeskRow>,
    pub recently_published: Vec<DeskRow>,
    /// Deleted articles the person may recover (authors: their own).
    pub trash: Vec<DeskRow>,
}

/// A row of the desk with the state it shows.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DeskRow {
    #[serde(flatten)]
    pub item: DeskItem,
    /// [`ArticleStatus::shown`]: a published article scheduled or expired
    /// says so.
    pub state: &'static str,
    /// For an article waiting for review: seconds since it last moved.
    pub waited: Option<i64>,
}

impl std::ops::Deref for DeskRow {
    type Target = DeskItem;

    fn deref(&self) -> &DeskItem {
        &self.item
    }
}

fn rows(items: Vec<DeskItem>, now: i64) -> Vec<DeskRow> {
    items
        .into_iter()
        .map(|item| {
            let status = ArticleStatus::parse(&item.status).unwrap_or(ArticleStatus::Draft);
            let state = status.shown(item.publish_at, item.expire_at, now);
            let waiting = matches!(status, ArticleStatus::Submitted | ArticleStatus::Approved);
            let waited = waiting.then(|| now - item.updated_at);
            DeskRow {
                item,
                state,
                waited,
            }
        })
        .collect()
}

pub async fn desk(
    store: &Store,
    site: &Site,
    actor: &User,
    now: i64,
) -> Result<Desk, NewsroomError> {
    on_site(site, actor)?;
    let mine = DeskFilter {
        statuses: vec![ArticleStatus::Draft],
        created_by: Some(actor.id),
        ..Default::default()
    };
    let mine_waiting = DeskFilter {
        statuses: vec![ArticleStatus::Submitted, ArticleStatus::Approved],
        created_by: Some(actor.id),
        ..Default::default()
    };
    let waiting_statuses = match actor.role {
        Role::Author => vec![],
        Role::Editor => vec![ArticleStatus::Submitted],
        Role::Publisher => vec![ArticleStatus::Approved],
        Role::Admin => vec![ArticleStatus::Submitted, ArticleStatus::Approved],
    };
    let visible = |items: Vec<DeskItem>| -> Vec<DeskRow> {
        let items = items
            .into_iter()
            .filter(|item| item.category_id.is_none_or(|c| actor.may_touch_category(c)))
            .collect();
        rows(items, now)
    };
    let waiting = if waiting_statuses.is_empty() {
        Vec::new()
    } else {
        store
            .desk(
                site.id,
                &DeskFilter {
                    statuses: waiting_statuses,
                    ..Default::default()
                },
            )
            .await?
    };
    let published = |after: Option<i64>, until: Option<i64>| DeskFilter {
        statuses: vec![ArticleStatus::Published],
        publish_after: after,
        publish_until: until,
        ..Default::default()
    };
    let trash = DeskFilter {
        statuses: vec![ArticleStatus::Trashed],
        created_by: (actor.role == Role::Author).then_some(actor.id),
        ..Default::default()
    };
    Ok(Desk {
        trash: visible(store.desk(site.id, &trash).await?),
        my_drafts: rows(store.desk(site.id, &mine).await?, now),
        mine_waiting: rows(store.desk(site.id, &mine_waiting).await?, now),
        waiting_for_me: visible(waiting),
        scheduled: visible(store.desk(site.id, &published(Some(now), None)).await?),
        recently_published: visible(store.desk(site.id, &published(None, Some(now))).await?),
    })
}
