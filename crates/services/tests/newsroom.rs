//! The newsroom's rules, enforced on the server: roles, ownership,
//! category limits, optimistic locking, revisions, scheduling.

use portal_core::account::User;
use portal_core::workflow::{Action, Role, WorkflowError};
use portal_core::{ArticleId, ArticleStatus, Body, BodyBlock, Site};
use portal_services::accounts;
use portal_services::news::newsroom::{self, NewsroomError, Step};
use portal_services::sites::{category_named, site_or_default};
use portal_store::testing::test_store;
use portal_store::{AuditFilter, Store};

struct Newsroom {
    store: Store,
    site: Site,
    author: User,
    other_author: User,
    editor: User,
    publisher: User,
    news: i64,
    culture: i64,
    _dir: tempfile::TempDir,
}

async fn user(store: &Store, login: &str, role: Role) -> User {
    let id = accounts::add_user(store, login, "", role, "mật khẩu đủ dài", 1)
        .await
        .expect("user");
    seen_from_province(store, id).await
}

/// The person as the province's newsroom sees them.
async fn seen_from_province(store: &Store, id: portal_core::UserId) -> User {
    let site = site_or_default(store, None).await.expect("site");
    let stored = store.user(id).await.expect("query").expect("user");
    accounts::at_site(store, stored, &site)
        .await
        .expect("query")
        .expect("a role on the province's site")
}

async fn newsroom() -> Newsroom {
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
    Newsroom {
        author: user(&store, "phongvien", Role::Author).await,
        other_author: user(&store, "congtacvien", Role::Author).await,
        editor: user(&store, "bientap", Role::Editor).await,
        publisher: user(&store, "lanhdao", Role::Publisher).await,
        store,
        site,
        news,
        culture,
        _dir: dir,
    }
}

fn input(title: &str, category: i64) -> portal_core::ArticleContent {
    portal_core::ArticleContent {
        title: title.into(),
        lead: "Tóm tắt.".into(),
        body: Body(vec![BodyBlock::paragraph("Đoạn văn.")]),
        category_ids: vec![category],
        ..Default::default()
    }
}

#[tokio::test]
async fn an_article_goes_from_draft_to_published() {
    let n = newsroom().await;
    let id = newsroom::create_draft(
        &n.store,
        &n.site,
        &n.author,
        &input("Tin mới viết", n.news),
        100,
    )
    .await
    .expect("draft");
    async fn act(
        n: &Newsroom,
        actor: &User,
        id: i64,
        action: Action,
    ) -> Result<ArticleStatus, NewsroomError> {
        newsroom::act(
            &n.store,
            &n.site,
            actor,
            ArticleId(id),
            Step::plain(action),
            200,
        )
        .await
    }
    assert_eq!(
        act(&n, &n.author, id.get(), Action::Submit)
            .await
            .expect("submitted"),
        ArticleStatus::Submitted
    );
    assert!(matches!(
        act(&n, &n.author, id.get(), Action::Approve).await,
        Err(NewsroomError::Workflow(WorkflowError::RoleMayNot { .. }))
    ));
    assert_eq!(
        act(&n, &n.editor, id.get(), Action::Approve)
            .await
            .expect("approved"),
        ArticleStatus::Approved
    );
    assert!(matches!(
        act(&n, &n.editor, id.get(), Action::Publish).await,
        Err(NewsroomError::Workflow(_))
    ));
    assert_eq!(
        act(&n, &n.publisher, id.get(), Action::Publish)
            .await
            .expect("published"),
        ArticleStatus::Published
    );
    let article = n
        .store
        .article(n.site.id, id)
        .await
        .expect("query")
        .expect("article");
    assert!(article.is_public(200));
    let actions: Vec<String> = n
        .store
        .audit_events(&AuditFilter::default())
        .await
        .expect("audit")
        .into_iter()
        .filter(|e| e.target == format!("article:{id}"))
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["publish", "approve", "submit", "create"]);
}

#[tokio::test]
async fn a_scheduled_article_appears_at_its_time() {
    let n = newsroom().await;
    let id = newsroom::create_draft(
        &n.store,
        &n.site,
        &n.author,
        &input("Tin hẹn giờ", n.news),
        100,
    )
    .await
    .expect("draft");
    newsroom::act(
        &n.store,
        &n.site,
        &n.author,
        id,
        Step::plain(Action::Submit),
        110,
    )
    .await
    .expect("submit");
    newsroom::act(
        &n.store,
        &n.site,
        &n.editor,
        id,
        Step::plain(Action::Approve),
        120,
    )
    .await
    .expect("approve");
    newsroom::act(
        &n.store,
        &n.site,
        &n.publisher,
        id,
        Step {
            action: Action::Publish,
            note: "",
            publish_at: Some(5_000),
        },
        130,
    )
    .await
    .expect("schedule");
    let article = n
        .store
        .article(n.site.id, id)
        .await
        .expect("query")
        .expect("article");
    assert!(!article.is_public(4_999));
    assert!(article.is_public(5_000));
    let desk = newsroom::desk(&n.store, &n.site, &n.publisher, 1_000)
        .await
        .expect("desk");
    assert_eq!(desk.scheduled.len(), 1);
    assert!(desk.recently_published.is_empty());
}

#[tokio::test]
async fn sending_back_needs_a_note_and_reaches_the_author() {
    let n = newsroom().await;
    let id = newsroom::create_draft(
        &n.store,
        &n.site,
        &n.author,
        &input("Tin cần sửa", n.news),
        100,
    )
    .await
    .expect("draft");
    newsroom::act(
        &n.store,
        &n.site,
        &n.author,
        id,
        Step::plain(Action::Submit),
        110,
    )
    .await
    .expect("submit");
    assert!(matches!(
        newsroom::act(
            &n.store,
            &n.site,
            &n.editor,
            id,
            Step {
                action: Action::SendBack,
                note: " ",
                publish_at: None
            },
            120
        )
        .await,
        Err(NewsroomError::Workflow(WorkflowError::NoteRequired))
    ));
    newsroom::act(
        &n.store,
        &n.site,
        &n.editor,
        id,
        Step {
            action: Action::SendBack,
            note: "Bổ sung ảnh",
            publish_at: None,
        },
        120,
    )
    .await
    .expect("sent back");
    let desk = newsroom::desk(&n.store, &n.site, &n.author, 130)
        .await
        .expect("desk");
    assert_eq!(desk.my_drafts.len(), 1);
    assert_eq!(desk.my_drafts[0].review_note, "Bổ sung ảnh");
}

#[tokio::test]
async fn authors_touch_only_their_own_drafts() {
    let n = newsroom().await;
    let id = newsroom::create_draft(
        &n.store,
        &n.site,
        &n.author,
        &input("Bài của tôi", n.news),
        100,
    )
    .await
    .expect("draft");
    let theirs = newsroom::save(
        &n.store,
        &n.site,
        &n.other_author,
        id,
        1,
        &input("Sửa trộm", n.news),
        110,
    )
    .await;
    // A colleague's draft is not there at all for another author.
    assert!(matches!(theirs, Err(NewsroomError::NotFound)), "{theirs:?}");
    assert!(matches!(
        newsroom::article_for(&n.store, &n.site, &n.other_author, id).await,
        Err(NewsroomError::NotFound)
    ));
    assert!(matches!(
        newsroom::revisions(&n.store, &n.site, &n.other_author, id).await,
        Err(NewsroomError::NotFound)
    ));
    let submit = newsroom::act(
        &n.store,
        &n.site,
        &n.other_author,
        id,
        Step::plain(Action::Submit),
        110,
    )
    .await;
    assert!(matches!(submit, Err(NewsroomError::NotFound)), "{submit:?}");
    assert_eq!(
        newsroom::save(
            &n.store,
            &n.site,
            &n.author,
            id,
            1,
            &input("Bài của tôi, sửa", n.news),
            120
        )
        .await
        .expect("saved"),
        2
    );
    newsroom::act(
        &n.store,
        &n.site,
        &n.author,
        id,
        Step::plain(Action::Submit),
        130,
    )
    .await
    .expect("submit");
    let after_submit = newsroom::save(
        &n.store,
        &n.site,
        &n.author,
        id,
        2,
        &input("Sửa sau khi gửi", n.news),
        140,
    )
    .await;
    assert!(
        matches!(after_submit, Err(NewsroomError::Forbidden(_))),
        "submitted work is the editor's now"
    );
    assert_eq!(
        newsroom::save(
            &n.store,
            &n.site,
            &n.editor,
            id,
            2,
            &input("Biên tập lại", n.news),
            150
        )
        .await
        .expect("editor saves"),
        3
    );
}

#[tokio::test]
async fn a_user_limited_to_a_category_cannot_touch_another() {
    let n = newsroom().await;
    n.store
        .set_user_categories(n.editor.id, n.site.id, &[n.news])
        .await
        .expect("limited");
    let editor = seen_from_province(&n.store, n.editor.id).await;
    let culture = newsroom::create_draft(
        &n.store,
        &n.site,
        &n.author,
        &input("Lễ hội", n.culture),
        100,
    )
    .await
    .expect("draft");
    newsroom::act(
        &n.store,
        &n.site,
        &n.author,
        culture,
        Step::plain(Action::Submit),
        110,
    )
    .await
    .expect("submit");
    let approve = newsroom::act(
        &n.store,
        &n.site,
        &editor,
        culture,
        Step::plain(Action::Approve),
        120,
    )
    .await;
    assert!(matches!(
        approve,
        Err(NewsroomError::Forbidden("newsroom.category_not_yours"))
    ));
    let create = newsroom::create_draft(
        &n.store,
        &n.site,
        &editor,
        &input("Sai chuyên mục", n.culture),
        130,
    )
    .await;
    assert!(matches!(
        create,
        Err(NewsroomError::Forbidden("newsroom.category_not_yours"))
    ));
    let desk = newsroom::desk(&n.store, &n.site, &editor, 140)
        .await
        .expect("desk");
    assert!(
        desk.waiting_for_me.is_empty(),
        "another category's work is not listed"
    );
}

#[tokio::test]
async fn the_second_of_two_saves_is_refused_and_nothing_is_lost() {
    let n = newsroom().await;
    let id = newsroom::create_draft(&n.store, &n.site, &n.editor, &input("Bản gốc", n.news), 100)
        .await
        .expect("draft");
    let first = newsroom::save(
        &n.store,
        &n.site,
        &n.editor,
        id,
        1,
        &input("Sửa lần một", n.news),
        110,
    )
    .await;
    assert_eq!(first.expect("first save"), 2);
    let second = newsroom::save(
        &n.store,
        &n.site,
        &n.publisher,
        id,
        1,
        &input("Sửa cùng lúc", n.news),
        111,
    )
    .await;
    assert!(matches!(second, Err(NewsroomError::Conflict(_))));
    let article = n
        .store
        .article(n.site.id, id)
        .await
        .expect("query")
        .expect("article");
    assert_eq!(article.content.title, "Sửa lần một");
    let revisions = n.store.revisions(id).await.expect("revisions");
    assert_eq!(
        revisions.iter().map(|r| r.revision).collect::<Vec<_>>(),
        [2, 1]
    );
    assert_eq!(
        n.store
            .revision(id, 1)
            .await
            .expect("query")
            .expect("snapshot")
            .title,
        "Bản gốc"
    );
}

#[tokio::test]
async fn bad_input_is_named() {
    let n = newsroom().await;
    let empty = newsroom::create_draft(&n.store, &n.site, &n.author, &input("  ", n.news), 1).await;
    assert!(matches!(
        empty,
        Err(NewsroomError::Invalid("newsroom.title_required"))
    ));
    let mut no_category = input("Tin", n.news);
    no_category.category_ids.clear();
    assert!(matches!(
        newsroom::create_draft(&n.store, &n.site, &n.author, &no_category, 1).await,
        Err(NewsroomError::Invalid("newsroom.category_required"))
    ));
    assert!(matches!(
        newsroom::create_draft(&n.store, &n.site, &n.author, &input("Tin", 99_999), 1).await,
        Err(NewsroomError::Invalid("newsroom.unknown_category"))
    ));
}

#[tokio::test]
async fn an_old_revision_comes_back_as_a_new_one() {
    let n = newsroom().await;
    let id = newsroom::create_draft(&n.store, &n.site, &n.editor, &input("Bản một", n.news), 100)
        .await
        .expect("draft");
    newsroom::save(
        &n.store,
        &n.site,
        &n.editor,
        id,
        1,
        &input("Bản hai", n.news),
        110,
    )
    .await
    .expect("saved");
    let request = |current| newsroom::RestoreRequest {
        revision: 1,
        current,
        live: false,
    };
    let restored = newsroom::restore(&n.store, &n.site, &n.editor, id, request(2), 120)
        .await
        .expect("restored");
    assert_eq!(restored, newsroom::Restored::Live(3));
    let article = n
        .store
        .article(n.site.id, id)
        .await
        .expect("query")
        .expect("article");
    assert_eq!(article.content.title, "Bản một");
    let history = newsroom::revisions(&n.store, &n.site, &n.editor, id)
        .await
        .expect("history");
    assert_eq!(
        history.len(),
        3,
        "the restored-over version stays in the history"
    );
    assert_eq!(
        newsroom::revision(&n.store, &n.site, &n.editor, id, 2)
            .await
            .expect("snapshot")
            .title,
        "Bản hai"
    );
    assert!(
        matches!(
            newsroom::restore(&n.store, &n.site, &n.editor, id, request(2), 130).await,
            Err(NewsroomError::Conflict(_))
        ),
        "restoring over a stale revision is refused like any save"
    );
}
