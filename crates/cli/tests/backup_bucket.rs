//! Backups off the machine: into a bucket of a real S3-compatible server
//! (`PORTAL_TEST_S3_ENDPOINT`, bucket `PORTAL_TEST_S3_BUCKET`, which CI
//! starts and creates), restored from it, by hand and on a schedule.

mod support;

use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;

use object_store::aws::AmazonS3Builder;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use support::Server;

struct Bucket {
    endpoint: String,
    name: String,
    /// A folder of this run's own inside the bucket.
    folder: String,
}

impl Bucket {
    fn from_env(test: &str) -> Option<Bucket> {
        let Ok(endpoint) = std::env::var("PORTAL_TEST_S3_ENDPOINT") else {
            support::notice(&format!(
                "{test} skipped: set PORTAL_TEST_S3_ENDPOINT (an S3-compatible server) and \
                 PORTAL_TEST_S3_BUCKET to run it"
            ));
            return None;
        };
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .as_nanos();
        Some(Bucket {
            endpoint,
            name: std::env::var("PORTAL_TEST_S3_BUCKET").unwrap_or_else(|_| "portal-test".into()),
            folder: format!("{test}-{}-{stamp}", std::process::id()),
        })
    }

    fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AWS_ACCESS_KEY_ID", "portal-test".into()),
            ("AWS_SECRET_ACCESS_KEY", "portal-test-secret".into()),
            ("AWS_REGION", "us-east-1".into()),
            ("AWS_ENDPOINT_URL", self.endpoint.clone()),
            ("AWS_ALLOW_HTTP", "true".into()),
        ]
    }

    fn address(&self, name: &str) -> String {
        format!("s3://{}/{}/{name}", self.name, self.folder)
    }

    /// The bucket as another reader sees it, not through the portal.
    fn objects(&self) -> Arc<dyn ObjectStore> {
        Arc::new(
            AmazonS3Builder::new()
                .with_endpoint(&self.endpoint)
                .with_bucket_name(&self.name)
                .with_region("us-east-1")
                .with_access_key_id("portal-test")
                .with_secret_access_key("portal-test-secret")
                .with_allow_http(true)
                .build()
                .expect("S3 client"),
        )
    }

    fn names(&self) -> Vec<String> {
        let objects = self.objects();
        let folder = ObjectPath::from(self.folder.as_str());
        let listed = runtime()
            .block_on(objects.list_with_delimiter(Some(&folder)))
            .expect("list the bucket");
        let mut names: Vec<String> = listed
            .objects
            .iter()
            .filter_map(|o| o.location.filename().map(str::to_string))
            .collect();
        names.sort();
        names
    }

    fn put(&self, name: &str, bytes: &[u8]) {
        let objects = self.objects();
        let key = ObjectPath::from(format!("{}/{name}", self.folder));
        runtime()
            .block_on(objects.put(&key, PutPayload::from(bytes.to_vec())))
            .expect("put");
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

fn portal(args: &[&str], data_dir: &Path, env: &[(&'static str, String)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_portal"))
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .env_remove("PORTAL_DATABASE_URL")
        .output()
        .expect("portal runs")
}

fn article_list(server: &Server) -> String {
    let (status, response) = server.get("/api/v1/articles?per_page=50");
    assert_eq!(status, 200);
    response.split_once("\r\n\r\n").expect("body").1.to_string()
}

/// 20 MiB that do not compress: more than two upload parts.
fn big_document() -> Vec<u8> {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    (0..20 * 1024 * 1024 / 8)
        .flat_map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()
        })
        .collect()
}

/// Nothing of a bucket's backup stays behind on the machine.
fn no_staged_files(dir: &Path) {
    let staged: Vec<_> = std::fs::read_dir(dir)
        .expect("data folder")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".backup-"))
        .collect();
    assert!(staged.is_empty(), "{staged:?}");
}

#[test]
fn a_backup_sent_to_a_bucket_restores_from_it() {
    let Some(bucket) = Bucket::from_env("a_backup_sent_to_a_bucket_restores_from_it") else {
        return;
    };
    let original = tempfile::tempdir().expect("temp dir");
    let server = Server::start(original.path(), &["--demo"]);
    let before = article_list(&server);
    // A large scanned document, as provinces attach: the archive goes up
    // in several parts.
    let big = big_document();
    let big_key = "2026/12/ban-do-quy-hoach.pdf";
    std::fs::create_dir_all(original.path().join("media/2026/12")).expect("folder");
    std::fs::write(original.path().join("media").join(big_key), &big).expect("write");
    let address = bucket.address("drill.tar.gz");
    let backup = portal(&["backup", &address], original.path(), &bucket.env());
    assert!(
        backup.status.success(),
        "{}",
        String::from_utf8_lossy(&backup.stderr)
    );
    let said = String::from_utf8_lossy(&backup.stdout);
    assert!(
        said.contains(&address) && said.contains("(checked)"),
        "{said}"
    );
    assert_eq!(bucket.names(), ["drill.tar.gz"]);
    no_staged_files(original.path());
    drop(server);

    let restored = tempfile::tempdir().expect("temp dir");
    let restore = portal(&["restore", &address], restored.path(), &bucket.env());
    assert!(
        restore.status.success(),
        "{}",
        String::from_utf8_lossy(&restore.stderr)
    );
    no_staged_files(restored.path());
    assert!(
        std::fs::read(restored.path().join("media").join(big_key)).expect("restored") == big,
        "the large document came back byte for byte"
    );
    let copy = Server::start(restored.path(), &[]);
    assert_eq!(before, article_list(&copy));
    drop(copy);

    // What is not there, or not whole, is refused before anything is written.
    let empty = tempfile::tempdir().expect("temp dir");
    let missing = portal(
        &["restore", &bucket.address("never-written.tar.gz")],
        empty.path(),
        &bucket.env(),
    );
    assert!(!missing.status.success());
    let told = String::from_utf8_lossy(&missing.stderr);
    assert!(
        told.contains("không có / ") && told.contains("does not exist"),
        "{told}"
    );
    bucket.put("damaged.tar.gz", b"not a backup at all");
    let damaged = portal(
        &["restore", &bucket.address("damaged.tar.gz")],
        empty.path(),
        &bucket.env(),
    );
    assert!(!damaged.status.success());
    assert!(String::from_utf8_lossy(&damaged.stderr).contains("chưa ghi gì cả"));
    assert!(!empty.path().join("portal.db").exists());
    no_staged_files(empty.path());

    // Without keys a clerk is told which to set.
    let keyless: Vec<_> = bucket
        .env()
        .into_iter()
        .filter(|(k, _)| !k.starts_with("AWS_ACCESS_KEY"))
        .collect();
    let refused = Command::new(env!("CARGO_BIN_EXE_portal"))
        .args(["backup", &bucket.address("x.tar.gz"), "--data-dir"])
        .arg(original.path())
        .envs(keyless.iter().map(|(k, v)| (k, v)))
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("PORTAL_DATABASE_URL")
        .output()
        .expect("portal runs");
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("AWS_ACCESS_KEY_ID"));
}

#[test]
fn the_portal_backs_up_into_a_bucket_by_itself_and_keeps_the_newest() {
    let Some(bucket) =
        Bucket::from_env("the_portal_backs_up_into_a_bucket_by_itself_and_keeps_the_newest")
    else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    support::add_admin(dir.path());
    let place = format!("s3://{}/{}", bucket.name, bucket.folder);
    let env = bucket.env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let server = Server::start_with_env(
        dir.path(),
        &[
            "--demo",
            "--backup-dir",
            &place,
            "--backup-every",
            "1s",
            "--backup-keep",
            "2",
        ],
        &env,
    );
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..150 {
        seen.extend(bucket.names());
        if seen.len() >= 3 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    assert!(seen.len() >= 3, "{seen:?}");
    std::thread::sleep(std::time::Duration::from_millis(500));
    let kept = bucket.names();
    assert!(!kept.is_empty() && kept.len() <= 2, "{kept:?}");
    let client = Server::client(&server.address);
    let (session, _) = support::log_in(&client);
    let desk = client
        .request("GET", "/quan-tri", &[("Cookie", &session)], b"")
        .text();
    assert!(
        desk.contains("Sao lưu tự động gần nhất thành công") && desk.contains(&place),
        "{desk}"
    );
    // Stopped as systemd stops it, even in the middle of a backup.
    assert!(server.interrupt().success());
    no_staged_files(dir.path());

    let restored = tempfile::tempdir().expect("temp dir");
    let newest = format!("{place}/{}", kept.last().expect("a backup"));
    let restore = portal(&["restore", &newest], restored.path(), &bucket.env());
    assert!(
        restore.status.success(),
        "{}",
        String::from_utf8_lossy(&restore.stderr)
    );
}
