//! Importers of the same capture at once make one article, on either
//! backend (on PostgreSQL the second insert meets the first's unique key
//! and finds the article instead).

use std::path::Path;

use portal_services::news::import::import_capture_file;
use portal_services::sites::{category_named, site_or_default};
use portal_store::testing::test_database;
use portal_store::{ConnectOptions, Store, UpsertOutcome};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn importers_of_the_same_capture_at_once_make_one_article() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (url, options) = test_database(dir.path()).await;
    let store = Store::open(
        &url,
        ConnectOptions {
            max_connections: Some(8),
            ..options
        },
    )
    .await
    .expect("store");
    let site = site_or_default(&store, None).await.expect("site");
    let category = category_named(&store, site.id, "Tin hoạt động")
        .await
        .expect("category");
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../cli/tests/fixtures/captures/several_captions.txt");
    let importers: Vec<_> = (0..6)
        .map(|_| {
            let (store, site, category, file) =
                (store.clone(), site.clone(), category.clone(), file.clone());
            tokio::spawn(async move {
                import_capture_file(&store, &site, &category, &file, 100)
                    .await
                    .expect("imported")
                    .outcome
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for importer in importers {
        outcomes.push(importer.await.expect("importer"));
    }
    let created = outcomes
        .iter()
        .filter(|o| matches!(o, UpsertOutcome::Created(_)))
        .count();
    assert_eq!(created, 1, "{outcomes:?}");
    assert!(
        outcomes.iter().all(|o| o.id() == outcomes[0].id()),
        "{outcomes:?}"
    );
}
