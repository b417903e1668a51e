use portal_core::{SiteId, UserId};
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
    /// The site whose newsroom it was done in.
    pub site_id: Option<SiteId>,
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub login: Option<String>,
    /// Only what was done in this site's newsroom.
    pub site_id: Option<SiteId>,
    pub limit: i64,
}

impl Store {
    pub async fn record_audit(&self, event: &AuditEvent) -> Result<()> {
        sqlx::query(
            "INSERT INTO audit_events (at, user_id, login, action, target, detail, address, \
             site_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(event.at)
        .bind(event.user_id.map(UserId::get))
        .bind(&event.login)
        .bind(&event.action)
        .bind(&event.target)
        .bind(&event.detail)
        .bind(&event.address)
        .bind(event.site_id.map(SiteId::get))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Whether `user_id` did `action` to `target` after `since`.
    pub async fn did_lately(
        &self,
        user_id: UserId,
        action: &str,
        target: &str,
        since: i64,
    ) -> Result<bool> {
        let found = sqlx::query(
            "SELECT 1 AS found FROM audit_events WHERE at > $1 AND user_id = $2 AND action = $3 \
             AND target = $4 LIMIT 1",
        )
        .bind(since)
        .bind(user_id.get())
        .bind(action)
        .bind(target)
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.is_some())
    }

    /// Newest first.
    pub async fn audit_events(&self, filter: &AuditFilter) -> Result<Vec<AuditEvent>> {
        let rows = sqlx::query(
            "SELECT at, user_id, login, action, target, detail, address, site_id \
             FROM audit_events \
             WHERE ($1 = '' OR action = $1) AND ($2 = '' OR login = $2) \
             AND ($4 = 0 OR site_id = $4) \
             ORDER BY at DESC, id DESC LIMIT $3",
        )
        .bind(filter.action.clone().unwrap_or_default())
        .bind(filter.login.clone().unwrap_or_default())
        .bind(if filter.limit > 0 { filter.limit } else { 100 })
        .bind(filter.site_id.map_or(0, SiteId::get))
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
                    site_id: opt_int(row, "site_id")?.map(SiteId),
                })
            })
            .collect()
    }
}
