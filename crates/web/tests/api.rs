//! The read API.

mod support;

use axum::http::StatusCode;
use portal_core::ArticleStatus;
use portal_core::time::now;
use support::TestApp;

#[tokio::test]
async fn lists_articles_a_page_at_a_time() {
    let app = TestApp::with_demo().await;
    let first = app.get("/api/v1/articles?per_page=5").await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(first.header("content-type").starts_with("application/json"));
    let json = first.json();
    assert_eq!(json["total"], 12);
    assert_eq!(json["pages"], 3);
    assert_eq!(json["items"].as_array().map(Vec::len), Some(5));
    let item = &json["items"][0];
    for field in [
        "id",
        "title",
        "lead",
        "byline",
        "published_at",
        "views",
        "url",
    ] {
        assert!(!item[field].is_null(), "{field}");
    }
    assert_eq!(item["body"][0]["type"], "paragraph");
    let third = app.get("/api/v1/articles?per_page=5&page=3").await.json();
    assert_eq!(third["items"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn filters_by_category() {
    let app = TestApp::with_demo().await;
    let json = app
        .get("/api/v1/articles?category=kinh-te-xa-hoi")
        .await
        .json();
    assert_eq!(json["total"], 3);
    assert!(
        json["items"]
            .as_array()
            .expect("items")
            .iter()
            .all(|i| i["category"] == "kinh-te-xa-hoi")
    );
    let missing = app.get("/api/v1/articles?category=khong-co").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.json()["error"]["field"], "category");
}

#[tokio::test]
async fn bad_parameters_get_a_clear_json_error() {
    let app = TestApp::new().await;
    for (query, field) in [
        ("page=abc", "page"),
        ("page=-2", "page"),
        ("per_page=0", "per_page"),
        ("per_page=1000", "per_page"),
    ] {
        let response = app.get(&format!("/api/v1/articles?{query}")).await;
        assert_eq!(response.status, StatusCode::BAD_REQUEST, "{query}");
        let json = response.json();
        assert_eq!(json["error"]["field"], field, "{query}");
        assert_eq!(json["error"]["message"], "Yêu cầu không hợp lệ");
    }
    assert_eq!(
        app.get("/api/v1/articles/abc").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        app.get("/api/v1/articles/-1").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        app.get("/api/v1/khong-co").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn one_article_with_its_body() {
    let app = TestApp::with_demo().await;
    let (id, path) = app
        .article(
            "Tin API",
            "Tin hoạt động",
            ArticleStatus::Published,
            now() - 10,
        )
        .await;
    let response = app.get(&format!("/api/v1/articles/{id}")).await;
    assert_eq!(response.status, StatusCode::OK);
    let json = response.json();
    assert_eq!(json["id"], id);
    assert_eq!(json["title"], "Tin API");
    assert_eq!(json["lead"], "Tóm tắt: Tin API.");
    assert_eq!(json["byline"], "Phóng viên");
    assert_eq!(json["views"], 0);
    assert_eq!(json["url"], format!("http://localhost{path}"));
    assert_eq!(json["body"][0]["type"], "paragraph");
    assert!(
        json["body_html"]
            .as_str()
            .expect("html")
            .contains("<p>Nội dung bài Tin API.</p>")
    );
    assert!(
        json["published_at"]
            .as_str()
            .expect("date")
            .ends_with("+07:00")
    );

    let (draft, _) = app
        .article(
            "Nháp API",
            "Tin hoạt động",
            ArticleStatus::Draft,
            now() - 10,
        )
        .await;
    assert_eq!(
        app.get(&format!("/api/v1/articles/{draft}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/api/v1/articles/99999").await.status,
        StatusCode::NOT_FOUND
    );
}

/// One error type answers for every route: a program under `/api/` gets
/// JSON naming what was wrong, a reader anywhere else the Vietnamese page
/// in the site's frame.
#[tokio::test]
async fn failures_answer_in_the_routes_own_language() {
    let app = TestApp::with_demo().await;
    for (path, status, field) in [
        ("/api/v1/khong-co", StatusCode::NOT_FOUND, "path"),
        ("/api/v1/articles/999999", StatusCode::NOT_FOUND, "id"),
        (
            "/api/v1/articles?category=khong-co",
            StatusCode::NOT_FOUND,
            "category",
        ),
        ("/api/v1/articles?page=x", StatusCode::BAD_REQUEST, "page"),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status, status, "{path}");
        assert!(
            response
                .header("content-type")
                .starts_with("application/json"),
            "{path}"
        );
        let json = response.json();
        assert_eq!(json["error"]["field"], field, "{path}");
        assert!(
            !json["error"]["detail"].as_str().unwrap_or("").is_empty(),
            "{path}"
        );
    }
    let missing = app.get("/api/v1/articles/999999").await.json();
    assert_eq!(missing["error"]["message"], "Không tìm thấy trang");

    let page = app.get("/tin-hoat-dong?page=x").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.header("content-type").starts_with("text/html"));
    assert!(page.body.contains("Yêu cầu không hợp lệ"));
    assert!(page.body.contains("Về trang chủ"), "in the site's frame");
    assert_eq!(page.header("cache-control"), "no-store");
}
