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

/// The other sites results came from: their names and addresses.
async fn places(
    state: &SharedState,
    frame: &Frame,
    staff: &Staff,
    results: &Results,
) -> std::collections::HashMap<portal_core::SiteId, (String, String)> {
    let mut places = std::collections::HashMap::new();
    let scheme = frame.base_url.split("://").next().unwrap_or("http");
    let Ok(sites) = search::staff_sites(&state.store, &staff.user).await else {
        return places;
    };
    for found in &results.items {
        if found.site_id == frame.site.id || places.contains_key(&found.site_id) {
            continue;
        }
        let Some(site) = sites.iter().find(|s| s.id == found.site_id) else {
            continue;
        };
        if let Ok(Some((host, prefix))) = portal_services::sites::address(&state.store, site).await
        {
            places.insert(
                site.id,
                (site.name.clone(), format!("{scheme}://{host}{prefix}")),
            );
        }
    }
    places
}

pub async fn find(
    State(state): State<SharedState>,
    frame: Frame,
    staff: Staff,
    Query(params): Query<SearchParams>,
) -> Response {
    let reading = read(&frame, &params);
    let across = reading.asked.with_sub_sites;
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
        .append_pair("cong", if across { "tat-ca" } else { "" })
        .finish();
    let places = places(&state, &frame, &staff, &results).await;
    let items: Vec<_> = results
        .items
        .iter()
        .map(|found| {
            let mut item = item_json(found);
            // Another site's article opens in that site's newsroom.
            if let Some((name, base)) = places.get(&found.site_id) {
                item["site"] = json!(name);
                item["edit_url"] = json!(format!("{base}/quan-tri/bai-viet/{}", found.summary.id));
            }
            item
        })
        .collect();
    page(
        &state,
        &frame,
        &staff,
        "admin.search.title",
        "admin/search.html",
        json!({
            "q": reading.asked.text,
            "total": results.total,
            "items": items,
            "across": across,
            "page": reading.asked.page,
            "pages": page_count(results.total),
            "page_url": format!("/quan-tri/tim-kiem?{again}"),
        }),
        StatusCode::OK,
    )
}
