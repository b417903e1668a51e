//! One installation, many sites: each answers on its own host names, in its
//! own language, with its own categories.

mod support;

use axum::http::{Method, StatusCode};
use portal_store::{NewCategory, NewSite};
use support::{READER_AGENT, TestApp};

#[tokio::test]
async fn each_host_gets_its_own_site_and_language() {
    let app = TestApp::with_demo().await;
    let english = app
        .store
        .create_site(&NewSite {
            code: "en".into(),
            name: "Provincial Portal".into(),
            agency: "Provincial People's Committee".into(),
            language: "en".into(),
            hosts: vec!["en.portal.test".into()],
            ..Default::default()
        })
        .await
        .expect("site");
    app.store
        .upsert_category(
            english.id,
            &NewCategory {
                parent_id: None,
                slug: "news".into(),
                name: "News".into(),
                position: 0,
                on_home: true,
            },
        )
        .await
        .expect("category");
    portal_web::ensure_default_placements(&app.store)
        .await
        .expect("placements");

    let home = app
        .send(
            Method::GET,
            "/",
            &[
                ("host", "en.portal.test:8080"),
                ("user-agent", READER_AGENT),
            ],
        )
        .await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("<html lang=\"en\">"));
    assert!(home.body.contains("Provincial Portal"));
    assert!(home.body.contains("Skip to main content"));
    assert!(
        !home.body.contains("Ủy ban nhân dân tỉnh họp phiên"),
        "no other site's articles"
    );
    let missing = app
        .send(Method::GET, "/tin-hoat-dong", &[("host", "en.portal.test")])
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("Page not found"));

    // An unknown host gets the province's own site, with canonical links to
    // its real host rather than the one asked for.
    let province = app
        .send(Method::GET, "/", &[("host", "evil.example")])
        .await;
    assert!(province.body.contains("Cổng thông tin điện tử tỉnh"));
    assert!(
        province
            .body
            .contains("<link rel=\"canonical\" href=\"http://localhost/\">")
    );
}

#[tokio::test]
async fn every_answer_says_nosniff_and_https_sites_say_hsts() {
    let app = TestApp::with_demo().await;
    for path in [
        "/",
        "/api/v1/articles",
        "/rss.xml",
        "/sitemap.xml",
        "/robots.txt",
        "/healthz",
        "/khong-co",
    ] {
        let answer = app.get(path).await;
        assert_eq!(answer.header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(
            answer.header("strict-transport-security"),
            "",
            "{path} over http"
        );
    }
    let https = TestApp::with_config(portal_web::WebConfig {
        public_scheme: Some("https".into()),
        ..Default::default()
    })
    .await;
    for path in ["/", "/api/v1/articles", "/quan-tri/dang-nhap"] {
        assert_eq!(
            https.get(path).await.header("strict-transport-security"),
            "max-age=31536000; includeSubDomains",
            "{path}"
        );
    }
}
