//! `portal site add|list|edit|disable|enable`, as the province's IT team
//! runs them, and what a reader then gets from `portal serve`.

mod support;

use std::path::Path;
use support::{Server, portal};

fn ok(data_dir: &Path, args: &[&str]) -> String {
    let out = portal(args, data_dir);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A refused command exits 2 and says, in Vietnamese first, what to change.
fn refused(data_dir: &Path, args: &[&str], vietnamese: &str) {
    let out = portal(args, data_dir);
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    let told = String::from_utf8_lossy(&out.stderr);
    assert!(told.contains(vietnamese), "{args:?}: {told}");
    assert!(told.lines().count() >= 2, "English follows: {told}");
}

#[test]
fn the_province_adds_and_manages_its_sites() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path();
    let added = ok(
        data,
        &[
            "site",
            "add",
            "xa-na-ri",
            "--name",
            "UBND xã Na Rì",
            "--host",
            "nari.example.gov.vn",
        ],
    );
    assert!(added.contains("xa-na-ri"), "{added}");
    ok(
        data,
        &[
            "site",
            "add",
            "so-khcn",
            "--name",
            "Sở Khoa học và Công nghệ",
            "--kind",
            "department",
        ],
    );

    refused(
        data,
        &["site", "add", "xa-na-ri", "--name", "Trùng"],
        "đã có cổng khác dùng",
    );
    refused(
        data,
        &[
            "site",
            "add",
            "xa-b",
            "--name",
            "Xã B",
            "--host",
            "NARI.example.gov.vn",
        ],
        "đã thuộc một cổng khác",
    );
    refused(
        data,
        &["site", "add", "quan-tri", "--name", "X"],
        "Mã cổng gồm",
    );
    refused(
        data,
        &[
            "site", "add", "xa-c", "--name", "Xã C", "--parent", "khong-co",
        ],
        "cổng cha",
    );
    refused(
        data,
        &["site", "edit", "tinh", "--parent", "xa-na-ri"],
        "chính nó",
    );
    refused(data, &["site", "disable", "khong-co"], "Không có cổng nào");

    ok(data, &["site", "disable", "so-khcn"]);
    ok(
        data,
        &["site", "edit", "xa-na-ri", "--name", "UBND xã Na Rì (mới)"],
    );
    let listed = ok(data, &["site", "list"]);
    let rows: Vec<Vec<&str>> = listed.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 3, "{listed}");
    assert_eq!(rows[0][0], "tinh", "the province first: {listed}");
    assert_eq!(rows[0][1], "province");
    let commune = rows.iter().find(|r| r[0] == "xa-na-ri").expect("commune");
    assert_eq!(
        commune[1..],
        [
            "commune",
            "UBND xã Na Rì (mới)",
            "nari.example.gov.vn",
            "tinh",
            "serving"
        ]
    );
    let department = rows.iter().find(|r| r[0] == "so-khcn").expect("department");
    assert_eq!(department[1], "department");
    assert_eq!(department[5], "disabled");
    ok(data, &["site", "enable", "so-khcn"]);
    assert!(
        ok(data, &["site", "list"])
            .lines()
            .all(|l| l.ends_with("serving"))
    );
}

#[test]
fn a_site_added_from_the_command_line_is_served_at_its_host() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path();
    // The test's reader asks for the host `localhost`: that host moves from
    // the province to the new commune.
    ok(
        data,
        &["site", "add", "xa-na-ri", "--name", "UBND xã Na Rì"],
    );
    ok(data, &["site", "edit", "tinh", "--host", "127.0.0.1"]);
    ok(data, &["site", "edit", "xa-na-ri", "--host", "localhost"]);
    let server = Server::start(data, &[]);
    let (status, home) = server.get("/");
    assert_eq!(status, 200);
    assert!(home.contains("UBND xã Na Rì"), "the commune's home page");
    assert!(
        home.contains("href=\"/thong-bao\""),
        "its starting sections"
    );
    let (status, _) = server.get("/thong-bao");
    assert_eq!(status, 200);
    drop(server);

    ok(data, &["site", "disable", "xa-na-ri"]);
    let server = Server::start(data, &[]);
    let (status, notice) = server.get("/thong-bao");
    assert_eq!(status, 503);
    assert!(notice.contains("tạm ngừng"), "{notice}");
}
