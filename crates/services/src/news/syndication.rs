//! News flowing up: a sub-site's publisher proposes a published article to
//! the parent site; the parent's editors approve it into one of their
//! sections (title and lead theirs to adjust, the body the origin's) or
//! decline it with a note. The copy follows its origin: edits reach it,
//! a new title or lead asks the parent again, and taking the origin down
//! takes the copy down.

use portal_core::account::User;
use portal_core::syndication::{self, SyndicationStatus};
use portal_core::text::{normalize_inline, slugify};
use portal_core::{ArticleContent, ArticleId, Site};
use portal_store::{Approval, Store, StoreError, Syndication};

use super::newsroom::{NewsroomError, check_categories, load, on_site};

const MAX_TITLE_CHARS: usize = 300;
const MAX_NOTE_CHARS: usize = 2000;

/// A sub-site's publisher proposes one of its published articles to its
/// parent site; returns the proposal's number.
pub async fn propose(
    store: &Store,
    site: &Site,
    actor: &User,
    id: ArticleId,
    now: i64,
) -> Result<i64, NewsroomError> {
    let article = load(store, site, actor, id).await?;
    if !syndication::may_propose(actor.role) {
        return Err(NewsroomError::Forbidden("syndication.publishers_only"));
    }
    let Some(parent) = site.parent_id else {
        return Err(NewsroomError::Invalid("syndication.no_parent"));
    };
    if !article.is_public(now) {
        return Err(NewsroomError::Invalid("syndication.not_published"));
    }
    let proposal = match store
        .propose_syndication(id, parent, Some(actor.id), now)
        .await
    {
        Ok(proposal) => proposal,
        Err(StoreError::Conflict(_)) => {
            return Err(NewsroomError::Invalid("syndication.already_proposed"));
        }
        Err(other) => return Err(other.into()),
    };
    crate::audit::record_by(store, actor, "propose", &format!("article:{id}"), "", now).await;
    Ok(proposal)
}

/// What became of an article's proposals, for its edit page.
pub async fn proposals_of(
    store: &Store,
    site: &Site,
    actor: &User,
    id: ArticleId,
) -> Result<Vec<Syndication>, NewsroomError> {
    load(store, site, actor, id).await?;
    Ok(store.syndications_of(id).await?)
}

/// The parent's review queue: proposals waiting, oldest first.
pub async fn queue(
    store: &Store,
    site: &Site,
    actor: &User,
) -> Result<Vec<Syndication>, NewsroomError> {
    on_site(site, actor)?;
    if !syndication::may_decide(actor.role) {
        return Ok(Vec::new());
    }
    Ok(store
        .syndications_to(site.id, SyndicationStatus::Proposed, 200)
        .await?)
}

/// How the parent takes a proposal in.
#[derive(Debug, Clone)]
pub struct Decision {
    pub category_id: i64,
    /// Empty: the origin's.
    pub title: String,
    pub lead: String,
}

/// One of this site's waiting proposals, for someone who decides.
async fn waiting(
    store: &Store,
    site: &Site,
    actor: &User,
    proposal: i64,
) -> Result<Syndication, NewsroomError> {
    on_site(site, actor)?;
    if !syndication::may_decide(actor.role) {
        return Err(NewsroomError::Forbidden("syndication.reviewers_only"));
    }
    let found = store
        .syndication(proposal)
        .await?
        .filter(|s| s.target_site_id == site.id)
        .ok_or(NewsroomError::NotFound)?;
    if found.status != SyndicationStatus::Proposed {
        return Err(NewsroomError::Invalid("syndication.already_decided"));
    }
    Ok(found)
}

/// The parent approves a proposal into one of its sections; returns the
/// copy it now carries.
pub async fn approve(
    store: &Store,
    site: &Site,
    actor: &User,
    proposal: i64,
    decision: &Decision,
    now: i64,
) -> Result<ArticleId, NewsroomError> {
    let found = waiting(store, site, actor, proposal).await?;
    check_categories(store, site, actor, &[decision.category_id]).await?;
    let origin_site = store
        .site(found.origin_site_id)
        .await?
        .ok_or(NewsroomError::NotFound)?;
    let origin = store
        .article(origin_site.id, found.origin_id)
        .await?
        .filter(|article| article.is_public(now))
        .ok_or(NewsroomError::Invalid("syndication.origin_gone"))?;
    let title = match normalize_inline(&decision.title) {
        empty if empty.is_empty() => origin.content.title.clone(),
        title => title,
    };
    if title.chars().count() > MAX_TITLE_CHARS {
        return Err(NewsroomError::Invalid("newsroom.title_too_long"));
    }
    let lead = match normalize_inline(&decision.lead) {
        empty if empty.is_empty() => origin.content.lead.clone(),
        lead => lead,
    };
    let approval = Approval {
        category_id: decision.category_id,
        slug: slugify(&title),
        title,
        lead,
        source: origin_site.name.clone(),
    };
    let copy = store
        .approve_syndication(proposal, &origin.content, &approval, Some(actor.id), now)
        .await?;
    crate::audit::record_by(
        store,
        actor,
        "syndication_approve",
        &format!("article:{copy}"),
        &format!("{}: article:{}", origin_site.code, found.origin_id),
        now,
    )
    .await;
    Ok(copy)
}

/// The parent declines a proposal with a note the origin reads.
pub async fn decline(
    store: &Store,
    site: &Site,
    actor: &User,
    proposal: i64,
    note: &str,
    now: i64,
) -> Result<(), NewsroomError> {
    let found = waiting(store, site, actor, proposal).await?;
    let note = normalize_inline(note);
    if note.is_empty() {
        return Err(NewsroomError::Invalid("syndication.note_required"));
    }
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(NewsroomError::Invalid("syndication.note_too_long"));
    }
    store
        .decline_syndication(proposal, &note, Some(actor.id), now)
        .await?;
    crate::audit::record_by(
        store,
        actor,
        "syndication_decline",
        &format!("article:{}", found.origin_id),
        &note,
        now,
    )
    .await;
    Ok(())
}

/// An origin was saved: its copies follow (see [`Store::follow_origin`]).
/// A failure is logged, never the editor's: their save is made.
pub(crate) async fn origin_saved(store: &Store, id: ArticleId, content: &ArticleContent, now: i64) {
    if let Err(error) = store.follow_origin(id, content, now).await {
        tracing::error!(%error, %id, "the copies of a saved article were not refreshed");
    }
}

/// An origin left the air: its proposals are withdrawn, its copies too.
pub(crate) async fn origin_down(store: &Store, id: ArticleId, now: i64) {
    if let Err(error) = store.withdraw_syndications(id, now).await {
        tracing::error!(%error, %id, "the copies of an unpublished article were not withdrawn");
    }
}
