//! Comments on draft documents: the office opens a published document for
//! comment; citizens comment while it is open (not after); the office
//! publishes or rejects each; published ones show under the draft; all of
//! them export to XLSX (read back by `calamine`) and CSV (by `csv`).

mod support;

use std::io::Cursor;

use axum::http::StatusCode;
use calamine::{Reader, Xlsx};
use portal_core::workflow::Role;
use portal_services::accounts;
use portal_web::WebConfig;
use support::{Staff, TestApp, TestResponse};

const PASSWORD: &str = "mật khẩu thử lấy ý kiến";

fn local(at: i64) -> String {
    portal_core::time::format_iso(at)[..16].to_string()
}

/// A portal with one published draft document, and its editor.
async fn office() -> (TestApp, Staff, i64) {
    let app = TestApp::with_config(WebConfig {
        trust_forwarded_for: true,
        ..WebConfig::default()
    })
    .await;
    accounts::add_user(&app.store, "bientap", "", Role::Editor, PASSWORD, 1)
        .await
        .expect("user");
    let site = app.site().await;
    let saved = portal_services::documents::save(
        &app.store,
        &portal_core::document::Document {
            id: 0,
            site_id: site.id,
            number: "DT-15/2026".into(),
            kind: "Dự thảo".into(),
            issuer: "Sở Tư pháp".into(),
            signer: String::new(),
            signer_title: String::new(),
            fields: Vec::new(),
            issued_on: Some(1_790_000_000),
            effective_on: None,
            expires_on: None,
            validity_set: None,
            summary: "Dự thảo Quy định quản lý chợ trên địa bàn tỉnh".into(),
            full_text: "Điều 1. Phạm vi điều chỉnh\n\nĐiều 2. Đối tượng áp dụng".into(),
            status: portal_core::document::DocumentStatus::Published,
            replaced_since: None,
            updated_at: 0,
        },
        1,
    )
    .await
    .expect("document");
    let id = match saved {
        portal_store::Saved::Created(id)
        | portal_store::Saved::Updated(id)
        | portal_store::Saved::Unchanged(id) => id,
    };
    let editor = app.log_in("bientap", PASSWORD).await;
    (app, editor, id)
}

async fn open_for_comment(
    app: &TestApp,
    editor: &Staff,
    id: i64,
    opens: i64,
    closes: i64,
) -> TestResponse {
    app.post_form(
        &format!("/quan-tri/lay-y-kien/{id}"),
        &editor.cookie,
        &[
            ("csrf", &editor.csrf),
            ("opens", &local(opens)),
            ("closes", &local(closes)),
        ],
    )
    .await
}

async fn comment(app: &TestApp, id: i64, fields: &[(&str, &str)], address: &str) -> TestResponse {
    let path = format!("/van-ban/{id}/gop-y");
    let form = app.public_form(&path).await;
    app.send_public(&path, &form, fields, None, address).await
}

#[tokio::test]
async fn comments_are_taken_while_open_moderated_shown_and_exported() {
    let (app, editor, id) = office().await;
    let now = portal_core::time::now();
    // Closing before opening is refused, the dates kept as typed.
    let backwards = open_for_comment(&app, &editor, id, now, now - 86_400).await;
    assert_eq!(backwards.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(backwards.body.contains("Thời gian kết thúc phải sau"));
    let opened = open_for_comment(&app, &editor, id, now - 3600, now + 30 * 86_400).await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);

    // Readers find the draft and its form.
    let drafts = app.get("/lay-y-kien").await;
    assert!(
        drafts.body.contains("Dự thảo Quy định quản lý chợ"),
        "{}",
        drafts.body
    );
    let page = app.get(&format!("/van-ban/{id}")).await;
    assert!(page.body.contains("Đang lấy ý kiến"), "{}", page.body);
    assert!(page.body.contains(&format!("/van-ban/{id}/gop-y")));

    let citizens = [
        (
            "Trần Văn Bình",
            "",
            "binh@example.vn",
            "Điều 2",
            "Đề nghị bổ sung hộ kinh doanh vào đối tượng áp dụng.",
        ),
        (
            "Lê Thị Cúc",
            "Hợp tác xã Chợ Mới",
            "",
            "",
            "=SUM(A1:A9) không phải công thức; dự thảo cần rõ hơn về phí.",
        ),
        ("Người Quảng Cáo", "", "", "", "Mua hàng giá rẻ tại đây."),
    ];
    for (i, (name, organisation, email, article, body)) in citizens.iter().enumerate() {
        let sent = comment(
            &app,
            id,
            &[
                ("name", name),
                ("organisation", organisation),
                ("email", email),
                ("article", article),
                ("body", body),
                ("website", ""),
            ],
            &format!("203.0.113.{i}"),
        )
        .await;
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    }
    // Nothing shows before the office has looked.
    assert!(
        !app.get(&format!("/van-ban/{id}"))
            .await
            .body
            .contains("Trần Văn Bình")
    );

    let screen = app
        .get_with_cookie(&format!("/quan-tri/lay-y-kien/{id}"), &editor.cookie)
        .await;
    let site = app.site().await;
    let comments = app
        .store
        .comments(site.id, id, None)
        .await
        .expect("comments");
    assert_eq!(comments.len(), 3);
    for (name, ..) in &citizens {
        assert!(screen.body.contains(name), "{name} on the office's screen");
    }
    assert!(
        screen.body.contains("binh@example.vn"),
        "the office sees the e-mail"
    );
    for (comment, status) in comments.iter().zip(["published", "published", "rejected"]) {
        let moderated = app
            .post_form(
                &format!("/quan-tri/lay-y-kien/{id}/y-kien/{}", comment.id),
                &editor.cookie,
                &[("csrf", &editor.csrf), ("status", status)],
            )
            .await;
        assert_eq!(
            moderated.status,
            StatusCode::SEE_OTHER,
            "{}",
            moderated.body
        );
    }
    let page = app.get(&format!("/van-ban/{id}")).await;
    assert!(page.body.contains("Trần Văn Bình"));
    assert!(page.body.contains("Hợp tác xã Chợ Mới"));
    assert!(page.body.contains("Điều 2"));
    assert!(
        !page.body.contains("Mua hàng giá rẻ"),
        "the rejected one stays out"
    );
    assert!(
        !page.body.contains("binh@example.vn"),
        "e-mails are never public"
    );
    assert!(page.body.contains("Ý kiến đã công khai (2)"));

    // All three, in order, in a spreadsheet a real reader opens.
    let xlsx = app
        .get_with_cookie(
            &format!("/quan-tri/lay-y-kien/{id}/y-kien.xlsx"),
            &editor.cookie,
        )
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    assert!(xlsx.header("content-type").contains("spreadsheetml"));
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(xlsx.raw.clone())).expect("an XLSX file");
    let sheet = workbook.worksheet_range("Ý kiến góp ý").expect("the sheet");
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|row| row.iter().map(|cell| cell.to_string()).collect())
        .collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0][2], "Họ và tên");
    assert_eq!(rows[1][2], "Trần Văn Bình");
    assert_eq!(rows[1][4], "binh@example.vn");
    assert_eq!(rows[1][5], "Điều 2");
    assert_eq!(rows[1][7], "Đã công khai");
    assert_eq!(rows[2][3], "Hợp tác xã Chợ Mới");
    assert!(
        rows[2][6].starts_with("=SUM(A1:A9)"),
        "kept as text: {}",
        rows[2][6]
    );
    assert_eq!(rows[3][7], "Không công khai");

    let csv_file = app
        .get_with_cookie(
            &format!("/quan-tri/lay-y-kien/{id}/y-kien.csv"),
            &editor.cookie,
        )
        .await;
    assert!(
        csv_file.raw.starts_with("\u{feff}".as_bytes()),
        "a BOM for spreadsheet programs"
    );
    let mut reader = csv::Reader::from_reader(&csv_file.raw[3..]);
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!(records.len(), 3);
    assert_eq!(&records[0][2], "Trần Văn Bình");
    assert!(
        records[1][6].starts_with("'=SUM"),
        "a formula is defused: {}",
        &records[1][6]
    );
    // Each look at the commenters' e-mails, and each export, is in the
    // audit log.
    let looks = app
        .store
        .audit_events(&portal_services::AuditFilter {
            action: Some("consultation_view".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .expect("audit");
    assert!(!looks.is_empty());
    let exports = app
        .store
        .audit_events(&portal_services::AuditFilter {
            action: Some("consultation_export".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .expect("audit");
    assert_eq!(exports.len(), 2);
}

#[tokio::test]
async fn a_closed_draft_takes_no_comment() {
    let (app, editor, id) = office().await;
    let now = portal_core::time::now();
    let opened = open_for_comment(&app, &editor, id, now - 10 * 86_400, now - 60).await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
    let form = app.get(&format!("/van-ban/{id}/gop-y")).await;
    assert!(
        form.body.contains("không trong thời gian lấy ý kiến"),
        "{}",
        form.body
    );
    assert!(!form.body.contains("name=\"body\""));
    let sealed = app.public_form("/hoi-dap/dat-cau-hoi").await;
    let late = app
        .send_public(
            &format!("/van-ban/{id}/gop-y"),
            &sealed,
            &[
                ("name", "Người đến muộn"),
                ("body", "Góp ý muộn"),
                ("website", ""),
            ],
            None,
            "198.51.100.1",
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT, "{}", late.body);
    let site = app.site().await;
    assert!(
        app.store
            .comments(site.id, id, None)
            .await
            .expect("comments")
            .is_empty()
    );
    // A document nobody opened has no comment form.
    assert_eq!(
        app.get("/van-ban/999999/gop-y").await.status,
        StatusCode::NOT_FOUND
    );
}
