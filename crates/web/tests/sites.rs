//! One installation, many sites: each answers on its own host names, in its
//! own language, with its own categories.

mod support;

use axum::http::{Method, StatusCode};
use portal_core::SiteKind;
use portal_core::time::now;
use portal_services::sites::estate::{self, SiteDraft, SiteError};
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

    // A host no site has is not the province's: a plain Vietnamese 404.
    let unknown = app
        .send(Method::GET, "/", &[("host", "evil.example")])
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(unknown.body.contains("Không tìm thấy trang"));
    assert!(!unknown.body.contains("Cổng thông tin điện tử tỉnh"));
}

fn commune(code: &str, host: &str) -> SiteDraft {
    SiteDraft {
        code: code.into(),
        name: "UBND xã Na Rì".into(),
        kind: Some(SiteKind::Commune),
        hosts: vec![host.into()],
        ..Default::default()
    }
}

async fn add(app: &TestApp, draft: &SiteDraft) -> Result<portal_core::Site, SiteError> {
    estate::add_site(
        &app.store,
        "cli:test",
        draft,
        portal_web::blocks::default_placements,
        now(),
    )
    .await
}

fn refusal(result: Result<portal_core::Site, SiteError>) -> &'static str {
    match result {
        Err(SiteError::Refused { key, .. }) => key,
        Ok(site) => panic!("accepted {}", site.code),
        Err(other) => panic!("failed: {other}"),
    }
}

#[tokio::test]
async fn a_new_commune_site_is_ready_to_publish_at_its_host() {
    let app = TestApp::with_demo().await;
    let site = add(&app, &commune("xa-na-ri", "NaRi.Portal.Test"))
        .await
        .expect("added");
    assert_eq!(site.hosts, ["nari.portal.test"]);
    let province = app.site().await;
    assert_eq!(site.parent_id, Some(province.id), "under the province");
    app.settled().await;

    let host = [("host", "nari.portal.test")];
    let home = app.send(Method::GET, "/", &host).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("UBND xã Na Rì"));
    assert!(!home.body.contains("Cổng thông tin điện tử tỉnh"));
    for section in ["/tin-tuc-su-kien", "/thong-bao", "/chi-dao-dieu-hanh"] {
        assert!(
            home.body.contains(&format!("href=\"{section}\"")),
            "{section} in the menu"
        );
        let page = app.send(Method::GET, section, &host).await;
        assert_eq!(page.status, StatusCode::OK, "{section}");
    }
    let feed = app.send(Method::GET, "/rss.xml", &host).await;
    assert_eq!(feed.status, StatusCode::OK);
    // The province's articles are not the commune's.
    let province_home = app.get("/").await;
    let commune_sections = app.send(Method::GET, "/tin-hoat-dong", &host).await;
    assert!(province_home.body.contains("/tin-hoat-dong"));
    assert_eq!(commune_sections.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_disabled_site_shows_a_notice_and_keeps_everything() {
    let app = TestApp::with_demo().await;
    add(&app, &commune("xa-na-ri", "nari.portal.test"))
        .await
        .expect("added");
    app.settled().await;
    let host = [("host", "nari.portal.test")];
    let before = app.send(Method::GET, "/thong-bao", &host).await;
    assert_eq!(before.status, StatusCode::OK);

    estate::set_disabled(&app.store, "cli:test", "xa-na-ri", true, now())
        .await
        .expect("disabled");
    app.settled().await;
    for path in ["/", "/thong-bao", "/rss.xml", "/api/v1/articles"] {
        let paused = app.send(Method::GET, path, &host).await;
        assert_eq!(paused.status, StatusCode::SERVICE_UNAVAILABLE, "{path}");
        assert!(paused.body.contains("tạm ngừng"), "{path}");
    }
    // Its administrators can still sign in to put it right.
    portal_services::accounts::add_user(
        &app.store,
        "quantri",
        "",
        portal_core::workflow::Role::Admin,
        "mật khẩu quản trị thử",
        now(),
    )
    .await
    .expect("admin");
    let login = app.send(Method::GET, "/quan-tri/dang-nhap", &host).await;
    assert_eq!(login.status, StatusCode::OK);
    // The province is not touched.
    assert_eq!(app.get("/").await.status, StatusCode::OK);

    estate::set_disabled(&app.store, "cli:test", "xa-na-ri", false, now())
        .await
        .expect("enabled");
    app.settled().await;
    let after = app.send(Method::GET, "/thong-bao", &host).await;
    assert_eq!(after.status, StatusCode::OK, "back, with its sections");
}

#[tokio::test]
async fn bad_site_input_is_refused_saying_what_to_change() {
    let app = TestApp::with_demo().await;
    add(&app, &commune("xa-na-ri", "nari.portal.test"))
        .await
        .expect("added");
    for code in ["quan-tri", "tim-kiem", "X", "xa_b", "1xa", ""] {
        assert_eq!(
            refusal(add(&app, &commune(code, "b.portal.test")).await),
            "site.bad_code",
            "{code}"
        );
    }
    assert_eq!(
        refusal(add(&app, &commune("xa-na-ri", "b.portal.test")).await),
        "site.code_taken"
    );
    assert_eq!(
        refusal(add(&app, &commune("xa-b", "NARI.portal.test")).await),
        "site.host_taken"
    );
    assert_eq!(
        refusal(add(&app, &commune("xa-b", "localhost")).await),
        "site.host_taken"
    );
    assert_eq!(
        refusal(add(&app, &commune("xa-b", "b portal")).await),
        "site.bad_host"
    );
    // The province's section "tin-hoat-dong" would clash with /tin-hoat-dong/.
    assert_eq!(
        refusal(add(&app, &commune("tin-hoat-dong", "b.portal.test")).await),
        "site.code_is_a_section"
    );
    let orphan = SiteDraft {
        parent: Some("khong-co".into()),
        ..commune("xa-b", "b.portal.test")
    };
    assert_eq!(refusal(add(&app, &orphan).await), "site.no_parent");
    let nameless = SiteDraft {
        name: "  ".into(),
        ..commune("xa-b", "b.portal.test")
    };
    assert_eq!(refusal(add(&app, &nameless).await), "site.name_required");
    // A cycle of parents: the province under its own commune.
    let province = app.site().await;
    let cycle = SiteDraft {
        code: province.code.clone(),
        parent: Some("xa-na-ri".into()),
        ..Default::default()
    };
    assert_eq!(
        refusal(estate::edit_site(&app.store, "cli:test", &cycle, now()).await),
        "site.parent_cycle"
    );
    // Every refusal has its sentence in both languages.
    for key in [
        "site.bad_code",
        "site.code_taken",
        "site.host_taken",
        "site.bad_host",
        "site.no_parent",
        "site.parent_cycle",
        "site.code_is_a_section",
        "site.name_required",
    ] {
        assert!(
            portal_web::i18n::message(portal_web::i18n::Lang::Vi, key).is_some(),
            "{key}"
        );
    }
    // Nothing was written by the refused attempts.
    let codes: Vec<String> = estate::sites(&app.store)
        .await
        .expect("sites")
        .into_iter()
        .map(|s| s.code)
        .collect();
    assert_eq!(codes.len(), 2, "{codes:?}");
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
        // Asked twice: the second answer of a page comes from the kept copy.
        for round in ["first", "again"] {
            let answer = app.get(path).await;
            assert_eq!(
                answer.header("x-content-type-options"),
                "nosniff",
                "{path} {round}"
            );
            assert_eq!(
                answer.header("strict-transport-security"),
                "",
                "{path} over http"
            );
        }
    }
    let https = TestApp::with_config(portal_web::WebConfig {
        public_scheme: Some("https".into()),
        ..Default::default()
    })
    .await;
    for path in ["/", "/", "/api/v1/articles", "/quan-tri/dang-nhap"] {
        assert_eq!(
            https.get(path).await.header("strict-transport-security"),
            "max-age=31536000; includeSubDomains",
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_directory_lists_the_sub_sites_by_kind_with_their_contacts() {
    let app = TestApp::with_demo().await;
    let empty = app.get("/cong-thanh-phan").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.body.contains("Chưa có cổng thành phần nào"));

    add(&app, &commune("xa-na-ri", "nari.portal.test"))
        .await
        .expect("commune");
    let department = SiteDraft {
        code: "so-khcn".into(),
        name: "Sở Khoa học và Công nghệ".into(),
        kind: Some(SiteKind::Department),
        ..Default::default()
    };
    add(&app, &department).await.expect("department");
    let paused = SiteDraft {
        code: "xa-cu".into(),
        name: "Xã Cũ".into(),
        ..Default::default()
    };
    add(&app, &paused).await.expect("paused one");
    estate::set_disabled(&app.store, "cli:test", "xa-cu", true, now())
        .await
        .expect("disabled");
    let mut commune_site = app
        .store
        .site_by_code("xa-na-ri")
        .await
        .expect("query")
        .expect("site");
    commune_site.phone = "0209 3870 000".into();
    commune_site.address = "Thôn Nà Rì".into();
    app.store
        .update_site(&commune_site)
        .await
        .expect("contacts");

    let page = app.get("/cong-thanh-phan").await;
    assert_eq!(page.status, StatusCode::OK);
    let communes = page.body.find("Xã, phường").expect("communes heading");
    let departments = page
        .body
        .find("Sở, ban, ngành")
        .expect("departments heading");
    assert!(communes < departments);
    assert!(page.body.contains("href=\"http://nari.portal.test/\""));
    assert!(page.body.contains("Thôn Nà Rì"));
    assert!(page.body.contains("tel:02093870000"));
    assert!(page.body.contains("Sở Khoa học và Công nghệ"));
    assert!(
        !page.body.contains("Xã Cũ"),
        "a disabled site is not listed"
    );
    // Every site's footer leads there.
    assert!(
        app.get("/")
            .await
            .body
            .contains("href=\"/cong-thanh-phan\"")
    );
}
