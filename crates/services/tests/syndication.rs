//! News flowing up, through the services: a commune's publisher proposes,
//! the province approves or declines, the copy follows its origin and goes
//! when the origin goes; every step refused to whoever may not take it.

use portal_core::account::User;
use portal_core::syndication::SyndicationStatus;
use portal_core::workflow::{Action, Role};
use portal_core::{ArticleContent, ArticleId, Body, BodyBlock, Site};
use portal_services::accounts;
use portal_services::news::newsroom::{self, NewsroomError, Step};
use portal_services::news::syndication::{self, Decision};
use portal_services::sites::estate::{SiteDraft, add_site};
use portal_services::sites::{category_named, site_or_default};
use portal_store::Store;
use portal_store::testing::test_store;

const PASSWORD: &str = "mật khẩu đủ dài";

struct Estate {
    store: Store,
    province: Site,
    commune: Site,
    province_section: i64,
    commune_section: i64,
    commune_publisher: User,
    commune_editor: User,
    province_editor: User,
    province_author: User,
    _dir: tempfile::TempDir,
}

async fn person(store: &Store, site: &Site, login: &str, role: Role) -> User {
    let id = accounts::add_user_on(store, site.id, login, "", role, PASSWORD, 1)
        .await
        .expect("user");
    let stored = store.user(id).await.expect("query").expect("user");
    accounts::at_site(store, stored, site)
        .await
        .expect("query")
        .expect("a role there")
}

async fn estate() -> Estate {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = test_store(dir.path()).await;
    let province = site_or_default(&store, None).await.expect("province");
    let draft = SiteDraft {
        code: "xa-na-ri".into(),
        name: "UBND xã Na Rì".into(),
        ..SiteDraft::default()
    };
    let commune = add_site(&store, "test", &draft, |_| Vec::new(), 1)
        .await
        .expect("commune");
    let province_section = category_named(&store, province.id, "Tin hoạt động")
        .await
        .expect("section")
        .id;
    let commune_section = category_named(&store, commune.id, "Tin tức - Sự kiện")
        .await
        .expect("section")
        .id;
    Estate {
        commune_publisher: person(&store, &commune, "lanhdaoxa", Role::Publisher).await,
        commune_editor: person(&store, &commune, "bientapxa", Role::Editor).await,
        province_editor: person(&store, &province, "bientaptinh", Role::Editor).await,
        province_author: person(&store, &province, "phongvientinh", Role::Author).await,
        store,
        province,
        commune,
        province_section,
        commune_section,
        _dir: dir,
    }
}

fn content(title: &str, lead: &str, paragraph: &str, section: i64) -> ArticleContent {
    ArticleContent {
        title: title.into(),
        lead: lead.into(),
        body: Body(vec![BodyBlock::paragraph(paragraph)]),
        byline: "Hà Thu".into(),
        category_ids: vec![section],
        ..ArticleContent::default()
    }
}

/// A commune article, published by the commune's publisher.
async fn published(e: &Estate, title: &str) -> ArticleId {
    let id = newsroom::create_draft(
        &e.store,
        &e.commune,
        &e.commune_publisher,
        &content(title, "Sapo của xã.", "Nội dung của xã.", e.commune_section),
        100,
    )
    .await
    .expect("draft");
    through_to_publication(&e.store, &e.commune, &e.commune_publisher, id).await;
    id
}

/// Submitted, approved and published by one person who may do all three.
async fn through_to_publication(store: &Store, site: &Site, actor: &User, id: ArticleId) {
    for (step, at) in [
        (Action::Submit, 101),
        (Action::Approve, 102),
        (Action::Publish, 110),
    ] {
        newsroom::act(store, site, actor, id, Step::plain(step), at)
            .await
            .unwrap_or_else(|error| panic!("{step:?}: {error}"));
    }
}

async fn copy_of(e: &Estate, origin: ArticleId) -> portal_core::Article {
    let carried = e.store.syndications_of(origin).await.expect("query");
    let copy = carried[0].copy_id.expect("a copy");
    e.store
        .article(e.province.id, copy)
        .await
        .expect("query")
        .expect("the copy")
}

fn decision(e: &Estate, title: &str) -> Decision {
    Decision {
        category_id: e.province_section,
        title: title.into(),
        lead: String::new(),
    }
}

#[tokio::test]
async fn an_approved_article_is_carried_credited_and_follows_its_origin() {
    let e = estate().await;
    let origin = published(&e, "Xã Na Rì ra quân làm đường").await;
    let proposal = syndication::propose(&e.store, &e.commune, &e.commune_publisher, origin, 200)
        .await
        .expect("proposed");
    let queue = syndication::queue(&e.store, &e.province, &e.province_editor)
        .await
        .expect("queue");
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].origin_site_name, "UBND xã Na Rì");
    assert_eq!(queue[0].title, "Xã Na Rì ra quân làm đường");

    // The province adjusts the title for its readers.
    let copy_id = syndication::approve(
        &e.store,
        &e.province,
        &e.province_editor,
        proposal,
        &decision(&e, "Na Rì: cả xã ra quân làm đường"),
        300,
    )
    .await
    .expect("approved");
    let copy = copy_of(&e, origin).await;
    assert_eq!(copy.id, copy_id);
    assert!(copy.is_public(301), "carried at once");
    assert_eq!(copy.content.title, "Na Rì: cả xã ra quân làm đường");
    assert_eq!(
        copy.content.lead, "Sapo của xã.",
        "an empty lead keeps the origin's"
    );
    assert_eq!(
        copy.content.source, "UBND xã Na Rì",
        "credited to its origin"
    );
    assert_eq!(copy.origin_id, Some(origin));
    assert_eq!(copy.content.body.plain_text(), "Nội dung của xã.");

    // The commune corrects its body: the copy follows, title kept.
    let mut edited = e
        .store
        .article(e.commune.id, origin)
        .await
        .expect("q")
        .expect("origin");
    edited.content.body = Body(vec![BodyBlock::paragraph("Nội dung đã sửa.")]);
    newsroom::save(
        &e.store,
        &e.commune,
        &e.commune_publisher,
        origin,
        edited.revision,
        &edited.content,
        400,
    )
    .await
    .expect("saved");
    let copy = copy_of(&e, origin).await;
    assert_eq!(copy.content.body.plain_text(), "Nội dung đã sửa.");
    assert_eq!(copy.content.title, "Na Rì: cả xã ra quân làm đường");
    assert_eq!(
        e.store.syndications_of(origin).await.expect("q")[0].status,
        SyndicationStatus::Approved,
        "a body edit asks nothing"
    );

    // A new title asks the province again; the copy stays as approved.
    let mut retitled = e
        .store
        .article(e.commune.id, origin)
        .await
        .expect("q")
        .expect("origin");
    retitled.content.title = "Xã Na Rì hoàn thành làm đường".into();
    newsroom::save(
        &e.store,
        &e.commune,
        &e.commune_publisher,
        origin,
        retitled.revision,
        &retitled.content,
        500,
    )
    .await
    .expect("saved");
    let again = syndication::queue(&e.store, &e.province, &e.province_editor)
        .await
        .expect("queue");
    assert_eq!(again.len(), 1, "asked again");
    assert_eq!(again[0].title, "Xã Na Rì hoàn thành làm đường");
    assert!(copy_of(&e, origin).await.is_public(501));
    syndication::approve(
        &e.store,
        &e.province,
        &e.province_editor,
        again[0].id,
        &decision(&e, ""),
        600,
    )
    .await
    .expect("approved again");
    let copy = copy_of(&e, origin).await;
    assert_eq!(copy.id, copy_id, "the same copy, not a second one");
    assert_eq!(copy.content.title, "Xã Na Rì hoàn thành làm đường");

    // Unpublished at the origin: withdrawn at the province.
    newsroom::act(
        &e.store,
        &e.commune,
        &e.commune_publisher,
        origin,
        Step::plain(Action::Unpublish),
        700,
    )
    .await
    .expect("unpublished");
    assert!(!copy_of(&e, origin).await.is_public(701), "withdrawn");
    assert_eq!(
        e.store.syndications_of(origin).await.expect("q")[0].status,
        SyndicationStatus::Withdrawn
    );
}

#[tokio::test]
async fn a_declined_proposal_carries_its_note_back_and_can_be_made_again() {
    let e = estate().await;
    let origin = published(&e, "Xã Na Rì họp dân").await;
    let proposal = syndication::propose(&e.store, &e.commune, &e.commune_publisher, origin, 200)
        .await
        .expect("proposed");
    assert!(matches!(
        syndication::propose(&e.store, &e.commune, &e.commune_publisher, origin, 201).await,
        Err(NewsroomError::Invalid("syndication.already_proposed"))
    ));
    assert!(matches!(
        syndication::decline(
            &e.store,
            &e.province,
            &e.province_editor,
            proposal,
            " ",
            300
        )
        .await,
        Err(NewsroomError::Invalid("syndication.note_required"))
    ));
    syndication::decline(
        &e.store,
        &e.province,
        &e.province_editor,
        proposal,
        "Cần thêm ảnh và số liệu cụ thể.",
        300,
    )
    .await
    .expect("declined");
    let seen = syndication::proposals_of(&e.store, &e.commune, &e.commune_publisher, origin)
        .await
        .expect("the commune's view");
    assert_eq!(seen[0].status, SyndicationStatus::Declined);
    assert_eq!(seen[0].note, "Cần thêm ảnh và số liệu cụ thể.");
    assert!(seen[0].copy_id.is_none(), "nothing carried");
    assert!(
        syndication::queue(&e.store, &e.province, &e.province_editor)
            .await
            .expect("queue")
            .is_empty()
    );
    syndication::propose(&e.store, &e.commune, &e.commune_publisher, origin, 400)
        .await
        .expect("proposed again after a decline");
}

#[tokio::test]
async fn each_step_is_refused_to_whoever_may_not_take_it() {
    let e = estate().await;
    let origin = published(&e, "Xã Na Rì tổng kết năm").await;
    // An editor of the commune does not speak for it.
    assert!(matches!(
        syndication::propose(&e.store, &e.commune, &e.commune_editor, origin, 200).await,
        Err(NewsroomError::Forbidden("syndication.publishers_only"))
    ));
    // The commune's publisher acting on the province's site is nobody there.
    assert!(matches!(
        syndication::propose(&e.store, &e.province, &e.commune_publisher, origin, 200).await,
        Err(NewsroomError::Forbidden("newsroom.not_your_site"))
    ));
    // A draft is not proposed.
    let draft = newsroom::create_draft(
        &e.store,
        &e.commune,
        &e.commune_publisher,
        &content("Bản nháp", "", "Nháp.", e.commune_section),
        150,
    )
    .await
    .expect("draft");
    assert!(matches!(
        syndication::propose(&e.store, &e.commune, &e.commune_publisher, draft, 200).await,
        Err(NewsroomError::Invalid("syndication.not_published"))
    ));
    // The province has no parent to propose to.
    let province_admin = person(&e.store, &e.province, "quantri", Role::Admin).await;
    let province_article = newsroom::create_draft(
        &e.store,
        &e.province,
        &province_admin,
        &content("Tin tỉnh", "", "Tỉnh.", e.province_section),
        150,
    )
    .await
    .expect("draft");
    through_to_publication(&e.store, &e.province, &province_admin, province_article).await;
    assert!(matches!(
        syndication::propose(
            &e.store,
            &e.province,
            &province_admin,
            province_article,
            200
        )
        .await,
        Err(NewsroomError::Invalid("syndication.no_parent"))
    ));

    let proposal = syndication::propose(&e.store, &e.commune, &e.commune_publisher, origin, 200)
        .await
        .expect("proposed");
    // An author of the province does not decide; the commune cannot
    // approve its own proposal on the province's behalf.
    assert!(matches!(
        syndication::approve(
            &e.store,
            &e.province,
            &e.province_author,
            proposal,
            &decision(&e, ""),
            300
        )
        .await,
        Err(NewsroomError::Forbidden("syndication.reviewers_only"))
    ));
    assert!(matches!(
        syndication::approve(
            &e.store,
            &e.province,
            &e.commune_publisher,
            proposal,
            &decision(&e, ""),
            300
        )
        .await,
        Err(NewsroomError::Forbidden("newsroom.not_your_site"))
    ));
    // Seen from the commune's own site, the proposal is not there at all.
    let commune_admin = person(&e.store, &e.commune, "quantrixa", Role::Admin).await;
    assert!(matches!(
        syndication::approve(
            &e.store,
            &e.commune,
            &commune_admin,
            proposal,
            &Decision {
                category_id: e.commune_section,
                title: String::new(),
                lead: String::new(),
            },
            300
        )
        .await,
        Err(NewsroomError::NotFound)
    ));
    // A section of another site is no section of the province's.
    assert!(matches!(
        syndication::approve(
            &e.store,
            &e.province,
            &e.province_editor,
            proposal,
            &Decision {
                category_id: e.commune_section,
                title: String::new(),
                lead: String::new(),
            },
            300
        )
        .await,
        Err(NewsroomError::Invalid("newsroom.unknown_category"))
    ));
    // Taken down before the province decided: nothing to approve.
    newsroom::act(
        &e.store,
        &e.commune,
        &e.commune_publisher,
        origin,
        Step::plain(Action::Unpublish),
        250,
    )
    .await
    .expect("unpublished");
    assert!(
        syndication::queue(&e.store, &e.province, &e.province_editor)
            .await
            .expect("queue")
            .is_empty(),
        "withdrawn from the queue"
    );
}
