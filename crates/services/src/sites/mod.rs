//! Sites: the province's own, which every fresh installation starts with,
//! their settings, sections and block placements; `estate` is the
//! province's management of all its sites.

pub mod estate;
pub mod menus;
pub mod organisation;
pub mod setup;

use anyhow::Result;
use portal_core::account::User;
use portal_core::content::is_reserved_slug;
use portal_core::text::{normalize_inline, slugify};
use portal_core::workflow::Role;
use portal_core::{Category, Layout, Placement, Site, SiteId};
use portal_store::{NewCategory, NewSite, Store, StoreError};

pub fn default_site() -> NewSite {
    NewSite {
        parent_id: None,
        kind: portal_core::SiteKind::Province,
        code: "tinh".into(),
        // The set-up screen asks for the rest: readers never see a made-up
        // address, telephone or licence.
        name: "Cổng thông tin điện tử".into(),
        agency: String::new(),
        language: "vi".into(),
        hosts: vec!["localhost".into(), "127.0.0.1".into()],
        address: String::new(),
        phone: String::new(),
        email: String::new(),
        licence: String::new(),
    }
}

/// The site named by `code`, or the first site, created when the database
/// has none.
pub async fn site_or_default(store: &Store, code: Option<&str>) -> Result<Site> {
    if let Some(code) = code {
        return store.site_by_code(code).await?.ok_or_else(|| {
            anyhow::anyhow!(
                "không có cổng nào mang mã \"{code}\" (xem `portal site list`) / \
                 no site has the code \"{code}\"; see `portal site list`, or leave --site out \
                 to use the first site"
            )
        });
    }
    match store.default_site().await? {
        Some(site) => Ok(site),
        None => Ok(store.create_site(&default_site()).await?),
    }
}

/// The category with this name (its slug derived from it), created at the
/// end of the menu when missing.
pub async fn category_named(store: &Store, site_id: SiteId, name: &str) -> Result<Category> {
    let mut slug = slugify(name);
    // "Văn bản" as a news section may not take the documents base's address.
    if is_reserved_slug(&slug) {
        slug.push_str("-tin");
    }
    if let Some(category) = store.category_by_slug(site_id, &slug).await? {
        return Ok(category);
    }
    let position = store.categories(site_id).await?.len() as i64;
    Ok(store
        .upsert_category(
            site_id,
            &NewCategory {
                parent_id: None,
                slug,
                name: name.to_string(),
                position,
                on_home: true,
            },
        )
        .await?)
}

/// Why a settings change was refused; each is a catalog key.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("{0}")]
    Refused(&'static str),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn admins_only(actor: &User, site: SiteId) -> Result<(), SettingsError> {
    if actor.role == Role::Admin && actor.acts_on(site) {
        Ok(())
    } else {
        Err(SettingsError::Refused("admin.admins_only"))
    }
}

pub async fn save_site_settings(
    store: &Store,
    actor: &User,
    site: &Site,
    now: i64,
) -> Result<(), SettingsError> {
    admins_only(actor, site.id)?;
    let cleaned = Site {
        name: normalize_inline(&site.name),
        agency: normalize_inline(&site.agency),
        address: normalize_inline(&site.address),
        phone: normalize_inline(&site.phone),
        email: normalize_inline(&site.email),
        licence: normalize_inline(&site.licence),
        responsible: normalize_inline(&site.responsible),
        ..site.clone()
    };
    if cleaned.name.is_empty() {
        return Err(SettingsError::Refused("settings.name_required"));
    }
    store.update_site(&cleaned).await?;
    crate::audit::record_by(
        store,
        actor,
        "site_settings",
        &format!("site:{}", site.id),
        "",
        now,
    )
    .await;
    Ok(())
}

/// What the categories screen sends for one category.
#[derive(Debug, Clone, Default)]
pub struct CategoryChange {
    pub id: Option<i64>,
    pub name: String,
    /// Empty: made from the name.
    pub slug: String,
    pub parent_id: Option<i64>,
    pub position: i64,
    pub on_home: bool,
}

pub async fn save_category(
    store: &Store,
    actor: &User,
    site: &Site,
    change: &CategoryChange,
    now: i64,
) -> Result<Category, SettingsError> {
    admins_only(actor, site.id)?;
    let name = normalize_inline(&change.name);
    if name.is_empty() {
        return Err(SettingsError::Refused("settings.category_name_required"));
    }
    let slug = if change.slug.trim().is_empty() {
        slugify(&name)
    } else {
        slugify(&change.slug)
    };
    if is_reserved_slug(&slug) {
        return Err(SettingsError::Refused("settings.slug_reserved"));
    }
    let existing = store.categories(site.id).await?;
    if let Some(parent) = change.parent_id {
        // No category may sit under itself, however deep.
        let mut cursor = Some(parent);
        while let Some(id) = cursor {
            if Some(id) == change.id {
                return Err(SettingsError::Refused("settings.parent_cycle"));
            }
            cursor = existing
                .iter()
                .find(|c| c.id == id)
                .and_then(|c| c.parent_id);
        }
        if !existing.iter().any(|c| c.id == parent) {
            return Err(SettingsError::Refused("newsroom.unknown_category"));
        }
    }
    if existing
        .iter()
        .any(|c| c.slug == slug && Some(c.id) != change.id)
    {
        return Err(SettingsError::Refused("settings.slug_taken"));
    }
    // A standing page answers at `/{its name}` too.
    if store.page_name_taken(site.id, &slug, None).await? {
        return Err(SettingsError::Refused("pages.name_is_a_page"));
    }
    // A sub-site answering under this site's host owns `/{its code}/`.
    if store
        .sites()
        .await?
        .iter()
        .any(|s| s.parent_id == Some(site.id) && s.code == slug)
    {
        return Err(SettingsError::Refused("settings.slug_is_a_sub_site"));
    }
    let category = match change.id {
        Some(id) => {
            let category = Category {
                id,
                site_id: site.id,
                parent_id: change.parent_id,
                slug,
                name,
                position: change.position,
                on_home: change.on_home,
            };
            if !existing.iter().any(|c| c.id == id) {
                return Err(SettingsError::Refused("newsroom.unknown_category"));
            }
            store.update_category(&category).await?;
            category
        }
        None => {
            store
                .upsert_category(
                    site.id,
                    &NewCategory {
                        parent_id: change.parent_id,
                        slug,
                        name,
                        position: change.position,
                        on_home: change.on_home,
                    },
                )
                .await?
        }
    };
    crate::audit::record_by(
        store,
        actor,
        "category",
        &format!("category:{}", category.id),
        "",
        now,
    )
    .await;
    Ok(category)
}

pub async fn delete_category(
    store: &Store,
    actor: &User,
    site: &Site,
    id: i64,
    now: i64,
) -> Result<(), SettingsError> {
    admins_only(actor, site.id)?;
    match store.delete_category(site.id, id).await {
        Ok(_) => {
            crate::audit::record_by(
                store,
                actor,
                "delete_category",
                &format!("category:{id}"),
                "",
                now,
            )
            .await;
            Ok(())
        }
        Err(StoreError::Conflict(_)) => Err(SettingsError::Refused("settings.category_in_use")),
        Err(other) => Err(other.into()),
    }
}

/// Replaces the blocks of one page kind; `known` tells which block types exist.
/// The site a request's Host names (port ignored), if any.
pub async fn site_for_host(store: &Store, host: &str) -> Result<Option<Site>, StoreError> {
    store.site_for_host(host).await
}

/// The codes of the sub-sites that answer under this host's site at
/// `/{code}/`: its children with no host name of their own.
pub async fn prefixed_codes(store: &Store, host: &str) -> Result<Vec<String>, StoreError> {
    let Some(site) = store.site_for_host(host).await? else {
        return Ok(Vec::new());
    };
    Ok(store
        .sites()
        .await?
        .into_iter()
        .filter(|child| child.parent_id == Some(site.id) && child.hosts.is_empty())
        .map(|child| child.code)
        .collect())
}

/// Where a site answers: its first host name, or its parent's with
/// `/{code}` for a sub-site without a host of its own; `None` for a site
/// with neither (its address is not known yet).
pub async fn address(store: &Store, site: &Site) -> Result<Option<(String, String)>, StoreError> {
    if let Some(host) = site.hosts.first() {
        return Ok(Some((host.clone(), String::new())));
    }
    let Some(parent) = site.parent_id else {
        return Ok(None);
    };
    Ok(store
        .site(parent)
        .await?
        .and_then(|parent| parent.hosts.first().cloned())
        .map(|host| (host, format!("/{}", site.code))))
}

/// The sub-site `code` answering under `parent`'s host, if it is one.
pub async fn sub_site_under(
    store: &Store,
    parent: &Site,
    code: &str,
) -> Result<Option<Site>, StoreError> {
    Ok(store
        .site_by_code(code)
        .await?
        .filter(|child| child.parent_id == Some(parent.id) && child.hosts.is_empty()))
}

/// The site's news sections (the sections standing for its standing pages
/// and its documents base are not ones readers see).
pub async fn categories(store: &Store, site_id: SiteId) -> Result<Vec<Category>, StoreError> {
    let mut sections = store.categories(site_id).await?;
    sections.retain(|c| {
        c.slug != portal_core::content::PAGES_SLUG && c.slug != portal_core::content::DOCUMENTS_SLUG
    });
    Ok(sections)
}

/// The blocks of one layout of a site, zone by zone in order.
pub async fn placements(
    store: &Store,
    site_id: SiteId,
    layout: Layout,
) -> Result<Vec<Placement>, StoreError> {
    store.placements(site_id, layout).await
}

/// Gives every site `defaults(layout)` for each layout it has no blocks
/// for (a new site; a layout added by a newer version).
pub async fn ensure_placements(
    store: &Store,
    defaults: impl Fn(Layout) -> Vec<Placement>,
) -> Result<(), StoreError> {
    for site_id in store.site_ids().await? {
        for layout in Layout::ALL {
            if store.placements(site_id, layout).await?.is_empty() {
                store
                    .replace_placements(site_id, layout, &defaults(layout))
                    .await?;
            }
        }
    }
    Ok(())
}

pub async fn save_placements(
    store: &Store,
    actor: &User,
    site: &Site,
    layout: Layout,
    placements: &[Placement],
    known: impl Fn(&str) -> bool,
    now: i64,
) -> Result<(), SettingsError> {
    admins_only(actor, site.id)?;
    for placement in placements {
        if !layout.zones().contains(&placement.zone.as_str()) {
            return Err(SettingsError::Refused("settings.unknown_zone"));
        }
        if !known(&placement.block_type) {
            return Err(SettingsError::Refused("settings.unknown_block"));
        }
        if !placement.settings.is_object() {
            return Err(SettingsError::Refused("settings.bad_block_settings"));
        }
        if !addresses_pass(&placement.settings) {
            return Err(SettingsError::Refused("settings.bad_address"));
        }
    }
    store
        .replace_placements(site.id, layout, placements)
        .await?;
    crate::audit::record_by(
        store,
        actor,
        "placements",
        &format!("layout:{}", layout.as_str()),
        "",
        now,
    )
    .await;
    Ok(())
}

/// Every `url` a block's settings give (banners, links) passes the one URL
/// policy, where they are stored as well as where they are shown.
fn addresses_pass(settings: &serde_json::Value) -> bool {
    match settings {
        serde_json::Value::Object(map) => map.iter().all(|(key, value)| match value {
            serde_json::Value::String(address) if key == "url" => {
                portal_core::address::safe_link(address).is_some()
            }
            other => addresses_pass(other),
        }),
        serde_json::Value::Array(items) => items.iter().all(addresses_pass),
        _ => true,
    }
}
