//! The organisation (Cơ cấu tổ chức): the agency's units for readers, and
//! their keeping by the site's administrators.

use portal_core::Site;
use portal_core::account::User;
use portal_core::organisation::{Unit, makes_cycle};
use portal_core::text::{normalize_inline, normalize_paragraphs};
use portal_store::{Store, StoreError};

use super::{SettingsError, admins_only};

pub async fn units(store: &Store, site: &Site) -> Result<Vec<Unit>, StoreError> {
    store.units(site.id).await
}

/// Adds the unit (id 0) or changes it; returns its id.
pub async fn save(
    store: &Store,
    actor: &User,
    site: &Site,
    unit: &Unit,
    now: i64,
) -> Result<i64, SettingsError> {
    admins_only(actor, site.id)?;
    let unit = Unit {
        site_id: site.id,
        name: normalize_inline(&unit.name),
        name_en: normalize_inline(&unit.name_en),
        head: normalize_inline(&unit.head),
        head_title: normalize_inline(&unit.head_title),
        head_title_en: normalize_inline(&unit.head_title_en),
        address: normalize_inline(&unit.address),
        phone: normalize_inline(&unit.phone),
        email: normalize_inline(&unit.email),
        duties: normalize_paragraphs(&unit.duties),
        duties_en: normalize_paragraphs(&unit.duties_en),
        ..unit.clone()
    };
    unit.check().map_err(SettingsError::Refused)?;
    let held = store.units(site.id).await?;
    if let Some(parent) = unit.parent_id {
        if !held.iter().any(|u| u.id == parent) {
            return Err(SettingsError::Refused("organisation.unknown_parent"));
        }
        if unit.id != 0 && makes_cycle(&held, unit.id, Some(parent)) {
            return Err(SettingsError::Refused("organisation.parent_cycle"));
        }
    }
    let id = store
        .save_unit(&unit, now)
        .await?
        .ok_or(SettingsError::Refused("organisation.unknown_unit"))?;
    crate::audit::record_by(store, actor, "unit", &format!("unit:{id}"), &unit.name, now).await;
    Ok(id)
}

/// Removes a unit with none under it.
pub async fn delete(
    store: &Store,
    actor: &User,
    site: &Site,
    id: i64,
    now: i64,
) -> Result<(), SettingsError> {
    admins_only(actor, site.id)?;
    if !store.delete_unit(site.id, id, now).await? {
        return Err(SettingsError::Refused("organisation.not_removed"));
    }
    crate::audit::record_by(store, actor, "delete_unit", &format!("unit:{id}"), "", now).await;
    Ok(())
}
