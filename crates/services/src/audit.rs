//! Writing the audit log. A failed write is logged and never fails the
//! action it records: the person's work matters more than its trace.

use portal_core::account::User;
use portal_store::{AuditEvent, Store};

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
        },
    )
    .await;
}

pub async fn record(store: &Store, event: AuditEvent) {
    if let Err(error) = store.record_audit(&event).await {
        tracing::error!(%error, action = %event.action, "audit event not written");
    }
}
