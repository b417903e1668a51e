//! Crash safety: `kill -9` of the server in the middle of a stream of
//! newsroom saves and imports loses no acknowledged save, and the search
//! index finds every one of them after the restart.

mod support;

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use support::{Client, Server, add_admin, log_in};

/// A word no article has by chance: `n` spelled in letters.
fn marker(prefix: &str, mut n: usize) -> String {
    let mut word = String::from(prefix);
    loop {
        word.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
        if n == 0 {
            return word;
        }
    }
}

fn import(data_dir: &Path, file: &Path) -> bool {
    Command::new(env!("CARGO_BIN_EXE_portal"))
        .args(["import", "capture", "--data-dir"])
        .arg(data_dir)
        .arg(file)
        .env_remove("PORTAL_DATABASE_URL")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn newsroom_finds(client: &Client, session: &str, word: &str) -> bool {
    let page = client.request(
        "GET",
        &format!("/quan-tri/tim-kiem?q={word}"),
        &[("Cookie", session)],
        b"",
    );
    page.text().contains(word)
}

#[test]
fn kill_nine_during_saves_and_imports_loses_nothing_acknowledged() {
    let dir = tempfile::tempdir().expect("temp dir");
    add_admin(dir.path());
    let acknowledged: Arc<Mutex<Vec<String>>> = Arc::default();
    let mut next = 0;
    for round in 0..3 {
        let server = Server::start(dir.path(), &["--demo"]);
        let client = Server::client(&server.address);
        let (session, csrf) = log_in(&client);
        let category = support::first_category(&client, &session);
        let stop = Arc::new(AtomicBool::new(false));
        let first = next;
        next += 1_000;
        let writer = {
            let (address, session, csrf, category, stop, acknowledged) = (
                server.address.clone(),
                session.clone(),
                csrf.clone(),
                category.clone(),
                stop.clone(),
                acknowledged.clone(),
            );
            std::thread::spawn(move || {
                let client = Server::client(&address);
                let mut n = first;
                while !stop.load(Ordering::Relaxed) {
                    let word = marker("luu", n);
                    // Only an answer that says "saved" counts; a request cut
                    // off by the kill may or may not have been written.
                    let answer = support::try_save_draft(
                        &client,
                        &session,
                        &csrf,
                        &format!("Bài {word}"),
                        &format!("Nội dung {word}"),
                        &category,
                    );
                    if answer.is_ok_and(|a| a.status == 303) {
                        acknowledged.lock().expect("lock").push(word);
                    }
                    n += 1;
                }
            })
        };
        let importer = {
            let (data_dir, stop, acknowledged) =
                (dir.path().to_path_buf(), stop.clone(), acknowledged.clone());
            std::thread::spawn(move || {
                let mut n = first + 500;
                while !stop.load(Ordering::Relaxed) {
                    let word = marker("nhap", n);
                    let file = data_dir.join(format!("capture-{n}.txt"));
                    std::fs::write(
                        &file,
                        format!(
                            "PublishingPortal - Block_BanTin_Toolbar\n\n14/03/2024\nTăng cỡ chữ Giảm cỡ chữ\nTin nhập {word}\nSapo của tin {word}.\n\n PublishingPortal - Block_BanTin_ViewData\n\nĐoạn thân bài về {word}.\n\nPhóng viên"
                        ),
                    )
                    .expect("capture");
                    if import(&data_dir, &file) {
                        acknowledged.lock().expect("lock").push(word);
                    }
                    n += 1;
                }
            })
        };
        std::thread::sleep(Duration::from_millis(1_500 + round * 300));
        server.kill_hard();
        stop.store(true, Ordering::Relaxed);
        writer.join().expect("writer");
        importer.join().expect("importer");
    }
    let words = acknowledged.lock().expect("lock").clone();
    assert!(words.len() > 10, "only {} acknowledged", words.len());
    // Restarted: every acknowledged save is there, and search finds it.
    let server = Server::start(dir.path(), &[]);
    let client = Server::client(&server.address);
    let (session, _) = log_in(&client);
    let mut missing = words.clone();
    for _ in 0..100 {
        missing.retain(|word| !newsroom_finds(&client, &session, word));
        if missing.is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged saves not found: {:?}",
        missing.len(),
        words.len(),
        &missing[..missing.len().min(5)]
    );
    eprintln!(
        "NOTICE: crash test: 3 × kill -9, {} acknowledged saves and imports, all found",
        words.len()
    );
}
