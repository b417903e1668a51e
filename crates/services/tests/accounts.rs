//! The door: logging in, throttling, sessions, passwords.

use portal_core::workflow::Role;
use portal_services::accounts::{self, LoginError, PAIR_RULE, WIDE_RULE};
use portal_store::AuditFilter;
use portal_store::testing::test_store;

const PASSWORD: &str = "mật khẩu của biên tập viên";

/// The person as the province's newsroom sees them.
async fn seen_from_province(
    store: &portal_store::Store,
    id: portal_core::UserId,
) -> portal_core::account::User {
    let stored = store.user(id).await.expect("query").expect("user");
    accounts::at_site(store, stored, &province(store).await)
        .await
        .expect("query")
        .expect("a role on the province's site")
}

/// The province's own site, which the first account creates.
async fn province(store: &portal_store::Store) -> portal_core::Site {
    store
        .default_site()
        .await
        .expect("query")
        .expect("the province's site")
}

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
    let session = accounts::log_in(
        &store,
        &province(&store).await,
        "BienTap ",
        PASSWORD,
        "10.0.0.1",
        200,
    )
    .await
    .expect("logged in");
    assert_eq!(session.user.role, Role::Editor);
    let (user, csrf) = store
        .session(
            &accounts::token_hash(&session.token),
            province(&store).await.id,
            300,
        )
        .await
        .expect("query")
        .expect("live session");
    assert_eq!(user.login, "bientap");
    assert_eq!(csrf, session.csrf_token);
    assert!(
        store
            .session(&session.token, province(&store).await.id, 300)
            .await
            .expect("query")
            .is_none(),
        "the raw token is not an id"
    );
    assert!(
        store
            .session(
                &accounts::token_hash(&session.token),
                province(&store).await.id,
                session.expires_at
            )
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
async fn wrong_passwords_make_that_address_wait_longer_and_longer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = test_store(dir.path()).await;
    accounts::add_user(&store, "lanhdao", "", Role::Publisher, PASSWORD, 1)
        .await
        .expect("added");
    let start = 10_000;
    let free = PAIR_RULE.free_failures;
    for i in 0..free {
        let result = accounts::log_in(
            &store,
            &province(&store).await,
            "lanhdao",
            "sai mật khẩu rồi",
            "10.0.0.9",
            start + i,
        )
        .await;
        assert_eq!(result.err(), Some(LoginError::Wrong), "try {i}");
    }
    // Now the right password is not even looked at, and the answer says when.
    let now = start + free - 1;
    let throttled = accounts::log_in(
        &store,
        &province(&store).await,
        "lanhdao",
        PASSWORD,
        "10.0.0.9",
        now,
    )
    .await;
    assert_eq!(
        throttled.err(),
        Some(LoginError::Throttled { retry_at: now + 1 })
    );
    // A colleague behind another address, and the same person on another
    // account, are not held back by it: nobody is locked out.
    assert!(
        accounts::log_in(
            &store,
            &province(&store).await,
            "lanhdao",
            PASSWORD,
            "10.0.0.10",
            now
        )
        .await
        .is_ok()
    );
    // Each further failure doubles the wait.
    let mut at = now + 1;
    let mut waits = Vec::new();
    for _ in 0..4 {
        let result = accounts::log_in(
            &store,
            &province(&store).await,
            "lanhdao",
            "vẫn sai",
            "10.0.0.9",
            at,
        )
        .await;
        assert_eq!(result.err(), Some(LoginError::Wrong));
        let Err(LoginError::Throttled { retry_at }) = accounts::log_in(
            &store,
            &province(&store).await,
            "lanhdao",
            PASSWORD,
            "10.0.0.9",
            at,
        )
        .await
        else {
            panic!("a wrong password is followed by a wait");
        };
        waits.push(retry_at - at);
        at = retry_at;
    }
    assert_eq!(waits, vec![2, 4, 8, 16]);
    // After the wait, the right password works and the count starts again.
    assert!(
        accounts::log_in(
            &store,
            &province(&store).await,
            "lanhdao",
            PASSWORD,
            "10.0.0.9",
            at
        )
        .await
        .is_ok()
    );
    assert_eq!(
        accounts::log_in(
            &store,
            &province(&store).await,
            "lanhdao",
            "sai",
            "10.0.0.9",
            at + 1
        )
        .await
        .err(),
        Some(LoginError::Wrong)
    );
    assert!(
        accounts::log_in(
            &store,
            &province(&store).await,
            "lanhdao",
            PASSWORD,
            "10.0.0.9",
            at + 2
        )
        .await
        .is_ok()
    );
}

#[tokio::test]
async fn parallel_guesses_are_counted_before_any_password_is_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = test_store(dir.path()).await;
    accounts::add_user(&store, "quantri", "", Role::Admin, PASSWORD, 1)
        .await
        .expect("added");
    // 150 wrong passwords at once: only the free tries are checked.
    let guesses = (0..150).map(|i| {
        let store = store.clone();
        tokio::spawn(async move {
            accounts::log_in(
                &store,
                &province(&store).await,
                "quantri",
                &format!("đoán {i}"),
                "10.6.6.6",
                7_000,
            )
            .await
        })
    });
    let results = futures_util::future::join_all(guesses).await;
    let checked = results
        .iter()
        .filter(|r| matches!(r, Ok(Err(LoginError::Wrong))))
        .count();
    assert!(
        checked <= PAIR_RULE.free_failures as usize,
        "{checked} of 150 parallel guesses were checked"
    );
    assert!(
        results
            .iter()
            .all(|r| matches!(r, Ok(Err(LoginError::Wrong | LoginError::Throttled { .. }))))
    );
    // Whatever is left of the free tries, used one by one…
    while accounts::log_in(
        &store,
        &province(&store).await,
        "quantri",
        "đoán tiếp",
        "10.6.6.6",
        7_000,
    )
    .await
    .is_err_and(|e| e == LoginError::Wrong)
    {}
    // …then 40 at once with the right one among them: none is checked.
    let guesses = (0..40).map(|i| {
        let store = store.clone();
        let password = if i == 17 {
            PASSWORD.to_string()
        } else {
            format!("đoán lại {i}")
        };
        tokio::spawn(async move {
            accounts::log_in(
                &store,
                &province(&store).await,
                "quantri",
                &password,
                "10.6.6.6",
                7_000,
            )
            .await
        })
    });
    for result in futures_util::future::join_all(guesses).await {
        assert!(
            matches!(result, Ok(Err(LoginError::Throttled { .. }))),
            "{result:?}"
        );
    }
}

#[tokio::test]
async fn guesses_spread_over_addresses_or_accounts_are_slowed_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = test_store(dir.path()).await;
    let admin_id = accounts::add_user(&store, "quantri", "", Role::Admin, PASSWORD, 1)
        .await
        .expect("added");
    accounts::add_user(&store, "bientap", "", Role::Editor, PASSWORD, 1)
        .await
        .expect("added");
    let wide = WIDE_RULE.free_failures;
    // One account, a new address for every guess.
    for i in 0..wide {
        let address = format!("10.1.{}.{}", i / 200, i % 200);
        let _ = accounts::log_in(
            &store,
            &province(&store).await,
            "bientap",
            "đoán",
            &address,
            100,
        )
        .await;
    }
    assert!(matches!(
        accounts::log_in(
            &store,
            &province(&store).await,
            "bientap",
            PASSWORD,
            "10.2.2.2",
            100
        )
        .await,
        Err(LoginError::Throttled { .. })
    ));
    // One address, a new account name for every guess.
    for i in 0..wide {
        let _ = accounts::log_in(
            &store,
            &province(&store).await,
            &format!("doan{i}"),
            "đoán",
            "10.9.9.9",
            100,
        )
        .await;
    }
    assert!(matches!(
        accounts::log_in(
            &store,
            &province(&store).await,
            "quantri",
            PASSWORD,
            "10.9.9.9",
            100
        )
        .await,
        Err(LoginError::Throttled { .. })
    ));
    // An administrator lifts the waits on the account.
    let admin = seen_from_province(&store, admin_id).await;
    let editor_id = store
        .user_for_login("bientap")
        .await
        .expect("query")
        .expect("editor")
        .0
        .id;
    let editor = seen_from_province(&store, editor_id).await;
    assert!(
        !store
            .login_waits("bientap", 100)
            .await
            .expect("waits")
            .is_empty(),
        "the wait shows on the account"
    );
    assert!(matches!(
        accounts::lift_login_waits(&store, &editor, &province(&store).await, editor.id, 100).await,
        Err(accounts::AccountError::AdminsOnly)
    ));
    accounts::lift_login_waits(&store, &admin, &province(&store).await, editor.id, 100)
        .await
        .expect("lifted");
    assert!(
        accounts::log_in(
            &store,
            &province(&store).await,
            "bientap",
            PASSWORD,
            "10.2.2.2",
            100
        )
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
    let session = accounts::log_in(
        &store,
        &province(&store).await,
        "congtacvien",
        PASSWORD,
        "a",
        10,
    )
    .await
    .expect("in");
    accounts::set_password(&store, "congtacvien", "mật khẩu mới đủ dài", 20)
        .await
        .expect("changed");
    assert!(
        store
            .session(
                &accounts::token_hash(&session.token),
                province(&store).await.id,
                30
            )
            .await
            .expect("query")
            .is_none()
    );
    assert_eq!(
        accounts::log_in(
            &store,
            &province(&store).await,
            "congtacvien",
            PASSWORD,
            "a",
            40
        )
        .await
        .err(),
        Some(LoginError::Wrong)
    );
    store.set_disabled(id, true, 50).await.expect("disabled");
    assert_eq!(
        accounts::log_in(
            &store,
            &province(&store).await,
            "congtacvien",
            "mật khẩu mới đủ dài",
            "a",
            60
        )
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
    let admin = seen_from_province(&store, admin_id).await;
    let editor = seen_from_province(&store, editor_id).await;
    let promote = accounts::AccountChange {
        role: Role::Admin,
        disabled: false,
        category_ids: vec![],
    };
    assert!(matches!(
        accounts::change_account(
            &store,
            &editor,
            &province(&store).await,
            editor_id,
            &promote,
            5
        )
        .await,
        Err(accounts::AccountError::AdminsOnly)
    ));
    let demote_self = accounts::AccountChange {
        role: Role::Editor,
        disabled: false,
        category_ids: vec![],
    };
    assert!(matches!(
        accounts::change_account(
            &store,
            &admin,
            &province(&store).await,
            admin_id,
            &demote_self,
            5
        )
        .await,
        Err(accounts::AccountError::NotYourself)
    ));
    let session = accounts::log_in(&store, &province(&store).await, "bientap", PASSWORD, "a", 6)
        .await
        .expect("in");
    let disable = accounts::AccountChange {
        role: Role::Publisher,
        disabled: true,
        category_ids: vec![],
    };
    let changed = accounts::change_account(
        &store,
        &admin,
        &province(&store).await,
        editor_id,
        &disable,
        7,
    )
    .await
    .expect("changed");
    assert_eq!(changed.role, Role::Publisher);
    assert!(changed.disabled);
    assert!(
        store
            .session(
                &accounts::token_hash(&session.token),
                province(&store).await.id,
                8
            )
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
