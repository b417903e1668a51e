//! Citizens' questions and feedback, end to end: a question from the form
//! to the published answer and the citizen's status page; a refusal; the
//! guard in front of the forms (honeypot, sum, token, limits, files); the
//! asker's personal data kept from readers and erased in time.

mod support;

use axum::http::StatusCode;
use portal_core::workflow::Role;
use portal_services::accounts;
use portal_web::WebConfig;
use portal_web::citizens::guard::FormLimits;
use support::{PublicForm, Staff, TestApp, TestResponse};

const PASSWORD: &str = "mật khẩu thử hỏi đáp";
const ASK: &str = "/hoi-dap/dat-cau-hoi";
const FEEDBACK: &str = "/hoi-dap/phan-anh";
const TRACK: &str = "/hoi-dap/tra-cuu";
/// A PDF as far as its content goes.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";

/// A portal that knows readers' addresses (as behind a proxy), with an
/// office: an editor, a publisher, a unit, and the fields of questions.
async fn office(limits: FormLimits) -> (TestApp, Staff, Staff) {
    let app = TestApp::with_config(WebConfig {
        trust_forwarded_for: true,
        form_limits: limits,
        ..WebConfig::default()
    })
    .await;
    for (login, role) in [
        ("bientap", Role::Editor),
        ("lanhdao", Role::Publisher),
        ("phongvien", Role::Author),
    ] {
        accounts::add_user(&app.store, login, "", role, PASSWORD, 1)
            .await
            .expect("user");
    }
    let site = app.site().await;
    app.store
        .save_citizen_settings(
            site.id,
            &portal_services::CitizenSettings {
                fields: vec!["Đất đai".into(), "Giáo dục".into()],
                ..Default::default()
            },
            1,
        )
        .await
        .expect("settings");
    app.store
        .save_unit(
            &portal_core::organisation::Unit {
                site_id: site.id,
                name: "Sở Tài nguyên và Môi trường".into(),
                ..Default::default()
            },
            1,
        )
        .await
        .expect("unit");
    let editor = app.log_in("bientap", PASSWORD).await;
    let publisher = app.log_in("lanhdao", PASSWORD).await;
    (app, editor, publisher)
}

fn roomy() -> FormLimits {
    FormLimits {
        per_address_per_hour: 1_000,
        per_site_per_minute: 1_000,
    }
}

const CITIZEN: &[(&str, &str)] = &[
    ("name", "Nguyễn Văn Thử"),
    ("email", "Thu.Nguyen@Example.vn"),
    ("phone", ""),
    ("address", "Thôn Bản Cào, xã Na Rì"),
    ("field", "Đất đai"),
    ("title", "Hỏi về thời hạn cấp giấy chứng nhận"),
    (
        "body",
        "Tôi nộp hồ sơ cấp giấy chứng nhận quyền sử dụng đất đã hai tháng. Xin hỏi thời hạn giải quyết là bao lâu?",
    ),
    ("website", ""),
];

/// The tracking code on the page that confirms an item.
fn code_of(page: &TestResponse) -> String {
    let document = scraper::Html::parse_document(&page.body);
    let selector = scraper::Selector::parse(".tracking-code strong").expect("selector");
    document
        .select(&selector)
        .next()
        .unwrap_or_else(|| panic!("no tracking code: {} {}", page.status, page.body))
        .text()
        .collect()
}

async fn ask(app: &TestApp, path: &str, fields: &[(&str, &str)], address: &str) -> TestResponse {
    let form = app.public_form(path).await;
    app.send_public(path, &form, fields, None, address).await
}

async fn track(app: &TestApp, code: &str, contact: &str) -> TestResponse {
    let form = app.public_form(TRACK).await;
    app.send_public(
        TRACK,
        &form,
        &[("code", code), ("contact", contact), ("website", "")],
        None,
        "203.0.113.50",
    )
    .await
}

/// The office's item id of a tracking code, from its queue.
async fn item_path(app: &TestApp, staff: &Staff, code: &str) -> String {
    let queue = app
        .get_with_cookie("/quan-tri/hoi-dap", &staff.cookie)
        .await;
    assert_eq!(queue.status, StatusCode::OK, "{}", queue.body);
    let document = scraper::Html::parse_document(&queue.body);
    let rows = scraper::Selector::parse("table.desk tbody tr").expect("selector");
    let link = scraper::Selector::parse("a").expect("selector");
    document
        .select(&rows)
        .find(|row| row.text().any(|text| text.contains(code)))
        .and_then(|row| row.select(&link).next())
        .and_then(|a| a.value().attr("href"))
        .unwrap_or_else(|| panic!("{code} not in the queue: {}", queue.body))
        .to_string()
}

async fn act(app: &TestApp, staff: &Staff, path: &str, fields: &[(&str, &str)]) -> TestResponse {
    let screen = app.get_with_cookie(path, &staff.cookie).await;
    let revision = support::hidden_value(&screen.body, "revision");
    let mut form = vec![
        ("csrf", staff.csrf.as_str()),
        ("revision", revision.as_str()),
    ];
    form.extend_from_slice(fields);
    app.post_form(path, &staff.cookie, &form).await
}

fn status_of(page: &TestResponse) -> String {
    let document = scraper::Html::parse_document(&page.body);
    let selector = scraper::Selector::parse(".question-status dd strong").expect("selector");
    document
        .select(&selector)
        .next()
        .map(|e| e.text().collect())
        .unwrap_or_else(|| panic!("no status: {} {}", page.status, page.body))
}

#[tokio::test]
async fn a_question_goes_from_the_form_to_the_published_answer_and_the_status_page() {
    let (app, editor, publisher) = office(roomy()).await;

    // The citizen sends it with a PDF and gets a code on screen and by mail.
    let form = app.public_form(ASK).await;
    assert!(
        form.page
            .headers
            .get("cache-control")
            .is_some_and(|v| v == "no-store")
    );
    let sent = app
        .send_public(
            ASK,
            &form,
            CITIZEN,
            Some(("don xin.pdf", PDF)),
            "203.0.113.7",
        )
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    let code = code_of(&sent);
    assert!(code.starts_with("HD-") && code.len() == 11, "{code}");
    let outbox = app.store.outbox(10).await.expect("outbox");
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].mail.recipient, "thu.nguyen@example.vn");
    assert!(
        outbox[0].mail.subject.contains(&code),
        "{:?}",
        outbox[0].mail
    );
    assert!(
        outbox[0].mail.body.contains("/hoi-dap/tra-cuu"),
        "{:?}",
        outbox[0].mail
    );

    // The citizen follows it with the code however typed and their e-mail.
    let typed = code.to_lowercase().replace('-', " ");
    let page = track(&app, &typed, "THU.NGUYEN@example.vn").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(status_of(&page), "Đã tiếp nhận");
    // Another's e-mail with the right code tells nothing.
    let wrong = track(&app, &code, "ai.do@example.vn").await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    assert!(!wrong.body.contains("Hỏi về thời hạn"), "{}", wrong.body);

    // The queue shows the item, but not who sent it.
    let path = item_path(&app, &editor, &code).await;
    let queue = app
        .get_with_cookie("/quan-tri/hoi-dap", &editor.cookie)
        .await;
    assert!(
        !queue.body.contains("Nguyễn Văn Thử"),
        "the queue shows no names"
    );
    assert!(!queue.body.contains("thu.nguyen@example.vn"));
    // The editor opens it: the asker is there, and the look is in the log.
    let screen = app.get_with_cookie(&path, &editor.cookie).await;
    assert!(screen.body.contains("Nguyễn Văn Thử"), "{}", screen.body);
    assert!(screen.body.contains("thu.nguyen@example.vn"));
    let looks = app
        .store
        .audit_events(&portal_services::AuditFilter {
            action: Some("question_view".into()),
            limit: 100,
            ..Default::default()
        })
        .await
        .expect("audit");
    assert!(looks.iter().any(|event| event.detail == code), "{looks:?}");
    // The file comes to staff, as sent; never to readers.
    let file = app
        .get_with_cookie(&format!("{path}/tep"), &editor.cookie)
        .await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.raw, PDF);
    assert_eq!(file.header("content-type"), "application/pdf");
    let key = format!("private/questions/{}/{code}.pdf", app.site().await.id.get());
    assert!(app.media_root().join(&key).exists(), "kept at {key}");
    assert_eq!(
        app.get(&format!("/media/{key}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("{path}/tep")).await.status,
        StatusCode::SEE_OTHER,
        "readers are sent to log in"
    );

    // Given to a unit: the citizen sees it is being handled.
    let unit = portal_services::sites::organisation::units(&app.store, &app.site().await)
        .await
        .expect("units")[0]
        .id
        .to_string();
    let given = act(
        &app,
        &editor,
        &path,
        &[("step", "giao"), ("unit_id", &unit)],
    )
    .await;
    assert_eq!(given.status, StatusCode::SEE_OTHER, "{}", given.body);
    assert_eq!(
        status_of(&track(&app, &code, "thu.nguyen@example.vn").await),
        "Đã chuyển xử lý"
    );

    // The editor drafts; only a publisher approves.
    let answer = "Thời hạn giải quyết là không quá 30 ngày kể từ ngày nhận đủ hồ sơ hợp lệ.";
    let drafted = act(&app, &editor, &path, &[("step", "luu"), ("answer", answer)]).await;
    assert_eq!(drafted.status, StatusCode::SEE_OTHER, "{}", drafted.body);
    let tried = act(
        &app,
        &editor,
        &path,
        &[("step", "duyet"), ("answer", answer), ("publish", "1")],
    )
    .await;
    assert_eq!(tried.status, StatusCode::FORBIDDEN, "{}", tried.body);
    assert_eq!(
        status_of(&track(&app, &code, "thu.nguyen@example.vn").await),
        "Đã chuyển xử lý"
    );
    // The draft is not shown to the citizen before approval.
    assert!(
        !track(&app, &code, "thu.nguyen@example.vn")
            .await
            .body
            .contains(answer)
    );

    let approved = act(
        &app,
        &publisher,
        &path,
        &[("step", "duyet"), ("answer", answer), ("publish", "1")],
    )
    .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    let outbox = app.store.outbox(10).await.expect("outbox");
    assert_eq!(outbox.len(), 2, "the answer is mailed");
    assert!(outbox[0].mail.body.contains(answer), "{:?}", outbox[0].mail);

    let status = track(&app, &code, "thu.nguyen@example.vn").await;
    assert_eq!(status_of(&status), "Đã công khai");
    assert!(status.body.contains(answer));

    // Readers find it listed, by field, on its page and in the site search,
    // with the asker's initials and place only.
    let list = app.get("/hoi-dap?linh-vuc=%C4%90%E1%BA%A5t+%C4%91ai").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.body.contains("Hỏi về thời hạn cấp giấy chứng nhận"),
        "{}",
        list.body
    );
    assert!(list.body.contains("N.V.T. (xã Na Rì)"), "{}", list.body);
    let other_field = app.get("/hoi-dap?linh-vuc=Gi%C3%A1o+d%E1%BB%A5c").await;
    assert!(!other_field.body.contains("Hỏi về thời hạn"));
    let public = app
        .get(&path.replace("/quan-tri/hoi-dap", "/hoi-dap"))
        .await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.body.contains(answer));
    for private in ["Nguyễn Văn Thử", "thu.nguyen@example.vn", "Bản Cào", &code] {
        assert!(!list.body.contains(private), "{private} shown in the list");
        assert!(
            !public.body.contains(private),
            "{private} shown on the page"
        );
    }
    let searched = app.get("/hoi-dap?q=thoi+han+giai+quyet").await;
    assert!(
        searched.body.contains("Hỏi về thời hạn"),
        "{}",
        searched.body
    );
    let site_search = app
        .get("/tim-kiem?q=gi%E1%BA%A5y+ch%E1%BB%A9ng+nh%E1%BA%ADn+th%E1%BB%9Di+h%E1%BA%A1n")
        .await;
    assert!(
        site_search
            .body
            .contains("Hỏi về thời hạn cấp giấy chứng nhận"),
        "{}",
        site_search.body
    );

    // Taken down, it leaves the list; the citizen still has the answer.
    let down = act(&app, &publisher, &path, &[("step", "thoi-cong-khai")]).await;
    assert_eq!(down.status, StatusCode::SEE_OTHER, "{}", down.body);
    assert!(!app.get("/hoi-dap").await.body.contains("Hỏi về thời hạn"));
    let status = track(&app, &code, "thu.nguyen@example.vn").await;
    assert_eq!(status_of(&status), "Đã trả lời");
    assert!(status.body.contains(answer));
}

#[tokio::test]
async fn a_refusal_reaches_the_citizen_with_its_reason() {
    let (app, editor, _) = office(roomy()).await;
    let fields = [
        ("name", "Lò Thị Hoa"),
        ("email", ""),
        ("phone", "0912 345 678"),
        ("address", ""),
        ("title", "Phản ánh về tiếng ồn"),
        ("body", "Quán karaoke hát đến nửa đêm."),
        ("website", ""),
    ];
    let sent = ask(&app, FEEDBACK, &fields, "203.0.113.8").await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    let code = code_of(&sent);
    assert!(code.starts_with("PA-"), "{code}");
    assert!(
        app.store.outbox(10).await.expect("outbox").is_empty(),
        "no e-mail, no mail"
    );

    let path = item_path(&app, &editor, &code).await;
    let without_reason = act(
        &app,
        &editor,
        &path,
        &[("step", "tu-choi"), ("reason", " ")],
    )
    .await;
    assert_eq!(without_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(without_reason.body.contains("Hãy ghi lý do từ chối"));
    let reason = "Nội dung thuộc thẩm quyền của Ủy ban nhân dân xã; đề nghị Bà liên hệ xã.";
    let refused = act(
        &app,
        &editor,
        &path,
        &[("step", "tu-choi"), ("reason", reason)],
    )
    .await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER, "{}", refused.body);

    // Followed by the phone written another way.
    let status = track(&app, &code, "+84 912.345.678").await;
    assert_eq!(status_of(&status), "Từ chối");
    assert!(status.body.contains(reason));
    assert!(
        !app.get("/hoi-dap")
            .await
            .body
            .contains("Phản ánh về tiếng ồn")
    );
    // A refused item is closed: no answer form, and a forged one is refused.
    let screen = app.get_with_cookie(&path, &editor.cookie).await;
    assert!(!screen.body.contains("name=\"answer\""), "{}", screen.body);
    let again = app
        .post_form(
            &path,
            &editor.cookie,
            &[
                ("csrf", &editor.csrf),
                ("revision", "3"),
                ("step", "luu"),
                ("answer", "x"),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("đã được trả lời hoặc từ chối"));
}

#[tokio::test]
async fn the_forms_turn_away_robots_wrong_sums_old_pages_and_floods() {
    let (app, editor, _) = office(FormLimits {
        per_address_per_hour: 3,
        per_site_per_minute: 1_000,
    })
    .await;
    let stored = || async {
        let site = app.site().await;
        app.store
            .question_queue(site.id, &Default::default(), 100, 0)
            .await
            .expect("queue")
            .1
    };

    // A robot fills the field people do not see: nothing is stored.
    let mut robot: Vec<(&str, &str)> = CITIZEN
        .iter()
        .filter(|(name, _)| *name != "website")
        .copied()
        .collect();
    robot.push(("website", "http://spam.example"));
    let refused = ask(&app, ASK, &robot, "198.51.100.1").await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(stored().await, 0);

    // A wrong sum: the form comes back as typed, with a new sum.
    let form = app.public_form(ASK).await;
    let wrong = PublicForm {
        answer: "99".into(),
        ..form
    };
    let back = app
        .send_public(ASK, &wrong, CITIZEN, None, "198.51.100.2")
        .await;
    assert_eq!(back.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        back.body.contains("Kết quả phép tính chưa đúng"),
        "{}",
        back.body
    );
    assert!(
        back.body.contains("Hỏi về thời hạn cấp giấy chứng nhận"),
        "kept as typed"
    );
    assert_ne!(
        support::hidden_value(&back.body, "challenge_token"),
        wrong.challenge_token
    );
    assert_eq!(stored().await, 0);

    // A sum answered once is not taken twice (a replayed form).
    let form = app.public_form(ASK).await;
    let first = app
        .send_public(ASK, &form, CITIZEN, None, "198.51.100.3")
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let replay = app
        .send_public(ASK, &form, CITIZEN, None, "198.51.100.3")
        .await;
    assert_eq!(replay.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(stored().await, 1);

    // Without the page's cookie the token is not taken.
    let form = app.public_form(ASK).await;
    let stranger = PublicForm {
        cookie: String::new(),
        ..form
    };
    let forged = app
        .send_public(ASK, &stranger, CITIZEN, None, "198.51.100.4")
        .await;
    assert_eq!(forged.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(forged.body.contains("Trang đã mở quá lâu"));
    assert_eq!(stored().await, 1);

    // Bad fields are named; the form keeps what was typed.
    let no_contact: Vec<(&str, &str)> = CITIZEN
        .iter()
        .map(|(k, v)| if *k == "email" { (*k, "") } else { (*k, *v) })
        .collect();
    let named = ask(&app, ASK, &no_contact, "198.51.100.5").await;
    assert_eq!(named.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        named.body.contains("thư điện tử hoặc số điện thoại"),
        "{}",
        named.body
    );
    // A file that is not a PDF or a picture, whatever its name.
    let form = app.public_form(ASK).await;
    let program = app
        .send_public(
            ASK,
            &form,
            CITIZEN,
            Some(("anh.pdf", b"MZ\x90\x00 a program")),
            "198.51.100.6",
        )
        .await;
    assert_eq!(program.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(program.body.contains("Chỉ nhận tệp PDF hoặc ảnh"));
    // Past 5 MB, refused before it is all read.
    let form = app.public_form(ASK).await;
    let mut big = PDF.to_vec();
    big.resize(5 * 1024 * 1024 + 10, b' ');
    let large = app
        .send_public(ASK, &form, CITIZEN, Some(("lon.pdf", &big)), "198.51.100.7")
        .await;
    assert_eq!(large.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(stored().await, 1);

    // From one address, three forms an hour; the fourth waits; another
    // address is not held up by it.
    for _ in 0..3 {
        let sent = ask(&app, FEEDBACK, CITIZEN, "192.0.2.9").await;
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    }
    let flood = ask(&app, FEEDBACK, CITIZEN, "192.0.2.9").await;
    assert_eq!(flood.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        flood.body.contains("nhiều lần trong thời gian ngắn"),
        "{}",
        flood.body
    );
    assert!(
        flood.body.contains("Hỏi về thời hạn cấp giấy chứng nhận"),
        "kept as typed"
    );
    let neighbour = ask(&app, FEEDBACK, CITIZEN, "192.0.2.10").await;
    assert_eq!(neighbour.status, StatusCode::OK);
    assert_eq!(stored().await, 5);
    let _ = editor;
}

#[tokio::test]
async fn a_site_limits_forms_from_everyone_at_once() {
    let (app, _, _) = office(FormLimits {
        per_address_per_hour: 100,
        per_site_per_minute: 2,
    })
    .await;
    for address in ["192.0.2.1", "192.0.2.2"] {
        assert_eq!(
            ask(&app, ASK, CITIZEN, address).await.status,
            StatusCode::OK
        );
    }
    let third = ask(&app, ASK, CITIZEN, "192.0.2.3").await;
    assert_eq!(third.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn personal_data_is_erased_after_the_retention_period_and_the_answer_stays() {
    let (app, _, publisher) = office(roomy()).await;
    let form = app.public_form(ASK).await;
    let sent = app
        .send_public(ASK, &form, CITIZEN, Some(("don.pdf", PDF)), "203.0.113.9")
        .await;
    let code = code_of(&sent);
    let path = item_path(&app, &publisher, &code).await;
    let answer = "Thời hạn là 30 ngày.";
    act(
        &app,
        &publisher,
        &path,
        &[("step", "duyet"), ("answer", answer), ("publish", "1")],
    )
    .await;
    let key = format!("private/questions/{}/{code}.pdf", app.site().await.id.get());
    assert!(app.media_root().join(&key).exists());

    // Not yet: kept for the site's period (730 days by default).
    let now = portal_core::time::now();
    portal_services::questions::desk::erase_expired(
        &app.store,
        &app.state.media,
        now + 700 * 86_400,
    )
    .await
    .expect("swept");
    assert!(
        app.get_with_cookie(&path, &publisher.cookie)
            .await
            .body
            .contains("Nguyễn Văn Thử")
    );

    portal_services::questions::desk::erase_expired(
        &app.store,
        &app.state.media,
        now + 731 * 86_400,
    )
    .await
    .expect("swept");
    let screen = app.get_with_cookie(&path, &publisher.cookie).await;
    assert!(!screen.body.contains("Nguyễn Văn Thử"), "{}", screen.body);
    assert!(!screen.body.contains("thu.nguyen@example.vn"));
    assert!(screen.body.contains("Dữ liệu cá nhân đã được xóa"));
    assert!(!app.media_root().join(&key).exists(), "the file is gone");
    // The published answer stays, with initials and place.
    let public = app
        .get(&path.replace("/quan-tri/hoi-dap", "/hoi-dap"))
        .await;
    assert!(public.body.contains(answer));
    assert!(public.body.contains("N.V.T. (xã Na Rì)"));
    // The code no longer finds it by the erased e-mail.
    assert_eq!(
        track(&app, &code, "thu.nguyen@example.vn").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_queue_marks_items_past_the_sites_deadline() {
    let (app, editor, _) = office(roomy()).await;
    let site = app.site().await;
    let now = portal_core::time::now();
    for (title, days_ago) in [("Việc mới gửi", 2), ("Việc chờ lâu", 20)] {
        portal_services::questions::submit(
            &app.store,
            &app.state.media,
            &site,
            portal_core::question::Kind::Question,
            &portal_core::question::Submission {
                asker: portal_core::question::Asker {
                    name: "Người Thử".into(),
                    phone: "0987654321".into(),
                    ..Default::default()
                },
                title: title.into(),
                body: "Nội dung".into(),
                ..Default::default()
            },
            None,
            &Default::default(),
            "",
            now - days_ago * 86_400,
        )
        .await
        .expect("submitted");
    }
    let queue = app
        .get_with_cookie("/quan-tri/hoi-dap", &editor.cookie)
        .await;
    let document = scraper::Html::parse_document(&queue.body);
    let rows = scraper::Selector::parse("table.desk tbody tr").expect("selector");
    let overdue: Vec<String> = document
        .select(&rows)
        .filter(|row| row.value().attr("class") == Some("overdue"))
        .map(|row| row.text().collect::<String>())
        .collect();
    assert_eq!(overdue.len(), 1, "{}", queue.body);
    assert!(overdue[0].contains("Việc chờ lâu") && overdue[0].contains("Quá hạn"));
    assert!(overdue[0].contains("20 ngày"), "{}", overdue[0]);
    // An author sees only what was given to them: nothing yet.
    let author = app.log_in("phongvien", PASSWORD).await;
    let theirs = app
        .get_with_cookie("/quan-tri/hoi-dap", &author.cookie)
        .await;
    assert!(!theirs.body.contains("Việc chờ lâu"), "{}", theirs.body);
}
