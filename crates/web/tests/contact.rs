//! Contact: a citizen writes to a unit; the unit hears of it by e-mail
//! (without the sender's data); its inbox shows the message new, read,
//! replied (the reply goes by e-mail) and processed.

mod support;

use axum::http::StatusCode;
use portal_core::workflow::Role;
use portal_services::accounts;
use portal_web::WebConfig;
use support::{Staff, TestApp};

const PASSWORD: &str = "mật khẩu thử liên hệ";
const FORM: &str = "/lien-he-truc-tuyen";

async fn office() -> (TestApp, Staff, i64) {
    let app = TestApp::with_config(WebConfig {
        trust_forwarded_for: true,
        ..WebConfig::default()
    })
    .await;
    for (login, role) in [("vanthu", Role::Editor), ("phongvien", Role::Author)] {
        accounts::add_user(&app.store, login, "", role, PASSWORD, 1)
            .await
            .expect("user");
    }
    let site = app.site().await;
    let mut unit_id = 0;
    for (name, email) in [
        ("Văn phòng", "vanphong@example.gov.vn"),
        ("Phòng Kinh tế", "kinhte@example.gov.vn"),
    ] {
        unit_id = app
            .store
            .save_unit(
                &portal_core::organisation::Unit {
                    site_id: site.id,
                    name: name.into(),
                    email: email.into(),
                    ..Default::default()
                },
                1,
            )
            .await
            .expect("unit")
            .expect("saved");
    }
    let clerk = app.log_in("vanthu", PASSWORD).await;
    (app, clerk, unit_id)
}

fn status_in_inbox(html: &str, subject: &str) -> String {
    let document = scraper::Html::parse_document(html);
    let rows = scraper::Selector::parse("table.desk tbody tr").expect("selector");
    let cell = scraper::Selector::parse("td").expect("selector");
    document
        .select(&rows)
        .find(|row| row.text().any(|text| text.contains(subject)))
        .and_then(|row| row.select(&cell).nth(2))
        .map(|cell| cell.text().collect::<String>())
        .unwrap_or_else(|| panic!("{subject} not in the inbox: {html}"))
}

#[tokio::test]
async fn a_message_to_a_unit_is_read_replied_by_mail_and_processed() {
    let (app, clerk, unit_id) = office().await;
    let unit = unit_id.to_string();
    // The unit's page leads to the form with the unit chosen.
    let chosen = app.get(&format!("{FORM}?don-vi={unit}")).await;
    assert!(
        chosen
            .body
            .contains(&format!("<option value=\"{unit}\" selected>Phòng Kinh tế")),
        "{}",
        chosen.body
    );
    let form = app.public_form(FORM).await;
    let sent = app
        .send_public(
            FORM,
            &form,
            &[
                ("unit", &unit),
                ("name", "Phạm Thị Thu"),
                ("email", "thu.pham@example.vn"),
                ("phone", "0911222333"),
                ("subject", "Xin lịch làm việc về dự án chợ"),
                ("body", "Kính gửi Phòng Kinh tế, tôi xin lịch làm việc."),
                ("website", ""),
            ],
            None,
            "203.0.113.20",
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    assert!(sent.body.contains("Thư đã đến đơn vị"));

    // The unit hears of it at its own address, without the sender's data.
    let outbox = app.store.outbox(10).await.expect("outbox");
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].mail.recipient, "kinhte@example.gov.vn");
    assert!(outbox[0].mail.subject.contains("Xin lịch làm việc"));
    assert!(outbox[0].mail.body.contains("/quan-tri/lien-he"));
    assert!(!outbox[0].mail.body.contains("thu.pham@example.vn"));
    assert!(!outbox[0].mail.body.contains("0911222333"));

    // New in the unit's inbox; not in the other unit's.
    let inbox = app
        .get_with_cookie(&format!("/quan-tri/lien-he?don-vi={unit}"), &clerk.cookie)
        .await;
    assert_eq!(
        status_in_inbox(&inbox.body, "Xin lịch làm việc"),
        "Chưa đọc"
    );
    let site = app.site().await;
    let other = portal_services::sites::organisation::units(&app.store, &site)
        .await
        .expect("units")
        .into_iter()
        .find(|u| u.name == "Văn phòng")
        .expect("unit")
        .id;
    let elsewhere = app
        .get_with_cookie(&format!("/quan-tri/lien-he?don-vi={other}"), &clerk.cookie)
        .await;
    assert!(!elsewhere.body.contains("Xin lịch làm việc"));

    // Opened: read, the sender shown, the look logged.
    let id = app
        .store
        .inbox(site.id, None, None, 10)
        .await
        .expect("inbox")[0]
        .id;
    let path = format!("/quan-tri/lien-he/{id}");
    let screen = app.get_with_cookie(&path, &clerk.cookie).await;
    assert!(
        screen.body.contains("thu.pham@example.vn"),
        "{}",
        screen.body
    );
    let inbox = app
        .get_with_cookie("/quan-tri/lien-he", &clerk.cookie)
        .await;
    assert_eq!(status_in_inbox(&inbox.body, "Xin lịch làm việc"), "Đã đọc");
    let looks = app
        .store
        .audit_events(&portal_services::AuditFilter {
            action: Some("contact_view".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .expect("audit");
    assert_eq!(looks.len(), 1);

    // An empty reply is refused; a reply goes out by mail.
    let empty = app
        .post_form(
            &path,
            &clerk.cookie,
            &[("csrf", &clerk.csrf), ("step", "tra-loi"), ("reply", " ")],
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let reply = "Mời Bà đến làm việc lúc 8 giờ sáng thứ Ba tuần sau.";
    let replied = app
        .post_form(
            &path,
            &clerk.cookie,
            &[("csrf", &clerk.csrf), ("step", "tra-loi"), ("reply", reply)],
        )
        .await;
    assert_eq!(replied.status, StatusCode::SEE_OTHER, "{}", replied.body);
    let outbox = app.store.outbox(10).await.expect("outbox");
    assert_eq!(outbox[0].mail.recipient, "thu.pham@example.vn");
    assert!(outbox[0].mail.body.contains(reply));
    assert!(outbox[0].mail.body.contains("Phòng Kinh tế"));
    let inbox = app
        .get_with_cookie("/quan-tri/lien-he", &clerk.cookie)
        .await;
    assert_eq!(
        status_in_inbox(&inbox.body, "Xin lịch làm việc"),
        "Đã trả lời"
    );

    let done = app
        .post_form(
            &path,
            &clerk.cookie,
            &[("csrf", &clerk.csrf), ("step", "da-xu-ly")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let processed = app
        .get_with_cookie("/quan-tri/lien-he?trang-thai=processed", &clerk.cookie)
        .await;
    assert_eq!(
        status_in_inbox(&processed.body, "Xin lịch làm việc"),
        "Đã xử lý"
    );

    // An author does not read the units' mail.
    let author = app.log_in("phongvien", PASSWORD).await;
    let refused = app.get_with_cookie(&path, &author.cookie).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(!refused.body.contains("thu.pham@example.vn"));
}

#[tokio::test]
async fn a_message_without_an_email_comes_back_as_typed() {
    let (app, _, _) = office().await;
    let form = app.public_form(FORM).await;
    let back = app
        .send_public(
            FORM,
            &form,
            &[
                ("name", "Phạm Thị Thu"),
                ("email", ""),
                ("subject", "Góp ý về giờ tiếp dân"),
                ("body", "Nội dung góp ý"),
                ("website", ""),
            ],
            None,
            "203.0.113.21",
        )
        .await;
    assert_eq!(back.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(back.body.contains("Hãy nhập thư điện tử để nhận trả lời"));
    assert!(back.body.contains("Góp ý về giờ tiếp dân"));
    let site = app.site().await;
    assert!(
        app.store
            .inbox(site.id, None, None, 10)
            .await
            .expect("inbox")
            .is_empty()
    );
}
