//! The first run of an installation without the demo: once, before anyone
//! has an account, the person installing the portal gives its name, its
//! agency and contacts, and becomes its first administrator.

use portal_core::workflow::Role;
use portal_core::{Site, UserId};
use portal_store::{Store, StoreError};

use crate::accounts::{AccountError, add_user_on};
use crate::sites::{SettingsError, save_site_settings};

/// What the set-up screen asks for.
#[derive(Debug, Clone, Default)]
pub struct SetupInput {
    pub name: String,
    pub agency: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub licence: String,
    pub responsible: String,
    pub login: String,
    pub display_name: String,
    pub password: String,
    pub password_again: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// Someone already has an account: the portal is set up.
    #[error("the portal is already set up")]
    AlreadyDone,
    /// A catalog key naming what to fix.
    #[error("invalid: {0}")]
    Invalid(&'static str),
    #[error(transparent)]
    Account(#[from] AccountError),
    #[error(transparent)]
    Settings(#[from] SettingsError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Whether the installation still waits for its first administrator.
pub async fn needed(store: &Store) -> Result<bool, StoreError> {
    Ok(!store.has_users().await?)
}

/// Sets the site up and makes its first administrator; refused once
/// anyone has an account.
pub async fn set_up(
    store: &Store,
    site: &Site,
    input: &SetupInput,
    now: i64,
) -> Result<UserId, SetupError> {
    if !needed(store).await? {
        return Err(SetupError::AlreadyDone);
    }
    let name = portal_core::text::normalize_inline(&input.name);
    if name.is_empty() {
        return Err(SetupError::Invalid("settings.name_required"));
    }
    if portal_core::text::normalize_inline(&input.agency).is_empty() {
        return Err(SetupError::Invalid("setup.agency_required"));
    }
    if input.password != input.password_again {
        return Err(SetupError::Invalid("setup.passwords_differ"));
    }
    let login = input.login.trim().to_ascii_lowercase();
    let id = add_user_on(
        store,
        site.id,
        &login,
        &input.display_name,
        Role::Admin,
        &input.password,
        now,
    )
    .await?;
    let user = store.user(id).await?.ok_or(SetupError::AlreadyDone)?;
    let admin = crate::accounts::at_site(store, user, site)
        .await?
        .ok_or(SetupError::AlreadyDone)?;
    let settings = Site {
        name,
        agency: input.agency.clone(),
        address: input.address.clone(),
        phone: input.phone.clone(),
        email: input.email.clone(),
        licence: input.licence.clone(),
        responsible: input.responsible.clone(),
        ..site.clone()
    };
    save_site_settings(store, &admin, &settings, now).await?;
    Ok(id)
}
