//! Changes made elsewhere reach kept pages through the change feed: an
//! import by a second process on one machine (SQLite), and two `portal
//! serve` nodes on one PostgreSQL database and one S3 bucket that behave
//! as one portal. Pages are kept for ten minutes here
//! (`--page-fresh-secs 600`), so only the feed can make them fresh.

mod support;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use portal_core::ArticleId;
use support::{Client, Server};

const KEPT: &str = "600";

fn body(client: &Client, path: &str) -> String {
    let answer = client.request("GET", path, &[], b"");
    assert_eq!(answer.status, 200, "{path}");
    answer.text()
}

/// Asks `path` until it shows `text` (or ten seconds pass, a failure).
fn shows_soon(client: &Client, path: &str, text: &str) {
    let until = Instant::now() + Duration::from_secs(10);
    while !body(client, path).contains(text) {
        assert!(Instant::now() < until, "{path} never showed {text:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

#[test]
fn an_import_by_another_process_drops_exactly_the_pages_that_show_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(dir.path(), &["--demo", "--page-fresh-secs", KEPT]);
    let reader = Server::client(&server.address);
    let (news, culture) = ("/tin-hoat-dong", "/van-hoa-du-lich");
    let culture_page = body(&reader, culture);
    assert!(!body(&reader, news).contains("Sông Cầu"));
    // A culture article retitled behind every follower's back: the culture
    // page shows the old title for as long as it is kept.
    let store = runtime().block_on(async {
        portal_services::Store::open(
            &format!("sqlite://{}", dir.path().join("portal.db").display()),
            portal_services::ConnectOptions::default(),
        )
        .await
        .expect("the portal's database")
    });
    let culture_title = "Lễ hội mùa vàng thu hút đông đảo du khách";
    assert!(culture_page.contains(culture_title));
    let listed: serde_json::Value =
        serde_json::from_str(&body(&reader, "/api/v1/articles?per_page=50")).expect("JSON");
    let culture_id = listed["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|a| a["title"] == culture_title)
        .and_then(|a| a["id"].as_i64())
        .expect("the culture article");
    runtime().block_on(portal_store::testing::retitle_behind_the_feed(
        &store,
        ArticleId(culture_id),
        "Tiêu đề đổi thầm",
    ));

    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/captures/several_captions.txt");
    let imported = Command::new(env!("CARGO_BIN_EXE_portal"))
        .args(["import", "capture"])
        .arg(&fixture)
        .arg("--data-dir")
        .arg(dir.path())
        .env_remove("PORTAL_DATABASE_URL")
        .output()
        .expect("portal runs");
    assert!(imported.status.success());

    shows_soon(&reader, news, "Sông Cầu");
    shows_soon(&reader, "/sitemap.xml", "phuong-song-cau");
    assert_eq!(
        body(&reader, culture),
        culture_page,
        "kept: it never showed it"
    );
}

/// What two nodes share: a database URL, the S3 keys, the media address.
type Shared = (String, Vec<(&'static str, String)>, String);

/// A database of its own on the test PostgreSQL server, as a URL both
/// nodes are given; `None` (with a notice) without PostgreSQL or S3.
fn shared_database_and_bucket(test: &str) -> Option<Shared> {
    let (Ok(url), Ok(endpoint)) = (
        std::env::var("PORTAL_TEST_DATABASE_URL"),
        std::env::var("PORTAL_TEST_S3_ENDPOINT"),
    ) else {
        support::notice(&format!(
            "{test} skipped: set PORTAL_TEST_DATABASE_URL (PostgreSQL) and \
             PORTAL_TEST_S3_ENDPOINT (an S3-compatible server) to run it"
        ));
        return None;
    };
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_nanos();
    let schema = format!("t_nodes_{}_{stamp}", std::process::id());
    runtime()
        .block_on(portal_services::Store::create_postgres_schema(
            &url, &schema,
        ))
        .expect("schema");
    let joiner = if url.contains('?') { '&' } else { '?' };
    let database = format!("{url}{joiner}options=-c%20search_path%3D{schema}");
    let bucket = std::env::var("PORTAL_TEST_S3_BUCKET").unwrap_or_else(|_| "portal-test".into());
    let env = vec![
        ("AWS_ACCESS_KEY_ID", "portal-test".to_string()),
        ("AWS_SECRET_ACCESS_KEY", "portal-test-secret".to_string()),
        ("AWS_REGION", "us-east-1".to_string()),
        ("AWS_ENDPOINT_URL", endpoint),
        ("AWS_ALLOW_HTTP", "true".to_string()),
    ];
    Some((database, env, format!("s3://{bucket}/{schema}")))
}

#[test]
fn two_nodes_on_one_database_and_one_bucket_are_one_portal() {
    let Some((database, env, media)) =
        shared_database_and_bucket("two_nodes_on_one_database_and_one_bucket_are_one_portal")
    else {
        return;
    };
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (a_dir, b_dir) = (
        tempfile::tempdir().expect("temp dir"),
        tempfile::tempdir().expect("temp dir"),
    );
    let shared = ["--database-url", &database, "--page-fresh-secs", KEPT];
    support::add_user_with(
        a_dir.path(),
        &["--database-url", &database],
        "quantri",
        "admin",
        support::ADMIN_PASSWORD,
    );
    let with = |extra: &[&'static str]| -> Vec<String> {
        shared
            .iter()
            .map(|s| s.to_string())
            .chain(["--media-url".to_string(), media.clone()])
            .chain(extra.iter().map(|s| s.to_string()))
            .collect()
    };
    let a_args = with(&["--demo"]);
    let a_args: Vec<&str> = a_args.iter().map(String::as_str).collect();
    let a = Server::start_with_env(a_dir.path(), &a_args, &env);
    let b_args = with(&[]);
    let b_args: Vec<&str> = b_args.iter().map(String::as_str).collect();
    let b = Server::start_with_env(b_dir.path(), &b_args, &env);
    let (on_a, on_b) = (Server::client(&a.address), Server::client(&b.address));

    // A session made on A is good on B (sessions live in the database).
    let (session, csrf) = support::log_in(&on_a);
    let desk = on_b.request("GET", "/quan-tri", &[("Cookie", &session)], b"");
    assert_eq!(desk.status, 200, "B knows A's session");

    // B keeps its home page; an article published on A shows on it.
    let title = "Hai máy chủ cùng một cổng";
    assert!(!body(&on_b, "/").contains(title));
    let category = support::first_category(&on_a, &session);
    let draft = support::try_save_draft(&on_a, &session, &csrf, title, "Đoạn.", &category)
        .expect("node A answers");
    assert_eq!(draft.status, 303, "{}", draft.text());
    let location = draft
        .head
        .lines()
        .find_map(|l| {
            l.strip_prefix("location: ")
                .or_else(|| l.strip_prefix("Location: "))
        })
        .expect("where the draft is")
        .trim()
        .split('?')
        .next()
        .expect("path")
        .to_string();
    for action in ["submit", "approve", "publish"] {
        let step = on_a.request(
            "POST",
            &format!("{location}/buoc"),
            &[
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Cookie", &session),
            ],
            format!("csrf={csrf}&action={action}&note=").as_bytes(),
        );
        assert_eq!(step.status, 303, "{action}: {}", step.text());
    }
    shows_soon(&on_b, "/", title);

    // A picture uploaded on A is served by B, from the bucket.
    let picture = portal_services::media::draw_demo_picture(7, 800).expect("picture");
    let uploaded = support::upload_picture(&on_a, &session, &csrf, "Ảnh hai máy", &picture);
    assert_eq!(uploaded.status, 303, "{}", uploaded.text());
    let library = on_b
        .request("GET", "/quan-tri/thu-vien", &[("Cookie", &session)], b"")
        .text();
    let before_alt = &library[..library.find("alt=\"Ảnh hai máy\"").expect("in B's library")];
    let src = &before_alt[before_alt.rfind("src=\"").expect("src") + 5..];
    let src = &src[..src.find('"').expect("quote")];
    let served = on_b.request("GET", src, &[], b"");
    assert_eq!(served.status, 200, "{src}");
    assert!(
        served
            .head
            .to_ascii_lowercase()
            .contains("content-type: image/jpeg")
    );
    assert!(!a_dir.path().join("media").exists() && !b_dir.path().join("media").exists());
}
