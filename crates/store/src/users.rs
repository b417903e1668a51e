use portal_core::account::{SiteRole, User};
use portal_core::workflow::Role;
use portal_core::{SiteId, UserId};
use sqlx::any::AnyRow;

use crate::rows::{int, text};
use crate::{Result, Store, StoreError};

const USER_COLUMNS: &str = "id, login, display_name, role, disabled";

impl Store {
    pub async fn create_user(
        &self,
        login: &str,
        display_name: &str,
        password_hash: &str,
        role: Role,
        site_id: SiteId,
        now: i64,
    ) -> Result<UserId> {
        let mut tx = self.write_tx().await?;
        let id = sqlx::query_scalar::<_, i64>(
            "INSERT INTO users (login, display_name, password_hash, role, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        )
        .bind(login)
        .bind(display_name)
        .bind(password_hash)
        .bind(role.as_str())
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map(UserId)
        .map_err(|error| conflict_or(error, format!("the login name \"{login}\" is taken")))?;
        sqlx::query("INSERT INTO site_roles (user_id, site_id, role) VALUES ($1, $2, $3)")
            .bind(id.get())
            .bind(site_id.get())
            .bind(role.as_str())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Gives a person a role on a site, or takes their role there away.
    pub async fn set_site_role(
        &self,
        user_id: UserId,
        site_id: SiteId,
        role: Option<Role>,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM site_roles WHERE user_id = $1 AND site_id = $2")
            .bind(user_id.get())
            .bind(site_id.get())
            .execute(&mut *tx)
            .await?;
        if let Some(role) = role {
            sqlx::query("INSERT INTO site_roles (user_id, site_id, role) VALUES ($1, $2, $3)")
                .bind(user_id.get())
                .bind(site_id.get())
                .bind(role.as_str())
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("UPDATE users SET updated_at = $2 WHERE id = $1")
            .bind(user_id.get())
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The people holding a role on a site, by login.
    pub async fn users_of_site(&self, site_id: SiteId) -> Result<Vec<User>> {
        let rows = sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM users WHERE id IN \
             (SELECT user_id FROM site_roles WHERE site_id = $1) ORDER BY login"
        ))
        .bind(site_id.get())
        .fetch_all(&self.pool)
        .await?;
        self.users_from_rows(&rows).await
    }

    /// Whether anyone has an account (a fresh installation has none).
    pub async fn has_users(&self) -> Result<bool> {
        let any: Option<i64> = sqlx::query_scalar("SELECT id FROM users LIMIT 1")
            .fetch_optional(&self.pool)
            .await?;
        Ok(any.is_some())
    }

    pub async fn user(&self, id: UserId) -> Result<Option<User>> {
        let row = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
            .bind(id.get())
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(row) => Ok(Some(self.user_from_row(&row).await?)),
            None => Ok(None),
        }
    }

    /// The user and their password hash, for logging in.
    pub async fn user_for_login(&self, login: &str) -> Result<Option<(User, String)>> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS}, password_hash FROM users WHERE login = $1"
        ))
        .bind(login)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(row) => Ok(Some((
                self.user_from_row(&row).await?,
                text(&row, "password_hash")?,
            ))),
            None => Ok(None),
        }
    }

    pub async fn users(&self) -> Result<Vec<User>> {
        let rows = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY login"))
            .fetch_all(&self.pool)
            .await?;
        self.users_from_rows(&rows).await
    }

    pub async fn set_password_hash(&self, user_id: UserId, hash: &str, now: i64) -> Result<bool> {
        Ok(
            sqlx::query("UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1")
                .bind(user_id.get())
                .bind(hash)
                .bind(now)
                .execute(&self.pool)
                .await?
                .rows_affected()
                > 0,
        )
    }

    pub async fn set_disabled(&self, user_id: UserId, disabled: bool, now: i64) -> Result<bool> {
        Ok(
            sqlx::query("UPDATE users SET disabled = $2, updated_at = $3 WHERE id = $1")
                .bind(user_id.get())
                .bind(i64::from(disabled))
                .bind(now)
                .execute(&self.pool)
                .await?
                .rows_affected()
                > 0,
        )
    }

    /// Limits a user to these categories of one site; an empty list lifts
    /// the limit there. Their limits on other sites stay.
    pub async fn set_user_categories(
        &self,
        user_id: UserId,
        site_id: SiteId,
        category_ids: &[i64],
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query(
            "DELETE FROM user_categories WHERE user_id = $1 \
             AND category_id IN (SELECT id FROM categories WHERE site_id = $2)",
        )
        .bind(user_id.get())
        .bind(site_id.get())
        .execute(&mut *tx)
        .await?;
        for category_id in category_ids {
            sqlx::query("INSERT INTO user_categories (user_id, category_id) VALUES ($1, $2)")
                .bind(user_id.get())
                .bind(*category_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn users_from_rows(&self, rows: &[AnyRow]) -> Result<Vec<User>> {
        let mut users = Vec::with_capacity(rows.len());
        for row in rows {
            users.push(self.user_from_row(row).await?);
        }
        Ok(users)
    }

    async fn user_from_row(&self, row: &AnyRow) -> Result<User> {
        let id = int(row, "id")?;
        let role_text = text(row, "role")?;
        let role = Role::parse(&role_text)
            .ok_or_else(|| StoreError::Corrupt(format!("user role \"{role_text}\"")))?;
        let category_ids = sqlx::query_scalar(
            "SELECT category_id FROM user_categories WHERE user_id = $1 ORDER BY category_id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let held = sqlx::query(
            "SELECT site_roles.site_id, sites.code, site_roles.role FROM site_roles \
             JOIN sites ON sites.id = site_roles.site_id WHERE site_roles.user_id = $1 \
             ORDER BY site_roles.site_id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let mut sites = Vec::with_capacity(held.len());
        for row in &held {
            let role_text = text(row, "role")?;
            sites.push(SiteRole {
                site_id: SiteId(int(row, "site_id")?),
                site_code: text(row, "code")?,
                role: Role::parse(&role_text)
                    .ok_or_else(|| StoreError::Corrupt(format!("site role \"{role_text}\"")))?,
            });
        }
        // As stored, a person's role is the highest they hold anywhere;
        // the services narrow it to one site (`accounts::at_site`).
        let role = sites.iter().map(|held| held.role).max().unwrap_or(role);
        Ok(User {
            id: UserId(id),
            login: text(row, "login")?,
            display_name: text(row, "display_name")?,
            role,
            disabled: int(row, "disabled")? != 0,
            category_ids,
            sites,
            acting_on: None,
        })
    }

    pub async fn create_session(
        &self,
        id_hash: &str,
        user_id: UserId,
        site_id: SiteId,
        csrf_token: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO sessions (id, user_id, csrf_token, created_at, expires_at, site_id) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id_hash)
        .bind(user_id.get())
        .bind(csrf_token)
        .bind(now)
        .bind(expires_at)
        .bind(site_id.get())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The live session's user (never a disabled one) and its CSRF token,
    /// when the session was opened on this site.
    pub async fn session(
        &self,
        id_hash: &str,
        site_id: SiteId,
        now: i64,
    ) -> Result<Option<(User, String)>> {
        let row = sqlx::query(
            "SELECT user_id, csrf_token FROM sessions \
             WHERE id = $1 AND expires_at > $2 AND site_id = $3",
        )
        .bind(id_hash)
        .bind(now)
        .bind(site_id.get())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let user = self.user(UserId(int(&row, "user_id")?)).await?;
        Ok(user
            .filter(|u| !u.disabled)
            .map(|u| (u, text(&row, "csrf_token").unwrap_or_default())))
    }

    pub async fn delete_session(&self, id_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(id_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Ends every session of a user (password reset, disabling).
    pub async fn delete_user_sessions(&self, user_id: UserId) -> Result<u64> {
        Ok(sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id.get())
            .execute(&self.pool)
            .await?
            .rows_affected())
    }

    /// Claims one login attempt on a throttle row: `Ok(None)` when the
    /// attempt may go on (its failure is already counted, as if it failed),
    /// `Ok(Some(t))` when it must wait until `t`. The count moves by a
    /// compare and swap, so of parallel attempts that read the same count
    /// one goes on and the others wait.
    pub async fn claim_login_attempt(
        &self,
        key: &ThrottleKey<'_>,
        rule: &ThrottleRule,
        now: i64,
    ) -> Result<Option<i64>> {
        sqlx::query(
            "INSERT INTO login_throttle (login, address, failures, not_before, updated_at) \
             VALUES ($1, $2, 0, 0, $3) ON CONFLICT (login, address) DO NOTHING",
        )
        .bind(key.login)
        .bind(key.address)
        .bind(now)
        .execute(&self.pool)
        .await?;
        let row = sqlx::query(
            "SELECT failures, not_before, updated_at FROM login_throttle \
             WHERE login = $1 AND address = $2",
        )
        .bind(key.login)
        .bind(key.address)
        .fetch_one(&self.pool)
        .await?;
        let (failures, not_before, updated_at) = (
            int(&row, "failures")?,
            int(&row, "not_before")?,
            int(&row, "updated_at")?,
        );
        if not_before > now {
            return Ok(Some(not_before));
        }
        let counted = if updated_at < now - rule.forget_after_seconds {
            0
        } else {
            failures
        };
        let next = counted + 1;
        let claimed = sqlx::query(
            "UPDATE login_throttle SET failures = $3, not_before = $4, updated_at = $5 \
             WHERE login = $1 AND address = $2 AND failures = $6 AND not_before = $7",
        )
        .bind(key.login)
        .bind(key.address)
        .bind(next)
        .bind(now + rule.delay_after(next))
        .bind(now)
        .bind(failures)
        .bind(not_before)
        .execute(&self.pool)
        .await?
        .rows_affected();
        // Another attempt moved the row between our read and our write.
        Ok((claimed == 0).then_some(now + 1))
    }

    /// A right password: that pair starts again from nothing.
    pub async fn forgive_login_failures(&self, key: &ThrottleKey<'_>) -> Result<()> {
        sqlx::query("DELETE FROM login_throttle WHERE login = $1 AND address = $2")
            .bind(key.login)
            .bind(key.address)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// An administrator lifts every wait on an account, from every address.
    pub async fn clear_login_throttle(&self, login: &str) -> Result<u64> {
        Ok(sqlx::query("DELETE FROM login_throttle WHERE login = $1")
            .bind(login)
            .execute(&self.pool)
            .await?
            .rows_affected())
    }

    /// The throttle rows of an account that make someone wait now.
    pub async fn login_waits(&self, login: &str, now: i64) -> Result<Vec<LoginWait>> {
        let rows = sqlx::query(
            "SELECT address, failures, not_before FROM login_throttle \
             WHERE login = $1 AND not_before > $2 ORDER BY address",
        )
        .bind(login)
        .bind(now)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(LoginWait {
                    address: text(row, "address")?,
                    failures: int(row, "failures")?,
                    until: int(row, "not_before")?,
                })
            })
            .collect()
    }
}

/// Which throttle row an attempt is counted on; `*` stands for any.
#[derive(Debug, Clone, Copy)]
pub struct ThrottleKey<'a> {
    pub login: &'a str,
    pub address: &'a str,
}

/// How a throttle row slows a guesser: `free_failures` cost nothing, each
/// further one doubles the wait, up to `max_delay_seconds`.
#[derive(Debug, Clone, Copy)]
pub struct ThrottleRule {
    pub free_failures: i64,
    pub max_delay_seconds: i64,
    /// A row quiet this long starts again from nothing.
    pub forget_after_seconds: i64,
}

impl ThrottleRule {
    pub fn delay_after(&self, failures: i64) -> i64 {
        if failures < self.free_failures {
            return 0;
        }
        let doublings = (failures - self.free_failures).min(30);
        (1_i64 << doublings).min(self.max_delay_seconds)
    }
}

/// An account's pending wait from one address (or `*`, from anywhere).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LoginWait {
    pub address: String,
    pub failures: i64,
    pub until: i64,
}

pub(crate) fn conflict_or(error: sqlx::Error, message: String) -> StoreError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(message),
        _ => StoreError::Database(error),
    }
}
