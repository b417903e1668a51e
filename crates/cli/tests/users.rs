//! `portal user add|passwd|list`, as an administrator scripts them.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn portal(data_dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_portal"))
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .env_remove("PORTAL_DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("portal runs");
    // A refused command may exit before it reads: a closed pipe is fine.
    let _ = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes());
    child.wait_with_output().expect("portal exits")
}

#[test]
fn the_first_admin_is_made_from_the_command_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let added = portal(
        dir.path(),
        &[
            "user",
            "add",
            "quantri",
            "--role",
            "admin",
            "--password-stdin",
        ],
        "mật khẩu quản trị\n",
    );
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    assert!(
        String::from_utf8_lossy(&added.stdout).starts_with("đã thêm / added 1 quantri admin@tinh")
    );

    let editor = portal(
        dir.path(),
        &[
            "user",
            "add",
            "bientap",
            "--role",
            "editor",
            "--name",
            "Trần Biên Tập",
            "--password-stdin",
        ],
        "mật khẩu biên tập",
    );
    assert!(editor.status.success());

    let list = portal(dir.path(), &["user", "list"], "");
    let listed = String::from_utf8_lossy(&list.stdout);
    assert!(listed.contains("quantri\tadmin@tinh\tactive"), "{listed}");
    assert!(
        listed.contains("bientap\teditor@tinh\tactive\tTrần Biên Tập"),
        "{listed}"
    );

    let changed = portal(
        dir.path(),
        &["user", "passwd", "bientap", "--password-stdin"],
        "một mật khẩu mới dài\n",
    );
    assert!(
        changed.status.success(),
        "{}",
        String::from_utf8_lossy(&changed.stderr)
    );
}

#[test]
fn mistakes_are_explained() {
    let dir = tempfile::tempdir().expect("temp dir");
    let weak = portal(
        dir.path(),
        &[
            "user",
            "add",
            "ngan",
            "--role",
            "author",
            "--password-stdin",
        ],
        "123\n",
    );
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("at least 10 characters"));

    let role = portal(
        dir.path(),
        &["user", "add", "abc", "--role", "root", "--password-stdin"],
        "mật khẩu đủ dài\n",
    );
    assert!(!role.status.success());
    assert!(
        String::from_utf8_lossy(&role.stderr).contains("use author, editor, publisher or admin")
    );

    let empty = portal(
        dir.path(),
        &["user", "add", "abc", "--role", "author", "--password-stdin"],
        "",
    );
    assert!(String::from_utf8_lossy(&empty.stderr).contains("no password on standard input"));

    let nobody = portal(
        dir.path(),
        &["user", "passwd", "khongco", "--password-stdin"],
        "mật khẩu đủ dài\n",
    );
    assert!(
        String::from_utf8_lossy(&nobody.stderr)
            .contains("no account has the login name \"khongco\"")
    );

    portal(
        dir.path(),
        &[
            "user",
            "add",
            "trung",
            "--role",
            "author",
            "--password-stdin",
        ],
        "mật khẩu đủ dài\n",
    );
    let twice = portal(
        dir.path(),
        &[
            "user",
            "add",
            "trung",
            "--role",
            "author",
            "--password-stdin",
        ],
        "mật khẩu đủ dài\n",
    );
    assert!(String::from_utf8_lossy(&twice.stderr).contains("is taken"));
}

#[test]
fn roles_are_given_site_by_site() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = portal(
        dir.path(),
        &["site", "add", "xa-na-ri", "--name", "UBND xã Na Rì"],
        "",
    );
    assert!(
        site.status.success(),
        "{}",
        String::from_utf8_lossy(&site.stderr)
    );
    let added = portal(
        dir.path(),
        &[
            "user",
            "add",
            "bientapxa",
            "--role",
            "editor",
            "--site",
            "xa-na-ri",
            "--password-stdin",
        ],
        "mật khẩu biên tập xã\n",
    );
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    assert!(String::from_utf8_lossy(&added.stdout).contains("editor@xa-na-ri"));
    let granted = portal(
        dir.path(),
        &[
            "user",
            "grant",
            "bientapxa",
            "--role",
            "author",
            "--site",
            "tinh",
        ],
        "",
    );
    assert!(
        granted.status.success(),
        "{}",
        String::from_utf8_lossy(&granted.stderr)
    );
    let listed = portal(dir.path(), &["user", "list"], "");
    assert!(
        String::from_utf8_lossy(&listed.stdout)
            .contains("bientapxa\tauthor@tinh,editor@xa-na-ri\t"),
        "{}",
        String::from_utf8_lossy(&listed.stdout)
    );
    let revoked = portal(
        dir.path(),
        &["user", "revoke", "bientapxa", "--site", "tinh"],
        "",
    );
    assert!(revoked.status.success());
    let listed = portal(dir.path(), &["user", "list"], "");
    assert!(
        String::from_utf8_lossy(&listed.stdout).contains("bientapxa\teditor@xa-na-ri\t"),
        "{}",
        String::from_utf8_lossy(&listed.stdout)
    );
    let nowhere = portal(
        dir.path(),
        &[
            "user",
            "grant",
            "bientapxa",
            "--role",
            "editor",
            "--site",
            "xa-khong-co",
        ],
        "",
    );
    assert!(!nowhere.status.success());
    assert!(
        String::from_utf8_lossy(&nowhere.stderr).contains("no site has the code \"xa-khong-co\""),
        "{}",
        String::from_utf8_lossy(&nowhere.stderr)
    );
}

#[test]
fn a_mistyped_data_folder_is_not_made_into_an_empty_portal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let typo = dir.path().join("portal-dta");
    let listed = portal(&typo, &["user", "list"], "");
    assert!(!listed.status.success());
    let said = String::from_utf8_lossy(&listed.stderr);
    assert!(
        said.contains("không có thư mục dữ liệu") && said.contains("portal-dta"),
        "{said}"
    );
    assert!(!typo.exists(), "no folder was made");
}

#[test]
fn a_database_that_cannot_be_opened_is_explained_in_one_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let not_a_database = dir.path().join("ghi-chu.db");
    std::fs::write(&not_a_database, "không phải cơ sở dữ liệu").expect("file");
    let missing_folder = dir.path().join("khong-co/portal.db");
    for (url, cause) in [
        (
            format!("sqlite://{}?mode=rwc", missing_folder.display()),
            "không mở được tệp cơ sở dữ liệu: thư mục chứa nó có tồn tại",
        ),
        (
            format!("sqlite://{}", not_a_database.display()),
            "tệp này không phải cơ sở dữ liệu SQLite",
        ),
        (
            // Nothing listens on port 1.
            "postgres://portal@127.0.0.1:1/portal".to_string(),
            "máy chủ cơ sở dữ liệu không nhận kết nối ở địa chỉ và cổng này",
        ),
    ] {
        let listed = portal(dir.path(), &["user", "list", "--database-url", &url], "");
        assert!(!listed.status.success(), "{url}");
        let said = String::from_utf8_lossy(&listed.stderr);
        assert!(said.contains(cause), "{url}: {said}");
        assert_eq!(said.trim().lines().count(), 1, "one line: {said}");
        assert!(!said.contains("pool timed out"), "{said}");
    }
}
