//! The restore drill: a portal with demo content, imports and an upload is
//! backed up while readers and an editor are at work, restored into a new
//! folder, and answers exactly as the original did.

mod support;

use std::path::{Path, PathBuf};

use support::{Server, portal};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/captures")
        .join(name)
}

fn files_under(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("media folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let key = path
                    .strip_prefix(root)
                    .expect("under root")
                    .display()
                    .to_string();
                out.push((key, std::fs::read(&path).expect("media file")));
            }
        }
    }
    out.sort();
    out
}

/// Every API answer a consumer can ask for: the lists and each article.
fn api_answers(server: &Server) -> Vec<String> {
    let body = |path: &str| {
        let (status, response) = server.get(path);
        assert_eq!(status, 200, "{path}");
        response.split_once("\r\n\r\n").expect("body").1.to_string()
    };
    let list = body("/api/v1/articles?per_page=50");
    let json: serde_json::Value = serde_json::from_str(&list).expect("JSON");
    let mut answers = vec![list];
    for item in json["items"].as_array().expect("items") {
        let id = item["id"].as_i64().expect("id");
        answers.push(body(&format!("/api/v1/articles/{id}")));
    }
    // Newest first: relevance scores count documents an index has replaced
    // but not yet merged away, so a rebuilt index may order ties otherwise.
    answers.push(body("/api/v1/search?q=tinh&sort=newest"));
    answers
}

#[test]
fn a_backup_taken_while_people_work_restores_to_the_same_portal() {
    let original = tempfile::tempdir().expect("temp dir");
    support::add_admin(original.path());
    // The demo first (it fills an empty database only), then an import by
    // another process while the portal serves.
    let server = Server::start(original.path(), &["--demo"]);
    let imported = portal(
        &[
            "import",
            "capture",
            fixture("several_captions.txt").to_str().expect("path"),
        ],
        original.path(),
    );
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    let newsroom = Server::client(&server.address);
    let (session, csrf) = support::log_in(&newsroom);
    // An upload, as a reporter makes one: a picture of the demo's own.
    let picture = files_under(&original.path().join("media"))
        .into_iter()
        .find(|(key, _)| key.ends_with(".jpg"))
        .expect("a demo picture")
        .1;
    let uploaded =
        support::upload_picture(&newsroom, &session, &csrf, "Ảnh tải lên diễn tập", &picture);
    assert_eq!(uploaded.status, 303, "{}", uploaded.text());
    let before = api_answers(&server);

    // Readers keep reading and an editor keeps writing while the backup runs.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let category = support::first_category(&newsroom, &session);
    let editor = {
        let (stop, address, session, csrf) = (
            stop.clone(),
            server.address.clone(),
            session.clone(),
            csrf.clone(),
        );
        std::thread::spawn(move || {
            let editor = Server::client(&address);
            let mut saved = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let answer = support::try_save_draft(
                    &editor,
                    &session,
                    &csrf,
                    &format!("Bản nháp {saved}"),
                    "Đoạn.",
                    &category,
                )
                .expect("the portal answers");
                if answer.status == 303 {
                    saved += 1;
                }
            }
            saved
        })
    };
    let readers: Vec<_> = (0..3)
        .map(|_| {
            let stop = stop.clone();
            let address = server.address.clone();
            std::thread::spawn(move || {
                let reader = Server::client(&address);
                let mut read = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    assert_eq!(reader.get("/").0, 200);
                    read += 1;
                }
                read
            })
        })
        .collect();
    let archive = original.path().join("../drill-backup.tar.gz");
    let backup = portal(
        &["backup", archive.to_str().expect("path")],
        original.path(),
    );
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for reader in readers {
        assert!(reader.join().expect("reader") > 0);
    }
    assert!(
        editor.join().expect("editor") > 0,
        "the editor saved while the backup ran"
    );
    assert!(
        backup.status.success(),
        "{}",
        String::from_utf8_lossy(&backup.stderr)
    );
    assert!(String::from_utf8_lossy(&backup.stdout).contains("(checked)"));

    let restored = tempfile::tempdir().expect("temp dir");
    let restore = portal(
        &["restore", archive.to_str().expect("path")],
        restored.path(),
    );
    assert!(
        restore.status.success(),
        "{}",
        String::from_utf8_lossy(&restore.stderr)
    );
    // A second restore over it is refused: nothing is overwritten unasked.
    let again = portal(
        &["restore", archive.to_str().expect("path")],
        restored.path(),
    );
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));

    let copy = Server::start(restored.path(), &[]);
    let copy_newsroom = Server::client(&copy.address);
    let (copy_session, _) = support::log_in(&copy_newsroom);
    let library = copy_newsroom
        .request(
            "GET",
            "/quan-tri/thu-vien",
            &[("Cookie", &copy_session)],
            b"",
        )
        .text();
    assert!(
        library.contains("Ảnh tải lên diễn tập"),
        "the upload is in the restored library"
    );
    // Views are counted in memory and written in the background: compare
    // what readers saw before the backup with the copy.
    let after = api_answers(&copy);
    assert_eq!(before.len(), after.len());
    for (a, b) in before.iter().zip(&after) {
        let strip = |s: &str| -> serde_json::Value {
            let mut v: serde_json::Value = serde_json::from_str(s).expect("JSON");
            drop_views(&mut v);
            v
        };
        assert_eq!(strip(a), strip(b));
    }
    assert_eq!(
        files_under(&original.path().join("media")),
        files_under(&restored.path().join("media")),
        "every media byte"
    );
    drop(server);
    let _ = std::fs::remove_file(&archive);
}

fn drop_views(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.remove("views");
            map.values_mut().for_each(drop_views);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(drop_views),
        _ => {}
    }
}

#[test]
fn a_damaged_backup_is_refused_before_anything_is_written() {
    let original = tempfile::tempdir().expect("temp dir");
    let server = Server::start(original.path(), &["--demo"]);
    drop(server);
    let archive = original.path().join("../damaged-backup.tar.gz");
    assert!(
        portal(
            &["backup", archive.to_str().expect("path")],
            original.path()
        )
        .status
        .success()
    );
    let mut bytes = std::fs::read(&archive).expect("archive");
    bytes.truncate(bytes.len() / 2);
    std::fs::write(&archive, &bytes).expect("cut");
    let target = tempfile::tempdir().expect("temp dir");
    let restore = portal(&["restore", archive.to_str().expect("path")], target.path());
    assert!(!restore.status.success());
    assert!(
        String::from_utf8_lossy(&restore.stderr).contains("nothing was written"),
        "{}",
        String::from_utf8_lossy(&restore.stderr)
    );
    assert!(!target.path().join("portal.db").exists());
    let _ = std::fs::remove_file(&archive);
}

#[test]
fn the_portal_backs_up_by_itself_keeps_the_newest_and_shows_failures() {
    let dir = tempfile::tempdir().expect("temp dir");
    support::add_admin(dir.path());
    let backups = dir.path().join("../auto-backups");
    let _ = std::fs::remove_dir_all(&backups);
    let server = Server::start(
        dir.path(),
        &[
            "--demo",
            "--backup-dir",
            backups.to_str().expect("path"),
            "--backup-every",
            "1s",
            "--backup-keep",
            "2",
        ],
    );
    let archives = || -> Vec<PathBuf> {
        let mut found: Vec<PathBuf> = std::fs::read_dir(&backups)
            .map(|entries| entries.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        found.retain(|p| p.extension().is_some_and(|e| e == "gz"));
        found.sort();
        found
    };
    // Backups land every second; after a while two are kept, the newest.
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..100 {
        seen.extend(archives());
        if seen.len() >= 3 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    assert!(seen.len() >= 3, "{seen:?}");
    std::thread::sleep(std::time::Duration::from_millis(500));
    let kept = archives();
    assert!(kept.len() <= 2, "{kept:?}");
    let client = Server::client(&server.address);
    let (session, _) = support::log_in(&client);
    let desk = client
        .request("GET", "/quan-tri", &[("Cookie", &session)], b"")
        .text();
    assert!(
        desk.contains("Sao lưu tự động gần nhất thành công"),
        "{desk}"
    );
    drop(server);
    // The newest restores.
    let restored = tempfile::tempdir().expect("temp dir");
    let newest = kept.last().expect("a backup");
    let restore = portal(
        &["restore", newest.to_str().expect("path")],
        restored.path(),
    );
    assert!(
        restore.status.success(),
        "{}",
        String::from_utf8_lossy(&restore.stderr)
    );

    // A folder that cannot be written: the failure is on the desk.
    let blocked = dir.path().join("not-a-folder");
    std::fs::write(&blocked, b"x").expect("file");
    let server = Server::start(
        dir.path(),
        &[
            "--backup-dir",
            blocked.to_str().expect("path"),
            "--backup-every",
            "1s",
        ],
    );
    let client = Server::client(&server.address);
    let (session, _) = support::log_in(&client);
    let mut desk = String::new();
    for _ in 0..50 {
        desk = client
            .request("GET", "/quan-tri", &[("Cookie", &session)], b"")
            .text();
        if desk.contains("Sao lưu tự động bị lỗi") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    assert!(desk.contains("Sao lưu tự động bị lỗi"), "{desk}");
    let _ = std::fs::remove_dir_all(&backups);
}
