//! The search index as an administrator meets it: it lives in the data
//! folder, survives restarts, rebuilds itself when it is lost or damaged
//! (while the portal serves), and `portal reindex` rebuilds it on demand.

mod support;

use std::process::Command;
use std::time::{Duration, Instant};

use support::Server;

/// Asks until the answer contains `wanted`: a rebuild runs in the
/// background while the portal already serves.
fn search_until(server: &Server, path: &str, wanted: &str) -> String {
    let started = Instant::now();
    loop {
        let (status, body) = server.get(path);
        assert_eq!(status, 200, "{body}");
        if body.contains(wanted) {
            return body;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{path} never showed {wanted:?}: {body}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

const QUERY: &str = "/api/v1/search?q=mua+lu+sat+lo";
const TITLE: &str = "Chủ động ứng phó với mưa lũ và sạt lở đất";

#[test]
fn the_index_rebuilds_itself_and_on_demand() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(dir.path(), &["--demo"]);
    search_until(&server, QUERY, TITLE);
    assert!(server.interrupt().success());
    assert!(dir.path().join("search/meta.json").is_file());

    // Damaged: every file of the index overwritten with garbage.
    for entry in std::fs::read_dir(dir.path().join("search")).expect("index folder") {
        let path = entry.expect("entry").path();
        std::fs::write(&path, b"\x00garbage\xff").expect("damaged");
    }
    let server = Server::start(dir.path(), &[]);
    let (status, home) = server.get("/");
    assert_eq!(status, 200, "the portal serves while the index is rebuilt");
    assert!(home.contains(TITLE));
    search_until(&server, QUERY, TITLE);
    assert!(server.interrupt().success());

    // Missing altogether.
    std::fs::remove_dir_all(dir.path().join("search")).expect("removed");
    let server = Server::start(dir.path(), &[]);
    search_until(&server, QUERY, TITLE);

    // `portal reindex` refuses while the portal holds the index…
    let busy = reindex(dir.path());
    assert!(!busy.status.success());
    assert!(
        String::from_utf8_lossy(&busy.stderr).contains("stop `portal serve` first"),
        "{}",
        String::from_utf8_lossy(&busy.stderr)
    );
    assert!(server.interrupt().success());

    // …and rebuilds it once the portal is stopped.
    let done = reindex(dir.path());
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert!(
        String::from_utf8_lossy(&done.stdout).contains("indexed 23 articles"),
        "{}",
        String::from_utf8_lossy(&done.stdout)
    );
    let server = Server::start(dir.path(), &[]);
    search_until(&server, QUERY, TITLE);
    assert!(server.interrupt().success());
}

fn reindex(data_dir: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_portal"))
        .args(["reindex", "--data-dir"])
        .arg(data_dir)
        .env_remove("PORTAL_DATABASE_URL")
        .output()
        .expect("portal runs")
}
