//! The organisation (Cơ cấu tổ chức): readers see the agency's units as a
//! tree with heads and contacts, in Vietnamese and English; the site's
//! administrators keep it, and what they type wrong comes back to them.

mod support;

use axum::http::StatusCode;
use portal_core::workflow::Role;
use portal_services::accounts;
use support::{Staff, TestApp};

const PASSWORD: &str = "mật khẩu thử tổ chức";

async fn portal() -> (TestApp, Staff) {
    let app = TestApp::with_demo().await;
    for (login, role) in [("quantri", Role::Admin), ("bientap", Role::Editor)] {
        accounts::add_user(&app.store, login, "", role, PASSWORD, 1)
            .await
            .expect("user");
    }
    let admin = app.log_in("quantri", PASSWORD).await;
    (app, admin)
}

/// The units of the public tree: (depth, name, English name).
fn tree(html: &str) -> Vec<(String, String, String)> {
    let page = scraper::Html::parse_document(html);
    let unit = scraper::Selector::parse("ul.units > li").expect("selector");
    let name = scraper::Selector::parse(".unit-name a").expect("selector");
    let english = scraper::Selector::parse(r#".unit-name [lang="en"]"#).expect("selector");
    page.select(&unit)
        .map(|li| {
            let depth = li
                .value()
                .classes()
                .find_map(|c| c.strip_prefix("depth-"))
                .unwrap_or_default()
                .to_string();
            let text = |s: &scraper::Selector| {
                li.select(s)
                    .next()
                    .map(|e| e.text().collect::<String>())
                    .unwrap_or_default()
            };
            (depth, text(&name), text(&english))
        })
        .collect()
}

fn unit_id(html: &str, name: &str) -> String {
    let page = scraper::Html::parse_document(html);
    let link = scraper::Selector::parse(".unit-name a").expect("selector");
    page.select(&link)
        .find(|a| a.text().collect::<String>() == name)
        .and_then(|a| a.value().attr("href"))
        .and_then(|href| href.rsplit('/').next())
        .expect("the unit")
        .to_string()
}

#[tokio::test]
async fn readers_see_the_tree_in_both_languages() {
    let (app, _) = portal().await;
    let page = app.get("/co-cau-to-chuc").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        tree(&page.body),
        [
            ("0", "Ủy ban nhân dân tỉnh", "Provincial People's Committee"),
            (
                "1",
                "Văn phòng Ủy ban nhân dân tỉnh",
                "Office of the Provincial People's Committee"
            ),
            (
                "2",
                "Trung tâm Thông tin - Hội nghị tỉnh",
                "Provincial Information and Conference Centre"
            ),
            ("1", "Sở Tài chính", "Department of Finance"),
            ("1", "Sở Nội vụ", "Department of Home Affairs"),
        ]
        .map(|(d, n, e)| (d.to_string(), n.to_string(), e.to_string()))
    );
    assert!(
        page.body
            .contains(r#"<a href="tel:02093800002">0209 3800 002</a>"#)
    );
    let office = unit_id(&page.body, "Văn phòng Ủy ban nhân dân tỉnh");
    let unit = app.get(&format!("/co-cau-to-chuc/{office}")).await;
    assert_eq!(unit.status, StatusCode::OK);
    let document = scraper::Html::parse_document(&unit.body);
    let english = scraper::Selector::parse(r#"section[lang="en"] p"#).expect("selector");
    assert!(
        document.select(&english).any(|p| p
            .text()
            .collect::<String>()
            .contains("carries out the functions")),
        "the duties in English, marked as English"
    );
    assert!(
        unit.body.contains("Trung tâm Thông tin - Hội nghị tỉnh"),
        "units under it"
    );
    assert!(
        unit.body.contains("Ủy ban nhân dân tỉnh</a>"),
        "the unit above"
    );
    assert_eq!(
        app.get("/co-cau-to-chuc/999999").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/co-cau-to-chuc/abc").await.status,
        StatusCode::BAD_REQUEST
    );
    // The default menu leads there, under Giới thiệu.
    let home = app.get("/").await;
    assert!(
        home.body
            .contains(r#"<a href="/co-cau-to-chuc">Cơ cấu tổ chức</a>"#)
    );
}

async fn save(app: &TestApp, staff: &Staff, fields: &[(&str, &str)]) -> support::TestResponse {
    let mut form = vec![("csrf", staff.csrf.as_str())];
    form.extend_from_slice(fields);
    app.post_form("/quan-tri/co-cau-to-chuc", &staff.cookie, &form)
        .await
}

#[tokio::test]
async fn administrators_keep_the_organisation() {
    let (app, admin) = portal().await;
    let page = app.get("/co-cau-to-chuc").await;
    let finance = unit_id(&page.body, "Sở Tài chính");
    let top = unit_id(&page.body, "Ủy ban nhân dân tỉnh");
    let office = unit_id(&page.body, "Văn phòng Ủy ban nhân dân tỉnh");
    let added = save(
        &app,
        &admin,
        &[
            ("parent_id", &finance),
            ("name", "Phòng Quản lý ngân sách"),
            ("name_en", "Budget Division"),
            ("head", "Nguyễn Thị Cúc"),
            ("head_title", "Trưởng phòng"),
            ("phone", "0209 3800 010"),
            ("email", "ngansach@example.gov.vn"),
            ("duties", "Tham mưu về ngân sách.\r\n\r\nTổng hợp dự toán."),
        ],
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let page = app.get("/co-cau-to-chuc").await;
    let units = tree(&page.body);
    let at = units
        .iter()
        .position(|u| u.1 == "Phòng Quản lý ngân sách")
        .expect("shown at once");
    assert_eq!(units[at].0, "2");
    assert_eq!(units[at - 1].1, "Sở Tài chính", "under its department");
    let id = unit_id(&page.body, "Phòng Quản lý ngân sách");
    let unit = app.get(&format!("/co-cau-to-chuc/{id}")).await;
    assert!(unit.body.contains("<p>Tham mưu về ngân sách.</p>"));
    assert!(unit.body.contains("<p>Tổng hợp dự toán.</p>"));

    // What is typed wrong comes back, as typed.
    let refused = save(
        &app,
        &admin,
        &[
            ("id", &id),
            ("name", "Phòng Ngân sách"),
            ("email", "ngansach tại tỉnh"),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Địa chỉ thư điện tử không hợp lệ"));
    assert!(refused.body.contains(r#"value="ngansach tại tỉnh""#));
    let cycle = save(
        &app,
        &admin,
        &[
            ("id", &top),
            ("parent_id", &office),
            ("name", "Ủy ban nhân dân tỉnh"),
        ],
    )
    .await;
    assert_eq!(cycle.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(cycle.body.contains("không thể trực thuộc chính nó"));
    let nameless = save(&app, &admin, &[("name", "  ")]).await;
    assert!(nameless.body.contains("Hãy nhập tên đơn vị."));

    // A unit with units under it stays; a leaf goes.
    let kept = app
        .post_form(
            &format!("/quan-tri/co-cau-to-chuc/{finance}/xoa"),
            &admin.cookie,
            &[("csrf", &admin.csrf)],
        )
        .await;
    assert_eq!(kept.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(kept.body.contains("không còn đơn vị trực thuộc"));
    let gone = app
        .post_form(
            &format!("/quan-tri/co-cau-to-chuc/{id}/xoa"),
            &admin.cookie,
            &[("csrf", &admin.csrf)],
        )
        .await;
    assert_eq!(gone.status, StatusCode::SEE_OTHER);
    assert!(
        !app.get("/co-cau-to-chuc")
            .await
            .body
            .contains("Phòng Quản lý ngân sách")
    );

    let editor = app.log_in("bientap", PASSWORD).await;
    let screen = app
        .get_with_cookie("/quan-tri/co-cau-to-chuc", &editor.cookie)
        .await;
    assert_eq!(screen.status, StatusCode::FORBIDDEN);
    let forged = save(&app, &editor, &[("name", "Đơn vị giả")]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(!app.get("/co-cau-to-chuc").await.body.contains("Đơn vị giả"));
}
