//! Polls: the office writes one; each visitor's vote counts once, and none
//! after it closes; results are a bar chart drawn on the server (SVG named
//! for screen readers, the numbers in a table too); the sidebar shows the
//! current poll.

mod support;

use axum::http::StatusCode;
use portal_core::workflow::Role;
use portal_services::accounts;
use portal_web::WebConfig;
use support::{Staff, TestApp, TestResponse};

const PASSWORD: &str = "mật khẩu thử thăm dò";

async fn office() -> (TestApp, Staff) {
    let app = TestApp::with_config(WebConfig {
        trust_forwarded_for: true,
        ..WebConfig::default()
    })
    .await;
    accounts::add_user(&app.store, "bientap", "", Role::Editor, PASSWORD, 1)
        .await
        .expect("user");
    let editor = app.log_in("bientap", PASSWORD).await;
    (app, editor)
}

/// Local time as the form's `datetime-local` fields take it.
fn local(at: i64) -> String {
    portal_core::time::format_iso(at)[..16].to_string()
}

async fn write_poll(app: &TestApp, editor: &Staff, fields: &[(&str, &str)]) -> TestResponse {
    let mut form = vec![("csrf", editor.csrf.as_str())];
    form.extend_from_slice(fields);
    app.post_form("/quan-tri/tham-do", &editor.cookie, &form)
        .await
}

async fn vote(app: &TestApp, path: &str, choices: &[&str], address: &str) -> TestResponse {
    let form = app.public_form(path).await;
    let mut fields: Vec<(&str, &str)> = choices.iter().map(|c| ("choice", *c)).collect();
    fields.push(("website", ""));
    app.send_public(path, &form, &fields, None, address).await
}

/// The chart's description and the table's rows, as a screen reader and a
/// reader without pictures get them.
fn results(html: &str) -> (String, Vec<(String, String)>) {
    let document = scraper::Html::parse_document(html);
    let desc = scraper::Selector::parse("svg[role=img] desc").expect("selector");
    let rows = scraper::Selector::parse(".chart-table tbody tr").expect("selector");
    let cells = scraper::Selector::parse("th, td").expect("selector");
    let description = document
        .select(&desc)
        .next()
        .map(|d| d.text().collect())
        .unwrap_or_else(|| panic!("no chart: {html}"));
    let table = document
        .select(&rows)
        .map(|row| {
            let cells: Vec<String> = row.select(&cells).map(|c| c.text().collect()).collect();
            (cells[0].clone(), cells[1].clone())
        })
        .collect();
    (description, table)
}

#[tokio::test]
async fn each_visitor_votes_once_and_the_chart_tells_the_count() {
    let (app, editor) = office().await;
    let now = portal_core::time::now();
    let written = write_poll(
        &app,
        &editor,
        &[
            ("question", "Bạn đánh giá thế nào về giờ tiếp công dân?"),
            ("choices", "Phù hợp\nNên thêm buổi chiều\nNên thêm thứ Bảy"),
            ("opens", &local(now - 3600)),
            ("closes", &local(now + 86_400)),
        ],
    )
    .await;
    assert_eq!(written.status, StatusCode::SEE_OTHER, "{}", written.body);
    let site = app.site().await;
    let poll = portal_services::polls::current(&app.store, &site, now)
        .await
        .expect("read")
        .expect("the poll");
    let path = poll.path();
    let [fits, afternoons, _saturdays] = [0, 1, 2].map(|i| poll.choices[i].id.to_string());

    // The sidebar shows it on the home page and leads to its page.
    let home = app.get("/").await;
    assert!(
        home.body
            .contains("Bạn đánh giá thế nào về giờ tiếp công dân?")
    );
    assert!(home.body.contains(&format!("action=\"{path}\"")));
    let carried = app.get(&format!("{path}?chon={afternoons}")).await;
    assert!(
        carried
            .body
            .contains(&format!("value=\"{afternoons}\" checked"))
    );

    let first = vote(&app, &path, &[&afternoons], "203.0.113.1").await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert!(first.body.contains("Cảm ơn bạn đã tham gia bình chọn"));
    let again = vote(&app, &path, &[&fits], "203.0.113.1").await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("mỗi người một lần"));
    let second = vote(&app, &path, &[&afternoons], "203.0.113.2").await;
    assert_eq!(second.status, StatusCode::OK);
    let third = vote(&app, &path, &[&fits], "203.0.113.3").await;
    assert_eq!(third.status, StatusCode::OK);
    // Two choices on a one-choice poll are no vote.
    let both = vote(&app, &path, &[&fits, &afternoons], "203.0.113.4").await;
    assert_eq!(both.status, StatusCode::UNPROCESSABLE_ENTITY);

    let (description, table) = results(&app.get(&path).await.body);
    assert_eq!(
        description,
        "Phù hợp: 1 phiếu (33%); Nên thêm buổi chiều: 2 phiếu (67%); Nên thêm thứ Bảy: 0 phiếu (0%)"
    );
    assert_eq!(
        table[1],
        ("Nên thêm buổi chiều".to_string(), "2".to_string())
    );
    assert!(app.get("/tham-do").await.body.contains("3 người tham gia"));
    // Robots do not vote.
    let robot = portal_services::polls::vote(
        &app.store,
        &site,
        poll.id,
        &[poll.choices[0].id],
        &portal_services::views::Visitor {
            address: "66.249.66.1",
            user_agent: "Mozilla/5.0 (compatible; Googlebot/2.1)",
        },
        &app.views,
        now,
    )
    .await;
    assert!(robot.is_err());
    // No address is kept: only marks that cannot be read back.
    let marks = app
        .store
        .dump(&|_, _| {})
        .await
        .expect("dump")
        .into_iter()
        .find(|table| table.name == "poll_votes")
        .expect("votes table");
    assert_eq!(marks.rows.len(), 3);
    assert!(!format!("{:?}", marks.rows).contains("203.0.113"));
}

#[tokio::test]
async fn a_closed_poll_takes_no_vote_and_shows_its_results() {
    let (app, editor) = office().await;
    let now = portal_core::time::now();
    let written = write_poll(
        &app,
        &editor,
        &[
            ("question", "Thăm dò đã kết thúc"),
            ("choices", "Có\nKhông"),
            ("opens", &local(now - 7 * 86_400)),
            ("closes", &local(now - 60)),
        ],
    )
    .await;
    assert_eq!(written.status, StatusCode::SEE_OTHER, "{}", written.body);
    let site = app.site().await;
    let poll = portal_services::polls::list(&app.store, &site)
        .await
        .expect("polls")[0]
        .clone();
    let page = app.get(&poll.path()).await;
    assert!(page.body.contains("Đã kết thúc"));
    assert!(!page.body.contains("name=\"choice\""), "no vote form");
    // A vote sealed by another page (as one kept open from before the
    // poll closed) is refused.
    let opened = app.public_form("/hoi-dap/dat-cau-hoi").await;
    let late = app
        .send_public(
            &poll.path(),
            &opened,
            &[("choice", &poll.choices[0].id.to_string()), ("website", "")],
            None,
            "203.0.113.9",
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT, "{}", late.body);
    assert!(late.body.contains("đã kết thúc hoặc chưa mở"));
    assert_eq!(
        portal_services::polls::one(&app.store, &site, poll.id)
            .await
            .expect("read")
            .expect("poll")
            .voters,
        0
    );
}

#[tokio::test]
async fn several_choices_count_as_one_voter_and_votes_survive_relabelling() {
    let (app, editor) = office().await;
    let now = portal_core::time::now();
    write_poll(
        &app,
        &editor,
        &[
            ("question", "Bạn quan tâm lĩnh vực nào?"),
            ("choices", "Đất đai\nGiáo dục\nY tế"),
            ("multiple", "1"),
            ("opens", &local(now - 60)),
        ],
    )
    .await;
    let site = app.site().await;
    let poll = portal_services::polls::current(&app.store, &site, now)
        .await
        .expect("read")
        .expect("poll");
    let ids: Vec<String> = poll.choices.iter().map(|c| c.id.to_string()).collect();
    let ticked = vote(&app, &poll.path(), &[&ids[0], &ids[2]], "198.51.100.1").await;
    assert_eq!(ticked.status, StatusCode::OK, "{}", ticked.body);
    let counted = portal_services::polls::one(&app.store, &site, poll.id)
        .await
        .expect("read")
        .expect("poll");
    assert_eq!(counted.voters, 1);
    assert_eq!(
        counted.choices.iter().map(|c| c.votes).collect::<Vec<_>>(),
        [1, 0, 1]
    );

    // The form lists choices with their ids; a relabelled one keeps its
    // votes, and one with votes cannot be dropped.
    let screen = app
        .get_with_cookie(
            &format!("/quan-tri/tham-do?sua={}", poll.id),
            &editor.cookie,
        )
        .await;
    let listed = support::textarea_value(&screen.body, "choices");
    assert_eq!(
        listed,
        format!(
            "#{} Đất đai\n#{} Giáo dục\n#{} Y tế",
            ids[0], ids[1], ids[2]
        )
    );
    let relabelled = write_poll(
        &app,
        &editor,
        &[
            ("id", &poll.id.to_string()),
            ("question", "Bạn quan tâm lĩnh vực nào?"),
            (
                "choices",
                &format!("#{} Đất đai, nhà ở\n#{} Y tế", ids[0], ids[2]),
            ),
            ("multiple", "1"),
            ("opens", &local(now - 60)),
        ],
    )
    .await;
    assert_eq!(
        relabelled.status,
        StatusCode::SEE_OTHER,
        "{}",
        relabelled.body
    );
    let kept = portal_services::polls::one(&app.store, &site, poll.id)
        .await
        .expect("read")
        .expect("poll");
    assert_eq!(kept.choices[0].label, "Đất đai, nhà ở");
    assert_eq!(
        kept.choices.iter().map(|c| c.votes).collect::<Vec<_>>(),
        [1, 1]
    );
    let dropped = write_poll(
        &app,
        &editor,
        &[
            ("id", &poll.id.to_string()),
            ("question", "Bạn quan tâm lĩnh vực nào?"),
            ("choices", &format!("#{} Đất đai\nGiao thông", ids[0])),
            ("opens", &local(now - 60)),
        ],
    )
    .await;
    assert_eq!(dropped.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(dropped.body.contains("Không bỏ được lựa chọn đã có phiếu"));
    assert!(dropped.body.contains("Giao thông"), "kept as typed");
    // One choice is no poll.
    let single = write_poll(
        &app,
        &editor,
        &[
            ("question", "Một lựa chọn"),
            ("choices", "Có"),
            ("opens", &local(now)),
        ],
    )
    .await;
    assert_eq!(single.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(single.body.contains("Cần ít nhất hai lựa chọn"));
}
