//! The first run without the demo: the set-up screen opens only on the
//! server itself or with the code `serve` prints, once, and keeps what
//! was typed when something must be fixed.

mod support;

use axum::http::{Method, StatusCode};
use support::{TestApp, cookie_pair, hidden_value};

const PASSWORD: &str = "mật khẩu quản trị đầu tiên";

#[tokio::test]
async fn the_set_up_screen_opens_with_the_printed_code_only_and_only_once() {
    let app = TestApp::new().await;
    // From another machine (no loopback address) without the code.
    let elsewhere = app.get("/quan-tri/thiet-lap").await;
    assert_eq!(elsewhere.status, StatusCode::FORBIDDEN);
    assert!(elsewhere.body.contains("chỉ mở được trên chính máy chủ"));
    let wrong = app.get("/quan-tri/thiet-lap?ma=doan-bua").await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);

    let code = app.state.setup_token.clone();
    let form = app.get(&format!("/quan-tri/thiet-lap?ma={code}")).await;
    assert_eq!(form.status, StatusCode::OK);
    let cookie = cookie_pair(&form, "portal_login_csrf").expect("form cookie");
    let csrf = hidden_value(&form.body, "csrf");
    // Every input has its label.
    let document = scraper::Html::parse_document(&form.body);
    let inputs = scraper::Selector::parse("form input:not([type=hidden])").expect("selector");
    for input in document.select(&inputs) {
        let parent = input.parent().and_then(scraper::ElementRef::wrap);
        assert_eq!(
            parent.map(|p| p.value().name()),
            Some("label"),
            "{:?} has no label",
            input.value().attr("name")
        );
    }

    let without_token = app
        .post_form(
            "/quan-tri/thiet-lap",
            &cookie,
            &[
                ("ma", code.as_str()),
                ("name", "Cổng"),
                ("login", "quantri"),
            ],
        )
        .await;
    assert_eq!(without_token.status, StatusCode::FORBIDDEN);

    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("ma", code.as_str()),
        ("name", "Cổng thông tin điện tử tỉnh Hoa Ban"),
        ("agency", ""),
        ("login", "quantri"),
        ("password", PASSWORD),
        ("password_again", PASSWORD),
    ];
    let refused = app.post_form("/quan-tri/thiet-lap", &cookie, &fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Cần nhập tên cơ quan chủ quản"));
    assert!(refused.body.contains("tỉnh Hoa Ban"));
    assert!(!app.store.has_users().await.expect("users"), "nothing made");

    fields.retain(|(name, _)| *name != "agency");
    fields.push(("agency", "Ủy ban nhân dân tỉnh Hoa Ban"));
    let done = app.post_form("/quan-tri/thiet-lap", &cookie, &fields).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert!(cookie_pair(&done, "portal_session").is_some());
    let again = app
        .send(Method::GET, &format!("/quan-tri/thiet-lap?ma={code}"), &[])
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    let home = app.get("/").await;
    assert!(home.body.contains("Ủy ban nhân dân tỉnh Hoa Ban"));
    assert!(home.body.contains("đang cập nhật nội dung"));
}

#[tokio::test]
async fn on_the_demo_the_set_up_starts_from_the_demo_provinces_details() {
    let app = TestApp::with_demo().await;
    let code = app.state.setup_token.clone();
    let form = app.get(&format!("/quan-tri/thiet-lap?ma={code}")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body.contains("value=\"Ủy ban nhân dân tỉnh\""),
        "{}",
        form.body
    );
    assert!(form.body.contains("value=\"0209 3800 000\""));
}
