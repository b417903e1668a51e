//! Any bytes POSTed to the media library as a signed-in reporter, through
//! the whole portal: the multipart reader, the checks by content, the image
//! header and decoder. An answer every time, never a panic or a 500.
#![no_main]

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use portal_services::accounts;
use portal_services::changes::Wake;
use portal_services::media::MediaFolder;
use portal_services::search::Search;
use portal_services::views::ViewCounter;
use portal_services::{ConnectOptions, Store};
use portal_web::{AppState, WebConfig};
use tower::ServiceExt;

struct Portal {
    runtime: tokio::runtime::Runtime,
    app: portal_web::App,
    cookie: String,
    csrf: String,
    _dir: tempfile::TempDir,
}

fn portal() -> &'static Portal {
    static PORTAL: OnceLock<Portal> = OnceLock::new();
    PORTAL.get_or_init(|| {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let dir = tempfile::tempdir().expect("temp dir");
        let (app, cookie, csrf) = runtime.block_on(async {
            let url = format!("sqlite://{}?mode=rwc", dir.path().join("portal.db").display());
            let store = Store::open(&url, ConnectOptions::default()).await.expect("store");
            let site = portal_services::sites::site_or_default(&store, None).await.expect("site");
            portal_web::ensure_default_placements(&store).await.expect("blocks");
            accounts::add_user(
                &store,
                "phongvien",
                "",
                portal_core::workflow::Role::Author,
                "mật khẩu đủ dài",
                1,
            )
            .await
            .expect("user");
            let session = accounts::log_in(&store, &site, "phongvien", "mật khẩu đủ dài", "fuzz", 2)
                .await
                .expect("session");
            let media = MediaFolder::local(dir.path().join("media")).expect("media");
            let (views, _) = ViewCounter::start(store.clone(), Duration::from_secs(3600))
                .await
                .expect("views");
            let (wake, _) = Wake::start(&store);
            let (search, _) = Search::in_memory(store.clone(), wake.clone()).expect("search");
            let state = Arc::new(AppState::new(
                store,
                media,
                views,
                search,
                wake,
                WebConfig::default(),
            ));
            // A newsroom answer waits for its change to reach the pages.
            portal_web::follow_changes(&state);
            (
                portal_web::app(state),
                format!("portal_session={}", session.token),
                session.csrf_token,
            )
        });
        Portal {
            runtime,
            app,
            cookie,
            csrf,
            _dir: dir,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let portal = portal();
    let mut body = format!(
        "--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n\
         --b\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\nẢnh\r\n",
        portal.csrf
    )
    .into_bytes();
    match data.split_first() {
        // A well-formed part around fuzzed file bytes: the content checks
        // and the image decoder.
        Some((0, file)) => {
            body.extend_from_slice(
                b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\n",
            );
            body.extend_from_slice(file);
            body.extend_from_slice(b"\r\n--b--\r\n");
        }
        // Anything at all after the token: the multipart reader.
        _ => body.extend_from_slice(data),
    }
    let request = axum::http::Request::builder()
        .method("POST")
        .uri("/quan-tri/thu-vien")
        .header("host", "localhost")
        .header("cookie", &portal.cookie)
        .header("content-type", "multipart/form-data; boundary=b")
        .body(axum::body::Body::from(body))
        .expect("request");
    let status = portal
        .runtime
        .block_on(portal.app.clone().oneshot(request))
        .expect("an answer")
        .status();
    assert!(!status.is_server_error(), "{status}");
});
