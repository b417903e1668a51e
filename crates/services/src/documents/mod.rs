//! The documents base (Văn bản): what readers list and open, and the
//! addresses articles' document numbers link to (the site's own documents,
//! then its province's), and the import from a spreadsheet.

pub mod desk;
pub mod import;

use std::collections::HashMap;

use portal_core::document::Document;
use portal_core::{Site, SiteId};
use portal_store::{DocumentFilter, Result, Saved, Store};

/// A page of the site's documents, newest first, with how many match.
pub async fn list(
    store: &Store,
    site: &Site,
    filter: &DocumentFilter,
    page: portal_core::PageRequest,
    now: i64,
) -> Result<(Vec<Document>, i64)> {
    store
        .documents(site.id, filter, page.limit(), page.offset(), now)
        .await
}

/// Every document's address and last change, for `sitemap.xml`.
pub async fn sitemap(store: &Store, site: &Site, limit: i64) -> Result<Vec<(String, i64)>> {
    Ok(store
        .document_dates(site.id, limit)
        .await?
        .into_iter()
        .map(|(id, updated_at)| (format!("/van-ban/{id}"), updated_at))
        .collect())
}

/// A document readers may see: published.
pub async fn get(store: &Store, site: &Site, id: i64) -> Result<Option<Document>> {
    Ok(store
        .document(site.id, id)
        .await?
        .filter(|d| d.status == portal_core::document::DocumentStatus::Published))
}

/// Creates the document or brings the one of the same number up to date
/// (the import's way: published at once).
pub async fn save(store: &Store, document: &Document, now: i64) -> Result<Saved> {
    store.save_document(&cleaned(document), now).await
}

/// Its text cleaned as every incoming line is (controls dropped, spaces
/// folded), the full text's paragraphs kept.
pub(crate) fn cleaned(document: &Document) -> Document {
    let clean = portal_core::text::normalize_inline;
    Document {
        number: clean(&document.number),
        kind: clean(&document.kind),
        issuer: clean(&document.issuer),
        signer: clean(&document.signer),
        signer_title: clean(&document.signer_title),
        fields: document
            .fields
            .iter()
            .map(|field| clean(field))
            .filter(|field| !field.is_empty())
            .collect(),
        summary: clean(&document.summary),
        full_text: portal_core::text::normalize_paragraphs(&document.full_text),
        ..document.clone()
    }
}

/// The section that stands for the site's documents base in people's
/// section limits, made when first asked for: someone limited to other
/// sections does not enter documents.
pub async fn section(store: &Store, site_id: portal_core::SiteId) -> Result<portal_core::Category> {
    let slug = portal_core::content::DOCUMENTS_SLUG;
    if let Some(section) = store.category_by_slug(site_id, slug).await? {
        return Ok(section);
    }
    store
        .upsert_category(
            site_id,
            &portal_store::NewCategory {
                parent_id: None,
                slug: slug.to_string(),
                name: "Văn bản (cơ sở dữ liệu văn bản)".to_string(),
                position: 1_001,
                on_home: false,
            },
        )
        .await
}

/// The site's document types: its own list, or the starting one.
pub async fn types(store: &Store, site: &Site) -> Result<Vec<String>> {
    let own = store.document_types(site.id).await?;
    Ok(if own.is_empty() {
        portal_core::document::STARTING_TYPES
            .iter()
            .map(|t| t.to_string())
            .collect()
    } else {
        own
    })
}

/// A published document's links to other published documents.
pub async fn links(store: &Store, document: &Document) -> Result<Vec<portal_store::DocumentLink>> {
    store.document_links(document.id, true).await
}

pub async fn files(store: &Store, document: &Document) -> Result<Vec<portal_store::DocumentFile>> {
    store.document_files(document.id).await
}

/// Counts a download of a published document's file; the file.
pub async fn download(
    store: &Store,
    site: &Site,
    id: i64,
    media_id: i64,
) -> Result<Option<portal_core::Media>> {
    if get(store, site, id).await?.is_none() {
        return Ok(None);
    }
    store.count_download(id, media_id).await
}

/// Number key → address, for linking an article's text: the site's own
/// documents, and those of the sites above it (their full address) where
/// the site has none of that number.
pub async fn link_targets(store: &Store, site: &Site) -> Result<HashMap<String, String>> {
    let ancestors = store.site_ancestors(site.id).await?;
    let mut sites: Vec<SiteId> = vec![site.id];
    sites.extend(ancestors.iter().copied());
    let keys = store.document_keys(&sites).await?;
    let mut bases: HashMap<SiteId, String> = HashMap::new();
    bases.insert(site.id, String::new());
    for above in &ancestors {
        let Some(parent) = store.site(*above).await? else {
            continue;
        };
        if let Some((host, prefix)) = crate::sites::address(store, &parent).await? {
            bases.insert(*above, format!("//{host}{prefix}"));
        }
    }
    // Nearest first: the site's own number wins over its province's.
    let rank = |site: SiteId| sites.iter().position(|s| *s == site).unwrap_or(usize::MAX);
    let mut targets: HashMap<String, (usize, String)> = HashMap::new();
    for (key, owner, id) in keys {
        let Some(base) = bases.get(&owner) else {
            continue;
        };
        let place = (rank(owner), format!("{base}/van-ban/{id}"));
        match targets.get(&key) {
            Some((held, _)) if *held <= place.0 => {}
            _ => {
                targets.insert(key, place);
            }
        }
    }
    Ok(targets
        .into_iter()
        .map(|(key, (_, url))| (key, url))
        .collect())
}
