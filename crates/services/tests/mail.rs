//! E-mail through the outbox: a mail server that is down loses nothing
//! (the mail waits, and is tried again later), and a real SMTP server on
//! loopback receives what the portal sends. The second needs
//! `PORTAL_TEST_SMTP_URL` (such as `smtp://127.0.0.1:8025`) and
//! `PORTAL_TEST_SMTP_MAILDIR`, the Maildir that server writes into; `.ci/run`
//! starts `aiosmtpd` for it.

use portal_services::Mail;
use portal_services::mail::{MailConfig, Sender};
use portal_store::testing::test_store;

const FROM: &str = "Cổng thông tin điện tử <no-reply@example.gov.vn>";

fn mail(recipient: &str, subject: &str, now: i64) -> Mail {
    Mail {
        site_id: None,
        recipient: recipient.to_string(),
        subject: subject.to_string(),
        body: "Kính gửi Ông/Bà,\n\nNội dung thư thử có dấu tiếng Việt: Đà Nẵng, Huế.".to_string(),
        created_at: now,
    }
}

/// A loopback port nothing listens on: a mail server that is down.
fn down_server() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().expect("address").port();
    drop(listener);
    format!("smtp://127.0.0.1:{port}")
}

#[tokio::test]
async fn a_mail_waits_while_the_server_is_down_and_is_tried_again_later() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = test_store(dir.path()).await;
    let now = 1_800_000_000;
    store
        .queue_mail(&mail("nguoidan@example.vn", "Đã tiếp nhận", now))
        .await
        .expect("queued");
    let down = Sender::new(&MailConfig {
        smtp_url: down_server(),
        from: FROM.into(),
    })
    .expect("sender");

    assert_eq!(down.send_due(&store, now).await.expect("tried"), 0);
    let kept = store.outbox(10).await.expect("outbox");
    assert_eq!(kept.len(), 1, "the mail stays in the outbox");
    assert_eq!(kept[0].sent_at, None);
    assert_eq!(kept[0].attempts, 1);
    assert!(!kept[0].last_error.is_empty(), "the failure is noted");
    assert_eq!(kept[0].next_try_at, now + 60, "tried again in a minute");

    // Not due yet: nothing is tried before its time.
    assert_eq!(down.send_due(&store, now + 30).await.expect("tried"), 0);
    assert_eq!(store.outbox(10).await.expect("outbox")[0].attempts, 1);
    // Due again: tried, failed, and the wait doubles.
    assert_eq!(down.send_due(&store, now + 60).await.expect("tried"), 0);
    let kept = store.outbox(10).await.expect("outbox");
    assert_eq!(kept[0].attempts, 2);
    assert_eq!(kept[0].next_try_at, now + 60 + 120);
}

#[test]
fn a_bad_address_for_the_mail_server_says_what_to_write() {
    let error = Sender::new(&MailConfig {
        smtp_url: "mail.example.vn".into(),
        from: FROM.into(),
    })
    .err()
    .expect("refused");
    assert!(format!("{error:#}").contains("smtp://"), "{error:#}");
    let error = Sender::new(&MailConfig {
        smtp_url: "smtp://127.0.0.1:25".into(),
        from: "not an address".into(),
    })
    .err()
    .expect("refused");
    assert!(format!("{error:#}").contains("không hợp lệ"), "{error:#}");
}

/// The messages the loopback server kept, whole.
fn delivered(maildir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(maildir.join("new"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|entry| std::fs::read_to_string(entry.path()).ok())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn mail_kept_while_the_server_was_down_reaches_a_real_smtp_server() {
    let (Ok(url), Ok(maildir)) = (
        std::env::var("PORTAL_TEST_SMTP_URL"),
        std::env::var("PORTAL_TEST_SMTP_MAILDIR"),
    ) else {
        use std::io::Write as _;
        let _ = writeln!(
            std::io::stderr().lock(),
            "NOTICE: PORTAL_TEST_SMTP_URL and PORTAL_TEST_SMTP_MAILDIR not set: \
             delivery to a real SMTP server not tested"
        );
        return;
    };
    let maildir = std::path::PathBuf::from(maildir);
    let dir = tempfile::tempdir().expect("temp dir");
    let store = test_store(dir.path()).await;
    let now = portal_core::time::now();
    // Each run its own recipient, so that earlier runs' mail does not count.
    let recipient = format!(
        "nguoidan-{}@example.vn",
        &portal_services::accounts::random_token()[..12]
    );
    store
        .queue_mail(&mail(&recipient, "Đã trả lời: HD-7K3F9Q2M", now))
        .await
        .expect("queued");
    let down = Sender::new(&MailConfig {
        smtp_url: down_server(),
        from: FROM.into(),
    })
    .expect("sender");
    assert_eq!(down.send_due(&store, now).await.expect("tried"), 0);

    let up = Sender::new(&MailConfig {
        smtp_url: url,
        from: FROM.into(),
    })
    .expect("sender");
    assert_eq!(up.send_due(&store, now + 61).await.expect("sent"), 1);
    let sent = store.outbox(10).await.expect("outbox");
    assert_eq!(sent[0].sent_at, Some(now + 61));
    // Sent once: a later round sends nothing again.
    assert_eq!(up.send_due(&store, now + 3_600).await.expect("sent"), 0);

    let received: Vec<String> = delivered(&maildir)
        .into_iter()
        .filter(|message| message.contains(&recipient))
        .collect();
    assert_eq!(received.len(), 1, "delivered once to {recipient}");
    // Read back by an independent mail parser, as a mail program would.
    let message = mail_parser::MessageParser::default()
        .parse(received[0].as_bytes())
        .expect("a mail message");
    assert_eq!(message.subject(), Some("Đã trả lời: HD-7K3F9Q2M"));
    let from = message
        .from()
        .and_then(|from| from.first())
        .expect("a sender");
    assert_eq!(from.address(), Some("no-reply@example.gov.vn"));
    assert_eq!(from.name(), Some("Cổng thông tin điện tử"));
    let body = message.body_text(0).expect("a text body");
    assert!(body.contains("Đà Nẵng, Huế"), "{body}");
}
