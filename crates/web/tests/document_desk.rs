//! Documents in the newsroom: an author enters a document with every
//! field, its links and its files and sends it for review; readers see it
//! only once a publisher publishes it; every save is a version and an
//! audit entry; downloads are counted; administrators keep the types.

mod support;

use axum::http::StatusCode;
use portal_core::workflow::Role;
use portal_services::accounts;
use support::{Staff, TestApp};

const PASSWORD: &str = "mật khẩu thử văn bản";

async fn newsroom() -> (TestApp, Staff, Staff) {
    let app = TestApp::with_demo().await;
    for (login, role) in [
        ("phongvien", Role::Author),
        ("duyet", Role::Publisher),
        ("quantri", Role::Admin),
    ] {
        accounts::add_user(&app.store, login, "", role, PASSWORD, 1)
            .await
            .expect("user");
    }
    let author = app.log_in("phongvien", PASSWORD).await;
    let publisher = app.log_in("duyet", PASSWORD).await;
    (app, author, publisher)
}

fn form<'a>(staff: &'a Staff, fields: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("csrf", staff.csrf.as_str()),
        ("kind", "Quyết định"),
        ("issuer", "UBND tỉnh"),
        ("signer", "Nguyễn Văn An"),
        ("signer_title", "Chủ tịch"),
        ("fields", "Thông tin, Truyền thông"),
        ("issued", "2026-03-02"),
        ("effective", "2026-03-02"),
        (
            "full_text",
            "Điều 1. Ban hành quy chế.\r\n\r\nĐiều 2. Hiệu lực thi hành.",
        ),
    ];
    for (name, value) in fields {
        form.retain(|(held, _)| held != name);
        form.push((name, value));
    }
    form
}

fn location_id(answer: &support::TestResponse) -> String {
    answer
        .header("location")
        .trim_start_matches("/quan-tri/van-ban/")
        .split('?')
        .next()
        .expect("id")
        .to_string()
}

#[tokio::test]
async fn a_document_is_written_reviewed_published_and_downloaded() {
    let (app, author, publisher) = newsroom().await;
    // An older decision the new one replaces, published by the publisher.
    let old = app
        .post_form(
            "/quan-tri/van-ban",
            &publisher.cookie,
            &form(
                &publisher,
                &[
                    ("number", "12/QĐ-UBND"),
                    ("summary", "Quy chế cũ về cung cấp thông tin"),
                    ("intent", "dang"),
                ],
            ),
        )
        .await;
    assert_eq!(old.status, StatusCode::SEE_OTHER, "{}", old.body);
    let old_id = location_id(&old);
    let upload = app
        .upload(&author, "quyet-dinh-345.pdf", b"%PDF-1.7\n%%EOF\n", "")
        .await;
    assert_eq!(upload.status, StatusCode::SEE_OTHER);
    let files = app
        .get_with_cookie("/quan-tri/thu-vien/chon?loai=tep&q=quyet", &author.cookie)
        .await
        .json();
    let file = files["items"][0]["id"].to_string();

    // The author's draft, sent for review: not public yet.
    let written = app
        .post_form(
            "/quan-tri/van-ban",
            &author.cookie,
            &form(
                &author,
                &[
                    ("number", "345/QĐ-UBND"),
                    ("summary", "Ban hành quy chế cung cấp thông tin trên cổng"),
                    ("replaces", "12/qd-ubnd"),
                    ("files", &file),
                    ("intent", "gui-duyet"),
                ],
            ),
        )
        .await;
    assert_eq!(written.status, StatusCode::SEE_OTHER, "{}", written.body);
    let id = location_id(&written);
    assert_eq!(
        app.get(&format!("/van-ban/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(!app.get("/van-ban").await.body.contains("345/QĐ-UBND"));
    let publish_as_author = app
        .post_form(
            &format!("/quan-tri/van-ban/{id}"),
            &author.cookie,
            &form(
                &author,
                &[
                    ("number", "345/QĐ-UBND"),
                    ("summary", "x"),
                    ("revision", "1"),
                    ("intent", "dang"),
                ],
            ),
        )
        .await;
    assert_eq!(publish_as_author.status, StatusCode::FORBIDDEN);

    // The publisher publishes it: every field is on its page.
    let edit = app
        .get_with_cookie(&format!("/quan-tri/van-ban/{id}"), &publisher.cookie)
        .await;
    assert!(edit.body.contains("Chờ duyệt"));
    let published = app
        .post_form(
            &format!("/quan-tri/van-ban/{id}"),
            &publisher.cookie,
            &form(
                &publisher,
                &[
                    ("number", "345/QĐ-UBND"),
                    ("summary", "Ban hành quy chế cung cấp thông tin trên cổng"),
                    ("replaces", "12/QĐ-UBND"),
                    ("files", &file),
                    ("revision", "1"),
                    ("intent", "dang"),
                ],
            ),
        )
        .await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.body
    );
    let page = app.get(&format!("/van-ban/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    for shown in [
        "Ban hành quy chế cung cấp thông tin trên cổng",
        "Nguyễn Văn An (Chủ tịch)",
        "Thông tin, Truyền thông",
        "<p>Điều 1. Ban hành quy chế.</p>",
        "<p>Điều 2. Hiệu lực thi hành.</p>",
        &format!(r#"Thay thế văn bản số: <a href="/van-ban/{old_id}">Quyết định 12/QĐ-UBND</a>"#),
        "quyet-dinh-345.pdf",
        "0 lượt tải",
    ] {
        assert!(page.body.contains(shown), "{shown}");
    }
    // The document it replaces is no longer in force, on its page and in
    // the list's filter (its own dates say nothing of it).
    let expired = app.get("/van-ban?hieu_luc=expired").await;
    assert!(
        expired
            .body
            .contains(&format!(r#"href="/van-ban/{old_id}""#))
    );
    let in_force = app.get("/van-ban?hieu_luc=in_force").await;
    assert!(
        !in_force
            .body
            .contains(&format!(r#"href="/van-ban/{old_id}""#))
    );
    assert!(in_force.body.contains(&format!(r#"href="/van-ban/{id}""#)));
    let old_page = app.get(&format!("/van-ban/{old_id}")).await;
    assert!(
        old_page.body.contains("<dd>Hết hiệu lực</dd>"),
        "{}",
        old_page.body
    );
    assert!(old_page.body.contains(&format!(
        r#"Bị thay thế bởi: <a href="/van-ban/{id}">Quyết định 345/QĐ-UBND</a>"#
    )));

    // A download is counted and leads to the file.
    let download = app.get(&format!("/van-ban/{id}/tep/{file}")).await;
    assert_eq!(download.status, StatusCode::SEE_OTHER);
    let file_answer = app.get(download.header("location")).await;
    assert_eq!(file_answer.status, StatusCode::OK);
    assert!(
        app.get(&format!("/van-ban/{id}"))
            .await
            .body
            .contains("1 lượt tải")
    );
    assert_eq!(
        app.get(&format!("/van-ban/{old_id}/tep/{file}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // Versions kept; a stale form is refused, not lost.
    let edit = app
        .get_with_cookie(&format!("/quan-tri/van-ban/{id}"), &publisher.cookie)
        .await;
    assert!(edit.body.contains("?phien-ban=1"));
    assert!(edit.body.contains("?phien-ban=2"));
    let stale = app
        .post_form(
            &format!("/quan-tri/van-ban/{id}"),
            &publisher.cookie,
            &form(
                &publisher,
                &[
                    ("number", "345/QĐ-UBND"),
                    ("summary", "Bản cũ"),
                    ("revision", "1"),
                ],
            ),
        )
        .await;
    assert_eq!(stale.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(stale.body.contains("Người khác vừa lưu"));
    assert!(stale.body.contains("Bản cũ"), "what was typed stays");

    // Taken down: gone for readers, kept in the newsroom.
    let down = app
        .post_form(
            &format!("/quan-tri/van-ban/{id}/go"),
            &publisher.cookie,
            &[("csrf", &publisher.csrf)],
        )
        .await;
    assert_eq!(down.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&format!("/van-ban/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    let audit = app
        .store
        .audit_events(&portal_store::AuditFilter {
            limit: 50,
            ..Default::default()
        })
        .await
        .expect("audit");
    for action in ["document_submit", "document_publish", "document_unpublish"] {
        assert!(audit.iter().any(|e| e.action == action), "{action}");
    }
}

#[tokio::test]
async fn what_is_typed_wrong_comes_back_and_types_are_the_sites() {
    let (app, author, _) = newsroom().await;
    for (fields, message) in [
        (
            vec![("number", " "), ("summary", "Trích yếu")],
            "Hãy nhập số ký hiệu",
        ),
        (
            vec![("number", "7/KH-UBND"), ("summary", "")],
            "Hãy nhập trích yếu",
        ),
        (
            vec![
                ("number", "7/KH-UBND"),
                ("summary", "Kế hoạch"),
                ("kind", "Loại lạ"),
            ],
            "không có trong danh sách",
        ),
        (
            vec![
                ("number", "7/KH-UBND"),
                ("summary", "Kế hoạch"),
                ("related", "999/QĐ-XYZ"),
            ],
            "999/QĐ-XYZ",
        ),
        (
            vec![
                ("number", "7/KH-UBND"),
                ("summary", "Kế hoạch"),
                ("issued", "02/03/2026"),
            ],
            "Ngày không hợp lệ",
        ),
        (
            vec![
                ("number", "7/KH-UBND"),
                ("summary", "Kế hoạch"),
                ("expires", "2026-01-01"),
            ],
            "phải sau ngày có hiệu lực",
        ),
    ] {
        let answer = app
            .post_form("/quan-tri/van-ban", &author.cookie, &form(&author, &fields))
            .await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(answer.body.contains(message), "{message}");
        assert!(
            answer.body.contains("Điều 1. Ban hành quy chế."),
            "kept: {message}"
        );
    }
    let first = app
        .post_form(
            "/quan-tri/van-ban",
            &author.cookie,
            &form(
                &author,
                &[
                    ("number", "7/KH-UBND"),
                    ("summary", "Kế hoạch"),
                    ("kind", "Quyết định"),
                ],
            ),
        )
        .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let twice = app
        .post_form(
            "/quan-tri/van-ban",
            &author.cookie,
            &form(&author, &[("number", "7 kh ubnd"), ("summary", "Lần hai")]),
        )
        .await;
    assert!(twice.body.contains("đã có văn bản mang số ký hiệu này"));

    // The administrator's types replace the starting list.
    let admin = app.log_in("quantri", PASSWORD).await;
    let types = app
        .post_form(
            "/quan-tri/van-ban/loai",
            &admin.cookie,
            &[
                ("csrf", &admin.csrf),
                ("types", "Quyết định\nCông văn\nKế hoạch\nĐề án"),
            ],
        )
        .await;
    assert_eq!(types.status, StatusCode::SEE_OTHER);
    let list = app.get("/van-ban").await;
    assert!(list.body.contains("<option>Đề án</option>"));
    assert!(!list.body.contains("<option>Nghị định</option>"));
    let refused = app
        .post_form(
            "/quan-tri/van-ban/loai",
            &author.cookie,
            &[("csrf", &author.csrf), ("types", "Loại riêng")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn someone_limited_to_other_sections_does_not_enter_documents() {
    let (app, _, _) = newsroom().await;
    accounts::add_user(&app.store, "bientap", "", Role::Editor, PASSWORD, 1)
        .await
        .expect("user");
    let site = app.site().await;
    let editor_id = app
        .store
        .user_for_login("bientap")
        .await
        .expect("read")
        .expect("user")
        .0
        .id;
    let news: i64 = app.category_id("tin-hoat-dong").await.parse().expect("id");
    app.store
        .set_user_categories(editor_id, site.id, &[news])
        .await
        .expect("limited");
    let editor = app.log_in("bientap", PASSWORD).await;
    let fields = [
        ("number", "8/TB-UBND"),
        ("summary", "Thông báo lịch tiếp công dân"),
    ];
    let refused = app
        .post_form("/quan-tri/van-ban", &editor.cookie, &form(&editor, &fields))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("không gồm «Văn bản»"));
    // The administrator's people screen offers the documents base, and
    // once it is among the editor's sections the editor enters documents.
    let admin = app.log_in("quantri", PASSWORD).await;
    let person = app
        .get_with_cookie(
            &format!("/quan-tri/nguoi-dung/{}", editor_id.get()),
            &admin.cookie,
        )
        .await;
    assert!(person.body.contains("Văn bản (cơ sở dữ liệu văn bản)"));
    let documents = portal_services::documents::section(&app.store, site.id)
        .await
        .expect("section");
    app.store
        .set_user_categories(editor_id, site.id, &[news, documents.id])
        .await
        .expect("granted");
    let allowed = app
        .post_form("/quan-tri/van-ban", &editor.cookie, &form(&editor, &fields))
        .await;
    assert_eq!(allowed.status, StatusCode::SEE_OTHER, "{}", allowed.body);
    // No article goes into the documents base's section.
    let forged = app
        .post_form(
            "/quan-tri/bai-viet",
            &admin.cookie,
            &[
                ("csrf", admin.csrf.as_str()),
                ("title", "Bài lạc chỗ"),
                ("body", "Nội dung."),
                ("category_id", &documents.id.to_string()),
            ],
        )
        .await;
    assert_eq!(forged.status, StatusCode::UNPROCESSABLE_ENTITY);
}
