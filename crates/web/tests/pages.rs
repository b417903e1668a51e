//! What a reader sees: home, category and article pages, errors, assets.

mod support;

use axum::http::{Method, StatusCode};
use portal_core::time::now;
use portal_core::workflow::Role;
use portal_core::{ArticleContent, ArticleId, ArticleStatus};
use portal_services::accounts;
use support::TestApp;

#[tokio::test]
async fn home_page_shows_the_site_and_its_news() {
    let app = TestApp::with_demo().await;
    let page = app.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.header("content-type").starts_with("text/html"));
    let html = &page.body;
    assert!(html.contains("<html lang=\"vi\">"));
    assert!(
        html.contains("Cổng thông tin điện tử tỉnh"),
        "site name in the header"
    );
    assert!(
        html.contains("Ủy ban nhân dân tỉnh"),
        "agency in the header"
    );
    assert!(html.contains("Tin nổi bật") && html.contains("Tin mới"));
    // A list for every main category, linking to it.
    for (name, path) in [
        ("Tin hoạt động", "/tin-hoat-dong"),
        ("Chỉ đạo điều hành", "/chi-dao-dieu-hanh"),
        ("Kinh tế - Xã hội", "/kinh-te-xa-hoi"),
        ("Văn hóa - Du lịch", "/van-hoa-du-lich"),
    ] {
        assert!(html.contains(name), "{name}");
        assert!(html.contains(&format!("href=\"{path}\"")), "{path}");
    }
    assert!(html.contains("Ủy ban nhân dân tỉnh họp phiên thường kỳ tháng 11"));
    assert!(html.contains("srcset="), "responsive images");
    // Footer: the agency's contact details.
    assert!(
        html.contains("Điện thoại") && html.contains("Thư điện tử") && html.contains("Địa chỉ")
    );
    // No external fonts, scripts or CDNs.
    for external in ["<script src=\"http", "fonts.googleapis", "cdn."] {
        assert!(!html.contains(external), "{external}");
    }
}

#[tokio::test]
async fn category_pages_paginate_and_refuse_bad_page_numbers() {
    let app = TestApp::new().await;
    let base = now() - 86_400;
    for i in 0..23 {
        app.article(
            &format!("Tin thứ {i:02}"),
            "Tin hoạt động",
            ArticleStatus::Published,
            base + i,
        )
        .await;
    }
    let first = app.get("/tin-hoat-dong").await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(
        first
            .body
            .contains("<h1 class=\"page-title\">Tin hoạt động</h1>")
    );
    assert!(first.body.contains("Tin thứ 22"), "newest first");
    assert!(!first.body.contains("Tin thứ 12"), "ten a page");
    assert!(first.body.contains("Trang 1 trên 3"));
    assert!(first.body.contains("rel=\"next\""));

    let third = app.get("/tin-hoat-dong?page=3").await;
    assert_eq!(third.status, StatusCode::OK);
    assert!(third.body.contains("Tin thứ 00"));
    assert!(!third.body.contains("rel=\"next\""));

    for bad in ["abc", "-1", "0", "1.5"] {
        let page = app.get(&format!("/tin-hoat-dong?page={bad}")).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "page={bad}");
        assert!(
            page.body.contains("Số trang phải là số nguyên"),
            "page={bad}"
        );
    }
    assert_eq!(
        app.get("/tin-hoat-dong?page=4").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn unknown_addresses_get_a_vietnamese_404() {
    let app = TestApp::with_demo().await;
    for path in [
        "/khong-co-chuyen-muc",
        "/tin-hoat-dong/khong-co-bai-999999",
        "/tin-hoat-dong/khong-co-so",
        "/a/b/c",
        "/assets/site.00000000.css",
        "/media/../portal.db",
        "/media/demo/khong-co.jpg",
    ] {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
    }
    let page = app.get("/khong-co-chuyen-muc").await;
    assert!(page.body.contains("Không tìm thấy trang"));
    assert!(page.body.contains("Về trang chủ"));
}

#[tokio::test]
async fn only_published_articles_in_their_window_are_shown() {
    let app = TestApp::new().await;
    let (_, draft) = app
        .article(
            "Bản nháp",
            "Tin hoạt động",
            ArticleStatus::Draft,
            now() - 60,
        )
        .await;
    let (_, future) = app
        .article(
            "Tin hẹn giờ",
            "Tin hoạt động",
            ArticleStatus::Published,
            now() + 3_600,
        )
        .await;
    let (_, live) = app
        .article(
            "Tin đã đăng",
            "Tin hoạt động",
            ArticleStatus::Published,
            now() - 60,
        )
        .await;
    assert_eq!(app.get(&draft).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&future).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&live).await.status, StatusCode::OK);
    let list = app.get("/tin-hoat-dong").await.body;
    assert!(list.contains("Tin đã đăng"));
    assert!(!list.contains("Bản nháp") && !list.contains("Tin hẹn giờ"));
}

#[tokio::test]
async fn section_lists_follow_publication_times_through_every_change() {
    let app = TestApp::new().await;
    let base = now() - 86_400;
    let mut written = Vec::new();
    for (at, title) in [(1, "Tin sớm nhất"), (2, "Tin ở giữa"), (3, "Tin mới nhất")] {
        let status = ArticleStatus::Published;
        written.push(app.article(title, "Tin hoạt động", status, base + at).await);
    }
    let (earliest_id, middle, newest) = (written[0].0, &written[1].1, &written[2].1);
    listed_in_order(&app, &["Tin mới nhất", "Tin ở giữa", "Tin sớm nhất"]).await;
    // Below an article: what its section published before it, only.
    let older = older_in_section(&app, middle).await;
    assert!(older.contains("Tin sớm nhất"));
    assert!(!older.contains("Tin mới nhất") && !older.contains("Tin ở giữa"));

    // Published again later, the earliest one leads its section.
    let publisher = accounts::add_user(
        &app.store,
        "lanhdao",
        "",
        Role::Publisher,
        "mat-khau-rat-dai-2025",
        base,
    )
    .await
    .expect("user");
    let published = ArticleStatus::Published;
    app.store
        .set_status(
            ArticleId(earliest_id),
            published,
            published,
            Some(base + 10),
            "",
            publisher,
            base + 10,
        )
        .await
        .expect("republish");
    app.state.pages.clear();
    listed_in_order(&app, &["Tin sớm nhất", "Tin mới nhất", "Tin ở giữa"]).await;
    let older = older_in_section(&app, newest).await;
    assert!(older.contains("Tin ở giữa"));
    assert!(!older.contains("Tin sớm nhất"), "now newer than this one");
}

/// The section page "Tin hoạt động" lists these titles in this order.
async fn listed_in_order(app: &TestApp, titles: &[&str]) {
    let page = app.get("/tin-hoat-dong").await.body;
    let listing = section(&page, "page-title", "</main>");
    let at: Vec<usize> = titles
        .iter()
        .map(|t| listing.find(t).unwrap_or_else(|| panic!("{t} missing")))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{titles:?} in order");
}

/// The list of the section's other articles below an article.
async fn older_in_section(app: &TestApp, article_path: &str) -> String {
    let page = app.get(article_path).await.body;
    section(&page, "Tin khác cùng chuyên mục", "</section>").to_string()
}

#[tokio::test]
async fn an_old_address_redirects_to_the_canonical_one() {
    let app = TestApp::new().await;
    let (id, path) = app
        .article(
            "Tin chính thức",
            "Tin hoạt động",
            ArticleStatus::Published,
            now() - 60,
        )
        .await;
    let page = app.get(&format!("/chuyen-muc-cu/ten-cu-{id}")).await;
    assert_eq!(page.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(page.header("location"), path);
}

#[tokio::test]
async fn article_page_has_toolbar_view_and_lists_below() {
    let app = TestApp::with_demo().await;
    let list = app
        .get("/api/v1/articles?category=tin-hoat-dong")
        .await
        .json();
    let url = list["items"][0]["url"].as_str().expect("url").to_string();
    let path = url.trim_start_matches("http://localhost");
    let page = app.get(path).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = &page.body;

    // Toolbar: date, size buttons with accessible names, print, share, views.
    let toolbar = section(html, "class=\"news-toolbar\"", "</div>");
    assert!(toolbar.contains("role=\"toolbar\""));
    assert!(regex_like_date(toolbar), "dd/mm/yyyy date in {toolbar}");
    for name in [
        "Tăng cỡ chữ",
        "Giảm cỡ chữ",
        "Cỡ chữ mặc định",
        "In bài viết",
        "Chia sẻ lên Facebook",
        "Chia sẻ qua Zalo",
        "Sao chép liên kết",
    ] {
        assert!(
            toolbar.contains(&format!("aria-label=\"{name}\"")),
            "{name}"
        );
    }
    assert!(toolbar.contains("lượt xem"));

    // View: one h1 (the title), the lead set apart, figures, byline last.
    assert_eq!(html.matches("<h1").count(), 1);
    assert!(html.contains(
        "<h1 class=\"article-title\">Ủy ban nhân dân tỉnh họp phiên thường kỳ tháng 11</h1>"
    ));
    assert!(html.contains("<p class=\"article-lead\">"));
    assert!(html.contains("<figure class=\"figure\">"));
    assert!(html.contains("<figcaption>Quang cảnh phiên họp thường kỳ</figcaption>"));
    assert!(html.contains("sizes=\"(min-width: 60rem) 40rem, 100vw\""));
    let view = section(html, "data-block=\"news.view\"", "</article>");
    let byline_at = view.find("article-byline").expect("byline");
    assert!(
        view.rfind("<p>").expect("paragraphs") < byline_at,
        "byline after the body"
    );
    assert!(view.contains("Minh Châu"));

    // Below: other articles of the category, and related ones.
    assert!(html.contains("Tin khác cùng chuyên mục"));
    assert!(
        html.contains("Tin liên quan"),
        "a related article shares words with this one"
    );
    // Print: the article's address is printed with it.
    assert!(html.contains("class=\"print-only\">Địa chỉ bài viết: http://localhost/"));
}

#[tokio::test]
async fn article_metadata_for_search_engines_and_state_portal_rules() {
    let app = TestApp::with_demo().await;
    let list = app.get("/api/v1/articles").await.json();
    let url = list["items"][0]["url"].as_str().expect("url").to_string();
    let html = app
        .get(url.trim_start_matches("http://localhost"))
        .await
        .body;
    assert!(html.contains(&format!("<link rel=\"canonical\" href=\"{url}\">")));
    for tag in [
        "property=\"og:type\" content=\"article\"",
        "property=\"og:title\"",
        "property=\"og:description\"",
        "property=\"og:image\"",
        "property=\"article:published_time\"",
        "name=\"description\"",
        "name=\"DC.title\"",
        "name=\"DC.creator\"",
        "name=\"DC.date\"",
        "name=\"DC.description\"",
        "name=\"DC.publisher\" content=\"Ủy ban nhân dân tỉnh\"",
        "name=\"DC.identifier\"",
    ] {
        assert!(html.contains(tag), "{tag}");
    }
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD")
        + 35;
    let end = start + html[start..].find("</script>").expect("end of JSON-LD");
    let jsonld: serde_json::Value =
        serde_json::from_str(&html[start..end]).expect("JSON-LD parses");
    assert_eq!(jsonld["@type"], "NewsArticle");
    assert_eq!(jsonld["mainEntityOfPage"], url);
    assert!(jsonld["headline"].as_str().is_some_and(|h| !h.is_empty()));
    assert!(
        jsonld["datePublished"]
            .as_str()
            .is_some_and(|d| d.ends_with("+07:00"))
    );
    assert_eq!(jsonld["publisher"]["name"], "Ủy ban nhân dân tỉnh");
    assert_eq!(jsonld["author"]["@type"], "Person");
}

#[tokio::test]
async fn assets_are_embedded_and_kept_forever() {
    let app = TestApp::new().await;
    let html = app.get("/").await.body;
    let href = attribute_after(&html, "rel=\"stylesheet\" href=\"");
    let css = app.get(href).await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.header("content-type").starts_with("text/css"));
    assert!(css.header("cache-control").contains("immutable"));
    assert!(css.body.contains("@media print"), "print stylesheet");
    assert!(
        !css.body.contains("@import") && !css.body.contains("url(http"),
        "nothing external"
    );
}

#[tokio::test]
async fn media_files_are_served_and_traversal_is_refused() {
    let app = TestApp::with_demo().await;
    let html = app.get("/").await.body;
    let src = format!("/media/{}", attribute_after(&html, "src=\"/media/"));
    let image = app.get(&src).await;
    assert_eq!(image.status, StatusCode::OK, "{src}");
    assert_eq!(image.header("content-type"), "image/jpeg");
    for path in [
        "/media/..%2Fportal.db",
        "/media/%2e%2e/portal.db",
        "/media//etc/passwd",
    ] {
        assert_eq!(app.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn health_check_answers() {
    let app = TestApp::new().await;
    let health = app.send(Method::GET, "/healthz", &[]).await;
    assert_eq!(health.status, StatusCode::OK);
}

fn section<'a>(html: &'a str, start_marker: &str, end_marker: &str) -> &'a str {
    let start = html
        .find(start_marker)
        .unwrap_or_else(|| panic!("{start_marker} missing"));
    let end = start + html[start..].find(end_marker).expect("section end");
    &html[start..end]
}

/// The attribute value that starts right after `marker`.
fn attribute_after<'a>(html: &'a str, marker: &str) -> &'a str {
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} missing"))
        + marker.len();
    &html[start..start + html[start..].find('"').expect("closing quote")]
}

fn regex_like_date(text: &str) -> bool {
    text.as_bytes().windows(10).any(|w| {
        w.iter().enumerate().all(|(i, b)| match i {
            2 | 5 => *b == b'/',
            _ => b.is_ascii_digit(),
        })
    })
}

#[tokio::test]
async fn videos_play_from_youtube_only_and_attachments_download() {
    use portal_core::{Body, BodyBlock};
    let app = TestApp::new().await;
    let site = app.site().await;
    let category = portal_services::sites::category_named(&app.store, site.id, "Văn bản")
        .await
        .expect("c");
    let pdf = portal_core::Media {
        id: 0,
        site_id: site.id,
        mime: "application/pdf".into(),
        key: "2026/11/ke-hoach.pdf".into(),
        width: 0,
        height: 0,
        byte_size: 4096,
        alt: String::new(),
        credit: String::new(),
        name: "Kế hoạch.pdf".into(),
        variants: vec![],
    };
    let pdf_id = app.store.insert_media(&pdf, now()).await.expect("media");
    let body = Body(vec![
        BodyBlock::Embed {
            url: "https://youtu.be/dQw4w9WgXcQ".into(),
            title: "Phóng sự".into(),
        },
        BodyBlock::Embed {
            url: "https://evil.example/player".into(),
            title: "Lạ".into(),
        },
        // Stored by another program, past the newsroom's checks.
        BodyBlock::Embed {
            url: " JavaScript:alert(1)".into(),
            title: "Độc".into(),
        },
        BodyBlock::Attachment {
            media_id: pdf_id,
            name: "Kế hoạch số 12".into(),
        },
    ]);
    let id = app
        .store
        .create_article(
            &portal_store::NewArticle {
                site_id: site.id,
                slug: "van-ban".into(),
                status: ArticleStatus::Published,
                content: ArticleContent {
                    category_ids: vec![category.id],
                    title: "Văn bản kèm video".into(),
                    lead: String::new(),
                    body,
                    byline: String::new(),
                    source: String::new(),
                    cover_media_id: None,
                    publish_at: Some(now() - 10),
                    expire_at: None,
                    tags: vec!["video".into()],
                },
            },
            now(),
        )
        .await
        .expect("article");
    // "Văn bản" as a section moves aside for the documents base, and the
    // address it would have had leads to the article.
    let moved = app.get(&format!("/van-ban/van-ban-{id}")).await;
    assert_eq!(moved.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(
        moved.header("location"),
        format!("/van-ban-tin/van-ban-{id}")
    );
    let html = app.get(&format!("/van-ban-tin/van-ban-{id}")).await.body;
    assert!(html.contains("<iframe src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\""));
    assert_eq!(
        html.matches("<iframe").count(),
        1,
        "an unknown provider stays a link"
    );
    assert!(
        html.contains("href=\"https://evil.example/player\" rel=\"noopener noreferrer nofollow\"")
    );
    assert!(
        html.contains("<a href=\"/media/2026/11/ke-hoach.pdf\" download>Kế hoạch số 12</a> (4 KB)")
    );
    assert!(!html.to_ascii_lowercase().contains("javascript:"));
    assert!(html.contains("<p class=\"embed-link\">Độc</p>"));
    let api = app.get(&format!("/api/v1/articles/{id}")).await.body;
    assert!(!api.to_ascii_lowercase().contains("javascript:"), "{api}");
    assert!(api.contains("https://evil.example/player"));
}
