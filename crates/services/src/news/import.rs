//! `portal import capture`: legacy page captures into articles.

use std::path::Path;

use portal_core::capture::{CaptureError, CapturedArticle, parse_capture};
use portal_core::content::article_path;
use portal_core::text::slugify;
use portal_core::{ArticleId, ArticleStatus, Category, Site};
use portal_store::{AuditEvent, NewArticle, Store, UpsertOutcome};

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
/// that fails writes nothing. The same capture imported again is the
/// article it made the first time: unchanged, or brought up to date with a
/// revision, or left alone when someone changed it in the newsroom since.
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
        slug: slug.clone(),
        status: ArticleStatus::Published,
        content: captured.content(category.id),
    };
    let key = captured.import_key();
    let stored = |source| ImportError::Store {
        file: name.clone(),
        source,
    };
    adopt_legacy_import(store, site, &captured)
        .await
        .map_err(stored)?;
    let outcome = store
        .upsert_imported_article(&article, &key, now)
        .await
        .map_err(stored)?;
    let action = match outcome {
        UpsertOutcome::Created(_) => Some("import"),
        UpsertOutcome::Updated(_) => Some("reimport"),
        UpsertOutcome::Unchanged(_) | UpsertOutcome::EditedSince(_) => None,
    };
    if let Some(action) = action {
        crate::audit::record(
            store,
            AuditEvent {
                at: now,
                user_id: None,
                login: String::new(),
                action: action.into(),
                target: format!("article:{}", outcome.id()),
                detail: name.clone(),
                address: String::new(),
                site_id: Some(site.id),
            },
        )
        .await;
    }
    Ok(Imported {
        outcome,
        path: article_path(Some(&category.slug), &slug, ArticleId(outcome.id().get())),
        title: captured.title,
    })
}

/// An article an earlier version imported under the capture's day and
/// title becomes this capture's if it holds exactly what the capture says
/// (another capture of that day and title stays another article).
async fn adopt_legacy_import(
    store: &Store,
    site: &Site,
    captured: &CapturedArticle,
) -> Result<(), portal_store::StoreError> {
    let key = captured.import_key();
    if store.imported_article(site.id, &key).await?.is_some() {
        return Ok(());
    }
    let legacy = captured.legacy_import_key();
    let Some(id) = store.imported_article(site.id, &legacy).await? else {
        return Ok(());
    };
    let Some(article) = store.article(site.id, id).await? else {
        return Ok(());
    };
    let as_captured = CapturedArticle {
        published_at: article.content.publish_at.unwrap_or_default(),
        title: article.content.title,
        lead: article.content.lead,
        body: article.content.body,
        byline: Some(article.content.byline).filter(|b| !b.is_empty()),
    };
    if as_captured.import_key() == key {
        store.rekey_import(site.id, &legacy, &key).await?;
    }
    Ok(())
}
