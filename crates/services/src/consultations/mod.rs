//! Comments on draft documents: the office opens a published document of
//! the base for comment between two times; anyone comments while it is
//! open; the office publishes or rejects each comment, and exports them
//! all ([`export`]) for the drafting body's summary report.

pub mod export;

use portal_core::Site;
use portal_core::account::User;
use portal_core::consultation::{Comment, CommentStatus, Consultation};
use portal_core::document::Document;
use portal_core::text::{normalize_inline, normalize_paragraphs};
use portal_store::Store;

use crate::news::newsroom::{NewsroomError, in_office};

/// Whether `actor` runs the site's consultations.
pub fn may_run(site: &Site, actor: &User) -> Result<(), NewsroomError> {
    in_office(site, actor, "consultations.not_allowed")
}

async fn published(
    store: &Store,
    site: &Site,
    document_id: i64,
) -> Result<Document, NewsroomError> {
    crate::documents::get(store, site, document_id)
        .await?
        .ok_or(NewsroomError::Invalid(
            "consultations.not_a_published_document",
        ))
}

/// Opens a published document for comment, or moves its dates.
pub async fn open(
    store: &Store,
    site: &Site,
    actor: &User,
    consultation: &Consultation,
    now: i64,
) -> Result<(), NewsroomError> {
    may_run(site, actor)?;
    let document = published(store, site, consultation.document_id).await?;
    let consultation = Consultation {
        site_id: site.id,
        ..consultation.clone()
    };
    consultation.check().map_err(NewsroomError::Invalid)?;
    store.save_consultation(&consultation, now).await?;
    crate::audit::record_by(
        store,
        actor,
        "consultation_open",
        &format!("document:{}", document.id),
        &document.number,
        now,
    )
    .await;
    Ok(())
}

/// A draft open for comment, with its document.
pub struct Draft {
    pub consultation: Consultation,
    pub document: Document,
}

/// The site's consultations whose document readers may see, the latest to
/// close first.
pub async fn drafts(store: &Store, site: &Site) -> portal_store::Result<Vec<Draft>> {
    Ok(store
        .consultations(site.id)
        .await?
        .into_iter()
        .map(|(consultation, document)| Draft {
            consultation,
            document,
        })
        .collect())
}

/// The consultation on a document, with its published comments.
pub async fn on_document(
    store: &Store,
    site: &Site,
    document_id: i64,
) -> portal_store::Result<Option<(Consultation, Vec<Comment>)>> {
    let Some(consultation) = store.consultation(site.id, document_id).await? else {
        return Ok(None);
    };
    let comments = store
        .comments(site.id, document_id, Some(CommentStatus::Published))
        .await?;
    Ok(Some((consultation, comments)))
}

/// Takes a comment on a draft while it is open; it waits for the office.
pub async fn comment(
    store: &Store,
    site: &Site,
    comment: &Comment,
    now: i64,
) -> Result<i64, NewsroomError> {
    let consultation = store
        .consultation(site.id, comment.document_id)
        .await?
        .ok_or(NewsroomError::NotFound)?;
    if !consultation.is_open(now) {
        return Err(NewsroomError::Invalid("consultations.closed"));
    }
    let comment = Comment {
        id: 0,
        site_id: site.id,
        name: normalize_inline(&comment.name),
        organisation: normalize_inline(&comment.organisation),
        email: normalize_inline(&comment.email).to_lowercase(),
        article: normalize_inline(&comment.article),
        body: normalize_paragraphs(&comment.body),
        status: Some(CommentStatus::Pending),
        created_at: now,
        ..comment.clone()
    };
    comment.check().map_err(NewsroomError::Invalid)?;
    Ok(store.add_comment(&comment).await?)
}

/// What the office sees of a document's consultation: the document, its
/// dates if it was opened, and every comment.
pub struct OfficeView {
    pub document: Document,
    pub consultation: Option<Consultation>,
    pub comments: Vec<Comment>,
}

/// A document and every comment on it, for the office; the look at the
/// commenters' e-mails is recorded.
pub async fn moderation(
    store: &Store,
    site: &Site,
    actor: &User,
    document_id: i64,
    now: i64,
) -> Result<OfficeView, NewsroomError> {
    may_run(site, actor)?;
    let document = store
        .document(site.id, document_id)
        .await?
        .ok_or(NewsroomError::NotFound)?;
    let consultation = store.consultation(site.id, document_id).await?;
    let comments = store.comments(site.id, document_id, None).await?;
    crate::audit::record_by(
        store,
        actor,
        "consultation_view",
        &format!("document:{document_id}"),
        &document.number,
        now,
    )
    .await;
    Ok(OfficeView {
        document,
        consultation,
        comments,
    })
}

/// How many comments each draft has, and how many wait: (document, all,
/// waiting).
pub async fn counts(
    store: &Store,
    site: &Site,
    actor: &User,
) -> Result<Vec<(i64, i64, i64)>, NewsroomError> {
    may_run(site, actor)?;
    Ok(store.comment_counts(site.id).await?)
}

/// Publishes or rejects a comment.
pub async fn moderate(
    store: &Store,
    site: &Site,
    actor: &User,
    comment_id: i64,
    status: CommentStatus,
    now: i64,
) -> Result<(), NewsroomError> {
    may_run(site, actor)?;
    store
        .moderate_comment(site.id, comment_id, status, now)
        .await
        .map_err(|error| match error {
            portal_store::StoreError::Conflict(_) => NewsroomError::NotFound,
            other => other.into(),
        })?;
    let action = match status {
        CommentStatus::Published => "comment_publish",
        _ => "comment_reject",
    };
    crate::audit::record_by(
        store,
        actor,
        action,
        &format!("comment:{comment_id}"),
        "",
        now,
    )
    .await;
    Ok(())
}

/// Whether a consultation opened or closed in the time given.
pub async fn turning_between(store: &Store, since: i64, until: i64) -> portal_store::Result<bool> {
    store.consultations_turning_between(since, until).await
}
