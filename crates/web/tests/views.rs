//! View counting: once per visitor per article per day, bots excluded,
//! published articles only, and counts that survive a restart.

mod support;

use axum::http::{Method, StatusCode};
use portal_core::ArticleId;
use portal_core::ArticleStatus;
use portal_core::time::now;
use portal_store::Store;
use support::{READER_AGENT, TestApp};

async fn visit(app: &TestApp, path: &str, agent: &str, address: &str) -> StatusCode {
    app.send(
        Method::GET,
        path,
        &[("user-agent", agent), ("x-forwarded-for", address)],
    )
    .await
    .status
}

#[tokio::test]
async fn a_reader_counts_once_a_day_and_bots_not_at_all() {
    let app = TestApp::new().await;
    let (id, path) = app
        .article(
            "Tin được đọc",
            "Tin hoạt động",
            ArticleStatus::Published,
            now() - 60,
        )
        .await;
    // Without a proxy in front the portal ignores X-Forwarded-For, so all
    // these requests come from one (unknown) address: the user agent tells
    // the visitors apart here.
    for _ in 0..3 {
        assert_eq!(
            visit(&app, &path, READER_AGENT, "10.0.0.1").await,
            StatusCode::OK
        );
    }
    visit(
        &app,
        &path,
        "Mozilla/5.0 (Windows NT 10.0) Firefox/120.0",
        "10.0.0.2",
    )
    .await;
    visit(
        &app,
        &path,
        "Mozilla/5.0 (compatible; Googlebot/2.1)",
        "10.0.0.3",
    )
    .await;
    visit(&app, &path, "", "10.0.0.4").await;
    app.send(
        Method::HEAD,
        &path,
        &[("user-agent", "Mozilla/5.0 Safari/605")],
    )
    .await;
    app.send(
        Method::GET,
        &path,
        &[
            ("user-agent", "Mozilla/5.0 Edge/1"),
            ("sec-purpose", "prefetch"),
        ],
    )
    .await;

    assert_eq!(app.views.flush().await, 2);
    assert_eq!(
        app.store.article_views(ArticleId(id)).await.expect("query"),
        Some(2)
    );
    let json = app.get(&format!("/api/v1/articles/{id}")).await.json();
    assert_eq!(json["views"], 2);
}

#[tokio::test]
async fn unpublished_articles_are_not_counted() {
    let app = TestApp::new().await;
    let (id, path) = app
        .article(
            "Tin nháp",
            "Tin hoạt động",
            ArticleStatus::Draft,
            now() - 60,
        )
        .await;
    assert_eq!(
        visit(&app, &path, READER_AGENT, "").await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.views.flush().await, 0);
    assert_eq!(
        app.store.article_views(ArticleId(id)).await.expect("query"),
        Some(0)
    );
}

#[tokio::test]
async fn counts_survive_a_restart_and_a_visitor_is_not_counted_twice() {
    let app = TestApp::new().await;
    let (id, path) = app
        .article(
            "Tin bền",
            "Tin hoạt động",
            ArticleStatus::Published,
            now() - 60,
        )
        .await;
    visit(&app, &path, READER_AGENT, "").await;
    app.views.flush().await;
    let TestApp {
        store,
        dir,
        database,
        ..
    } = app;
    store.close().await;

    let store = Store::open(&database.0, database.1.clone())
        .await
        .expect("reopens");
    let app = TestApp::on_store(store, dir, database).await;
    assert_eq!(
        app.store.article_views(ArticleId(id)).await.expect("query"),
        Some(1)
    );
    visit(&app, &path, READER_AGENT, "").await;
    visit(&app, &path, "Mozilla/5.0 (iPhone) Safari/604.1", "").await;
    assert_eq!(
        app.views.flush().await,
        1,
        "the first reader was counted before the restart"
    );
    assert_eq!(
        app.store.article_views(ArticleId(id)).await.expect("query"),
        Some(2)
    );
}

#[tokio::test]
async fn concurrent_readers_all_count() {
    let app = std::sync::Arc::new(TestApp::new().await);
    let (id, path) = app
        .article(
            "Tin nóng",
            "Tin hoạt động",
            ArticleStatus::Published,
            now() - 60,
        )
        .await;
    let mut tasks = Vec::new();
    for reader in 0..40 {
        let app = app.clone();
        let path = path.clone();
        tasks.push(tokio::spawn(async move {
            let agent = format!("Mozilla/5.0 (reader {reader}) Chrome/120");
            visit(&app, &path, &agent, "").await
        }));
    }
    for task in tasks {
        assert_eq!(task.await.expect("joined"), StatusCode::OK);
    }
    assert_eq!(app.views.flush().await, 40);
    assert_eq!(
        app.store.article_views(ArticleId(id)).await.expect("query"),
        Some(40)
    );
}
