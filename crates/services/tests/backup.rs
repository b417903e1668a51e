//! Backups on the backend under test (SQLite, or PostgreSQL when
//! `PORTAL_TEST_DATABASE_URL` is set): one snapshot while writes go on, and
//! a restore that gives back every row and file.

use portal_core::UserId;
use portal_services::backup;
use portal_services::media::MediaFolder;
use portal_store::testing::test_store;

#[tokio::test]
async fn a_backup_is_one_snapshot_and_restores_every_row_and_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    for sub in ["a", "b"] {
        std::fs::create_dir_all(dir.path().join(sub)).expect("folder");
    }
    let store = test_store(&dir.path().join("a")).await;
    let media = MediaFolder::local(dir.path().join("a-media")).expect("media");
    portal_services::sites::site_or_default(&store, None)
        .await
        .expect("site");
    portal_services::demo::seed_demo(&store, &media, portal_core::time::now())
        .await
        .expect("demo");

    // Writes keep coming while the backup reads: the archive holds a
    // consistent state, every article with its categories.
    let writer = {
        let store = store.clone();
        tokio::spawn(async move {
            for i in 0..40 {
                let site = store.default_site().await.expect("query").expect("site");
                let _ = portal_services::accounts::add_user(
                    &store,
                    &format!("nguoi{i}"),
                    "",
                    portal_core::workflow::Role::Author,
                    "mật khẩu đủ dài",
                    2_000 + i,
                )
                .await;
                let _ = site;
            }
        })
    };
    let archive = dir.path().join("sao-luu.tar.gz");
    let manifest = backup::write(&store, &media, &archive, 3_000, &|_| {})
        .await
        .expect("backup");
    writer.await.expect("writer");
    // The demo's twelve articles and its three standing pages.
    assert_eq!(manifest.tables["articles"], 15);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&archive)
            .expect("archive")
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "only its owner reads a backup: {mode:o}");
    }
    assert!(manifest.files.keys().any(|k| k.starts_with("media/demo/")));

    let checked = backup::read_checked(&archive, &|_| {}).expect("checked");
    let target = test_store(&dir.path().join("b")).await;
    let target_media = MediaFolder::local(dir.path().join("b-media")).expect("media");
    backup::restore(&checked, &target, &target_media, false, &|_| {})
        .await
        .expect("restored");
    let original: Vec<_> = store.dump(&|_, _| {}).await.expect("dump");
    let copy: Vec<_> = target.dump(&|_, _| {}).await.expect("dump");
    for table in &checked.tables {
        let restored = copy.iter().find(|t| t.name == table.name).expect("table");
        assert_eq!(restored.rows, table.rows, "{}", table.name);
    }
    // The original kept its later users; the copy has the snapshot's.
    let users = |dumps: &[portal_store::TableDump]| {
        dumps
            .iter()
            .find(|t| t.name == "users")
            .map_or(0, |t| t.rows.len())
    };
    assert!(users(&copy) <= users(&original));
    assert_eq!(users(&copy), manifest.tables["users"]);
    for key in media.keys().await.expect("keys") {
        assert_eq!(
            media.read(&key).await.expect("read"),
            target_media.read(&key).await.expect("read"),
            "{key}"
        );
    }
    // New rows in the copy take new ids, after the restored ones.
    let id = portal_services::accounts::add_user(
        &target,
        "sau-khoi-phuc",
        "",
        portal_core::workflow::Role::Author,
        "mật khẩu đủ dài",
        4_000,
    )
    .await
    .expect("a new account after the restore");
    assert!(id > UserId(users(&copy) as i64));
    // A second restore without being told is refused.
    let again = backup::restore(&checked, &target, &target_media, false, &|_| {}).await;
    assert!(again.is_err_and(|e| e.to_string().contains("--force")));
}
