//! `/so-do-cong` (Sơ đồ cổng): the whole site on one page for readers,
//! built from its menus, its sections and its official information (the
//! XML sitemap stays for search engines).

use axum::extract::State;
use axum::response::Response;
use portal_core::menu::{MenuKind, SITE_MAP_PATH};
use serde_json::{Value, json};

use crate::frame::{Frame, menu_links, standalone_page};
use crate::i18n::t;
use crate::{SharedState, WebError};

pub async fn page(State(state): State<SharedState>, frame: Frame) -> Result<Response, WebError> {
    let sections: Vec<Value> = frame
        .categories
        .iter()
        .filter(|c| c.parent_id.is_none())
        .map(|top| {
            let children: Vec<Value> = frame
                .categories
                .iter()
                .filter(|c| c.parent_id == Some(top.id))
                .map(|c| json!({ "name": c.name, "url": c.path() }))
                .collect();
            json!({ "name": top.name, "url": top.path(), "children": children })
        })
        .collect();
    let official = [
        ("documents.title", "/van-ban"),
        ("schedule.title", "/lich-cong-tac"),
        ("organisation.title", "/co-cau-to-chuc"),
        ("directory.title", "/cong-thanh-phan"),
        ("search.title", "/tim-kiem"),
        ("footer.rss", "/rss.xml"),
    ]
    .iter()
    .map(|(key, url)| json!({ "name": t(frame.lang, key), "url": url }))
    .collect::<Vec<_>>();
    let pages: Vec<Value> = frame
        .pages
        .iter()
        .map(|(name, title)| json!({ "name": title, "url": format!("/{name}") }))
        .collect();
    let title = t(frame.lang, "site_map.title");
    standalone_page(
        &state,
        &frame,
        "site_map.html",
        &title,
        SITE_MAP_PATH,
        json!({
            "menu": menu_links(&frame, MenuKind::Main),
            "footer": menu_links(&frame, MenuKind::Footer),
            "sections": sections,
            "pages": pages,
            "official": official,
        }),
    )
}
