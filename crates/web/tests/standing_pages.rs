//! Standing pages (Giới thiệu, Chức năng nhiệm vụ, Liên hệ…): written with
//! the article editor in the pages section, reviewed and published like
//! articles, each at `/{its name}`, kept out of every news list, found by
//! the site search and named on the sitemap.

mod support;

use axum::http::StatusCode;
use portal_core::content::PAGES_SLUG;
use portal_core::workflow::Role;
use portal_services::accounts;
use support::{Staff, TestApp, step};

const PASSWORD: &str = "mật khẩu thử trang";

async fn portal() -> (TestApp, Staff, Staff) {
    let app = TestApp::with_demo().await;
    for (login, role) in [
        ("phongvien", Role::Author),
        ("duyet", Role::Publisher),
        ("quantri", Role::Admin),
    ] {
        accounts::add_user(&app.store, login, "", role, PASSWORD, 1)
            .await
            .expect("user");
    }
    let author = app.log_in("phongvien", PASSWORD).await;
    let publisher = app.log_in("duyet", PASSWORD).await;
    (app, author, publisher)
}

/// The id of the pages section, as the editor offers it.
async fn pages_section(app: &TestApp, staff: &Staff) -> String {
    let form = app
        .get_with_cookie("/quan-tri/bai-viet/moi", &staff.cookie)
        .await;
    let page = scraper::Html::parse_document(&form.body);
    let option = scraper::Selector::parse("select[name=category_id] option").expect("selector");
    page.select(&option)
        .find(|o| o.text().collect::<String>().starts_with("Trang thông tin"))
        .and_then(|o| o.value().attr("value"))
        .expect("the pages section is offered last")
        .to_string()
}

async fn write(
    app: &TestApp,
    staff: &Staff,
    title: &str,
    categories: &[(&str, &str)],
) -> support::TestResponse {
    let mut form = vec![
        ("csrf", staff.csrf.as_str()),
        ("title", title),
        ("lead", ""),
        (
            "body",
            "Sở có chức năng tham mưu.\n\nĐịa chỉ: số 2, đường Trung tâm.",
        ),
        ("byline", ""),
    ];
    form.extend_from_slice(categories);
    app.post_form("/quan-tri/bai-viet", &staff.cookie, &form)
        .await
}

#[tokio::test]
async fn a_page_is_written_reviewed_and_published_at_its_name() {
    let (app, author, publisher) = portal().await;
    let admin = app.log_in("quantri", PASSWORD).await;
    let section = pages_section(&app, &author).await;
    let created = write(
        &app,
        &author,
        "Đường dây nóng",
        &[("category_id", section.as_str())],
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let editor = created
        .header("location")
        .split('?')
        .next()
        .expect("path")
        .to_string();
    assert!(editor.starts_with("/quan-tri/bai-viet/"));
    assert_eq!(
        app.get("/duong-day-nong").await.status,
        StatusCode::NOT_FOUND
    );
    // A menu item waits for the page; the home page is kept meanwhile.
    let footer = app
        .post_form(
            "/quan-tri/menu/chan-trang",
            &admin.cookie,
            &[
                ("csrf", admin.csrf.as_str()),
                ("label.0", "Đường dây nóng"),
                ("target.0", "page"),
                ("value.0", "duong-day-nong"),
            ],
        )
        .await;
    assert_eq!(footer.status, StatusCode::SEE_OTHER, "{}", footer.body);
    assert!(
        !app.get("/")
            .await
            .body
            .contains(r#"href="/duong-day-nong""#)
    );

    // Review as for any article: the author submits, a publisher publishes.
    let submitted = step(&app, &author, &editor, "submit", "").await;
    assert_eq!(
        submitted.status,
        StatusCode::SEE_OTHER,
        "{}",
        submitted.body
    );
    assert_eq!(
        app.get("/duong-day-nong").await.status,
        StatusCode::NOT_FOUND
    );
    for action in ["approve", "publish"] {
        let done = step(&app, &publisher, &editor, action, "").await;
        assert_eq!(
            done.status,
            StatusCode::SEE_OTHER,
            "{action}: {}",
            done.body
        );
    }
    let page = app.get("/duong-day-nong").await;
    assert_eq!(page.status, StatusCode::OK);
    let home = app.get("/").await;
    assert!(
        home.body
            .contains(r#"<a href="/duong-day-nong">Đường dây nóng</a>"#),
        "the kept home page shows the page's menu item once it is published: {}",
        home.body.split("footer-links").nth(1).unwrap_or_default()
    );
    assert!(page.body.contains("Sở có chức năng tham mưu."));
    assert!(page.body.contains(r#""@type":"WebPage""#));
    assert!(
        page.body
            .contains(r#"<link rel="canonical" href="http://localhost/duong-day-nong">"#)
    );
    // Its old-style address leads to its name; the section has no list.
    let id = editor.rsplit('/').next().expect("id");
    let old = app.get(&format!("/{PAGES_SLUG}/duong-day-nong-{id}")).await;
    assert_eq!(old.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(old.header("location"), "/duong-day-nong");
    assert_eq!(
        app.get(&format!("/{PAGES_SLUG}")).await.status,
        StatusCode::NOT_FOUND
    );

    // The history keeps each version, as for articles.
    let history = app.get_with_cookie(&editor, &publisher.cookie).await;
    assert!(history.body.contains("/phien-ban/1"), "revisions listed");
}

#[tokio::test]
async fn pages_stay_out_of_news_lists_but_not_out_of_search_and_the_sitemap() {
    let (app, _, _) = portal().await;
    app.settled().await;
    let home = app.get("/").await;
    assert!(
        home.body.contains(r#"href="/gioi-thieu""#),
        "the menu leads there"
    );
    let document = scraper::Html::parse_document(&home.body);
    let lists = scraper::Selector::parse("main a").expect("selector");
    assert!(
        !document
            .select(&lists)
            .any(|a| a.value().attr("href") == Some("/chuc-nang-nhiem-vu")),
        "no home list shows a page"
    );
    let feed = app.get("/rss.xml").await;
    assert!(!feed.body.contains("chuc-nang-nhiem-vu"));
    let api = app.get("/api/v1/articles?per_page=50").await;
    assert!(!api.body.contains("Chức năng, nhiệm vụ"));
    let sitemap = app.get("/sitemap.xml").await;
    assert!(
        sitemap
            .body
            .contains("http://localhost/chuc-nang-nhiem-vu</loc>")
    );
    let found = app
        .get("/tim-kiem?q=ch%E1%BB%A9c+n%C4%83ng+nhi%E1%BB%87m+v%E1%BB%A5")
        .await;
    assert!(
        found.body.contains(r#"href="/chuc-nang-nhiem-vu""#),
        "the site search finds the page at its name"
    );
}

#[tokio::test]
async fn a_page_name_is_its_own() {
    let (app, author, _) = portal().await;
    let section = pages_section(&app, &author).await;
    // A section's address, another page's, one of the portal's.
    for title in ["Tin hoạt động", "Giới thiệu", "Văn bản"] {
        let refused = write(&app, &author, title, &[("category_id", section.as_str())]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{title}");
        assert!(refused.body.contains("hãy đổi tiêu đề"), "{title}");
        assert!(refused.body.contains("Sở có chức năng tham mưu."), "kept");
    }
    let news = app.category_id("tin-hoat-dong").await;
    let mixed = write(
        &app,
        &author,
        "Sơ đồ tổ chức",
        &[
            ("category_id", section.as_str()),
            ("also_category", news.as_str()),
        ],
    )
    .await;
    assert_eq!(mixed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(mixed.body.contains("không kèm chuyên mục tin khác"));

    // A section may not take a page's name either.
    let admin = app.log_in("quantri", PASSWORD).await;
    let section = app
        .post_form(
            "/quan-tri/chuyen-muc",
            &admin.cookie,
            &[("csrf", &admin.csrf), ("name", "Liên hệ"), ("slug", "")],
        )
        .await;
    assert!(
        section.body.contains("đã là của một trang thông tin"),
        "{}",
        section.body
    );
}
