//! Writing the audit log. A failed write is logged and never fails the
//! action it records: the person's work matters more than its trace.

use portal_core::Site;
use portal_core::account::User;
use portal_core::workflow::Role;
use portal_store::{AuditEvent, AuditFilter, Store, StoreError};

/// Something a signed-in person did to `target` (`article:12`, `user:3`).
pub async fn record_by(
    store: &Store,
    actor: &User,
    action: &str,
    target: &str,
    detail: &str,
    now: i64,
) {
    record(
        store,
        AuditEvent {
            at: now,
            user_id: Some(actor.id),
            login: actor.login.clone(),
            action: action.to_string(),
            target: target.to_string(),
            detail: detail.to_string(),
            address: String::new(),
            site_id: actor.acting_on,
        },
    )
    .await;
}

pub async fn record(store: &Store, event: AuditEvent) {
    if let Err(error) = write(store, &event).await {
        tracing::error!(%error, action = %event.action, "audit event not written");
    }
}

/// Writes an event and says whether it was written: for the command line,
/// where an operator's change without its trace is refused.
pub async fn write(store: &Store, event: &AuditEvent) -> Result<(), StoreError> {
    store.record_audit(event).await
}

/// The log, for administrators only: a sub-site's administrators see what
/// was done in their newsroom; the province's see everything.
pub async fn events(
    store: &Store,
    actor: &User,
    site: &Site,
    filter: &AuditFilter,
) -> Result<Vec<AuditEvent>, crate::accounts::AccountError> {
    if actor.role != Role::Admin || !actor.acts_on(site.id) {
        return Err(crate::accounts::AccountError::AdminsOnly);
    }
    let filter = AuditFilter {
        site_id: site.parent_id.map(|_| site.id),
        ..filter.clone()
    };
    Ok(store.audit_events(&filter).await?)
}
