//! Documents in the newsroom, with the roles of articles: an author writes
//! a draft and sends it for review, and may change it until then; editors
//! change any document that readers do not see yet; publishers and
//! administrators publish, take down and change any. Every save is a new
//! version and an entry of the audit log.

use portal_core::Site;
use portal_core::account::User;
use portal_core::document::{Document, DocumentStatus, MAX_FULL_TEXT, Relation};
use portal_core::workflow;
use portal_core::workflow::Role;
use portal_store::{DocumentDraft, DocumentFilter, DocumentLink, DocumentRevision, Store};

use crate::news::newsroom::{NewsroomError, on_site};

/// Why a document was refused: a catalog key, or a number the base does
/// not hold (named to the person who typed it).
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error(transparent)]
    Newsroom(#[from] NewsroomError),
    #[error("no document numbered {0}")]
    UnknownNumber(String),
}

impl From<portal_store::StoreError> for DeskError {
    fn from(error: portal_store::StoreError) -> Self {
        Self::Newsroom(error.into())
    }
}

/// What the form says to do with what was typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// Keep it as it stands (a draft stays a draft, a published document
    /// stays published).
    Save,
    Submit,
    Publish,
}

/// A document as staff wrote it: the links are typed as numbers.
pub struct Written {
    pub document: Document,
    pub links: Vec<(Relation, String)>,
    pub files: Vec<i64>,
}

/// A document with what the edit page shows around it.
pub struct Held {
    pub document: Document,
    pub revision: i64,
    pub links: Vec<DocumentLink>,
    pub files: Vec<portal_store::DocumentFile>,
    pub revisions: Vec<DocumentRevision>,
}

/// The site's documents in every state, newest first.
pub async fn list(
    store: &Store,
    site: &Site,
    actor: &User,
    query: &str,
    page: portal_core::PageRequest,
    now: i64,
) -> Result<(Vec<Document>, i64), DeskError> {
    on_site(site, actor)?;
    let filter = DocumentFilter {
        query: query.to_string(),
        any_status: true,
        ..DocumentFilter::default()
    };
    Ok(store
        .documents(site.id, &filter, page.limit(), page.offset(), now)
        .await?)
}

pub async fn held(store: &Store, site: &Site, actor: &User, id: i64) -> Result<Held, DeskError> {
    on_site(site, actor)?;
    let document = store
        .document(site.id, id)
        .await?
        .ok_or(NewsroomError::NotFound)?;
    Ok(Held {
        revision: store.document_revision_number(site.id, id).await?,
        links: store.document_links(id, false).await?,
        files: store.document_files(id).await?,
        revisions: store.document_revisions(id).await?,
        document,
    })
}

/// Someone limited to some sections enters documents only when the
/// documents base is one of them.
async fn within_limits(store: &Store, site: &Site, actor: &User) -> Result<(), DeskError> {
    let section = super::section(store, site.id).await?;
    if actor.may_touch_category(section.id) {
        Ok(())
    } else {
        Err(NewsroomError::Forbidden("documents.not_your_section").into())
    }
}

fn may_change(role: Role, status: DocumentStatus, own: bool) -> bool {
    match role {
        Role::Author => own && status == DocumentStatus::Draft,
        Role::Editor => status != DocumentStatus::Published,
        Role::Publisher | Role::Admin => true,
    }
}

/// The state a save leaves the document in, if the actor may ask for it.
fn next_status(
    role: Role,
    from: Option<DocumentStatus>,
    intent: Intent,
) -> Result<DocumentStatus, NewsroomError> {
    match intent {
        Intent::Save => Ok(from.unwrap_or(DocumentStatus::Draft)),
        Intent::Submit => Ok(DocumentStatus::Submitted),
        Intent::Publish if workflow::may_publish(role) => Ok(DocumentStatus::Published),
        Intent::Publish => Err(NewsroomError::Forbidden("documents.may_not_publish")),
    }
}

/// Adds the document (id 0) or saves it over `expected_revision`, as
/// `intent` says; its id.
pub async fn save(
    store: &Store,
    site: &Site,
    actor: &User,
    written: &Written,
    expected_revision: i64,
    intent: Intent,
    now: i64,
) -> Result<i64, DeskError> {
    on_site(site, actor)?;
    within_limits(store, site, actor).await?;
    let mut document = super::cleaned(&Document {
        site_id: site.id,
        ..written.document.clone()
    });
    check(store, site, &document).await?;
    let held = match document.id {
        0 => None,
        id => Some(
            store
                .document(site.id, id)
                .await?
                .ok_or(NewsroomError::NotFound)?,
        ),
    };
    if let Some(held) = &held {
        let own = store.document_author(held.id).await? == Some(actor.id);
        if !may_change(actor.role, held.status, own) {
            return Err(NewsroomError::Forbidden("documents.may_not_change").into());
        }
    }
    document.status = next_status(actor.role, held.as_ref().map(|h| h.status), intent)?;
    let mut links = Vec::new();
    for (relation, number) in &written.links {
        let key = portal_core::document_number::key(number);
        let target = store
            .document_by_key(site.id, &key)
            .await?
            .filter(|id| *id != document.id)
            .ok_or_else(|| DeskError::UnknownNumber(number.clone()))?;
        links.push((*relation, target));
    }
    let media = crate::news::media(store, &written.files).await?;
    if media.len() != written.files.len()
        || media.iter().any(|m| m.site_id != site.id || m.is_image())
    {
        return Err(NewsroomError::Invalid("documents.bad_file").into());
    }
    let draft = DocumentDraft {
        document: &document,
        links: &links,
        files: &written.files,
    };
    let (id, action) = match &held {
        None => (
            store.create_document(&draft, actor.id, now).await?,
            "document_create",
        ),
        Some(_) => {
            store
                .update_document(&draft, expected_revision, actor.id, now)
                .await?;
            (document.id, "document_save")
        }
    };
    let action = match (intent, document.status) {
        (Intent::Publish, _) => "document_publish",
        (Intent::Submit, _) => "document_submit",
        _ => action,
    };
    crate::audit::record_by(
        store,
        actor,
        action,
        &format!("document:{id}"),
        &document.number,
        now,
    )
    .await;
    Ok(id)
}

/// What a document must be before anyone keeps it.
async fn check(store: &Store, site: &Site, document: &Document) -> Result<(), NewsroomError> {
    if document.key().is_empty() {
        return Err(NewsroomError::Invalid("documents.number_required"));
    }
    if document.summary.is_empty() {
        return Err(NewsroomError::Invalid("documents.summary_required"));
    }
    if document.full_text.chars().count() > MAX_FULL_TEXT {
        return Err(NewsroomError::Invalid("documents.full_text_too_long"));
    }
    let types = super::types(store, site).await?;
    if !types.contains(&document.kind) {
        return Err(NewsroomError::Invalid("documents.unknown_kind"));
    }
    if let (Some(from), Some(until)) = (document.effective_on, document.expires_on)
        && until <= from
    {
        return Err(NewsroomError::Invalid("documents.expires_before"));
    }
    let holder = store.document_by_key(site.id, &document.key()).await?;
    if holder.is_some_and(|id| id != document.id) {
        return Err(NewsroomError::Invalid("documents.number_taken"));
    }
    Ok(())
}

/// Takes a published document down (kept, and back with "publish").
pub async fn unpublish(
    store: &Store,
    site: &Site,
    actor: &User,
    id: i64,
    now: i64,
) -> Result<(), DeskError> {
    on_site(site, actor)?;
    if !workflow::may_publish(actor.role) {
        return Err(NewsroomError::Forbidden("documents.may_not_publish").into());
    }
    within_limits(store, site, actor).await?;
    let document = store
        .document(site.id, id)
        .await?
        .ok_or(NewsroomError::NotFound)?;
    store
        .set_document_status(site.id, id, DocumentStatus::Unpublished, now)
        .await?;
    crate::audit::record_by(
        store,
        actor,
        "document_unpublish",
        &format!("document:{id}"),
        &document.number,
        now,
    )
    .await;
    Ok(())
}

/// Replaces the site's list of types (one per line); administrators only.
pub async fn save_types(
    store: &Store,
    site: &Site,
    actor: &User,
    lines: &str,
    now: i64,
) -> Result<(), DeskError> {
    on_site(site, actor)?;
    if actor.role != Role::Admin {
        return Err(NewsroomError::Forbidden("admin.admins_only").into());
    }
    let mut names: Vec<String> = Vec::new();
    for line in lines.lines() {
        let name = portal_core::text::normalize_inline(line);
        if !name.is_empty() && name.chars().count() <= 60 && !names.contains(&name) {
            names.push(name);
        }
    }
    if names.is_empty() || names.len() > 60 {
        return Err(NewsroomError::Invalid("documents.types_count").into());
    }
    store.set_document_types(site.id, &names, now).await?;
    crate::audit::record_by(
        store,
        actor,
        "document_types",
        &format!("site:{}", site.id),
        &names.join(", "),
        now,
    )
    .await;
    Ok(())
}
