//! `/cong-thanh-phan`: the sub-portals of a site (its communes and wards,
//! its departments, other agencies), each with its contacts and a link.

use axum::extract::State;
use axum::response::Response;
use portal_core::{Site, SiteKind};
use portal_services::sites::estate;
use serde_json::{Value, json};

use crate::frame::{Frame, standalone_page};
use crate::i18n::t;
use crate::{SharedState, WebError};

/// The groups the directory shows, in order, and the kinds in each.
const GROUPS: [(&str, &[SiteKind]); 3] = [
    ("directory.communes", &[SiteKind::Commune, SiteKind::Ward]),
    ("directory.departments", &[SiteKind::Department]),
    (
        "directory.agencies",
        &[SiteKind::Agency, SiteKind::Province],
    ),
];

pub async fn directory(
    State(state): State<SharedState>,
    frame: Frame,
) -> Result<Response, WebError> {
    let sites = estate::sub_sites(&state.store, frame.site.id).await?;
    let groups: Vec<Value> = GROUPS
        .iter()
        .map(|(title_key, kinds)| {
            let members: Vec<Value> = sites
                .iter()
                .filter(|site| kinds.contains(&site.kind))
                .map(|site| entry(&frame, site))
                .collect();
            json!({ "title": t(frame.lang, title_key), "sites": members })
        })
        .filter(|group| group["sites"].as_array().is_some_and(|s| !s.is_empty()))
        .collect();
    let title = t(frame.lang, "directory.title");
    standalone_page(
        &state,
        &frame,
        "directory.html",
        &title,
        "/cong-thanh-phan",
        json!({ "groups": groups }),
    )
}

fn entry(frame: &Frame, site: &Site) -> Value {
    // A sub-site answers at its own host, or under this one at /{code}/.
    let scheme = frame.base_url.split("://").next().unwrap_or("http");
    let url = match site.hosts.first() {
        Some(host) => format!("{scheme}://{host}/"),
        None => format!("{}/{}/", frame.base_url, site.code),
    };
    json!({
        "name": site.name,
        "kind": t(frame.lang, &format!("site.kind.{}", site.kind.as_str())),
        "address": site.address,
        "phone": site.phone,
        "email": site.email,
        "url": url,
    })
}
