//! The read API: `GET /api/v1/articles` and `GET /api/v1/articles/{id}`.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portal_core::content::Article;
use portal_core::time::format_iso;
use portal_core::{ArticleId, ArticleSummary, Body, PageRequest, PageRequestError};
use portal_services::{ArticleListFilter, news};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::blocks::{BlockContext, news_body_html};
use crate::frame::Frame;
use crate::{SharedState, WebError};

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    page: Option<String>,
    per_page: Option<String>,
    category: Option<String>,
}

pub async fn list_articles(
    State(state): State<SharedState>,
    frame: Frame,
    Query(query): Query<ListQuery>,
) -> Result<Response, WebError> {
    let request = PageRequest::parse(query.page.as_deref(), query.per_page.as_deref(), 20, 100)
        .map_err(|error| WebError::Parameter {
            status: StatusCode::BAD_REQUEST,
            field: match error {
                PageRequestError::BadPage { .. } => "page",
                PageRequestError::BadPerPage { .. } => "per_page",
            },
            detail: error.to_string(),
        })?;
    let mut filter = ArticleListFilter::default();
    if let Some(slug) = query.category.as_deref().filter(|s| !s.is_empty()) {
        let category = frame
            .categories
            .iter()
            .find(|c| c.slug == slug)
            .ok_or_else(|| WebError::Parameter {
                status: StatusCode::NOT_FOUND,
                field: "category",
                detail: format!("no category has the slug \"{slug}\""),
            })?;
        filter.category_id = Some(category.id);
    }
    let (items, total) =
        news::page_of_articles(&state.store, frame.site.id, filter, request, frame.now).await?;
    let ids: Vec<ArticleId> = items.iter().map(|s| s.id).collect();
    let bodies = news::bodies(&state.store, &ids).await?;
    Ok(Json(json!({
        "items": items.iter().map(|s| summary_json(&frame, s, bodies.get(&s.id))).collect::<Vec<_>>(),
        "page": request.page,
        "per_page": request.per_page,
        "total": total,
        "pages": request.page_count(total),
    }))
    .into_response())
}

pub async fn article(
    State(state): State<SharedState>,
    frame: Frame,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = id
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| WebError::Parameter {
            status: StatusCode::BAD_REQUEST,
            field: "id",
            detail: "the article id must be a positive whole number".into(),
        })?;
    let article = news::public_article(&state.store, frame.site.id, ArticleId(id), frame.now)
        .await?
        .ok_or_else(|| WebError::Parameter {
            status: StatusCode::NOT_FOUND,
            field: "id",
            detail: "no published article has this id".into(),
        })?;
    let ctx = BlockContext {
        state: &state,
        frame: &frame,
        article: Some(&article),
        category: article.primary_category(),
        tag: None,
        search: None,
        page: PageRequest::first(1),
        deps: Default::default(),
    };
    let body_html = news_body_html(&ctx, &article).await?;
    Ok(Json(article_json(&frame, &article, &body_html)).into_response())
}

pub async fn not_found() -> WebError {
    WebError::Parameter {
        status: StatusCode::NOT_FOUND,
        field: "path",
        detail: "no such API endpoint".into(),
    }
}

fn summary_json(frame: &Frame, s: &ArticleSummary, body: Option<&Body>) -> Value {
    json!({
        "id": s.id,
        "title": s.title,
        "lead": s.lead,
        "body": body.map(Body::with_safe_addresses),
        "byline": s.byline,
        "published_at": format_iso(s.published_at),
        "views": s.views,
        "category": s.category_slug,
        "url": frame.url(&s.path()),
    })
}

fn article_json(frame: &Frame, a: &Article, body_html: &str) -> Value {
    json!({
        "id": a.id,
        "title": a.content.title,
        "lead": a.content.lead,
        "body": a.content.body.with_safe_addresses(),
        "body_html": body_html,
        "byline": a.content.byline,
        "published_at": a.content.publish_at.map(format_iso),
        "updated_at": format_iso(a.updated_at),
        "views": a.views,
        "categories": a.categories.iter().map(|c| json!({ "slug": c.slug, "name": c.name })).collect::<Vec<_>>(),
        "url": frame.url(&a.path()),
    })
}
