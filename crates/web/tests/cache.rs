//! The page cache: pages kept and answered with 304s and compressed bytes,
//! and dropped exactly when something they show changes.

mod support;

use std::io::Read;
use std::time::Duration;

use axum::http::{Method, StatusCode};
use portal_core::time::now;
use portal_core::workflow::Role;
use portal_core::{ArticleContent, ArticleId, ArticleStatus, Body as ArticleBody, BodyBlock};
use portal_services::accounts;
use portal_store::NewArticle;
use support::{READER_AGENT, Staff, TestApp, step};

const PASSWORD: &str = "mật khẩu thử nghiệm";
const NEWS: &str = "Tin hoạt động";
const ECONOMY: &str = "Kinh tế";

async fn publisher(app: &TestApp) -> Staff {
    accounts::add_user(&app.store, "lanhdao", "", Role::Publisher, PASSWORD, 1)
        .await
        .expect("user");
    app.log_in("lanhdao", PASSWORD).await
}

fn category_path(article_path: &str) -> String {
    article_path
        .rsplit_once('/')
        .map(|(head, _)| head.to_string())
        .expect("article path has a category")
}

/// Changes a title behind the cache's back: only a page rendered again
/// shows it, so a page still showing the old title was kept.
async fn retitle_quietly(app: &TestApp, id: i64, title: &str) {
    portal_store::testing::retitle_behind_the_feed(&app.store, ArticleId(id), title).await;
}

#[tokio::test]
async fn a_kept_page_answers_304_and_comes_compressed() {
    let app = TestApp::new().await;
    let (_, path) = app
        .article(
            "Kỳ họp thứ mười",
            NEWS,
            ArticleStatus::Published,
            now() - 60,
        )
        .await;
    let first = app.get(&path).await;
    assert_eq!(first.status, StatusCode::OK);
    let etag = first.header("etag").to_string();
    let modified = first.header("last-modified").to_string();
    assert!(etag.starts_with("W/\""), "{etag}");
    assert!(modified.ends_with("GMT"), "{modified}");
    assert!(first.header("cache-control").contains("max-age="));
    assert!(!first.header("content-security-policy").is_empty());

    let by_tag = app
        .send(Method::GET, &path, &[("if-none-match", &etag)])
        .await;
    assert_eq!(by_tag.status, StatusCode::NOT_MODIFIED);
    assert!(by_tag.raw.is_empty());
    let by_date = app
        .send(Method::GET, &path, &[("if-modified-since", &modified)])
        .await;
    assert_eq!(by_date.status, StatusCode::NOT_MODIFIED);
    let other = app
        .send(Method::GET, &path, &[("if-none-match", "W/\"other\"")])
        .await;
    assert_eq!(other.status, StatusCode::OK);

    for answer in compressed_forms(&app, &path, &first.body).await {
        assert_eq!(answer.header("etag"), etag);
    }
}

#[tokio::test]
async fn a_kept_page_is_answered_as_it_was_rendered_on_every_site() {
    let app = TestApp::with_demo_estate().await;
    for path in ["/", "/xa-suoi-may/", "/tim-kiem?q=x%C3%A3"] {
        let first = app.get(path).await;
        assert_eq!(first.status, StatusCode::OK, "{path}");
        let kept = app.get(path).await;
        assert_eq!(kept.status, StatusCode::OK, "{path}");
        assert_eq!(kept.body, first.body, "{path}");
        for header in [
            "content-type",
            "content-security-policy",
            "referrer-policy",
            "x-content-type-options",
            "etag",
            "cache-control",
            "vary",
        ] {
            assert!(!kept.header(header).is_empty(), "{path}: {header}");
            assert_eq!(
                kept.header(header),
                first.header(header),
                "{path}: {header}"
            );
        }
    }
    // The commune's kept home page still points within the commune.
    let kept = app.get("/xa-suoi-may/").await;
    assert!(kept.body.contains("href=\"/xa-suoi-may/"), "{}", kept.body);
    assert_ne!(kept.body, app.get("/").await.body);
}

/// The brotli and gzip answers for `path`, each checked to decode to
/// `plain` and to be at most half its size.
async fn compressed_forms(app: &TestApp, path: &str, plain: &str) -> Vec<support::TestResponse> {
    let mut answers = Vec::new();
    for (coding, decode) in [
        ("br", decode_brotli as fn(&[u8]) -> String),
        ("gzip", decode_gzip),
    ] {
        let answer = app
            .send(Method::GET, path, &[("accept-encoding", coding)])
            .await;
        assert_eq!(answer.header("content-encoding"), coding);
        assert_eq!(decode(&answer.raw), plain, "{coding}");
        assert!(answer.raw.len() < plain.len() / 2, "{coding} compresses");
        answers.push(answer);
    }
    answers
}

fn decode_gzip(bytes: &[u8]) -> String {
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .expect("gzip");
    text
}

fn decode_brotli(bytes: &[u8]) -> String {
    let mut text = String::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_string(&mut text)
        .expect("brotli");
    text
}

#[tokio::test]
async fn publishing_drops_the_pages_that_list_it_and_keeps_the_others() {
    let app = TestApp::new().await;
    let staff = publisher(&app).await;
    let (economy_id, economy_path) = app
        .article(
            "Giá lúa tăng",
            ECONOMY,
            ArticleStatus::Published,
            now() - 3600,
        )
        .await;
    let (new_id, new_path) = app
        .article("Khai mạc lễ hội", NEWS, ArticleStatus::Approved, now() - 60)
        .await;
    let news = category_path(&new_path);
    let economy = category_path(&economy_path);
    let pages = [
        "/".to_string(),
        "/rss.xml".to_string(),
        news.clone(),
        format!("{news}/rss.xml"),
        economy.clone(),
        format!("{economy}/rss.xml"),
    ];
    for page in &pages {
        assert_eq!(app.get(page).await.status, StatusCode::OK, "{page}");
    }
    retitle_quietly(&app, economy_id, "Giá lúa tăng mạnh").await;

    let published = step(
        &app,
        &staff,
        &format!("/quan-tri/bai-viet/{new_id}"),
        "publish",
        "",
    )
    .await;
    assert!(published.status.is_redirection(), "{}", published.status);

    for page in ["/", "/rss.xml", &news, &format!("{news}/rss.xml")] {
        let body = app.get(page).await.body;
        assert!(
            body.contains("Khai mạc lễ hội"),
            "{page} shows the new article"
        );
    }
    assert!(app.get(&new_path).await.body.contains("Khai mạc lễ hội"));
    // The economy section does not list it: its pages were kept, as the
    // title changed behind the cache's back shows.
    for page in [economy.clone(), format!("{economy}/rss.xml")] {
        let body = app.get(&page).await.body;
        assert!(!body.contains("Khai mạc lễ hội"), "{page}");
        assert!(
            body.contains("Giá lúa tăng<") || body.contains("Giá lúa tăng</"),
            "{page} was kept"
        );
        assert!(!body.contains("tăng mạnh"), "{page} was kept");
    }
}

#[tokio::test]
async fn unpublishing_drops_every_page_that_showed_it_and_no_other() {
    let app = TestApp::new().await;
    let staff = publisher(&app).await;
    let (id, path) = app
        .article("Đường liên xã", NEWS, ArticleStatus::Published, now() - 60)
        .await;
    let (economy_id, economy_path) = app
        .article("Chợ phiên", ECONOMY, ArticleStatus::Published, now() - 3600)
        .await;
    let news = category_path(&path);
    let economy = category_path(&economy_path);
    let economy_feed = format!("{economy}/rss.xml");
    // The economy page shows it too (in the most-read list); its feed not.
    for (page, shows) in [
        (&path, true),
        (&news, true),
        (&economy, true),
        (&economy_feed, false),
    ] {
        let body = app.get(page).await.body;
        assert_eq!(body.contains("Đường liên xã"), shows, "{page}");
    }
    retitle_quietly(&app, economy_id, "Chợ phiên vùng cao").await;

    let unpublished = step(
        &app,
        &staff,
        &format!("/quan-tri/bai-viet/{id}"),
        "unpublish",
        "",
    )
    .await;
    assert!(unpublished.status.is_redirection());
    assert_eq!(app.get(&path).await.status, StatusCode::NOT_FOUND);
    for page in [&news, &economy] {
        assert!(
            !app.get(page).await.body.contains("Đường liên xã"),
            "{page}"
        );
    }
    assert!(
        app.get(&economy).await.body.contains("vùng cao"),
        "rendered again"
    );
    assert!(
        !app.get(&economy_feed).await.body.contains("vùng cao"),
        "kept"
    );
}

#[tokio::test]
async fn articles_appear_and_expire_by_the_clock() {
    let app = TestApp::new().await;
    let (_, path) = app
        .article("Tin thường", NEWS, ArticleStatus::Published, now() - 60)
        .await;
    let news = category_path(&path);
    let site = app.site().await;
    let category = portal_services::sites::category_named(&app.store, site.id, NEWS)
        .await
        .expect("category");
    let timed = |title: &str, publish_at: i64, expire_at: Option<i64>| NewArticle {
        site_id: site.id,
        slug: portal_core::text::slugify(title),
        status: ArticleStatus::Published,
        content: ArticleContent {
            category_ids: vec![category.id],
            title: title.to_string(),
            lead: String::new(),
            body: ArticleBody(vec![BodyBlock::paragraph("Nội dung.")]),
            byline: String::new(),
            source: String::new(),
            cover_media_id: None,
            publish_at: Some(publish_at),
            expire_at,
            tags: vec![],
        },
    };
    for article in [
        timed("Thông báo sắp hết hạn", now() - 30, Some(now() + 2)),
        timed("Tin hẹn giờ", now() + 2, None),
    ] {
        app.store
            .create_article(&article, now())
            .await
            .expect("written");
    }
    let before = app.get(&news).await.body;
    assert!(before.contains("Thông báo sắp hết hạn") && !before.contains("Tin hẹn giờ"));
    tokio::time::sleep(Duration::from_millis(3500)).await;
    let after = app.get(&news).await.body;
    assert!(!after.contains("Thông báo sắp hết hạn"), "expired");
    assert!(after.contains("Tin hẹn giờ"), "due");
}

#[tokio::test]
async fn readers_of_a_kept_page_are_counted_too() {
    let app = std::sync::Arc::new(TestApp::new().await);
    let (id, path) = app
        .article(
            "Tin được đọc nhiều",
            NEWS,
            ArticleStatus::Published,
            now() - 60,
        )
        .await;
    assert_eq!(app.get(&path).await.status, StatusCode::OK);
    let mut readers = Vec::new();
    for reader in 0..300 {
        let app = app.clone();
        let path = path.clone();
        readers.push(tokio::spawn(async move {
            let agent = format!("{READER_AGENT} reader/{reader}");
            app.send(Method::GET, &path, &[("user-agent", &agent)])
                .await
                .status
        }));
    }
    for reader in readers {
        assert_eq!(reader.await.expect("joined"), StatusCode::OK);
    }
    app.views.flush().await;
    assert_eq!(
        app.store.article_views(ArticleId(id)).await.expect("query"),
        Some(301)
    );
}

#[tokio::test]
async fn assets_come_compressed_once_and_are_kept_forever() {
    let app = TestApp::new().await;
    let home = app.get("/").await.body;
    let start = home.find("/assets/site.").expect("stylesheet link");
    let path = &home[start..start + home[start..].find('"').expect("quote")];
    let plain = app.get(path).await;
    assert!(plain.header("cache-control").contains("immutable"));
    assert!(plain.body.contains('{'), "CSS");
    compressed_forms(&app, path, &plain.body).await;
    let etag = plain.header("etag").to_string();
    let again = app
        .send(Method::GET, path, &[("if-none-match", &etag)])
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
}
