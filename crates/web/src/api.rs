//! The read API: `GET /api/v1/articles` and `GET /api/v1/articles/{id}`.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portal_core::content::Article;
use portal_core::time::format_iso;
use portal_core::{ArticleSummary, Body, PageRequest, PageRequestError};
use portal_services::{ArticleListFilter, news};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::blocks::{BlockContext, news_body_html};
use crate::frame::Frame;
use crate::i18n::{Lang, t};
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
) -> Response {
    let request =
        match PageRequest::parse(query.page.as_deref(), query.per_page.as_deref(), 20, 100) {
            Ok(request) => request,
            Err(error) => {
                let field = match error {
                    PageRequestError::BadPage { .. } => "page",
                    PageRequestError::BadPerPage { .. } => "per_page",
                };
                return api_error(
                    StatusCode::BAD_REQUEST,
                    field,
                    &error.to_string(),
                    frame.lang,
                );
            }
        };
    let mut filter = ArticleListFilter::default();
    if let Some(slug) = query.category.as_deref().filter(|s| !s.is_empty()) {
        match frame.categories.iter().find(|c| c.slug == slug) {
            Some(category) => filter.category_id = Some(category.id),
            None => {
                return api_error(
                    StatusCode::NOT_FOUND,
                    "category",
                    &format!("no category has the slug \"{slug}\""),
                    frame.lang,
                );
            }
        }
    }
    match news::page_of_articles(&state.store, frame.site.id, filter, request, frame.now).await {
        Ok((items, total)) => {
            let ids: Vec<i64> = items.iter().map(|s| s.id).collect();
            let bodies = match news::bodies(&state.store, &ids).await {
                Ok(bodies) => bodies,
                Err(error) => return server_error(&error.into(), frame.lang),
            };
            Json(json!({
            "items": items.iter().map(|s| summary_json(&frame, s, bodies.get(&s.id))).collect::<Vec<_>>(),
            "page": request.page,
            "per_page": request.per_page,
            "total": total,
            "pages": request.page_count(total),
        }))
        .into_response()
        }
        Err(error) => server_error(&error.into(), frame.lang),
    }
}

pub async fn article(
    State(state): State<SharedState>,
    frame: Frame,
    Path(id): Path<String>,
) -> Response {
    let Some(id) = id.parse::<i64>().ok().filter(|id| *id > 0) else {
        return api_error(
            StatusCode::BAD_REQUEST,
            "id",
            "the article id must be a positive whole number",
            frame.lang,
        );
    };
    let found = match news::public_article(&state.store, frame.site.id, id, frame.now).await {
        Ok(found) => found,
        Err(error) => return server_error(&error.into(), frame.lang),
    };
    let Some(article) = found else {
        return api_error(
            StatusCode::NOT_FOUND,
            "id",
            "no published article has this id",
            frame.lang,
        );
    };
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
    match news_body_html(&ctx, &article).await {
        Ok(body_html) => Json(article_json(&frame, &article, &body_html)).into_response(),
        Err(error) => server_error(&error, frame.lang),
    }
}

pub async fn not_found(frame: Frame) -> Response {
    api_error(
        StatusCode::NOT_FOUND,
        "path",
        "no such API endpoint",
        frame.lang,
    )
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
        "title": a.title,
        "lead": a.lead,
        "body": a.body.with_safe_addresses(),
        "body_html": body_html,
        "byline": a.byline,
        "published_at": a.publish_at.map(format_iso),
        "updated_at": format_iso(a.updated_at),
        "views": a.views,
        "categories": a.categories.iter().map(|c| json!({ "slug": c.slug, "name": c.name })).collect::<Vec<_>>(),
        "url": frame.url(&a.path()),
    })
}

fn api_error(status: StatusCode, field: &str, detail: &str, lang: Lang) -> Response {
    let key = match status {
        StatusCode::NOT_FOUND => "error.not_found.title",
        StatusCode::BAD_REQUEST => "error.bad_request.title",
        _ => "error.server.title",
    };
    (
        status,
        Json(json!({ "error": { "message": t(lang, key), "field": field, "detail": detail } })),
    )
        .into_response()
}

fn server_error(error: &WebError, lang: Lang) -> Response {
    tracing::error!(%error, "API request failed");
    api_error(StatusCode::INTERNAL_SERVER_ERROR, "", "", lang)
}
