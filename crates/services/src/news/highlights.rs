//! The home page in editors' hands: which articles are featured stories
//! ("Tin nổi bật") and which are pinned at the top of their sections, in
//! what order and until when. Editors, publishers and administrators of
//! the site choose them; authors do not.

use portal_core::account::User;
use portal_core::highlight::HighlightKind;
use portal_core::workflow;
use portal_core::{ArticleId, ArticleStatus, Site};
use portal_store::{HighlightedArticle, Store};

use super::newsroom::{NewsroomError, load};

/// More featured stories (or pinned articles) than this on one site are
/// refused: the home page shows a handful.
pub const MAX_HIGHLIGHTS: usize = 20;

fn may_choose(site: &Site, actor: &User) -> Result<(), NewsroomError> {
    super::newsroom::on_site(site, actor)?;
    if workflow::may_choose_highlights(actor.role) {
        Ok(())
    } else {
        Err(NewsroomError::Forbidden("highlights.not_allowed"))
    }
}

/// The site's featured stories or pinned articles, in order.
pub async fn list(
    store: &Store,
    site: &Site,
    actor: &User,
    kind: HighlightKind,
) -> Result<Vec<HighlightedArticle>, NewsroomError> {
    may_choose(site, actor)?;
    Ok(store.highlights(site.id, kind).await?)
}

/// How the article is featured or pinned, for its edit page (nothing for
/// those who may not choose).
pub async fn of_article(
    store: &Store,
    site: &Site,
    actor: &User,
    id: ArticleId,
) -> Result<Vec<portal_core::highlight::Highlight>, NewsroomError> {
    if may_choose(site, actor).is_err() {
        return Ok(Vec::new());
    }
    Ok(store.highlights_of(site.id, id).await?)
}

/// Features or pins the article, last in the order, until `until` (or
/// until taken off); for one already there, changes its end time.
pub async fn put(
    store: &Store,
    site: &Site,
    actor: &User,
    kind: HighlightKind,
    id: ArticleId,
    until: Option<i64>,
    now: i64,
) -> Result<(), NewsroomError> {
    may_choose(site, actor)?;
    let article = load(store, site, actor, id).await?;
    if matches!(
        article.status,
        ArticleStatus::Trashed | ArticleStatus::Unpublished
    ) {
        return Err(NewsroomError::Invalid("highlights.not_shown"));
    }
    if until.is_some_and(|until| until <= now) {
        return Err(NewsroomError::Invalid("highlights.until_past"));
    }
    let current = store.highlights(site.id, kind).await?;
    let already = current.iter().any(|h| h.highlight.article_id == id);
    if !already && current.len() >= MAX_HIGHLIGHTS {
        return Err(NewsroomError::Invalid("highlights.too_many"));
    }
    store.highlight(site.id, kind, id, until, now).await?;
    crate::audit::record_by(
        store,
        actor,
        kind.as_str(),
        &format!("article:{id}"),
        &until.map(|at| at.to_string()).unwrap_or_default(),
        now,
    )
    .await;
    Ok(())
}

/// Takes the article off the featured stories or the pinned ones.
pub async fn take_off(
    store: &Store,
    site: &Site,
    actor: &User,
    kind: HighlightKind,
    id: ArticleId,
    now: i64,
) -> Result<(), NewsroomError> {
    may_choose(site, actor)?;
    if !store.unhighlight(site.id, kind, id, now).await? {
        return Err(NewsroomError::NotFound);
    }
    let action = match kind {
        HighlightKind::Featured => "unfeature",
        HighlightKind::Pinned => "unpin",
    };
    crate::audit::record_by(store, actor, action, &format!("article:{id}"), "", now).await;
    Ok(())
}

/// Which way to move one highlight in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Up,
    Down,
}

/// Moves the article one place up or down its order (a keyboard's or a
/// button's step; dragging sends the whole order to [`reorder`]).
pub async fn step(
    store: &Store,
    site: &Site,
    actor: &User,
    kind: HighlightKind,
    id: ArticleId,
    way: Move,
    now: i64,
) -> Result<(), NewsroomError> {
    may_choose(site, actor)?;
    let mut order: Vec<ArticleId> = store
        .highlights(site.id, kind)
        .await?
        .iter()
        .map(|h| h.highlight.article_id)
        .collect();
    let at = order
        .iter()
        .position(|held| *held == id)
        .ok_or(NewsroomError::NotFound)?;
    let to = match way {
        Move::Up => at.checked_sub(1),
        Move::Down => Some(at + 1).filter(|to| *to < order.len()),
    };
    let Some(to) = to else {
        return Ok(()); // Already first or last.
    };
    order.swap(at, to);
    write_order(store, site, actor, kind, &order, now).await
}

/// Puts the site's highlights in the order of `ids`, which must name each
/// of them exactly once.
pub async fn reorder(
    store: &Store,
    site: &Site,
    actor: &User,
    kind: HighlightKind,
    ids: &[ArticleId],
    now: i64,
) -> Result<(), NewsroomError> {
    may_choose(site, actor)?;
    let mut held: Vec<ArticleId> = store
        .highlights(site.id, kind)
        .await?
        .iter()
        .map(|h| h.highlight.article_id)
        .collect();
    let mut asked = ids.to_vec();
    held.sort_unstable();
    asked.sort_unstable();
    if held != asked {
        return Err(NewsroomError::Invalid("highlights.order_stale"));
    }
    write_order(store, site, actor, kind, ids, now).await
}

async fn write_order(
    store: &Store,
    site: &Site,
    actor: &User,
    kind: HighlightKind,
    order: &[ArticleId],
    now: i64,
) -> Result<(), NewsroomError> {
    store.reorder_highlights(site.id, kind, order, now).await?;
    let action = match kind {
        HighlightKind::Featured => "featured_order",
        HighlightKind::Pinned => "pinned_order",
    };
    crate::audit::record_by(store, actor, action, "", "", now).await;
    Ok(())
}

/// The sites whose featured stories or pinned articles came to their end
/// time in `(since, until]`.
pub async fn ending_between(
    store: &Store,
    since: i64,
    until: i64,
) -> portal_store::Result<Vec<portal_core::SiteId>> {
    store.highlights_ending_between(since, until).await
}
