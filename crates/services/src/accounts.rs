//! Staff accounts and the door: argon2id password hashes, sessions kept in
//! the database, and login throttling per account and per address.

use anyhow::Context;
use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use portal_core::account::{MIN_PASSWORD_CHARS, User, valid_login, valid_password};
use portal_core::workflow::Role;
use portal_core::{Site, SiteId, UserId};
use portal_store::{AuditEvent, LoginWait, Store, StoreError, ThrottleKey, ThrottleRule};
use sha2::{Digest, Sha256};

/// One account from one address: five tries cost nothing, then each wrong
/// password doubles the wait, up to a quarter of an hour. An office behind
/// one address is never locked out by one person's mistakes.
pub const PAIR_RULE: ThrottleRule = ThrottleRule {
    free_failures: 5,
    max_delay_seconds: 15 * 60,
    forget_after_seconds: 3600,
};
/// One account from anywhere (guesses spread over many addresses), and one
/// address trying any account (guesses spread over many accounts): far more
/// room, a shorter ceiling, so they slow an attack without stopping staff.
pub const WIDE_RULE: ThrottleRule = ThrottleRule {
    free_failures: 50,
    max_delay_seconds: 5 * 60,
    forget_after_seconds: 3600,
};
pub const ANY: &str = "*";
pub const SESSION_SECONDS: i64 = 12 * 3600;

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error(
        "login names are 3 to 40 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit"
    )]
    BadLogin,
    #[error("passwords need at least {MIN_PASSWORD_CHARS} characters")]
    WeakPassword,
    #[error("no account has the login name \"{0}\"")]
    NoSuchUser(String),
    #[error("only administrators manage accounts")]
    AdminsOnly,
    #[error("administrators cannot demote or disable themselves")]
    NotYourself,
    /// The person also works on sites this administrator does not run.
    #[error("this account also holds roles on sites you do not administer")]
    NotYours,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LoginError {
    /// Wrong name or password: the message never says which.
    #[error("wrong login name or password")]
    Wrong,
    /// The right password, but no role on the site whose newsroom it is.
    #[error("this account has no role on this site")]
    NotOnThisSite,
    #[error("too many failed logins; try again after {retry_at}")]
    Throttled { retry_at: i64 },
    #[error("the login service failed: {0}")]
    Failed(String),
}

/// A fresh session: the token goes in the cookie, only its hash is stored.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
    pub user: User,
    pub expires_at: i64,
}

pub fn random_token() -> String {
    let mut bytes = [0_u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// How long a login form's token is good for.
pub const LOGIN_FORM_SECONDS: i64 = 2 * 3600;

/// The secret that signs login forms, kept in the database so that every
/// node of an installation signs alike; made on first use.
pub async fn login_form_secret(store: &Store) -> Result<String, StoreError> {
    store
        .setting_or_insert("login_form_secret", &random_token())
        .await
}

/// A login form's pair: the cookie value (`issued.nonce`) and the token
/// the form carries, an HMAC of the cookie under the installation's
/// secret. A token is good only with its own cookie, only while fresh, and
/// only if this installation made it.
pub fn login_form_token(secret: &str, now: i64) -> (String, String) {
    let cookie = format!("{now}.{}", &random_token()[..32]);
    let token = sign_login_form(secret, &cookie);
    (cookie, token)
}

pub fn login_form_token_ok(secret: &str, cookie: &str, token: &str, now: i64) -> bool {
    let Some(issued) = cookie
        .split_once('.')
        .and_then(|(issued, _)| issued.parse::<i64>().ok())
    else {
        return false;
    };
    (now - LOGIN_FORM_SECONDS..=now + 60).contains(&issued)
        && constant_time_eq(&sign_login_form(secret, cookie), token)
}

fn sign_login_form(secret: &str, cookie: &str) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(b"login-form:");
    mac.update(cookie.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The HMAC of `parts` under `secret`, hex: what a page signs for a form
/// it will take back (each part ends with a zero byte, so parts cannot run
/// into each other).
pub fn sign(secret: &str, parts: &[&str]) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .expect("HMAC takes a key of any length");
    for part in parts {
        mac.update(part.as_bytes());
        mac.update(&[0]);
    }
    hex::encode(mac.finalize().into_bytes())
}

/// Comparing secrets without an early exit.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0_u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Hashing costs tens of milliseconds on purpose: off the async threads.
pub async fn hash_password(password: &str) -> anyhow::Result<String> {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| anyhow::anyhow!("cannot hash the password: {e}"))
    })
    .await
    .context("password worker stopped")?
}

async fn verify_password(password: &str, hash: &str) -> bool {
    let (password, hash) = (password.to_string(), hash.to_string());
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash).is_ok_and(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await
    .unwrap_or(false)
}

/// Creates an account holding `role` on the province's own site (the
/// first site, made when there is none yet).
pub async fn add_user(
    store: &Store,
    login: &str,
    display_name: &str,
    role: Role,
    password: &str,
    now: i64,
) -> Result<UserId, AccountError> {
    let site = crate::sites::site_or_default(store, None).await?;
    add_user_on(store, site.id, login, display_name, role, password, now).await
}

/// Creates an account holding `role` on one site.
pub async fn add_user_on(
    store: &Store,
    site_id: SiteId,
    login: &str,
    display_name: &str,
    role: Role,
    password: &str,
    now: i64,
) -> Result<UserId, AccountError> {
    if !valid_login(login) {
        return Err(AccountError::BadLogin);
    }
    if !valid_password(password) {
        return Err(AccountError::WeakPassword);
    }
    let hash = hash_password(password).await?;
    let name = if display_name.trim().is_empty() {
        login
    } else {
        display_name.trim()
    };
    Ok(store
        .create_user(login, name, &hash, role, site_id, now)
        .await?)
}

/// Gives someone a role on one more site (or a new role on one they have);
/// `None` takes their role there away.
pub async fn grant(
    store: &Store,
    login: &str,
    site_id: SiteId,
    role: Option<Role>,
    now: i64,
) -> Result<User, AccountError> {
    let (user, _) = store
        .user_for_login(login)
        .await?
        .ok_or_else(|| AccountError::NoSuchUser(login.to_string()))?;
    store.set_site_role(user.id, site_id, role, now).await?;
    // A role taken away ends the sessions it opened.
    if role.is_none() {
        store.delete_user_sessions(user.id).await?;
    }
    store
        .user(user.id)
        .await?
        .ok_or_else(|| AccountError::NoSuchUser(login.to_string()))
}

/// The person as seen from `site`: their role there (administrators of a
/// site above reach down) and their limits among its sections; `None`
/// when they hold nothing there.
pub async fn at_site(store: &Store, user: User, site: &Site) -> Result<Option<User>, StoreError> {
    let ancestors = store.site_ancestors(site.id).await?;
    let Some(role) = user.role_on(site.id, &ancestors) else {
        return Ok(None);
    };
    let category_ids = if user.category_ids.is_empty() {
        Vec::new()
    } else {
        let here = store.categories(site.id).await?;
        user.category_ids
            .iter()
            .copied()
            .filter(|id| here.iter().any(|c| c.id == *id))
            .collect()
    };
    Ok(Some(User {
        role,
        category_ids,
        acting_on: Some(site.id),
        ..user
    }))
}

/// Whether `actor` administers every site `person` holds a role on: a
/// commune's administrator cannot reset the password of someone who also
/// works for the province.
async fn manages(store: &Store, actor: &User, person: &User) -> Result<bool, StoreError> {
    for held in &person.sites {
        let ancestors = store.site_ancestors(held.site_id).await?;
        if actor.role_on(held.site_id, &ancestors) != Some(Role::Admin) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Sets a new password and ends the user's sessions.
pub async fn set_password(
    store: &Store,
    login: &str,
    password: &str,
    now: i64,
) -> Result<User, AccountError> {
    if !valid_password(password) {
        return Err(AccountError::WeakPassword);
    }
    let (user, _) = store
        .user_for_login(login)
        .await?
        .ok_or_else(|| AccountError::NoSuchUser(login.to_string()))?;
    let hash = hash_password(password).await?;
    store.set_password_hash(user.id, &hash, now).await?;
    store.delete_user_sessions(user.id).await?;
    Ok(user)
}

/// The live session behind a cookie's token: its person (never a disabled
/// one) and its CSRF token.
pub async fn session(
    store: &Store,
    token: &str,
    site: &Site,
    now: i64,
) -> Result<Option<(User, String)>, StoreError> {
    let Some((user, csrf)) = store.session(&token_hash(token), site.id, now).await? else {
        return Ok(None);
    };
    Ok(at_site(store, user, site).await?.map(|user| (user, csrf)))
}

/// Ends the session behind a cookie's token (logging out, or a new login
/// replacing it).
pub async fn end_session(store: &Store, token: &str) -> Result<(), StoreError> {
    store.delete_session(&token_hash(token)).await
}

/// Every account, for the command line's operator.
pub async fn all_users(store: &Store) -> Result<Vec<User>, StoreError> {
    store.users().await
}

/// The people holding a role on this site, as seen from it, for its
/// administrator.
pub async fn users(store: &Store, actor: &User, site: &Site) -> Result<Vec<User>, AccountError> {
    admins_only(actor, site)?;
    let mut seen = Vec::new();
    for user in store.users_of_site(site.id).await? {
        if let Some(user) = at_site(store, user, site).await? {
            seen.push(user);
        }
    }
    Ok(seen)
}

/// Someone holding a role on this site, as seen from it; anyone else is
/// not found (nothing about another site's staff leaks).
async fn member(store: &Store, site: &Site, user_id: UserId) -> Result<User, AccountError> {
    let not_found = || AccountError::NoSuchUser(user_id.to_string());
    let user = store.user(user_id).await?.ok_or_else(not_found)?;
    if user.own_role(site.id).is_none() {
        return Err(not_found());
    }
    at_site(store, user, site).await?.ok_or_else(not_found)
}

/// Someone on this site whom the actor may change (see [`manages`]).
async fn managed_member(
    store: &Store,
    actor: &User,
    site: &Site,
    user_id: UserId,
) -> Result<User, AccountError> {
    admins_only(actor, site)?;
    let user = member(store, site, user_id).await?;
    if user.id != actor.id && !manages(store, actor, &user).await? {
        return Err(AccountError::NotYours);
    }
    Ok(user)
}

/// One account and the waits on its logins, for an administrator.
pub async fn account(
    store: &Store,
    actor: &User,
    site: &Site,
    user_id: UserId,
    now: i64,
) -> Result<(User, Vec<LoginWait>), AccountError> {
    admins_only(actor, site)?;
    let user = member(store, site, user_id).await?;
    let waits = store.login_waits(&user.login, now).await?;
    Ok((user, waits))
}

fn admins_only(actor: &User, site: &Site) -> Result<(), AccountError> {
    if actor.role == Role::Admin && actor.acts_on(site.id) {
        Ok(())
    } else {
        Err(AccountError::AdminsOnly)
    }
}

/// What an administrator changes about an account.
#[derive(Debug, Clone)]
pub struct AccountChange {
    pub role: Role,
    pub disabled: bool,
    pub category_ids: Vec<i64>,
}

/// An administrator changes someone's role, access or categories. Each
/// change is audited; disabling ends the person's sessions at once.
pub async fn change_account(
    store: &Store,
    actor: &User,
    site: &Site,
    user_id: UserId,
    change: &AccountChange,
    now: i64,
) -> Result<User, AccountError> {
    let user = managed_member(store, actor, site, user_id).await?;
    if user.id == actor.id && (change.role != Role::Admin || change.disabled) {
        return Err(AccountError::NotYourself);
    }
    if user.own_role(site.id) != Some(change.role) {
        store
            .set_site_role(user.id, site.id, Some(change.role), now)
            .await?;
        crate::audit::record_by(
            store,
            actor,
            "role",
            &format!("user:{}", user.id),
            &format!(
                "{}: {} → {}",
                site.code,
                user.role.as_str(),
                change.role.as_str()
            ),
            now,
        )
        .await;
    }
    if user.disabled != change.disabled {
        store.set_disabled(user.id, change.disabled, now).await?;
        if change.disabled {
            store.delete_user_sessions(user.id).await?;
        }
        let action = if change.disabled { "disable" } else { "enable" };
        crate::audit::record_by(store, actor, action, &format!("user:{}", user.id), "", now).await;
    }
    if user.category_ids != change.category_ids {
        store
            .set_user_categories(user.id, site.id, &change.category_ids)
            .await?;
        let detail = change
            .category_ids
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        crate::audit::record_by(
            store,
            actor,
            "categories",
            &format!("user:{}", user.id),
            &detail,
            now,
        )
        .await;
    }
    member(store, site, user.id).await
}

/// What an administrator's new-account form says.
#[derive(Debug, Clone, Copy)]
pub struct NewAccount<'a> {
    pub login: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub password: &'a str,
}

/// An administrator creates an account holding a role on their site.
pub async fn create_account(
    store: &Store,
    actor: &User,
    site: &Site,
    account: NewAccount<'_>,
    now: i64,
) -> Result<UserId, AccountError> {
    admins_only(actor, site)?;
    let NewAccount {
        login,
        display_name,
        role,
        password,
    } = account;
    let id = add_user_on(store, site.id, login, display_name, role, password, now).await?;
    crate::audit::record_by(
        store,
        actor,
        "user_add",
        &format!("user:{}", id),
        &format!("{}: {}", site.code, role.as_str()),
        now,
    )
    .await;
    Ok(id)
}

/// A login, failed or throttled attempt, with the address it came from.
async fn audit_login(
    store: &Store,
    site: &Site,
    login: &str,
    address: &str,
    action: &str,
    user_id: Option<UserId>,
    now: i64,
) {
    crate::audit::record(
        store,
        AuditEvent {
            at: now,
            user_id,
            login: login.to_string(),
            action: action.to_string(),
            address: address.to_string(),
            site_id: Some(site.id),
            ..Default::default()
        },
    )
    .await;
}

/// An administrator lifts the waits on someone's logins (an office whose
/// colleague mistyped a password, a reporter back from leave).
pub async fn lift_login_waits(
    store: &Store,
    actor: &User,
    site: &Site,
    user_id: UserId,
    now: i64,
) -> Result<u64, AccountError> {
    let user = managed_member(store, actor, site, user_id).await?;
    let lifted = store.clear_login_throttle(&user.login).await?;
    crate::audit::record_by(
        store,
        actor,
        "login_unlock",
        &format!("user:{}", user.id),
        &lifted.to_string(),
        now,
    )
    .await;
    Ok(lifted)
}

/// An administrator sets someone's password (their sessions end).
pub async fn reset_password(
    store: &Store,
    actor: &User,
    site: &Site,
    user_id: UserId,
    password: &str,
    now: i64,
) -> Result<(), AccountError> {
    let user = managed_member(store, actor, site, user_id).await?;
    set_password(store, &user.login, password, now).await?;
    crate::audit::record_by(
        store,
        actor,
        "password_reset",
        &format!("user:{}", user.id),
        "",
        now,
    )
    .await;
    Ok(())
}

/// Checks a login and opens a session. Before the password is looked at,
/// the attempt is counted on three throttle rows (the account from this
/// address, the account from anywhere, this address for any account); if
/// any of them says wait, the password is not checked at all. The session
/// opens this site's newsroom only, and only for someone with a role on it.
pub async fn log_in(
    store: &Store,
    site: &Site,
    login: &str,
    password: &str,
    address: &str,
    now: i64,
) -> Result<NewSession, LoginError> {
    let failed = |e: StoreError| LoginError::Failed(e.to_string());
    let login = login.trim().to_ascii_lowercase();
    let pair = ThrottleKey {
        login: &login,
        address,
    };
    let rows = [
        (pair, PAIR_RULE),
        (
            ThrottleKey {
                login: &login,
                address: ANY,
            },
            WIDE_RULE,
        ),
        (
            ThrottleKey {
                login: ANY,
                address,
            },
            WIDE_RULE,
        ),
    ];
    for (key, rule) in &rows {
        if let Some(retry_at) = store
            .claim_login_attempt(key, rule, now)
            .await
            .map_err(failed)?
        {
            audit_login(store, site, &login, address, "login_throttled", None, now).await;
            return Err(LoginError::Throttled { retry_at });
        }
    }
    let found = store.user_for_login(&login).await.map_err(failed)?;
    let verified = match &found {
        Some((user, hash)) => verify_password(password, hash).await && !user.disabled,
        None => {
            // Spend the same time as for a real account: timing must not
            // tell which login names exist.
            let _ = hash_password(password).await;
            false
        }
    };
    if verified {
        store.forgive_login_failures(&pair).await.map_err(failed)?;
    }
    let Some((user, _)) = found.filter(|_| verified) else {
        audit_login(store, site, &login, address, "login_failed", None, now).await;
        return Err(LoginError::Wrong);
    };
    let Some(user) = at_site(store, user, site).await.map_err(failed)? else {
        audit_login(store, site, &login, address, "login_other_site", None, now).await;
        return Err(LoginError::NotOnThisSite);
    };
    let token = random_token();
    let csrf_token = random_token();
    let expires_at = now + SESSION_SECONDS;
    store
        .create_session(
            &token_hash(&token),
            user.id,
            site.id,
            &csrf_token,
            now,
            expires_at,
        )
        .await
        .map_err(failed)?;
    audit_login(store, site, &login, address, "login", Some(user.id), now).await;
    Ok(NewSession {
        token,
        csrf_token,
        user,
        expires_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_and_verify() {
        let hash = hash_password("mật khẩu rất dài").await.expect("hashed");
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password("mật khẩu rất dài", &hash).await);
        assert!(!verify_password("mật khẩu khác hẳn", &hash).await);
        assert!(!verify_password("x", "not a hash").await);
    }

    #[test]
    fn tokens_are_random_and_only_their_hash_is_kept() {
        let (a, b) = (random_token(), random_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_ne!(token_hash(&a), a);
        assert_eq!(token_hash(&a), token_hash(&a));
    }
}
