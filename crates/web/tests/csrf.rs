//! Every state-changing route, read from the router's own table, refuses a
//! POST without this session's token and a POST from another site, and
//! changes nothing when it does.

mod support;

use axum::http::{Method, StatusCode};
use portal_core::workflow::Role;
use portal_services::accounts;
use support::TestApp;

const PASSWORD: &str = "mật khẩu kiểm tra CSRF";

async fn counts(app: &TestApp) -> (usize, usize) {
    let site = app.site().await;
    let articles = app
        .store
        .public_articles(
            site.id,
            Default::default(),
            portal_core::PageRequest::first(100),
            i64::MAX / 2,
        )
        .await
        .expect("articles")
        .1 as usize;
    let events = app
        .store
        .audit_events(&portal_store::AuditFilter {
            limit: 10_000,
            ..Default::default()
        })
        .await
        .expect("audit")
        .len();
    (articles, events)
}

#[tokio::test]
async fn every_state_change_needs_the_token_and_this_site() {
    let app = TestApp::with_demo().await;
    accounts::add_user(&app.store, "quantri", "", Role::Admin, PASSWORD, 1)
        .await
        .expect("admin");
    let admin = app.log_in("quantri", PASSWORD).await;
    let site = app.site().await;
    let article = app
        .store
        .public_articles(
            site.id,
            Default::default(),
            portal_core::PageRequest::first(1),
            i64::MAX / 2,
        )
        .await
        .expect("articles")
        .0[0]
        .id;
    let concrete = |path: &str| {
        path.replace("{id}", &article.to_string())
            .replace("{revision}", "1")
            .replace("{comment}", "1")
    };
    let before = counts(&app).await;
    let mut posts = 0;
    for path in portal_web::newsroom_paths() {
        let path = concrete(path);
        let multipart = path == "/quan-tri/thu-vien";
        let (content_type, body) = if multipart {
            (
                "multipart/form-data; boundary=b".to_string(),
                "--b\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\nx\r\n--b--\r\n"
                    .to_string(),
            )
        } else {
            (
                "application/x-www-form-urlencoded".to_string(),
                "title=x&name=x&login=x&password=x&action=trash&note=x".to_string(),
            )
        };
        let without_token = app
            .send_body(
                Method::POST,
                &path,
                &[("content-type", &content_type), ("cookie", &admin.cookie)],
                body.clone(),
            )
            .await;
        if without_token.status == StatusCode::METHOD_NOT_ALLOWED {
            continue; // Read only.
        }
        posts += 1;
        assert_eq!(
            without_token.status,
            StatusCode::FORBIDDEN,
            "{path} without a token"
        );
        let with_token = if multipart {
            body.replace(
                "name=\"alt\"\r\n\r\nx",
                &format!("name=\"csrf\"\r\n\r\n{}", admin.csrf),
            )
        } else {
            format!("{body}&csrf={}", admin.csrf)
        };
        let cross_site = app
            .send_body(
                Method::POST,
                &path,
                &[
                    ("content-type", &content_type),
                    ("cookie", &admin.cookie),
                    ("host", "localhost"),
                    ("origin", "https://ke-gian.example"),
                ],
                with_token,
            )
            .await;
        assert_eq!(
            cross_site.status,
            StatusCode::FORBIDDEN,
            "{path} from another site"
        );
    }
    assert!(posts >= 15, "only {posts} state-changing routes found");
    assert_eq!(
        counts(&app).await,
        before,
        "a refused POST changed something"
    );
    // The public side takes no POST at all.
    for path in [
        "/",
        "/tin-hoat-dong",
        "/tim-kiem",
        "/api/v1/articles",
        "/rss.xml",
    ] {
        let answer = app
            .send_body(
                Method::POST,
                path,
                &[("cookie", &admin.cookie)],
                String::new(),
            )
            .await;
        assert!(
            matches!(
                answer.status,
                StatusCode::METHOD_NOT_ALLOWED | StatusCode::NOT_FOUND
            ),
            "{path}: {}",
            answer.status
        );
    }
}

/// Every public form, read from the router's table, refuses a form without
/// its page's token or from another site, and stores nothing then.
#[tokio::test]
async fn every_public_form_needs_its_pages_token_and_this_site() {
    let app = TestApp::with_demo().await;
    let site = app.site().await;
    let stored = || async {
        app.store
            .question_queue(site.id, &Default::default(), 1_000, 0)
            .await
            .expect("queue")
            .1
    };
    let before = stored().await;
    let paths = portal_web::public_form_paths();
    assert!(paths.len() >= 6, "{paths:?}");
    // The demo's poll and its draft open for comment stand in for `{id}`.
    let poll = portal_services::polls::current(&app.store, &site, portal_core::time::now())
        .await
        .expect("polls")
        .expect("the demo's poll")
        .id;
    let draft = portal_services::consultations::drafts(&app.store, &site)
        .await
        .expect("drafts")
        .first()
        .expect("the demo's draft")
        .document
        .id;
    let comments = || async {
        app.store
            .comments(site.id, draft, None)
            .await
            .expect("comments")
            .len()
    };
    let comments_before = comments().await;
    for path in paths {
        let path = &if path.starts_with("/tham-do/") {
            path.replace("{id}", &poll.to_string())
        } else {
            path.replace("{id}", &draft.to_string())
        };
        let form = app.public_form(path).await;
        let fields = [
            ("name", "Người Thử"),
            ("phone", "0912345678"),
            ("title", "Tiêu đề"),
            ("body", "Nội dung"),
            ("code", "HD-23456789"),
            ("contact", "0912345678"),
            ("email", "nguoidan@example.vn"),
            ("subject", "Tiêu đề"),
            ("challenge_token", form.challenge_token.as_str()),
            ("challenge_answer", form.answer.as_str()),
        ];
        // The page's cookie, but no token in the form.
        let without_token = app
            .send_multipart(path, &form.cookie, &fields, None, "")
            .await;
        assert_eq!(
            without_token.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path} without a token"
        );
        // The token, but from another site's page.
        let mut with_token = fields.to_vec();
        with_token.push(("csrf", form.csrf.as_str()));
        let boundary = "----portal-public-boundary";
        let body: String = with_token
            .iter()
            .map(|(k, v)| {
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
            })
            .chain([format!("--{boundary}--\r\n")])
            .collect();
        let cross_site = app
            .send_body(
                Method::POST,
                path,
                &[
                    (
                        "content-type",
                        &format!("multipart/form-data; boundary={boundary}"),
                    ),
                    ("cookie", &form.cookie),
                    ("origin", "https://ke-gian.example"),
                ],
                body,
            )
            .await;
        assert_eq!(
            cross_site.status,
            StatusCode::FORBIDDEN,
            "{path} from another site"
        );
    }
    assert_eq!(stored().await, before, "a refused form stored something");
    assert_eq!(
        comments().await,
        comments_before,
        "a refused comment was stored"
    );
    let counted = portal_services::polls::one(&app.store, &site, poll)
        .await
        .expect("poll")
        .expect("poll");
    assert_eq!(counted.voters, 43, "a refused vote was counted");
}
