//! The change feed: every change readers or staff see is recorded with
//! where the article was listed before, a write that fails records
//! nothing, and on PostgreSQL another node's change wakes a follower.

use std::time::Duration;

use portal_core::change::{ArticlePlace, Change};
use portal_core::workflow::{Action, Role};
use portal_core::{ArticleStatus, Body, BodyBlock, Layout, SiteId};
use portal_services::changes::{Follower, Wake};
use portal_services::news::newsroom::{self, Step};
use portal_services::sites::{category_named, site_or_default};
use portal_services::{Backend, Store, accounts};
use portal_store::testing::{test_database, test_store};

fn input(title: &str, category: i64) -> portal_core::ArticleContent {
    portal_core::ArticleContent {
        title: title.into(),
        lead: "Tóm tắt.".into(),
        body: Body(vec![BodyBlock::paragraph("Đoạn văn.")]),
        category_ids: vec![category],
        ..Default::default()
    }
}

async fn read(store: &Store, follower: &mut Follower) -> Vec<Change> {
    follower
        .next(store)
        .await
        .expect("feed")
        .into_iter()
        .map(|record| record.change)
        .collect()
}

#[tokio::test]
async fn every_change_is_in_the_feed_with_where_it_was_before() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = test_store(dir.path()).await;
    let site = site_or_default(&store, None).await.expect("site");
    let news = category_named(&store, site.id, "Tin hoạt động")
        .await
        .expect("category")
        .id;
    let culture = category_named(&store, site.id, "Văn hóa")
        .await
        .expect("category")
        .id;
    let id = accounts::add_user(&store, "bientap", "", Role::Publisher, "mật khẩu đủ dài", 1)
        .await
        .expect("user");
    let stored = store.user(id).await.expect("query").expect("user");
    let publisher = accounts::at_site(&store, stored, &site)
        .await
        .expect("query")
        .expect("a role on the site");
    let mut follower = Follower::from_now(&store).await.expect("follower");

    let id = newsroom::create_draft(&store, &site, &publisher, &input("Tin mới", news), 10)
        .await
        .expect("draft");
    assert_eq!(
        read(&store, &mut follower).await,
        [Change::Article { id, before: None }]
    );

    for action in [Action::Submit, Action::Approve, Action::Publish] {
        newsroom::act(&store, &site, &publisher, id, Step::plain(action), 20)
            .await
            .expect("workflow step");
    }
    let place = |status| ArticlePlace {
        status,
        publish_at: None,
        expire_at: None,
        categories: vec![news],
        tags: vec![],
    };
    let steps: Vec<Change> = [
        ArticleStatus::Draft,
        ArticleStatus::Submitted,
        ArticleStatus::Approved,
    ]
    .into_iter()
    .map(|status| Change::Article {
        id,
        before: Some(place(status)),
    })
    .collect();
    assert_eq!(read(&store, &mut follower).await, steps);

    // Moved to another section: the change remembers the section it left.
    newsroom::save(
        &store,
        &site,
        &publisher,
        id,
        1,
        &input("Tin mới", culture),
        30,
    )
    .await
    .expect("save");
    let [
        Change::Article {
            before: Some(before),
            ..
        },
    ] = &read(&store, &mut follower).await[..]
    else {
        panic!("one article change");
    };
    assert_eq!(before.categories, [news]);
    assert_eq!(before.status, ArticleStatus::Published);

    // A save over a stale revision is refused and records nothing.
    let stale = newsroom::save(&store, &site, &publisher, id, 1, &input("Cũ", news), 40).await;
    assert!(stale.is_err());
    assert!(read(&store, &mut follower).await.is_empty());

    // What every page shows: the site, its sections, its blocks.
    let mut edited = store.site(site.id).await.expect("query").expect("site");
    edited.agency = "Văn phòng Ủy ban nhân dân tỉnh".into();
    store.update_site(&edited).await.expect("site saved");
    let placements = store
        .placements(site.id, Layout::Home)
        .await
        .expect("placements");
    store
        .replace_placements(site.id, Layout::Home, &placements)
        .await
        .expect("placements saved");
    category_named(&store, site.id, "Kinh tế")
        .await
        .expect("category");
    assert_eq!(
        read(&store, &mut follower).await,
        [Change::Site, Change::Site, Change::Site]
    );
}

#[tokio::test]
async fn another_nodes_change_wakes_a_follower_at_once_on_postgresql() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (url, options) = test_database(dir.path()).await;
    let here = Store::open(&url, options.clone()).await.expect("store");
    if here.backend() != Backend::Postgres {
        eprintln!(
            "NOTICE: another_nodes_change_wakes_a_follower_at_once_on_postgresql skipped: set \
             PORTAL_TEST_DATABASE_URL to a PostgreSQL database to run it"
        );
        return;
    }
    let there = Store::open(&url, options).await.expect("second node");
    let (wake, _task) = Wake::start(&here);
    let mut woken = wake.subscribe();
    // The listener is connected once it has woken us the first time.
    tokio::time::timeout(Duration::from_secs(10), woken.changed())
        .await
        .expect("listener connected")
        .expect("wake");
    let mut follower = Follower::from_now(&here).await.expect("follower");
    there
        .record_change(SiteId(1), &Change::Site, 1)
        .await
        .expect("change on the other node");
    // Well within the two-second poll: NOTIFY woke us.
    tokio::time::timeout(Duration::from_millis(1500), woken.changed())
        .await
        .expect("woken by NOTIFY")
        .expect("wake");
    assert_eq!(read(&here, &mut follower).await, [Change::Site]);
}
