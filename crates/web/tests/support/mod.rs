//! `TestApp`: the whole portal on a fresh database, driven without a socket.
//! SQLite in a temporary folder by default; PostgreSQL (a schema of its own
//! per test) when `PORTAL_TEST_DATABASE_URL` is set.

#![allow(dead_code)]

pub mod corpus;
pub mod xss;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use portal_core::{ArticleContent, ArticleStatus, Body as ArticleBody, BodyBlock};
use portal_services::changes::Wake;
use portal_services::media::MediaFolder;
use portal_services::search::Search;
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
    app: portal_web::App,
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    /// The body's bytes as sent (compressed ones included).
    pub raw: Vec<u8>,
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

    /// An empty portal with these settings.
    pub async fn with_config(config: WebConfig) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let (url, options) = test_database(dir.path()).await;
        let store = Store::open(&url, options.clone())
            .await
            .expect("store opens");
        Self::on_store_with(store, dir, (url, options), config).await
    }

    /// The portal on an open store, as `portal serve` starts it.
    pub async fn on_store(
        store: Store,
        dir: tempfile::TempDir,
        database: (String, ConnectOptions),
    ) -> Self {
        let config = WebConfig {
            // Tests read pages back at once; view counts need not age.
            cache: portal_web::cache::CacheConfig {
                fresh_for: Duration::from_secs(600),
                ..Default::default()
            },
            ..Default::default()
        };
        Self::on_store_with(store, dir, database, config).await
    }

    pub async fn on_store_with(
        store: Store,
        dir: tempfile::TempDir,
        database: (String, ConnectOptions),
        config: WebConfig,
    ) -> Self {
        portal_services::sites::site_or_default(&store, None)
            .await
            .expect("default site");
        portal_web::ensure_default_placements(&store)
            .await
            .expect("placements");
        let media = MediaFolder::local(dir.path().join("media")).expect("media folder");
        let (views, _task) = ViewCounter::start(store.clone(), Duration::from_secs(3600))
            .await
            .expect("view counter");
        let (wake, _wake_task) = Wake::start(&store);
        let (search, _search_task) =
            Search::in_memory(store.clone(), wake.clone()).expect("search index");
        let state = Arc::new(AppState::new(
            store.clone(),
            media,
            views.clone(),
            search,
            wake,
            config,
        ));
        portal_web::follow_changes(&state);
        let app = portal_web::app(state.clone());
        Self {
            state,
            store,
            views,
            dir,
            database,
            app,
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
        app.settled().await;
        app
    }

    /// The demo province with its five sub-portals, as `serve --demo`
    /// makes it.
    pub async fn with_demo_estate() -> Self {
        let app = Self::with_demo().await;
        let written = portal_services::demo::seed_demo_estate(&app.store, portal_core::time::now())
            .await
            .expect("demo sub-portals");
        assert_eq!(written, 7);
        portal_web::ensure_default_placements(&app.store)
            .await
            .expect("their blocks");
        app.settled().await;
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
        self.send_body(method, path, headers, String::new()).await
    }

    /// A form POST, as a browser sends it.
    pub async fn post_form(
        &self,
        path: &str,
        cookie: &str,
        fields: &[(&str, &str)],
    ) -> TestResponse {
        self.post_form_at("localhost", path, cookie, fields).await
    }

    pub async fn get_with_cookie(&self, path: &str, cookie: &str) -> TestResponse {
        self.send(
            Method::GET,
            path,
            &[("cookie", cookie), ("user-agent", READER_AGENT)],
        )
        .await
    }

    /// Logs in through the login form; returns the session cookie and the
    /// page's CSRF token.
    pub async fn log_in(&self, login: &str, password: &str) -> Staff {
        match self.log_in_at("localhost", "", login, password).await {
            Ok(staff) => staff,
            Err(answer) => panic!("login refused: {} {}", answer.status, answer.body),
        }
    }

    /// Logs in to the newsroom of the site at `host` (under `prefix`,
    /// `/code`, for a sub-site without a host of its own); the refusal's
    /// answer when the login is refused.
    pub async fn log_in_at(
        &self,
        host: &str,
        prefix: &str,
        login: &str,
        password: &str,
    ) -> Result<Staff, TestResponse> {
        let suffix = prefix.replace('/', "_");
        let form = self
            .send(
                Method::GET,
                &format!("{prefix}/quan-tri/dang-nhap"),
                &[("host", host), ("user-agent", READER_AGENT)],
            )
            .await;
        let login_cookie =
            cookie_pair(&form, &format!("portal_login_csrf{suffix}")).expect("login CSRF cookie");
        let csrf = hidden_value(&form.body, "csrf");
        let answer = self
            .post_form_at(
                host,
                &format!("{prefix}/quan-tri/dang-nhap"),
                &login_cookie,
                &[("login", login), ("password", password), ("csrf", &csrf)],
            )
            .await;
        if answer.status != axum::http::StatusCode::SEE_OTHER {
            return Err(answer);
        }
        let cookie =
            cookie_pair(&answer, &format!("portal_session{suffix}")).expect("session cookie");
        let desk = self
            .send(
                Method::GET,
                &format!("{prefix}/quan-tri"),
                &[
                    ("host", host),
                    ("cookie", &cookie),
                    ("user-agent", READER_AGENT),
                ],
            )
            .await;
        Ok(Staff {
            csrf: hidden_value(&desk.body, "csrf"),
            cookie,
        })
    }

    /// A form POST to the site at `host`.
    pub async fn post_form_at(
        &self,
        host: &str,
        path: &str,
        cookie: &str,
        fields: &[(&str, &str)],
    ) -> TestResponse {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", form_encode(k), form_encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let headers = [
            ("host", host),
            ("content-type", "application/x-www-form-urlencoded"),
            ("cookie", cookie),
            ("user-agent", READER_AGENT),
        ];
        self.send_body(Method::POST, path, &headers, body).await
    }

    pub async fn send_body(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: String,
    ) -> TestResponse {
        self.send_body_bytes(method, path, headers, body.into_bytes())
            .await
    }

    pub async fn send_body_bytes(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> TestResponse {
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
            .app
            .clone()
            .oneshot(request.body(Body::from(body)).expect("request"))
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
            raw: bytes.to_vec(),
        }
    }

    /// The portal's default site, the one every test page belongs to.
    /// Uploads a file to the library as the newsroom's form does.
    pub async fn upload(&self, staff: &Staff, name: &str, bytes: &[u8], alt: &str) -> TestResponse {
        let boundary = "----portal-test-boundary";
        let mut body = Vec::new();
        for (field, value) in [
            ("csrf", staff.csrf.as_str()),
            ("alt", alt),
            ("credit", "Phóng viên"),
        ] {
            body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\n{value}\r\n").as_bytes());
        }
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: image/jpeg\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let content_type = format!("multipart/form-data; boundary={boundary}");
        self.send_body_bytes(
            Method::POST,
            "/quan-tri/thu-vien",
            &[("content-type", &content_type), ("cookie", &staff.cookie)],
            body,
        )
        .await
    }

    pub async fn site(&self) -> portal_core::Site {
        self.store
            .default_site()
            .await
            .expect("query")
            .expect("site")
    }

    /// Writes an article straight into the store; returns its public path.
    /// The id of the default site's section with this slug, as the
    /// article form sends it.
    pub async fn category_id(&self, slug: &str) -> String {
        let site = self.site().await;
        self.store
            .category_by_slug(site.id, slug)
            .await
            .expect("query")
            .expect("category")
            .id
            .to_string()
    }

    /// Returns once every change made so far has reached the pages, the
    /// memos and the search index (each follower of the change feed had a
    /// whole round since).
    pub async fn settled(&self) {
        self.state.pages.caught_up(&self.state.wake).await;
        self.state.search.settled().await;
    }

    pub async fn article(
        &self,
        title: &str,
        category: &str,
        status: ArticleStatus,
        publish_at: i64,
    ) -> (i64, String) {
        let site = self.site().await;
        let category = portal_services::sites::category_named(&self.store, site.id, category)
            .await
            .expect("category");
        let slug = portal_core::text::slugify(title);
        let id = self
            .store
            .create_article(
                &NewArticle {
                    site_id: site.id,
                    slug: slug.clone(),
                    status,
                    content: ArticleContent {
                        category_ids: vec![category.id],
                        title: title.to_string(),
                        lead: format!("Tóm tắt: {title}."),
                        body: ArticleBody(vec![BodyBlock::paragraph(&format!(
                            "Nội dung bài {title}."
                        ))]),
                        byline: "Phóng viên".into(),
                        source: String::new(),
                        cover_media_id: None,
                        publish_at: Some(publish_at),
                        expire_at: None,
                        tags: vec![],
                    },
                },
                portal_core::time::now(),
            )
            .await
            .expect("article written");
        // Through the store, as another process writes: the change reaches
        // the pages through the feed before the test goes on.
        self.settled().await;
        (
            id.get(),
            portal_core::content::article_path(Some(&category.slug), &slug, id),
        )
    }
}

pub struct Staff {
    /// `portal_session=…`, ready for a Cookie header.
    pub cookie: String,
    pub csrf: String,
}

pub fn form_encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// `name=value` of a Set-Cookie in the response, when it sets a value.
pub fn cookie_pair(response: &TestResponse, name: &str) -> Option<String> {
    response
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .find(|pair| pair.starts_with(&format!("{name}=")) && pair.len() > name.len() + 1)
        .map(str::to_string)
}

/// The value of the first hidden input with this name.
pub fn hidden_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} field in {html}"))
        + marker.len();
    html[start..start + html[start..].find('"').expect("quote")].to_string()
}

/// The text of the first textarea with this name, as a browser reads it.
pub fn textarea_value(html: &str, name: &str) -> String {
    let document = scraper::Html::parse_document(html);
    let selector =
        scraper::Selector::parse(&format!("textarea[name=\"{name}\"]")).expect("selector");
    document
        .select(&selector)
        .next()
        .unwrap_or_else(|| panic!("no {name} textarea"))
        .text()
        .collect()
}

/// Takes a workflow step on the article at `article` (its editor's path).
pub async fn step(
    app: &TestApp,
    staff: &Staff,
    article: &str,
    action: &str,
    note: &str,
) -> TestResponse {
    app.post_form(
        &format!("{article}/buoc"),
        &staff.cookie,
        &[("csrf", &staff.csrf), ("action", action), ("note", note)],
    )
    .await
}

/// Says on stderr that a test did not run and why; written to the stream
/// itself, which `cargo test` shows even for a passing test (`eprintln!`
/// would be captured with the test's output).
pub fn notice(message: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr().lock(), "NOTICE: {message}");
}

/// A public form as a citizen's browser holds it: its token cookie, its
/// hidden fields, and the answer to its sum, worked out from the label.
pub struct PublicForm {
    pub cookie: String,
    pub csrf: String,
    pub challenge_token: String,
    pub answer: String,
    pub page: TestResponse,
}

/// The sum a public form asks, read as a person reads it.
pub fn challenge_answer(html: &str) -> String {
    const WORDS: [&str; 9] = [
        "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
    ];
    let document = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse("label").expect("selector");
    let label = document
        .select(&selector)
        .map(|label| label.text().collect::<String>())
        .find(|text| text.contains(" cộng "))
        .unwrap_or_else(|| panic!("no sum on the page: {html}"));
    let words: Vec<&str> = label.split_whitespace().collect();
    let at = words.iter().position(|w| *w == "cộng").expect("cộng");
    let number = |word: &str| {
        WORDS
            .iter()
            .position(|w| *w == word.trim_matches(|c: char| !c.is_alphabetic()))
            .expect("a number in words")
            + 1
    };
    (number(words[at - 1]) + number(words[at + 1])).to_string()
}

impl TestApp {
    /// Opens a public form as a citizen does.
    pub async fn public_form(&self, path: &str) -> PublicForm {
        let page = self.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
        PublicForm {
            cookie: cookie_pair(&page, "portal_login_csrf").expect("form cookie"),
            csrf: hidden_value(&page.body, "csrf"),
            challenge_token: hidden_value(&page.body, "challenge_token"),
            answer: challenge_answer(&page.body),
            page,
        }
    }

    /// Sends a public form (multipart, as the browser does) from
    /// `address`, with its seal and `fields`, and a file if given.
    pub async fn send_public(
        &self,
        path: &str,
        form: &PublicForm,
        fields: &[(&str, &str)],
        file: Option<(&str, &[u8])>,
        address: &str,
    ) -> TestResponse {
        let mut all = vec![
            ("csrf", form.csrf.as_str()),
            ("challenge_token", form.challenge_token.as_str()),
            ("challenge_answer", form.answer.as_str()),
        ];
        all.extend_from_slice(fields);
        self.send_multipart(path, &form.cookie, &all, file, address)
            .await
    }

    /// A multipart POST with exactly these fields.
    pub async fn send_multipart(
        &self,
        path: &str,
        cookie: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &[u8])>,
        address: &str,
    ) -> TestResponse {
        let boundary = "----portal-public-boundary";
        let mut body = Vec::new();
        for (field, value) in fields {
            body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\n{value}\r\n").as_bytes());
        }
        if let Some((name, bytes)) = file {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let content_type = format!("multipart/form-data; boundary={boundary}");
        self.send_body_bytes(
            Method::POST,
            path,
            &[
                ("content-type", &content_type),
                ("cookie", cookie),
                ("user-agent", READER_AGENT),
                ("x-forwarded-for", address),
            ],
            body,
        )
        .await
    }
}
