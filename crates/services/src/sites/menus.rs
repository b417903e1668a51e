//! A site's menus: the main menu (two levels) and the footer links, as
//! its administrators arranged them, or the default one while they have
//! not; and what readers reach from them.

use portal_core::Category;
use portal_core::Site;
use portal_core::account::User;
use portal_core::menu::{self, MenuError, MenuItem, MenuKind, Target};
use portal_core::text::normalize_inline;
use portal_store::{Store, StoreError};

use super::{SettingsError, admins_only};

/// Both menus of a site, and whether each is still the default.
#[derive(Debug, Clone, Default)]
pub struct Menus {
    pub main: Vec<MenuItem>,
    pub footer: Vec<MenuItem>,
    pub main_is_default: bool,
    pub footer_is_default: bool,
}

impl Menus {
    pub fn of(&self, kind: MenuKind) -> &[MenuItem] {
        match kind {
            MenuKind::Main => &self.main,
            MenuKind::Footer => &self.footer,
        }
    }
}

pub async fn menus(store: &Store, site: &Site, sections: &[Category]) -> Result<Menus, StoreError> {
    let kept = store.menus(site.id).await?;
    let find = |kind: MenuKind| {
        kept.iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, i)| i.clone())
    };
    let main = find(MenuKind::Main);
    let footer = find(MenuKind::Footer);
    Ok(Menus {
        main_is_default: main.is_none(),
        footer_is_default: footer.is_none(),
        main: main.unwrap_or_else(|| menu::default_main(sections)),
        footer: footer.unwrap_or_else(menu::default_footer),
    })
}

/// Keeps the site's menu as its administrator arranged it: labels cleaned,
/// every section named one of the site's, every address one the URL
/// policy accepts (already, when read from the form).
pub async fn save(
    store: &Store,
    actor: &User,
    site: &Site,
    kind: MenuKind,
    items: &[MenuItem],
    now: i64,
) -> Result<(), SettingsError> {
    admins_only(actor, site.id)?;
    let sections = store.categories(site.id).await?;
    let clean = |item: &MenuItem| MenuItem {
        label: normalize_inline(&item.label),
        target: item.target.clone(),
        children: Vec::new(),
    };
    let items: Vec<MenuItem> = items
        .iter()
        .map(|item| MenuItem {
            children: item.children.iter().map(clean).collect(),
            ..clean(item)
        })
        .collect();
    menu::check(kind, &items).map_err(|error| SettingsError::Refused(error.key()))?;
    for item in items
        .iter()
        .flat_map(|i| std::iter::once(i).chain(&i.children))
    {
        let known = match &item.target {
            Target::Section(slug) => sections.iter().any(|c| &c.slug == slug),
            Target::Page(slug) => portal_core::text::slugify(slug) == *slug,
            _ => true,
        };
        if !known {
            return Err(SettingsError::Refused(MenuError::BadTarget.key()));
        }
    }
    store.save_menu(site.id, kind, &items, now).await?;
    crate::audit::record_by(
        store,
        actor,
        "menu",
        &format!("site:{}", site.id),
        kind.as_str(),
        now,
    )
    .await;
    Ok(())
}
