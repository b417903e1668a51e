//! `TestApp`: the whole portal on a fresh database, driven without a socket.
//! SQLite in a temporary folder by default; PostgreSQL (a schema of its own
//! per test) when `PORTAL_TEST_DATABASE_URL` is set.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use portal_core::{ArticleStatus, Body as ArticleBody, BodyBlock};
use portal_services::media::MediaFolder;
use portal_services::views::ViewCounter;
use portal_store::{ConnectOptions, NewArticle, Store};
use portal_web::{AppState, SharedState, WebConfig};
use tower::ServiceExt;

pub const READER_AGENT: &str = "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36";

pub struct TestApp {
    pub state: SharedState,
    pub store: Store,
    pub views: ViewCounter,
    pub dir: tempfile::TempDir,
    /// How to open this test's database again (a restart).
    pub database: (String, ConnectOptions),
    router: Router,
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl TestResponse {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

pub use portal_store::testing::test_database;

impl TestApp {
    /// An empty portal: the default site and its block placements only.
    pub async fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let (url, options) = test_database(dir.path()).await;
        let store = Store::open(&url, options.clone())
            .await
            .expect("store opens");
        Self::on_store(store, dir, (url, options)).await
    }

    /// The portal on an open store, as `portal serve` starts it.
    pub async fn on_store(
        store: Store,
        dir: tempfile::TempDir,
        database: (String, ConnectOptions),
    ) -> Self {
        portal_services::sites::site_or_default(&store, None)
            .await
            .expect("default site");
        portal_web::ensure_default_placements(&store)
            .await
            .expect("placements");
        let media = MediaFolder::new(dir.path().join("media"));
        let (views, _task) = ViewCounter::start(store.clone(), Duration::from_secs(3600))
            .await
            .expect("view counter");
        let state = Arc::new(AppState::new(
            store.clone(),
            media,
            views.clone(),
            WebConfig::default(),
        ));
        let router = portal_web::router(state.clone());
        Self {
            state,
            store,
            views,
            dir,
            database,
            router,
        }
    }

    /// The portal with the demo site written into it.
    pub async fn with_demo() -> Self {
        let app = Self::new().await;
        let written = portal_services::demo::seed_demo(
            &app.store,
            &app.state.media,
            portal_core::time::now(),
        )
        .await
        .expect("demo content");
        assert_eq!(written, 12);
        app
    }

    pub fn media_root(&self) -> PathBuf {
        self.dir.path().join("media")
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.send(Method::GET, path, &[("user-agent", READER_AGENT)])
            .await
    }

    pub async fn send(&self, method: Method, path: &str, headers: &[(&str, &str)]) -> TestResponse {
        let mut request = Request::builder().method(method).uri(path);
        if !headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("host"))
        {
            request = request.header("host", "localhost");
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = self
            .router
            .clone()
            .oneshot(request.body(Body::empty()).expect("request"))
            .await
            .expect("router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// Writes an article straight into the store; returns its public path.
    pub async fn article(
        &self,
        title: &str,
        category: &str,
        status: ArticleStatus,
        publish_at: i64,
    ) -> (i64, String) {
        let site = self
            .store
            .default_site()
            .await
            .expect("query")
            .expect("site");
        let category = portal_services::sites::category_named(&self.store, site.id, category)
            .await
            .expect("category");
        let slug = portal_core::text::slugify(title);
        let id = self
            .store
            .create_article(
                &NewArticle {
                    site_id: site.id,
                    category_ids: vec![category.id],
                    slug: slug.clone(),
                    title: title.to_string(),
                    lead: format!("Tóm tắt: {title}."),
                    body: ArticleBody(vec![BodyBlock::paragraph(&format!(
                        "Nội dung bài {title}."
                    ))]),
                    byline: "Phóng viên".into(),
                    source: String::new(),
                    cover_media_id: None,
                    status,
                    featured: false,
                    publish_at: Some(publish_at),
                    expire_at: None,
                },
                portal_core::time::now(),
            )
            .await
            .expect("article written");
        (
            id,
            portal_core::content::article_path(Some(&category.slug), &slug, id),
        )
    }
}
