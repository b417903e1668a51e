//! The newsroom's search: every status but the trash, in the categories
//! the person may touch.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use portal_services::search::{self, Results};
use serde_json::json;

use crate::SharedState;
use crate::accounts::auth::Staff;
use crate::admin::page;
use crate::frame::Frame;
use crate::search::pages::{SearchParams, item_json, page_count, read};

pub async fn find(
    State(state): State<SharedState>,
    frame: Frame,
    staff: Staff,
    Query(params): Query<SearchParams>,
) -> Response {
    let reading = read(&frame, &params);
    let results = if reading.asked.text.trim().is_empty() {
        Results::default()
    } else {
        search::for_staff(
            &state.search,
            &state.store,
            &frame.site,
            &staff.user,
            &reading.asked,
        )
        .await
        .unwrap_or_else(|error| {
            tracing::error!(%error, "newsroom search failed");
            Results::default()
        })
    };
    let again = form_urlencoded::Serializer::new(String::new())
        .append_pair("q", &reading.asked.text)
        .finish();
    page(
        &state,
        &frame,
        &staff,
        "admin.search.title",
        "admin/search.html",
        json!({
            "q": reading.asked.text,
            "total": results.total,
            "items": results.items.iter().map(item_json).collect::<Vec<_>>(),
            "page": reading.asked.page,
            "pages": page_count(results.total),
            "page_url": format!("/quan-tri/tim-kiem?{again}"),
        }),
        StatusCode::OK,
    )
}
