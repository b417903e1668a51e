//! A database of its own for each test: a SQLite file in the test's
//! folder, or, when `PORTAL_TEST_DATABASE_URL` is set, a fresh schema on
//! that PostgreSQL server.

use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::{ConnectOptions, Store};
use portal_core::ArticleId;

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// The URL and options to open (and reopen) a test's database.
pub async fn test_database(dir: &Path) -> (String, ConnectOptions) {
    match std::env::var("PORTAL_TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => {
            let schema = format!(
                "t_{}_{}_{}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::SeqCst),
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.subsec_nanos())
                    .unwrap_or_default()
            );
            if let Err(error) = Store::create_postgres_schema(&url, &schema).await {
                panic!("PORTAL_TEST_DATABASE_URL must point at a reachable PostgreSQL: {error}");
            }
            (
                url,
                ConnectOptions {
                    schema: Some(schema),
                    max_connections: Some(4),
                },
            )
        }
        _ => (
            format!("sqlite://{}?mode=rwc", dir.join("portal.db").display()),
            ConnectOptions::default(),
        ),
    }
}

/// Opens a fresh test database.
pub async fn test_store(dir: &Path) -> Store {
    let (url, options) = test_database(dir).await;
    match Store::open(&url, options).await {
        Ok(store) => store,
        Err(error) => panic!("test database: {error}"),
    }
}

/// Changes an article's title without recording a change: the pages that
/// show it are not told, so a test can tell a kept page (old title) from
/// one rendered again (new title).
pub async fn retitle_behind_the_feed(store: &Store, id: ArticleId, title: &str) {
    sqlx::query("UPDATE articles SET title = $2 WHERE id = $1")
        .bind(id.get())
        .bind(title)
        .execute(&store.pool)
        .await
        .expect("retitle");
}
