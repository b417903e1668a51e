//! The leaders' work schedule: the office enters, changes and cancels
//! entries on its screen; readers see a week from Monday to Sunday with
//! the weeks around it and a filter per leader; calendar programs read the
//! iCalendar feed (read back here by the `ical` crate's parser, not ours).

mod support;

use axum::http::StatusCode;
use portal_core::workflow::Role;
use portal_services::accounts;
use support::{Staff, TestApp};

const PASSWORD: &str = "mật khẩu thử lịch";
/// A week no demo entry falls in (the demo fills this week and the next).
const WEEK: &str = "2031-W10";

async fn office() -> (TestApp, Staff) {
    let app = TestApp::with_demo().await;
    for (login, role) in [("vanphong", Role::Editor), ("phongvien", Role::Author)] {
        accounts::add_user(&app.store, login, "", role, PASSWORD, 1)
            .await
            .expect("user");
    }
    let editor = app.log_in("vanphong", PASSWORD).await;
    (app, editor)
}

async fn enter(app: &TestApp, staff: &Staff, fields: &[(&str, &str)]) -> support::TestResponse {
    let mut form = vec![("csrf", staff.csrf.as_str())];
    form.extend_from_slice(fields);
    app.post_form("/quan-tri/lich-cong-tac", &staff.cookie, &form)
        .await
}

/// The rows of the public week: (day heading, time, content, leaders).
fn rows(html: &str) -> Vec<(String, String, String, String)> {
    let page = scraper::Html::parse_document(html);
    let body = scraper::Selector::parse(".schedule-table tbody").expect("selector");
    let row = scraper::Selector::parse("tr").expect("selector");
    let cell = scraper::Selector::parse("th, td").expect("selector");
    let text = |e: scraper::ElementRef| {
        e.text()
            .collect::<Vec<_>>()
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut found = Vec::new();
    for day in page.select(&body) {
        let mut heading = String::new();
        for tr in day.select(&row) {
            let cells: Vec<_> = tr.select(&cell).map(text).collect();
            let cells = if cells.len() == 5 {
                heading = cells[0].clone();
                cells[1..].to_vec()
            } else if cells.len() == 2 {
                heading = cells[0].clone();
                continue;
            } else {
                cells
            };
            found.push((
                heading.clone(),
                cells[0].clone(),
                cells[1].clone(),
                cells[2].clone(),
            ));
        }
    }
    found
}

#[tokio::test]
async fn a_week_runs_monday_to_sunday_with_the_weeks_around_it() {
    let (app, editor) = office().await;
    for (date, time, content) in [
        ("2031-03-02", "23:30", "Việc tối Chủ nhật tuần trước"),
        ("2031-03-03", "00:00", "Việc đầu giờ Thứ Hai"),
        ("2031-03-09", "23:59", "Việc cuối giờ Chủ nhật"),
        ("2031-03-10", "07:30", "Việc Thứ Hai tuần sau"),
        ("2031-03-05", "", "Đi cơ sở cả ngày"),
    ] {
        let saved = enter(
            &app,
            &editor,
            &[
                ("date", date),
                ("time", time),
                ("content", content),
                ("leaders", "Chủ tịch UBND tỉnh"),
            ],
        )
        .await;
        assert_eq!(
            saved.status,
            StatusCode::SEE_OTHER,
            "{content}: {}",
            saved.body
        );
    }
    let page = app.get(&format!("/lich-cong-tac?tuan={WEEK}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let contents: Vec<String> = rows(&page.body).into_iter().map(|r| r.2).collect();
    assert_eq!(
        contents,
        [
            "Việc đầu giờ Thứ Hai",
            "Đi cơ sở cả ngày",
            "Việc cuối giờ Chủ nhật"
        ]
    );
    let found = rows(&page.body);
    assert_eq!(found[0].0, "Thứ Hai 03/03/2031");
    assert_eq!(
        found[1],
        (
            "Thứ Tư 05/03/2031".to_string(),
            "Cả ngày".to_string(),
            "Đi cơ sở cả ngày".to_string(),
            "Chủ tịch UBND tỉnh".to_string()
        )
    );
    assert_eq!(found[2].0, "Chủ nhật 09/03/2031");
    assert!(page.body.contains("Từ 03/03/2031 đến 09/03/2031"));
    assert!(page.body.contains(r#"href="/lich-cong-tac?tuan=2031-W09""#));
    assert!(page.body.contains(r#"href="/lich-cong-tac?tuan=2031-W11""#));
    // Days without work say so, all seven days are shown.
    let document = scraper::Html::parse_document(&page.body);
    let days = scraper::Selector::parse(".schedule-table tbody").expect("selector");
    assert_eq!(document.select(&days).count(), 7);
    assert!(page.body.contains("Không có lịch"));
    let before = app.get("/lich-cong-tac?tuan=2031-W09").await;
    let earlier: Vec<String> = rows(&before.body).into_iter().map(|r| r.2).collect();
    assert_eq!(earlier, ["Việc tối Chủ nhật tuần trước"]);

    // This week is the default; a malformed week is told, in Vietnamese.
    let now = app.get("/lich-cong-tac").await;
    assert_eq!(now.status, StatusCode::OK);
    assert!(now.body.contains("Chào cờ đầu tuần"), "the demo's week");
    let wrong = app.get("/lich-cong-tac?tuan=2031-W60").await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert!(wrong.body.contains("2026-W49"), "{}", wrong.body);
}

#[tokio::test]
async fn a_leaders_filter_changes_and_cancellations_show_at_once() {
    let (app, editor) = office().await;
    for (time, content, leaders) in [
        ("08:00", "Họp Ban Thường vụ", "Nguyễn Văn An\nTrần Thị Bình"),
        ("14:00", "Tiếp công dân", "Nguyễn Văn A"),
    ] {
        let saved = enter(
            &app,
            &editor,
            &[
                ("date", "2031-03-04"),
                ("time", time),
                ("end_time", ""),
                ("content", content),
                ("leaders", leaders),
                ("place", "Hội trường"),
            ],
        )
        .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
    }
    // One leader's week: "Nguyễn Văn A" is not "Nguyễn Văn An".
    let page = app
        .get(&format!(
            "/lich-cong-tac?tuan={WEEK}&lanh_dao=Nguy%E1%BB%85n+V%C4%83n+A"
        ))
        .await;
    let contents: Vec<String> = rows(&page.body).into_iter().map(|r| r.2).collect();
    assert_eq!(contents, ["Tiếp công dân"]);
    assert!(page.body.contains("<option selected>Nguyễn Văn A</option>"));
    assert!(page.body.contains("/lich-cong-tac.ics?lanh_dao=Nguy"));

    // The office changes the time: the public page shows it at once.
    let screen = app
        .get_with_cookie(
            &format!("/quan-tri/lich-cong-tac?tuan={WEEK}"),
            &editor.cookie,
        )
        .await;
    assert_eq!(screen.status, StatusCode::OK);
    let id = screen
        .body
        .split("/quan-tri/lich-cong-tac?sua=")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("an entry to change")
        .to_string();
    let form = app
        .get_with_cookie(&format!("/quan-tri/lich-cong-tac?sua={id}"), &editor.cookie)
        .await;
    assert!(form.body.contains("Họp Ban Thường vụ"));
    let changed = enter(
        &app,
        &editor,
        &[
            ("id", &id),
            ("date", "2031-03-04"),
            ("time", "09:00"),
            ("end_time", "11:30"),
            ("content", "Họp Ban Thường vụ (đổi giờ)"),
            ("leaders", "Nguyễn Văn An, Trần Thị Bình"),
        ],
    )
    .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER);
    let found = rows(&app.get(&format!("/lich-cong-tac?tuan={WEEK}")).await.body);
    assert_eq!(found[0].1, "09:00–11:30");
    assert_eq!(found[0].2, "Họp Ban Thường vụ (đổi giờ)");
    assert_eq!(found[0].3, "Nguyễn Văn An, Trần Thị Bình");

    // Cancelled: still there, marked, struck through.
    let cancel = app
        .post_form(
            &format!("/quan-tri/lich-cong-tac/{id}/huy"),
            &editor.cookie,
            &[("csrf", &editor.csrf), ("action", "huy")],
        )
        .await;
    assert_eq!(cancel.status, StatusCode::SEE_OTHER);
    let page = app.get(&format!("/lich-cong-tac?tuan={WEEK}")).await;
    let found = rows(&page.body);
    assert_eq!(found[0].2, "Đã hủy Họp Ban Thường vụ (đổi giờ)");
    assert!(page.body.contains("<del>Họp Ban Thường vụ (đổi giờ)</del>"));
    assert_eq!(found.len(), 2);
    let audit = app
        .store
        .audit_events(&portal_store::AuditFilter {
            limit: 50,
            ..Default::default()
        })
        .await
        .expect("audit");
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    for action in ["schedule_add", "schedule_change", "schedule_cancel"] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
}

#[tokio::test]
async fn a_refused_entry_comes_back_with_what_was_typed_and_authors_may_not_enter() {
    let (app, editor) = office().await;
    let refused = enter(
        &app,
        &editor,
        &[
            ("date", "2031-03-04"),
            ("time", "10:00"),
            ("end_time", "09:00"),
            ("content", "Hội nghị sơ kết"),
            ("place", "Nhà văn hóa xã"),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Giờ kết thúc phải sau giờ bắt đầu."));
    assert!(refused.body.contains("Hội nghị sơ kết"));
    assert!(refused.body.contains(r#"value="Nhà văn hóa xã""#));
    for (date, message) in [
        ("04/03/2031", "Ngày không hợp lệ"),
        ("", "Ngày không hợp lệ"),
    ] {
        let refused = enter(&app, &editor, &[("date", date), ("content", "Việc")]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.body.contains(message), "{date}");
    }
    let empty = enter(&app, &editor, &[("date", "2031-03-04"), ("content", "  ")]).await;
    assert!(empty.body.contains("Hãy nhập nội dung công việc."));
    let page = app.get(&format!("/lich-cong-tac?tuan={WEEK}")).await;
    assert!(rows(&page.body).is_empty(), "nothing was written");

    let author = app.log_in("phongvien", PASSWORD).await;
    let screen = app
        .get_with_cookie("/quan-tri/lich-cong-tac", &author.cookie)
        .await;
    assert_eq!(screen.status, StatusCode::FORBIDDEN);
    assert!(screen.body.contains("Chỉ biên tập viên"));
    let forged = enter(
        &app,
        &author,
        &[("date", "2031-03-04"), ("content", "Việc riêng")],
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let page = app.get(&format!("/lich-cong-tac?tuan={WEEK}")).await;
    assert!(!page.body.contains("Việc riêng"));
}

/// A property's value of an event read by the `ical` parser.
fn property(event: &ical::parser::ical::component::IcalEvent, name: &str) -> Option<String> {
    event
        .properties
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.clone())
}

#[tokio::test]
async fn the_icalendar_feed_is_read_by_a_calendar_parser() {
    let (app, editor) = office().await;
    for (date, time, end, content, leaders) in [
        (
            "2031-03-04",
            "08:00",
            "10:00",
            "Họp; bàn, kế hoạch",
            "Nguyễn Văn An",
        ),
        ("2031-03-05", "", "", "Đi cơ sở", "Trần Thị Bình"),
    ] {
        let saved = enter(
            &app,
            &editor,
            &[
                ("date", date),
                ("time", time),
                ("end_time", end),
                ("content", content),
                ("leaders", leaders),
                ("place", "Phòng họp số 1"),
                ("note", "Mang theo tài liệu\nsố 2"),
            ],
        )
        .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER);
    }
    let feed = app.get("/lich-cong-tac.ics").await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(feed.header("content-type").starts_with("text/calendar"));
    let calendars: Vec<_> = ical::IcalParser::new(std::io::BufReader::new(feed.body.as_bytes()))
        .collect::<Result<_, _>>()
        .expect("an iCalendar the parser reads");
    assert_eq!(calendars.len(), 1);
    let events = &calendars[0].events;
    // The demo's two weeks and ours.
    assert_eq!(events.len(), 12, "{}", feed.body);
    let meeting = events
        .iter()
        .find(|e| property(e, "SUMMARY").as_deref() == Some("Họp\\; bàn\\, kế hoạch"))
        .expect("the meeting, its text escaped as RFC 5545 asks");
    // 08:00 in Vietnam is 01:00 UTC.
    assert_eq!(
        property(meeting, "DTSTART").as_deref(),
        Some("20310304T010000Z")
    );
    assert_eq!(
        property(meeting, "DTEND").as_deref(),
        Some("20310304T030000Z")
    );
    assert_eq!(
        property(meeting, "LOCATION").as_deref(),
        Some("Phòng họp số 1")
    );
    assert_eq!(property(meeting, "STATUS").as_deref(), Some("CONFIRMED"));
    assert!(property(meeting, "UID").is_some_and(|uid| uid.starts_with("lich-")));
    let trip = events
        .iter()
        .find(|e| property(e, "SUMMARY").as_deref() == Some("Đi cơ sở"))
        .expect("the whole-day trip");
    assert_eq!(property(trip, "DTSTART").as_deref(), Some("20310305"));

    // One leader's feed; a cancelled entry says so.
    let screen = app
        .get_with_cookie(
            &format!("/quan-tri/lich-cong-tac?tuan={WEEK}"),
            &editor.cookie,
        )
        .await;
    let id = screen
        .body
        .split("/quan-tri/lich-cong-tac?sua=")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("an entry")
        .to_string();
    app.post_form(
        &format!("/quan-tri/lich-cong-tac/{id}/huy"),
        &editor.cookie,
        &[("csrf", &editor.csrf), ("action", "huy")],
    )
    .await;
    let one = app
        .get("/lich-cong-tac.ics?lanh_dao=Nguy%E1%BB%85n+V%C4%83n+An")
        .await;
    let calendars: Vec<_> = ical::IcalParser::new(std::io::BufReader::new(one.body.as_bytes()))
        .collect::<Result<_, _>>()
        .expect("an iCalendar the parser reads");
    let events = &calendars[0].events;
    assert_eq!(events.len(), 1);
    assert_eq!(property(&events[0], "STATUS").as_deref(), Some("CANCELLED"));
}
