//! The province's estate: its administrators add the sub-portals of
//! communes, wards and departments, change what a site is and where it
//! answers, and take a site off the air without losing anything.

use portal_core::account::User;
use portal_core::content::{clean_host, valid_site_code};
use portal_core::text::{normalize_inline, slugify};
use portal_core::workflow::Role;
use portal_core::{Layout, Placement, Site, SiteId, SiteKind};
use portal_store::{NewSite, Store, StoreError};

/// The sections a new site starts with, ready to publish.
pub const STARTING_SECTIONS: [&str; 3] = ["Tin tức - Sự kiện", "Thông báo", "Chỉ đạo điều hành"];

/// What the province's administrators say a site is. Empty fields of an
/// edit keep what the site has.
#[derive(Debug, Clone, Default)]
pub struct SiteDraft {
    pub code: String,
    pub name: String,
    pub kind: Option<SiteKind>,
    /// The parent site's code; a sub-portal without one hangs under the
    /// province.
    pub parent: Option<String>,
    pub hosts: Vec<String>,
    pub language: Option<String>,
}

/// Why a site change was refused: a catalog key that says what to change
/// (the command line prints it in Vietnamese, then English).
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error("{key}")]
    Refused {
        key: &'static str,
        /// What the key is about (a code, a host), shown with it.
        subject: String,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn refused(key: &'static str, subject: &str) -> SiteError {
    SiteError::Refused {
        key,
        subject: subject.to_string(),
    }
}

/// Every site of the installation, the province's first.
pub async fn sites(store: &Store) -> Result<Vec<Site>, StoreError> {
    store.sites().await
}

/// The estate is managed from the province's own newsroom by its
/// administrators ("quản trị cổng tỉnh"), and by no one else.
pub fn province_admins_only(actor: &User, site: &Site) -> Result<(), SiteError> {
    if actor.role == Role::Admin && actor.acts_on(site.id) && site.parent_id.is_none() {
        Ok(())
    } else {
        Err(refused("site.province_admins_only", &site.code))
    }
}

/// The serving sub-sites of `parent`, for its directory page, by kind and
/// name.
pub async fn sub_sites(store: &Store, parent: SiteId) -> Result<Vec<Site>, StoreError> {
    let mut children: Vec<Site> = store
        .sites()
        .await?
        .into_iter()
        .filter(|site| site.parent_id == Some(parent) && !site.disabled)
        .collect();
    children.sort_by_key(|site| (site.kind as u8, slugify(&site.name)));
    Ok(children)
}

/// Adds a site, ready to publish: the starting sections and the theme's
/// blocks (`placements`) for every layout.
pub async fn add_site(
    store: &Store,
    by: &str,
    draft: &SiteDraft,
    placements: impl Fn(Layout) -> Vec<Placement>,
    now: i64,
) -> Result<Site, SiteError> {
    // A fresh installation's first site is the province's own.
    if store.default_site().await?.is_none() {
        store.create_site(&super::default_site()).await?;
    }
    let code = draft.code.trim().to_string();
    if !valid_site_code(&code) {
        return Err(refused("site.bad_code", &code));
    }
    if store.site_by_code(&code).await?.is_some() {
        return Err(refused("site.code_taken", &code));
    }
    let name = normalize_inline(&draft.name);
    if name.is_empty() {
        return Err(refused("site.name_required", &code));
    }
    let kind = draft.kind.unwrap_or(SiteKind::Commune);
    let parent = parent_of(store, draft.parent.as_deref(), kind).await?;
    if let Some(parent) = &parent {
        refuse_section_clash(store, parent.id, &code).await?;
    }
    let hosts = clean_hosts(store, &draft.hosts, None).await?;
    let language = language_of(draft.language.as_deref().unwrap_or("vi"))?;
    let site = store
        .create_site(&NewSite {
            parent_id: parent.map(|p| p.id),
            kind,
            agency: name.clone(),
            name,
            code,
            language,
            hosts,
            ..NewSite::default()
        })
        .await
        .map_err(|error| conflict(error, "site.code_taken", &draft.code))?;
    for (position, section) in STARTING_SECTIONS.iter().enumerate() {
        store
            .upsert_category(
                site.id,
                &portal_store::NewCategory {
                    parent_id: None,
                    slug: slugify(section),
                    name: section.to_string(),
                    position: position as i64,
                    on_home: true,
                },
            )
            .await?;
    }
    for layout in Layout::ALL {
        store
            .replace_placements(site.id, layout, &placements(layout))
            .await?;
    }
    audit(store, by, "site_add", &site, now).await;
    Ok(site)
}

/// Changes what a site is: its name, kind, parent, host names, language.
pub async fn edit_site(
    store: &Store,
    by: &str,
    draft: &SiteDraft,
    now: i64,
) -> Result<Site, SiteError> {
    let mut site = site_named(store, &draft.code).await?;
    let name = normalize_inline(&draft.name);
    if !name.is_empty() {
        site.name = name;
    }
    if let Some(kind) = draft.kind {
        site.kind = kind;
    }
    if draft.parent.is_some() {
        let parent = parent_of(store, draft.parent.as_deref(), site.kind).await?;
        if let Some(parent) = &parent {
            refuse_cycle(store, site.id, parent).await?;
            refuse_section_clash(store, parent.id, &site.code).await?;
        }
        site.parent_id = parent.map(|p| p.id);
    }
    if !draft.hosts.is_empty() {
        site.hosts = clean_hosts(store, &draft.hosts, Some(site.id)).await?;
    }
    if let Some(language) = &draft.language {
        site.language = language_of(language)?;
    }
    store
        .update_site_identity(&site)
        .await
        .map_err(|error| conflict(error, "site.host_taken", &draft.code))?;
    audit(store, by, "site_edit", &site, now).await;
    Ok(site)
}

/// Takes a site off the air (`disabled`), or puts it back; nothing of it
/// is deleted.
pub async fn set_disabled(
    store: &Store,
    by: &str,
    code: &str,
    disabled: bool,
    now: i64,
) -> Result<Site, SiteError> {
    let mut site = site_named(store, code).await?;
    site.disabled = disabled;
    store.update_site_identity(&site).await?;
    let action = if disabled {
        "site_disable"
    } else {
        "site_enable"
    };
    audit(store, by, action, &site, now).await;
    Ok(site)
}

async fn site_named(store: &Store, code: &str) -> Result<Site, SiteError> {
    store
        .site_by_code(code.trim())
        .await?
        .ok_or_else(|| refused("site.no_such_site", code))
}

/// The parent named by `code`; without one, a sub-portal hangs under the
/// province (the first site without a parent) and a province under none.
async fn parent_of(
    store: &Store,
    code: Option<&str>,
    kind: SiteKind,
) -> Result<Option<Site>, SiteError> {
    match code.map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => Ok(Some(
            store
                .site_by_code(code)
                .await?
                .ok_or_else(|| refused("site.no_parent", code))?,
        )),
        None if kind == SiteKind::Province => Ok(None),
        None => Ok(store
            .sites()
            .await?
            .into_iter()
            .find(|site| site.parent_id.is_none())),
    }
}

/// A site cannot hang under itself or under one of its own sub-sites.
async fn refuse_cycle(store: &Store, site: SiteId, parent: &Site) -> Result<(), SiteError> {
    let mut at = Some(parent.clone());
    let mut steps = 0;
    while let Some(ancestor) = at {
        if ancestor.id == site || steps > 64 {
            return Err(refused("site.parent_cycle", &parent.code));
        }
        at = match ancestor.parent_id {
            Some(id) => store.site(id).await?,
            None => None,
        };
        steps += 1;
    }
    Ok(())
}

/// A sub-site without a host of its own answers at `/{code}/` under its
/// parent's: the code must not be one of the parent's sections.
async fn refuse_section_clash(store: &Store, parent: SiteId, code: &str) -> Result<(), SiteError> {
    if store.category_by_slug(parent, code).await?.is_some() {
        return Err(refused("site.code_is_a_section", code));
    }
    Ok(())
}

async fn clean_hosts(
    store: &Store,
    hosts: &[String],
    owner: Option<SiteId>,
) -> Result<Vec<String>, SiteError> {
    let mut cleaned: Vec<String> = Vec::with_capacity(hosts.len());
    for host in hosts {
        let host = clean_host(host).ok_or_else(|| refused("site.bad_host", host))?;
        if let Some(holder) = store.site_of_host(&host).await?
            && Some(holder) != owner
        {
            return Err(refused("site.host_taken", &host));
        }
        if !cleaned.contains(&host) {
            cleaned.push(host);
        }
    }
    Ok(cleaned)
}

fn language_of(code: &str) -> Result<String, SiteError> {
    match code.trim() {
        code @ ("vi" | "en") => Ok(code.to_string()),
        other => Err(refused("site.bad_language", other)),
    }
}

/// Two administrators adding the same code or host at once: the second is
/// told, as if it had been taken before.
fn conflict(error: StoreError, key: &'static str, subject: &str) -> SiteError {
    match error {
        StoreError::Conflict(_) => refused(key, subject),
        other => SiteError::Store(other),
    }
}

/// `by`: who did it, as the audit log names them (`cli:root`, a login).
async fn audit(store: &Store, by: &str, action: &str, site: &Site, now: i64) {
    crate::audit::record(
        store,
        portal_store::AuditEvent {
            at: now,
            user_id: None,
            login: by.into(),
            action: action.into(),
            target: format!("site:{}", site.id),
            detail: site.code.clone(),
            address: String::new(),
            site_id: Some(site.id),
        },
    )
    .await;
}
