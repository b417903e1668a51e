//! Uploads are checked by content, size and pixels; a refused file leaves
//! nothing behind.

mod support;

use axum::http::StatusCode;
use portal_core::workflow::Role;
use portal_services::accounts;
use support::{Staff, TestApp, TestResponse};

const PASSWORD: &str = "mật khẩu thư viện";

async fn library() -> (TestApp, Staff) {
    let app = TestApp::new().await;
    accounts::add_user(&app.store, "phongvien", "", Role::Author, PASSWORD, 1)
        .await
        .expect("user");
    let staff = app.log_in("phongvien", PASSWORD).await;
    (app, staff)
}

async fn upload(app: &TestApp, staff: &Staff, name: &str, bytes: &[u8], alt: &str) -> TestResponse {
    app.upload(staff, name, bytes, alt).await
}

fn stored_files(app: &TestApp) -> usize {
    fn count(dir: &std::path::Path) -> usize {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| {
                        if e.path().is_dir() {
                            count(&e.path())
                        } else {
                            1
                        }
                    })
                    .sum()
            })
            .unwrap_or(0)
    }
    count(&app.media_root())
}

async fn media_rows(app: &TestApp) -> usize {
    let site = app.site().await;
    app.store
        .search_media(site.id, "", None, 100)
        .await
        .expect("query")
        .len()
}

/// A PNG whose header claims `width` × `height` pixels: a few bytes that
/// would unpack to gigabytes.
fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFF_u32;
        for byte in bytes {
            crc ^= u32::from(*byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    png.extend_from_slice(&13_u32.to_be_bytes());
    png.extend_from_slice(&ihdr);
    png.extend_from_slice(&crc32(&ihdr).to_be_bytes());
    // A start of image data, as a real file has, so the header is complete.
    let idat = b"IDAT\x78\x9c";
    png.extend_from_slice(&2_u32.to_be_bytes());
    png.extend_from_slice(idat);
    png.extend_from_slice(&crc32(idat).to_be_bytes());
    png.extend_from_slice(&[0, 0, 0, 0]);
    png.extend_from_slice(b"IEND");
    png.extend_from_slice(&crc32(b"IEND").to_be_bytes());
    png
}

#[tokio::test]
async fn an_image_is_stored_with_variants_and_found_again() {
    let (app, staff) = library().await;
    let jpeg = portal_services::media::draw_demo_picture(3, 1200).expect("picture");
    let answer = upload(&app, &staff, "cau treo.jpg", &jpeg, "Cầu treo bản Nà Mò").await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    assert_eq!(
        stored_files(&app),
        3,
        "the original and two narrower copies"
    );
    let page = app
        .get_with_cookie("/quan-tri/thu-vien?q=cầu", &staff.cookie)
        .await;
    assert!(page.body.contains("Cầu treo bản Nà Mò"));
    assert!(
        page.body.contains("[[hình:"),
        "ready to reuse in an article"
    );
    let empty = app
        .get_with_cookie("/quan-tri/thu-vien?q=khongco", &staff.cookie)
        .await;
    assert!(!empty.body.contains("Cầu treo bản Nà Mò"));
}

#[tokio::test]
async fn a_document_is_known_by_content_and_downloads() {
    let (app, staff) = library().await;
    let answer = upload(
        &app,
        &staff,
        "ke-hoach.pdf",
        b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n",
        "",
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let page = app
        .get_with_cookie("/quan-tri/thu-vien", &staff.cookie)
        .await
        .body;
    let start = page.find("href=\"/media/").expect("a link") + 6;
    let href = &page[start..start + page[start..].find('"').expect("quote")];
    let file = app.get(href).await;
    assert_eq!(file.header("content-type"), "application/pdf");
    assert_eq!(file.header("content-disposition"), "attachment");
}

#[tokio::test]
async fn bad_uploads_are_refused_with_a_reason_and_leave_nothing() {
    let (app, staff) = library().await;
    let jpeg = portal_services::media::draw_demo_picture(3, 640).expect("picture");
    let cases: Vec<(&str, Vec<u8>, &str, StatusCode, &str)> = vec![
        (
            "anh.jpg",
            b"<?php system($_GET['c']); ?>".to_vec(),
            "Ảnh",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "không phải ảnh hay tài liệu được phép",
        ),
        (
            "bom.png",
            png_claiming(60_000, 60_000),
            "Ảnh",
            StatusCode::UNPROCESSABLE_ENTITY,
            "quá lớn về kích thước điểm ảnh",
        ),
        (
            "to.jpg",
            vec![0xFF; portal_services::media::MAX_UPLOAD_BYTES + 10],
            "Ảnh",
            StatusCode::PAYLOAD_TOO_LARGE,
            "Tệp quá lớn",
        ),
        (
            "khong-mo-ta.jpg",
            jpeg,
            "",
            StatusCode::UNPROCESSABLE_ENTITY,
            "Hãy nhập mô tả cho ảnh",
        ),
        (
            "rong.jpg",
            Vec::new(),
            "Ảnh",
            StatusCode::UNPROCESSABLE_ENTITY,
            "Tệp rỗng",
        ),
    ];
    for (name, bytes, alt, status, message) in cases {
        let answer = upload(&app, &staff, name, &bytes, alt).await;
        assert_eq!(answer.status, status, "{name}");
        assert!(answer.body.contains(message), "{name}: {message}");
    }
    assert_eq!(stored_files(&app), 0, "nothing stored");
    assert_eq!(media_rows(&app).await, 0, "nothing recorded");
}

#[tokio::test]
async fn uploads_need_a_session_and_its_token() {
    let (app, staff) = library().await;
    let stranger = Staff {
        cookie: String::new(),
        csrf: staff.csrf.clone(),
    };
    assert_eq!(
        upload(&app, &stranger, "a.pdf", b"%PDF-1.7", "")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let forged = Staff {
        cookie: staff.cookie.clone(),
        csrf: "sai".into(),
    };
    assert_eq!(
        upload(&app, &forged, "a.pdf", b"%PDF-1.7", "").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(stored_files(&app), 0);
}

#[tokio::test]
async fn the_editor_picker_lists_images_or_files_for_staff_only() {
    let (app, staff) = library().await;
    let jpeg = portal_services::media::draw_demo_picture(5, 800).expect("picture");
    let image = upload(&app, &staff, "le-hoi.jpg", &jpeg, "Lễ hội đua thuyền").await;
    assert_eq!(image.status, StatusCode::SEE_OTHER, "{}", image.body);
    let document = upload(&app, &staff, "lich-trinh.pdf", b"%PDF-1.7\n%%EOF\n", "").await;
    assert_eq!(document.status, StatusCode::SEE_OTHER, "{}", document.body);

    let images = app
        .get_with_cookie("/quan-tri/thu-vien/chon?loai=anh", &staff.cookie)
        .await
        .json();
    let items = images["items"].as_array().expect("items");
    assert_eq!(items.len(), 1, "{images}");
    assert_eq!(items[0]["alt"], "Lễ hội đua thuyền");
    assert!(
        items[0]["thumb"]
            .as_str()
            .expect("thumb")
            .starts_with("/media/")
    );
    let files = app
        .get_with_cookie("/quan-tri/thu-vien/chon?loai=tep&q=lich", &staff.cookie)
        .await
        .json();
    let items = files["items"].as_array().expect("items");
    assert_eq!(items.len(), 1, "{files}");
    assert_eq!(items[0]["name"], "lich-trinh.pdf");
    let none = app
        .get_with_cookie("/quan-tri/thu-vien/chon?loai=tep&q=khongco", &staff.cookie)
        .await
        .json();
    assert_eq!(none["items"], serde_json::json!([]));

    let stranger = app.get("/quan-tri/thu-vien/chon?loai=anh").await;
    assert_eq!(
        stranger.status,
        StatusCode::SEE_OTHER,
        "to the login screen"
    );
    assert!(!stranger.body.contains("Lễ hội"));
}

#[tokio::test]
async fn a_file_name_with_a_nul_is_a_damaged_form_not_a_large_file() {
    let (app, staff) = library().await;
    let answer = upload(
        &app,
        &staff,
        "anh\0.jpg",
        b"\xFF\xD8\xFF\xE0 not much",
        "Ảnh",
    )
    .await;
    assert_ne!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(answer.status.is_client_error(), "{}", answer.status);
    assert!(!answer.body.contains("quá lớn"), "{}", answer.body);
    assert_eq!(stored_files(&app), 0);
}

#[tokio::test]
async fn uploads_and_edits_reach_the_audit_log_in_words_with_links() {
    let (app, reporter) = library().await;
    accounts::add_user(&app.store, "quantri", "", Role::Admin, PASSWORD, 1)
        .await
        .expect("admin");
    let admin = app.log_in("quantri", PASSWORD).await;
    let jpeg = portal_services::media::draw_demo_picture(2, 800).expect("picture");
    let uploaded = upload(&app, &reporter, "cho phien.jpg", &jpeg, "Chợ phiên").await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.body);
    let media_id = uploaded
        .header("location")
        .rsplit('=')
        .next()
        .expect("id")
        .to_string();

    let site = app.site().await;
    let news = portal_services::sites::category_named(&app.store, site.id, "Tin hoạt động")
        .await
        .expect("section")
        .id
        .to_string();
    let written = app
        .post_form(
            "/quan-tri/bai-viet",
            &reporter.cookie,
            &[
                ("csrf", &reporter.csrf),
                ("title", "Chợ phiên vùng cao"),
                ("body", "Đoạn một."),
                ("category_id", &news),
            ],
        )
        .await;
    let article = written
        .header("location")
        .split('?')
        .next()
        .expect("path")
        .to_string();
    // Two saves in one sitting are one entry.
    for (revision, body) in [("1", "Đoạn một, sửa."), ("2", "Đoạn một, sửa lần hai.")]
    {
        let saved = app
            .post_form(
                &article,
                &reporter.cookie,
                &[
                    ("csrf", &reporter.csrf),
                    ("revision", revision),
                    ("title", "Chợ phiên vùng cao"),
                    ("body", body),
                    ("category_id", &news),
                ],
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    }

    let log = app
        .get_with_cookie("/quan-tri/nhat-ky", &admin.cookie)
        .await
        .body;
    assert!(
        log.contains(&format!(
            "<td>Tải tệp lên thư viện</td><td><a href=\"/quan-tri/thu-vien\">Tệp số {media_id} trong thư viện</a></td><td>cho phien.jpg</td>"
        )),
        "{log}"
    );
    assert!(
        log.contains(&format!(
            "<td>Sửa bài</td><td><a href=\"{article}\">Bài viết số {}</a></td><td>phiên bản 2</td>",
            article.rsplit('/').next().expect("id")
        )),
        "{log}"
    );
    assert_eq!(log.matches("<td>Sửa bài</td>").count(), 1, "{log}");
    assert!(
        !log.contains("article:") && !log.contains("media:"),
        "{log}"
    );
}
