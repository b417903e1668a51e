use portal_core::UserId;
use serde::Serialize;

use crate::rows::{int, opt_int, text};
use crate::{Result, Store};

/// Who did what, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct AuditEvent {
    pub at: i64,
    pub user_id: Option<UserId>,
    pub login: String,
    /// `login`, `login_failed`, `submit`, `approve`, `publish`, `role`, …
    pub action: String,
    /// What it was done to: `article:12`, `user:3`.
    pub target: String,
    pub detail: String,
    pub address: String,
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub login: Option<String>,
    pub limit: i64,
}

impl Store {
    pub async fn record_audit(&self, event: &AuditEvent) -> Result<()> {
        sqlx::query(
            "INSERT INTO audit_events (at, user_id, login, action, target, detail, address) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(event.at)
        .bind(event.user_id.map(UserId::get))
        .bind(&event.login)
        .bind(&event.action)
        .bind(&event.target)
        .bind(&event.detail)
        .bind(&event.address)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Newest first.
    pub async fn audit_events(&self, filter: &AuditFilter) -> Result<Vec<AuditEvent>> {
        let rows = sqlx::query(
            "SELECT at, user_id, login, action, target, detail, address FROM audit_events \
             WHERE ($1 = '' OR action = $1) AND ($2 = '' OR login = $2) \
             ORDER BY at DESC, id DESC LIMIT $3",
        )
        .bind(filter.action.clone().unwrap_or_default())
        .bind(filter.login.clone().unwrap_or_default())
        .bind(if filter.limit > 0 { filter.limit } else { 100 })
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(AuditEvent {
                    at: int(row, "at")?,
                    user_id: opt_int(row, "user_id")?.map(UserId),
                    login: text(row, "login")?,
                    action: text(row, "action")?,
                    target: text(row, "target")?,
                    detail: text(row, "detail")?,
                    address: text(row, "address")?,
                })
            })
            .collect()
    }
}
