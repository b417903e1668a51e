//! `portal import capture`: legacy page captures into articles.

use std::path::Path;

use portal_core::capture::{CaptureError, parse_capture};
use portal_core::content::article_path;
use portal_core::text::slugify;
use portal_core::{ArticleStatus, Category, Site};
use portal_store::{NewArticle, Store, UpsertOutcome};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{file}: cannot read the file: {source}")]
    Read {
        file: String,
        source: std::io::Error,
    },
    #[error("{file}: the file is not UTF-8 text; save it as UTF-8 and import it again")]
    NotText { file: String },
    #[error("{file}:{}: {}", .source.line, .source.message)]
    Parse { file: String, source: CaptureError },
    #[error("{file}: saving failed, nothing of this file was written: {source}")]
    Store {
        file: String,
        source: portal_store::StoreError,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub outcome: UpsertOutcome,
    pub path: String,
    pub title: String,
}

/// Imports one capture file as a published article of `category`. A file
/// that fails writes nothing; the same capture imported again updates the
/// article it made the first time.
pub async fn import_capture_file(
    store: &Store,
    site: &Site,
    category: &Category,
    file: &Path,
    now: i64,
) -> Result<Imported, ImportError> {
    let name = file.display().to_string();
    let bytes = tokio::fs::read(file)
        .await
        .map_err(|source| ImportError::Read {
            file: name.clone(),
            source,
        })?;
    let text = String::from_utf8(bytes).map_err(|_| ImportError::NotText { file: name.clone() })?;
    let captured = parse_capture(&text).map_err(|source| ImportError::Parse {
        file: name.clone(),
        source,
    })?;
    let slug = slugify(&captured.title);
    let article = NewArticle {
        site_id: site.id,
        category_ids: vec![category.id],
        slug: slug.clone(),
        title: captured.title.clone(),
        lead: captured.lead.clone(),
        body: captured.body.clone(),
        byline: captured.byline.clone().unwrap_or_default(),
        source: String::new(),
        cover_media_id: None,
        status: ArticleStatus::Published,
        featured: false,
        publish_at: Some(captured.published_at),
        expire_at: None,
        tags: Vec::new(),
    };
    let outcome = store
        .upsert_imported_article(&article, &captured.import_key(), now)
        .await
        .map_err(|source| ImportError::Store {
            file: name.clone(),
            source,
        })?;
    Ok(Imported {
        outcome,
        path: article_path(Some(&category.slug), &slug, outcome.id()),
        title: captured.title,
    })
}
