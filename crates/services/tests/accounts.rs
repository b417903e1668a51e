//! The door: logging in, throttling, sessions, passwords.

use portal_core::workflow::Role;
use portal_services::accounts::{self, LoginError, MAX_FAILURES, THROTTLE_WINDOW_SECONDS};
use portal_store::AuditFilter;
use portal_store::testing::test_store;

const PASSWORD: &str = "mật khẩu của biên tập viên";

#[tokio::test]
async fn a_user_logs_in_and_gets_a_session() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = test_store(dir.path()).await;
    accounts::add_user(
        &store,
        "bientap",
        "Biên tập viên",
        Role::Editor,
        PASSWORD,
        100,
    )
    .await
    .expect("added");
    let session = accounts::log_in(&store, "BienTap ", PASSWORD, "10.0.0.1", 200)
        .await
        .expect("logged in");
    assert_eq!(session.user.role, Role::Editor);
    let (user, csrf) = store
        .session(&accounts::token_hash(&session.token), 300)
        .await
        .expect("query")
        .expect("live session");
    assert_eq!(user.login, "bientap");
    assert_eq!(csrf, session.csrf_token);
    assert!(
        store
            .session(&session.token, 300)
            .await
            .expect("query")
            .is_none(),
        "the raw token is not an id"
    );
    assert!(
        store
            .session(&accounts::token_hash(&session.token), session.expires_at)
            .await
            .expect("query")
            .is_none(),
        "sessions expire"
    );
    let events = store
        .audit_events(&AuditFilter::default())
        .await
        .expect("audit");
    assert_eq!(events[0].action, "login");
}

#[tokio::test]
async fn bad_accounts_are_refused_with_reasons() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = test_store(dir.path()).await;
    assert!(matches!(
        accounts::add_user(&store, "Nguyễn", "", Role::Author, PASSWORD, 1).await,
        Err(accounts::AccountError::BadLogin)
    ));
    assert!(matches!(
        accounts::add_user(&store, "phongvien", "", Role::Author, "ngắn", 1).await,
        Err(accounts::AccountError::WeakPassword)
    ));
    accounts::add_user(&store, "phongvien", "", Role::Author, PASSWORD, 1)
        .await
        .expect("added");
    let again = accounts::add_user(&store, "phongvien", "", Role::Author, PASSWORD, 1).await;
    assert!(again.is_err_and(|e| e.to_string().contains("is taken")));
}

#[tokio::test]
async fn the_tenth_wrong_password_is_refused_without_checking() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = test_store(dir.path()).await;
    accounts::add_user(&store, "lanhdao", "", Role::Publisher, PASSWORD, 1)
        .await
        .expect("added");
    let start = 10_000;
    for i in 0..MAX_FAILURES {
        let result =
            accounts::log_in(&store, "lanhdao", "sai mật khẩu rồi", "10.0.0.9", start + i).await;
        assert_eq!(result.err(), Some(LoginError::Wrong));
    }
    // Even the right password is not looked at now, and the answer says when.
    let throttled = accounts::log_in(&store, "lanhdao", PASSWORD, "10.0.0.9", start + 20).await;
    assert_eq!(
        throttled.err(),
        Some(LoginError::Throttled {
            retry_at: start + THROTTLE_WINDOW_SECONDS
        })
    );
    // Another address is throttled too: the account is what is guarded.
    assert!(matches!(
        accounts::log_in(&store, "lanhdao", PASSWORD, "10.0.0.10", start + 21).await,
        Err(LoginError::Throttled { .. })
    ));
    // After the window, the right password works again.
    let later = start + THROTTLE_WINDOW_SECONDS + 30;
    assert!(
        accounts::log_in(&store, "lanhdao", PASSWORD, "10.0.0.9", later)
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn one_address_guessing_many_accounts_is_throttled() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = test_store(dir.path()).await;
    accounts::add_user(&store, "quantri", "", Role::Admin, PASSWORD, 1)
        .await
        .expect("added");
    for i in 0..MAX_FAILURES {
        let _ = accounts::log_in(
            &store,
            &format!("doan{i}"),
            "thử mật khẩu",
            "10.9.9.9",
            500 + i,
        )
        .await;
    }
    assert!(matches!(
        accounts::log_in(&store, "quantri", PASSWORD, "10.9.9.9", 520).await,
        Err(LoginError::Throttled { .. })
    ));
    assert!(
        accounts::log_in(&store, "quantri", PASSWORD, "10.1.1.1", 520)
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn disabled_users_and_new_passwords_end_the_door() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = test_store(dir.path()).await;
    let id = accounts::add_user(&store, "congtacvien", "", Role::Author, PASSWORD, 1)
        .await
        .expect("added");
    let session = accounts::log_in(&store, "congtacvien", PASSWORD, "a", 10)
        .await
        .expect("in");
    accounts::set_password(&store, "congtacvien", "mật khẩu mới đủ dài", 20)
        .await
        .expect("changed");
    assert!(
        store
            .session(&accounts::token_hash(&session.token), 30)
            .await
            .expect("query")
            .is_none()
    );
    assert_eq!(
        accounts::log_in(&store, "congtacvien", PASSWORD, "a", 40)
            .await
            .err(),
        Some(LoginError::Wrong)
    );
    store.set_disabled(id, true, 50).await.expect("disabled");
    assert_eq!(
        accounts::log_in(&store, "congtacvien", "mật khẩu mới đủ dài", "a", 60)
            .await
            .err(),
        Some(LoginError::Wrong)
    );
}

#[tokio::test]
async fn only_admins_manage_accounts_and_not_their_own_access() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = test_store(dir.path()).await;
    let admin_id = accounts::add_user(&store, "quantri", "", Role::Admin, PASSWORD, 1)
        .await
        .expect("added");
    let editor_id = accounts::add_user(&store, "bientap", "", Role::Editor, PASSWORD, 1)
        .await
        .expect("added");
    let admin = store.user(admin_id).await.expect("q").expect("admin");
    let editor = store.user(editor_id).await.expect("q").expect("editor");
    let promote = accounts::AccountChange {
        role: Role::Admin,
        disabled: false,
        category_ids: vec![],
    };
    assert!(matches!(
        accounts::change_account(&store, &editor, editor_id, &promote, 5).await,
        Err(accounts::AccountError::AdminsOnly)
    ));
    let demote_self = accounts::AccountChange {
        role: Role::Editor,
        disabled: false,
        category_ids: vec![],
    };
    assert!(matches!(
        accounts::change_account(&store, &admin, admin_id, &demote_self, 5).await,
        Err(accounts::AccountError::NotYourself)
    ));
    let session = accounts::log_in(&store, "bientap", PASSWORD, "a", 6)
        .await
        .expect("in");
    let disable = accounts::AccountChange {
        role: Role::Publisher,
        disabled: true,
        category_ids: vec![],
    };
    let changed = accounts::change_account(&store, &admin, editor_id, &disable, 7)
        .await
        .expect("changed");
    assert_eq!(changed.role, Role::Publisher);
    assert!(changed.disabled);
    assert!(
        store
            .session(&accounts::token_hash(&session.token), 8)
            .await
            .expect("q")
            .is_none(),
        "disabling ends sessions"
    );
    let actions: Vec<String> = store
        .audit_events(&AuditFilter::default())
        .await
        .expect("audit")
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(
        actions.contains(&"role".to_string()) && actions.contains(&"disable".to_string()),
        "{actions:?}"
    );
}
