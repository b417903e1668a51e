//! The province's own site, which every fresh installation starts with.

use anyhow::Result;
use portal_core::text::slugify;
use portal_core::{Category, Site};
use portal_store::{NewCategory, NewSite, Store};

pub fn default_site() -> NewSite {
    NewSite {
        parent_id: None,
        code: "tinh".into(),
        name: "Cổng thông tin điện tử tỉnh".into(),
        agency: "Ủy ban nhân dân tỉnh".into(),
        language: "vi".into(),
        hosts: vec!["localhost".into(), "127.0.0.1".into()],
        address: "Số 1, đường Trung tâm, phường Trung tâm".into(),
        phone: "0209 3800 000".into(),
        email: "congthongtin@example.gov.vn".into(),
        licence: "Giấy phép số 00/GP-TTĐT (nội dung minh họa)".into(),
    }
}

/// The site named by `code`, or the first site, created when the database
/// has none.
pub async fn site_or_default(store: &Store, code: Option<&str>) -> Result<Site> {
    if let Some(code) = code {
        return store.site_by_code(code).await?.ok_or_else(|| {
            anyhow::anyhow!(
                "no site has the code \"{code}\"; leave --site out to use the first site"
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
pub async fn category_named(store: &Store, site_id: i64, name: &str) -> Result<Category> {
    let slug = slugify(name);
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
