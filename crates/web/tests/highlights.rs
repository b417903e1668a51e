//! The home page in editors' hands: top stories chosen and ordered by
//! editors with an end time, and articles pinned at the top of their
//! sections, honoured by the home page's and the sections' lists.

mod support;

use axum::http::StatusCode;
use portal_core::workflow::Role;
use portal_core::{ArticleStatus, PageRequest};
use portal_services::accounts;
use portal_store::ArticleListFilter;
use support::{Staff, TestApp, hidden_value};

const PASSWORD: &str = "mật khẩu thử nghiệm";

async fn newsroom() -> TestApp {
    let app = TestApp::with_demo().await;
    for (login, role) in [("phongvien", Role::Author), ("bientap", Role::Editor)] {
        accounts::add_user(&app.store, login, "", role, PASSWORD, 1)
            .await
            .expect("user");
    }
    app
}

async fn choose(
    app: &TestApp,
    staff: &Staff,
    id: i64,
    kind: &str,
    action: &str,
    until: &str,
) -> support::TestResponse {
    app.post_form(
        &format!("/quan-tri/bai-viet/{id}/noi-bat"),
        &staff.cookie,
        &[
            ("csrf", &staff.csrf),
            ("kind", kind),
            ("action", action),
            ("until", until),
        ],
    )
    .await
}

/// The titles of the home page's "Tin nổi bật" block, in order.
async fn top_stories(app: &TestApp) -> Vec<String> {
    let home = app.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    let document = scraper::Html::parse_document(&home.body);
    let links = scraper::Selector::parse(
        "section.style-featured .featured-lead h3 a, section.style-featured .featured-rest > li > a",
    )
    .expect("selector");
    document
        .select(&links)
        .map(|a| a.text().collect::<String>())
        .collect()
}

fn local_time(unix: i64) -> String {
    portal_core::time::format_iso(unix)
        .chars()
        .take(16)
        .collect()
}

#[tokio::test]
async fn editors_choose_and_order_the_top_stories_until_an_end_time() {
    let app = newsroom().await;
    let now = portal_core::time::now();
    let demo_stories = top_stories(&app).await;
    assert!(!demo_stories.is_empty(), "the demo has top stories");
    let (first, _) = app
        .article(
            "Khai mạc hội chợ nông sản",
            "Tin hoạt động",
            ArticleStatus::Published,
            now - 60,
        )
        .await;
    let (second, _) = app
        .article(
            "Khánh thành cầu treo bản Phiêng",
            "Tin hoạt động",
            ArticleStatus::Published,
            now - 120,
        )
        .await;
    let editor = app.log_in("bientap", PASSWORD).await;

    // Chosen on each article's edit page, the second with an end time.
    let answer = choose(&app, &editor, first, "featured", "dat", "").await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let answer = choose(
        &app,
        &editor,
        second,
        "featured",
        "dat",
        &local_time(now + 3_600),
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let edit = app
        .get_with_cookie(&format!("/quan-tri/bai-viet/{second}"), &editor.cookie)
        .await;
    assert!(edit.body.contains("đang là tin nổi bật"), "{}", edit.body);
    assert!(edit.body.contains(&local_time(now + 3_600)));

    // Newly chosen stories come last, in the order chosen (the block
    // shows the first five).
    let stories = top_stories(&app).await;
    assert_eq!(stories.len(), (demo_stories.len() + 2).min(5));
    assert_eq!(
        stories
            .iter()
            .position(|s| s == "Khai mạc hội chợ nông sản"),
        Some(demo_stories.len())
    );
    let screen = app
        .get_with_cookie("/quan-tri/noi-bat", &editor.cookie)
        .await;
    assert_eq!(screen.status, StatusCode::OK, "{}", screen.body);
    assert!(screen.body.contains("Khánh thành cầu treo bản Phiêng"));
    let order = hidden_value(&screen.body, "order");
    assert!(order.ends_with(&format!(",{first},{second}")), "{order}");

    // Ordered on the screen: the second story dragged to the top.
    let mut ids: Vec<&str> = order.split(',').collect();
    let second_text = second.to_string();
    ids.retain(|id| *id != second_text);
    ids.insert(0, &second_text);
    let answer = app
        .post_form(
            "/quan-tri/noi-bat/tin-noi-bat/thu-tu",
            &editor.cookie,
            &[("csrf", &editor.csrf), ("order", &ids.join(","))],
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    assert_eq!(
        top_stories(&app).await[0],
        "Khánh thành cầu treo bản Phiêng"
    );

    // A step down with the buttons (or the keyboard).
    let answer = app
        .post_form(
            &format!("/quan-tri/noi-bat/tin-noi-bat/{second}/buoc"),
            &editor.cookie,
            &[("csrf", &editor.csrf), ("way", "xuong")],
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    let stories = top_stories(&app).await;
    assert_eq!(stories[0], demo_stories[0]);
    assert_eq!(stories[1], "Khánh thành cầu treo bản Phiêng");

    // A stale order (someone changed the list meanwhile) is refused.
    let answer = app
        .post_form(
            "/quan-tri/noi-bat/tin-noi-bat/thu-tu",
            &editor.cookie,
            &[("csrf", &editor.csrf), ("order", &first.to_string())],
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer.body.contains("Tải lại trang rồi sắp xếp lại"));

    // An end time already past is refused in Vietnamese, nothing changed.
    let answer = choose(
        &app,
        &editor,
        first,
        "featured",
        "dat",
        &local_time(now - 3_600),
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        answer
            .body
            .contains("Thời hạn phải ở sau thời điểm hiện tại")
    );
    let edit = app
        .get_with_cookie(&format!("/quan-tri/bai-viet/{first}"), &editor.cookie)
        .await;
    assert!(edit.body.contains("đang là tin nổi bật"));

    // At its end time a story leaves the block by itself.
    let site = app.site().await;
    let featured = ArticleListFilter {
        featured_only: true,
        ..Default::default()
    };
    let later = portal_services::news::list_of_articles(
        &app.store,
        site.id,
        featured,
        PageRequest::first(50),
        now + 3_601,
    )
    .await
    .expect("list");
    assert!(later.iter().all(|a| a.id.get() != second));
    assert!(later.iter().any(|a| a.id.get() == first));

    // Taken off: the others move up.
    let answer = choose(&app, &editor, second, "featured", "bo", "").await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert!(
        top_stories(&app)
            .await
            .contains(&"Khai mạc hội chợ nông sản".to_string())
    );
    assert!(
        !top_stories(&app)
            .await
            .contains(&"Khánh thành cầu treo bản Phiêng".to_string())
    );

    // The audit log names it in Vietnamese.
    let audit = app
        .store
        .audit_events(&portal_store::AuditFilter {
            limit: 50,
            ..Default::default()
        })
        .await
        .expect("audit");
    for action in ["featured", "featured_order", "unfeature"] {
        assert!(
            audit.iter().any(|e| e.action == action),
            "{action} not recorded"
        );
    }
}

#[tokio::test]
async fn authors_do_not_choose_top_stories() {
    let app = newsroom().await;
    let now = portal_core::time::now();
    let (id, _) = app
        .article(
            "Bài của phóng viên",
            "Tin hoạt động",
            ArticleStatus::Published,
            now - 60,
        )
        .await;
    let author = app.log_in("phongvien", PASSWORD).await;
    let answer = choose(&app, &author, id, "featured", "dat", "").await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert!(answer.body.contains("Chỉ biên tập viên"), "{}", answer.body);
    let screen = app
        .get_with_cookie("/quan-tri/noi-bat", &author.cookie)
        .await;
    assert_eq!(screen.status, StatusCode::FORBIDDEN);
    let edit = app
        .get_with_cookie(&format!("/quan-tri/bai-viet/{id}"), &author.cookie)
        .await;
    assert!(!edit.body.contains("Trang chủ và chuyên mục"));
    assert!(
        !top_stories(&app)
            .await
            .contains(&"Bài của phóng viên".to_string())
    );
}

#[tokio::test]
async fn a_pinned_article_comes_first_in_its_sections_on_every_page_once() {
    let app = newsroom().await;
    let now = portal_core::time::now();
    let (oldest, _) = app
        .article(
            "Thông báo tuyển dụng viên chức",
            "Tin hoạt động",
            ArticleStatus::Published,
            now - 90 * 86_400,
        )
        .await;
    let editor = app.log_in("bientap", PASSWORD).await;
    let answer = choose(&app, &editor, oldest, "pinned", "dat", "").await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);

    // First on the section's page.
    let section = app.get("/tin-hoat-dong").await;
    assert_eq!(section.status, StatusCode::OK);
    let document = scraper::Html::parse_document(&section.body);
    let titles = scraper::Selector::parse("main h3 a, main h2 a").expect("selector");
    let first_title: String = document
        .select(&titles)
        .map(|a| a.text().collect::<String>())
        .find(|t| !t.trim().is_empty())
        .expect("a title");
    assert_eq!(
        first_title, "Thông báo tuyển dụng viên chức",
        "{}",
        section.body
    );

    // Page by page the section shows every article once, the pinned one first.
    let site = app.site().await;
    let category = portal_services::sites::category_named(&app.store, site.id, "Tin hoạt động")
        .await
        .expect("section");
    let filter = ArticleListFilter {
        category_id: Some(category.id),
        ..Default::default()
    };
    let mut seen = Vec::new();
    let mut section_total = 0;
    for page in 1..=20 {
        let (items, total) = portal_services::news::page_of_articles(
            &app.store,
            site.id,
            filter,
            PageRequest { page, per_page: 2 },
            now,
        )
        .await
        .expect("page");
        section_total = total;
        if page == 1 {
            assert_eq!(items[0].id.get(), oldest);
        }
        seen.extend(items.iter().map(|a| a.id.get()));
    }
    let mut unique = seen.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(
        unique.len(),
        seen.len(),
        "an article listed twice: {seen:?}"
    );
    assert_eq!(seen.len() as i64, section_total);
    assert!(seen.contains(&oldest));

    // Unpinned: back in date order, last.
    let answer = choose(&app, &editor, oldest, "pinned", "bo", "").await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    let (items, _) = portal_services::news::page_of_articles(
        &app.store,
        site.id,
        filter,
        PageRequest::first(2),
        now,
    )
    .await
    .expect("page");
    assert!(items.iter().all(|a| a.id.get() != oldest));
}
