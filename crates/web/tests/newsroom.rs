//! The newsroom over HTTP: the door, CSRF, and every permission boundary
//! checked on the server whatever the page shows.

mod support;

use axum::http::StatusCode;
use portal_core::workflow::Role;
use portal_services::accounts;
use support::{Staff, TestApp, cookie_pair, hidden_value, step};

const PASSWORD: &str = "mật khẩu thử nghiệm";

async fn newsroom() -> TestApp {
    let app = TestApp::with_demo().await;
    for (login, role) in [
        ("phongvien", Role::Author),
        ("bientap", Role::Editor),
        ("lanhdao", Role::Publisher),
    ] {
        accounts::add_user(&app.store, login, "", role, PASSWORD, 1)
            .await
            .expect("user");
    }
    app
}

async fn write(app: &TestApp, staff: &Staff, title: &str, category: &str) -> (StatusCode, String) {
    let answer = app
        .post_form(
            "/quan-tri/bai-viet",
            &staff.cookie,
            &[
                ("csrf", &staff.csrf),
                ("title", title),
                ("lead", "Sapo của bài."),
                (
                    "body",
                    "Đoạn một.\n\n[[hình:-|Toàn cảnh|Toàn cảnh buổi lễ]]\n\nĐoạn hai.",
                ),
                ("category_id", category),
                ("byline", "Phóng viên"),
                ("tags", "Giáo dục, trường học, giáo dục"),
            ],
        )
        .await;
    (answer.status, answer.header("location").to_string())
}

#[tokio::test]
async fn strangers_are_sent_to_the_login_screen() {
    let app = newsroom().await;
    let desk = app.get("/quan-tri").await;
    assert_eq!(desk.status, StatusCode::SEE_OTHER);
    assert_eq!(
        desk.header("location"),
        "/quan-tri/dang-nhap?next=/quan-tri"
    );
    let forged = app
        .get_with_cookie("/quan-tri", "portal_session=0123456789abcdef")
        .await;
    assert_eq!(forged.status, StatusCode::SEE_OTHER);
    let post = app
        .post_form("/quan-tri/bai-viet", "", &[("title", "x")])
        .await;
    assert_eq!(
        post.status,
        StatusCode::SEE_OTHER,
        "no session, no state change"
    );
}

#[tokio::test]
async fn logging_in_sets_a_safe_cookie_and_a_new_session_each_time() {
    let app = newsroom().await;
    let form = app.get("/quan-tri/dang-nhap").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Đăng nhập"));
    let login_cookie = cookie_pair(&form, "portal_login_csrf").expect("cookie");
    let csrf = hidden_value(&form.body, "csrf");

    let wrong = app
        .post_form(
            "/quan-tri/dang-nhap",
            &login_cookie,
            &[
                ("login", "bientap"),
                ("password", "sai rồi nhé bạn"),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains("Sai tên đăng nhập hoặc mật khẩu."));

    let right = app
        .post_form(
            "/quan-tri/dang-nhap",
            &login_cookie,
            &[
                ("login", "bientap"),
                ("password", PASSWORD),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(right.status, StatusCode::SEE_OTHER);
    let set_cookie = right
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("portal_session="))
        .expect("session cookie")
        .to_string();
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"),
        "{set_cookie}"
    );
    let first = cookie_pair(&right, "portal_session").expect("session");

    // Logging in again with the old cookie: a new id, and the old one is dead.
    let second = app.log_in("bientap", PASSWORD).await;
    assert_ne!(second.cookie, first);
    let again = app
        .post_form(
            "/quan-tri/dang-nhap",
            &format!("{first}; {login_cookie}"),
            &[
                ("login", "bientap"),
                ("password", PASSWORD),
                ("csrf", &csrf),
            ],
        )
        .await;
    let third = cookie_pair(&again, "portal_session").expect("session");
    assert_ne!(third, first);
    assert_eq!(
        app.get_with_cookie("/quan-tri", &first).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.get_with_cookie("/quan-tri", &third).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn forms_without_the_session_token_are_refused() {
    let app = newsroom().await;
    let staff = app.log_in("phongvien", PASSWORD).await;
    let news = app.category_id("tin-hoat-dong").await;
    for csrf in ["", "khong-dung"] {
        let answer = app
            .post_form(
                "/quan-tri/bai-viet",
                &staff.cookie,
                &[("csrf", csrf), ("title", "Tin"), ("category_id", &news)],
            )
            .await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "csrf={csrf:?}");
        assert!(answer.body.contains("phiên làm việc không khớp"));
    }
    let login_without_cookie = app
        .post_form(
            "/quan-tri/dang-nhap",
            "",
            &[
                ("login", "phongvien"),
                ("password", PASSWORD),
                ("csrf", "x"),
            ],
        )
        .await;
    assert_eq!(login_without_cookie.status, StatusCode::FORBIDDEN);
    let logout = app
        .post_form("/quan-tri/dang-xuat", &staff.cookie, &[("csrf", "")])
        .await;
    assert_eq!(logout.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn wrong_passwords_wait_and_an_administrator_can_lift_the_wait() {
    let app = newsroom().await;
    accounts::add_user(&app.store, "quantri", "", Role::Admin, PASSWORD, 1)
        .await
        .expect("admin");
    let form = app.get("/quan-tri/dang-nhap").await;
    let cookie = cookie_pair(&form, "portal_login_csrf").expect("cookie");
    let csrf = hidden_value(&form.body, "csrf");
    let try_password = |password: &'static str| {
        let (app, cookie, csrf) = (&app, cookie.clone(), csrf.clone());
        async move {
            app.post_form(
                "/quan-tri/dang-nhap",
                &cookie,
                &[
                    ("login", "lanhdao"),
                    ("password", password),
                    ("csrf", &csrf),
                ],
            )
            .await
        }
    };
    for _ in 0..accounts::PAIR_RULE.free_failures {
        assert_eq!(
            try_password("đoán mò mật khẩu").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    // The first wait is a second, counted in whole seconds: one more wrong
    // guess after it makes the wait two, longer than a slow machine takes
    // for the next request.
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    assert_eq!(
        try_password("đoán mò mật khẩu").await.status,
        StatusCode::UNAUTHORIZED
    );
    let refused = try_password(PASSWORD).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        refused.body.contains("Vui lòng thử lại sau"),
        "{}",
        refused.body
    );
    // The administrator sees the wait on the account and lifts it.
    let admin = app.log_in("quantri", PASSWORD).await;
    let id = app
        .store
        .user_for_login("lanhdao")
        .await
        .expect("query")
        .expect("user")
        .0
        .id;
    let page = app
        .get_with_cookie(&format!("/quan-tri/nguoi-dung/{id}"), &admin.cookie)
        .await;
    assert!(
        page.body.contains("Đăng nhập đang phải chờ"),
        "{}",
        page.body
    );
    let forged = app
        .post_form(
            &format!("/quan-tri/nguoi-dung/{id}/mo-khoa"),
            &admin.cookie,
            &[("csrf", "giả")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let lifted = app
        .post_form(
            &format!("/quan-tri/nguoi-dung/{id}/mo-khoa"),
            &admin.cookie,
            &[("csrf", &admin.csrf)],
        )
        .await;
    assert_eq!(lifted.status, StatusCode::SEE_OTHER);
    assert_eq!(try_password(PASSWORD).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn author_writes_editor_approves_publisher_publishes() {
    let app = newsroom().await;
    let author = app.log_in("phongvien", PASSWORD).await;
    let editor = app.log_in("bientap", PASSWORD).await;
    let publisher = app.log_in("lanhdao", PASSWORD).await;
    let news = app.category_id("tin-hoat-dong").await;

    let (status, location) = write(&app, &author, "Khánh thành trường mới", &news).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let article = location.split('?').next().expect("path").to_string();
    let id = article.rsplit('/').next().expect("id").to_string();
    assert_eq!(
        app.get(&format!("/api/v1/articles/{id}")).await.status,
        StatusCode::NOT_FOUND,
        "a draft is not public"
    );

    let desk = app.get_with_cookie("/quan-tri", &author.cookie).await.body;
    assert!(desk.contains("Khánh thành trường mới"), "my drafts");

    assert_eq!(
        step(&app, &author, &article, "submit", "").await.status,
        StatusCode::SEE_OTHER
    );
    let publish = step(&app, &author, &article, "publish", "").await;
    assert_eq!(publish.status, StatusCode::FORBIDDEN);
    assert!(
        publish
            .body
            .contains("Vai trò của bạn không được làm việc này.")
    );
    let approve_by_author = step(&app, &author, &article, "approve", "").await;
    assert_eq!(approve_by_author.status, StatusCode::FORBIDDEN);

    let editor_desk = app.get_with_cookie("/quan-tri", &editor.cookie).await.body;
    assert!(
        editor_desk.contains("Khánh thành trường mới"),
        "waiting for the editor"
    );
    assert_eq!(
        step(&app, &editor, &article, "publish", "").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        step(&app, &editor, &article, "approve", "").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        step(&app, &publisher, &article, "publish", "").await.status,
        StatusCode::SEE_OTHER
    );

    let public = app.get(&format!("/api/v1/articles/{id}")).await;
    assert_eq!(public.status, StatusCode::OK);
    let url = public.json()["url"].as_str().expect("url").to_string();
    let page = app
        .get(url.trim_start_matches("http://localhost"))
        .await
        .body;
    assert!(page.contains("<h1 class=\"article-title\">Khánh thành trường mới</h1>"));
    assert!(page.contains("<figcaption>Toàn cảnh buổi lễ</figcaption>"));
    assert!(
        page.contains(
            "<a class=\"tag\" href=\"/tu-khoa/giao-duc\">Giáo dục</a>, \
             <a class=\"tag\" href=\"/tu-khoa/truong-hoc\">trường học</a></p>"
        ),
        "tags, without repeats"
    );
    assert!(page.contains("\"keywords\":\"Giáo dục, trường học\""));
}

#[tokio::test]
async fn sending_back_without_a_note_is_explained() {
    let app = newsroom().await;
    let author = app.log_in("phongvien", PASSWORD).await;
    let editor = app.log_in("bientap", PASSWORD).await;
    let news = app.category_id("tin-hoat-dong").await;
    let (_, location) = write(&app, &author, "Tin cần sửa", &news).await;
    let article = location.split('?').next().expect("path").to_string();
    step(&app, &author, &article, "submit", "").await;
    let refused = step(&app, &editor, &article, "send_back", "").await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Hãy ghi lý do trả lại"));
    assert_eq!(
        step(&app, &editor, &article, "send_back", "Thiếu ảnh")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert!(
        app.get_with_cookie("/quan-tri", &author.cookie)
            .await
            .body
            .contains("Thiếu ảnh")
    );
    // Where the author works on it, the note stays until they send it on.
    let editing = app.get_with_cookie(&article, &author.cookie).await;
    assert!(
        editing
            .body
            .contains("Ý kiến của người duyệt</h2>\n  <p>Thiếu ảnh</p>"),
        "{}",
        editing.body
    );
    step(&app, &author, &article, "submit", "").await;
    let sent_on = app.get_with_cookie(&article, &author.cookie).await;
    assert_eq!(sent_on.status, StatusCode::OK);
    assert!(!sent_on.body.contains("Ý kiến của người duyệt"));
    assert!(!sent_on.body.contains("Thiếu ảnh"));
}

#[tokio::test]
async fn a_user_limited_to_one_category_cannot_touch_another() {
    let app = newsroom().await;
    let site = app.site().await;
    let culture = app
        .store
        .category_by_slug(site.id, "van-hoa-du-lich")
        .await
        .expect("q")
        .expect("c");
    let news = app.category_id("tin-hoat-dong").await;
    let editor_id = app
        .store
        .user_for_login("bientap")
        .await
        .expect("q")
        .expect("user")
        .0
        .id;
    app.store
        .set_user_categories(editor_id, culture.site_id, &[culture.id])
        .await
        .expect("limited");

    let author = app.log_in("phongvien", PASSWORD).await;
    let editor = app.log_in("bientap", PASSWORD).await;
    let (_, location) = write(&app, &author, "Tin thời sự", &news).await;
    let article = location.split('?').next().expect("path").to_string();
    step(&app, &author, &article, "submit", "").await;

    assert_eq!(
        app.get_with_cookie(&article, &editor.cookie).await.status,
        StatusCode::FORBIDDEN
    );
    let approve = step(&app, &editor, &article, "approve", "").await;
    assert_eq!(approve.status, StatusCode::FORBIDDEN);
    assert!(
        approve
            .body
            .contains("không được phân quyền ở chuyên mục này")
    );
    let (status, _) = write(&app, &editor, "Viết sang chuyên mục khác", &news).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_second_of_two_saves_keeps_its_text_and_says_why() {
    let app = newsroom().await;
    let editor = app.log_in("bientap", PASSWORD).await;
    let publisher = app.log_in("lanhdao", PASSWORD).await;
    let news = app.category_id("tin-hoat-dong").await;
    let (_, location) = write(&app, &editor, "Bản đầu", &news).await;
    let article = location.split('?').next().expect("path").to_string();
    let save = |staff: &Staff, title: &'static str| {
        let fields = [
            ("csrf", staff.csrf.clone()),
            ("revision", "1".to_string()),
            ("title", title.to_string()),
            ("body", "Nội dung.".to_string()),
            ("category_id", news.clone()),
        ];
        let cookie = staff.cookie.clone();
        let app = &app;
        let article = article.clone();
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_form(&article, &cookie, &fields).await
        }
    };
    assert_eq!(
        save(&editor, "Biên tập viên sửa").await.status,
        StatusCode::SEE_OTHER
    );
    let second = save(&publisher, "Lãnh đạo sửa cùng lúc").await;
    assert_eq!(second.status, StatusCode::CONFLICT);
    assert!(second.body.contains("Bài đã được người khác lưu"));
    assert!(
        second.body.contains("value=\"Lãnh đạo sửa cùng lúc\""),
        "their text is kept in the form"
    );
}

#[tokio::test]
async fn logging_out_ends_the_session() {
    let app = newsroom().await;
    let staff = app.log_in("phongvien", PASSWORD).await;
    let out = app
        .post_form(
            "/quan-tri/dang-xuat",
            &staff.cookie,
            &[("csrf", &staff.csrf)],
        )
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get_with_cookie("/quan-tri", &staff.cookie).await.status,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn preview_renders_a_draft_like_the_public_page() {
    let app = newsroom().await;
    let author = app.log_in("phongvien", PASSWORD).await;
    let news = app.category_id("tin-hoat-dong").await;
    let (_, location) = write(&app, &author, "Bản xem trước", &news).await;
    let article = location.split('?').next().expect("path").to_string();
    let preview = app
        .get_with_cookie(&format!("{article}/xem-truoc"), &author.cookie)
        .await;
    assert_eq!(preview.status, StatusCode::OK);
    assert!(
        preview
            .body
            .contains("<h1 class=\"article-title\">Bản xem trước</h1>")
    );
    assert!(
        preview
            .body
            .contains("<figcaption>Toàn cảnh buổi lễ</figcaption>")
    );
    assert!(preview.body.contains("name=\"robots\" content=\"noindex\""));
}

#[tokio::test]
async fn tables_videos_and_files_written_as_lines_show_on_the_page() {
    let app = newsroom().await;
    let author = app.log_in("phongvien", PASSWORD).await;
    let news = app.category_id("tin-hoat-dong").await;
    let site = app.site().await;
    let held = app
        .store
        .search_media(site.id, "", None, 1)
        .await
        .expect("library")
        .first()
        .expect("the demo's library holds a file")
        .id;
    let body = format!(
        "Điểm chuẩn các trường:\n\n| Trường | Điểm |\n|---|---|\n| THPT Chuyên | 42,5 |\n\n\
         [[video:https://www.youtube.com/watch?v=dQw4w9WgXcQ|Họp báo]]\n\n\
         [[tệp:{held}|Danh sách trúng tuyển.pdf]]"
    );
    let created = app
        .post_form(
            "/quan-tri/bai-viet",
            &author.cookie,
            &[
                ("csrf", &author.csrf),
                ("title", "Kết quả tuyển sinh lớp 10"),
                ("body", &body),
                ("category_id", &news),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let article = created
        .header("location")
        .split('?')
        .next()
        .expect("path")
        .to_string();
    let preview = app
        .get_with_cookie(&format!("{article}/xem-truoc"), &author.cookie)
        .await
        .body;
    assert!(preview.contains("<tr><th scope=\"col\">Trường</th><th scope=\"col\">Điểm</th></tr>"));
    assert!(preview.contains("<tr><td>THPT Chuyên</td><td>42,5</td></tr>"));
    assert!(
        preview.contains(
            "src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\" title=\"Họp báo\""
        )
    );
    assert!(
        preview.contains("Danh sách trúng tuyển.pdf"),
        "the file is offered under its name"
    );
    let form = app.get_with_cookie(&article, &author.cookie).await.body;
    assert!(
        form.contains("| Trường | Điểm |\n|---|---|") && !form.contains("[[khối:"),
        "the form gives the lines back as written"
    );

    let broken = app
        .post_form(
            "/quan-tri/bai-viet",
            &author.cookie,
            &[
                ("csrf", &author.csrf),
                ("title", "Video hỏng"),
                ("body", "Đoạn.\n\n[[video:javascript:alert(1)|x]]"),
                ("category_id", &news),
            ],
        )
        .await;
    assert_eq!(broken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        broken.body.contains(
            "Không đọc được nội dung (dòng 3: &quot;javascript:alert(1)&quot; không phải địa chỉ web"
        ),
        "{}",
        broken.body
    );
    assert!(broken.body.contains("Video hỏng"), "the text is kept");
}

/// The address forms an attack run got through a `[[khối:…]]` embed.
const SCRIPT_ADDRESSES: [&str; 10] = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    r"\u0001javascript:alert(1)",
    r"\tjavascript:alert(1)",
    r"java\nscript:alert(1)",
    "vbscript:msgbox(1)",
    "VBSCRIPT:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
];

#[tokio::test]
async fn script_addresses_in_json_blocks_and_links_are_refused_and_saving_goes_on() {
    let app = newsroom().await;
    let author = app.log_in("phongvien", PASSWORD).await;
    let news = app.category_id("tin-hoat-dong").await;
    for address in SCRIPT_ADDRESSES {
        let body = format!("Đoạn.\n\n[[khối:{{\"type\":\"embed\",\"url\":\"{address}\"}}]]");
        let refused = app
            .post_form(
                "/quan-tri/bai-viet",
                &author.cookie,
                &[
                    ("csrf", &author.csrf),
                    ("title", "Video lạ"),
                    ("body", &body),
                    ("category_id", &news),
                ],
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{address}"
        );
        assert!(refused.body.contains("không phải địa chỉ web"), "{address}");
    }
    // Inline links keep their text and lose the address; the article saves,
    // and saves again from what the form gives back.
    let links: String = SCRIPT_ADDRESSES
        .iter()
        .map(|a| {
            format!(
                "<a href=\"{}\">liên kết</a> ",
                a.replace(r"\u0001", "\u{1}")
                    .replace(r"\t", "\t")
                    .replace(r"\n", "\n")
            )
        })
        .collect();
    let created = app
        .post_form(
            "/quan-tri/bai-viet",
            &author.cookie,
            &[
                ("csrf", &author.csrf),
                ("title", "Liên kết lạ"),
                (
                    "body",
                    &format!("{links}\n\n[[video:https://vimeo.com/76979871|Phim]]"),
                ),
                ("category_id", &news),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let article = created
        .header("location")
        .split('?')
        .next()
        .expect("path")
        .to_string();
    let preview = app
        .get_with_cookie(&format!("{article}/xem-truoc"), &author.cookie)
        .await
        .body;
    let lower = preview.to_ascii_lowercase();
    assert!(
        !lower.contains("javascript:")
            && !lower.contains("vbscript:")
            && !lower.contains("data:text")
    );
    assert_eq!(preview.matches("liên kết</a>").count(), 10, "{preview}");
    assert!(preview.contains("src=\"https://player.vimeo.com/video/76979871?dnt=1\""));
    let form = app.get_with_cookie(&article, &author.cookie).await.body;
    let body = support::textarea_value(&form, "body");
    let saved = app
        .post_form(
            &article,
            &author.cookie,
            &[
                ("csrf", &author.csrf),
                ("revision", "1"),
                ("title", "Liên kết lạ"),
                ("body", &body),
                ("category_id", &news),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
}

#[tokio::test]
async fn revisions_can_be_listed_compared_and_restored() {
    let app = newsroom().await;
    let editor = app.log_in("bientap", PASSWORD).await;
    let news = app.category_id("tin-hoat-dong").await;
    let (_, location) = write(&app, &editor, "Tiêu đề đầu tiên", &news).await;
    let article = location.split('?').next().expect("path").to_string();
    let saved = app
        .post_form(
            &article,
            &editor.cookie,
            &[
                ("csrf", &editor.csrf),
                ("revision", "1"),
                ("title", "Tiêu đề đã sửa"),
                ("body", "Đoạn một.\n\nĐoạn mới thêm."),
                ("category_id", &news),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);

    let edit = app.get_with_cookie(&article, &editor.cookie).await.body;
    assert!(edit.contains("Lịch sử phiên bản"));
    assert!(edit.contains("so-sanh?tu=1&amp;den=2"));

    let compare = app
        .get_with_cookie(&format!("{article}/so-sanh?tu=1&den=2"), &editor.cookie)
        .await;
    assert_eq!(compare.status, StatusCode::OK);
    assert!(
        compare.body.contains("Tiêu đề: Tiêu đề đầu tiên</del>"),
        "{}",
        compare.body
    );
    assert!(compare.body.contains("Tiêu đề: Tiêu đề đã sửa</ins>"));
    assert!(compare.body.contains("Đoạn mới thêm.</ins>"));

    let old = app
        .get_with_cookie(&format!("{article}/phien-ban/1"), &editor.cookie)
        .await;
    assert!(old.body.contains("Tiêu đề đầu tiên"));

    let restore = app
        .post_form(
            &format!("{article}/phien-ban/1/khoi-phuc"),
            &editor.cookie,
            &[("csrf", &editor.csrf), ("current", "2")],
        )
        .await;
    assert_eq!(restore.status, StatusCode::SEE_OTHER);
    let edit = app.get_with_cookie(&article, &editor.cookie).await.body;
    assert!(edit.contains("value=\"Tiêu đề đầu tiên\""));
    assert!(edit.contains("Phiên bản 3"));
    let stale = app
        .post_form(
            &format!("{article}/phien-ban/2/khoi-phuc"),
            &editor.cookie,
            &[("csrf", &editor.csrf), ("current", "2")],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn restoring_a_published_articles_old_version_waits_for_a_publisher() {
    let app = newsroom().await;
    let editor = app.log_in("bientap", PASSWORD).await;
    let publisher = app.log_in("lanhdao", PASSWORD).await;
    let news = app.category_id("tin-hoat-dong").await;
    let (_, location) = write(&app, &editor, "Tiêu đề ban đầu", &news).await;
    let article = location.split('?').next().expect("path").to_string();
    let saved = app
        .post_form(
            &article,
            &editor.cookie,
            &[
                ("csrf", &editor.csrf),
                ("revision", "1"),
                ("title", "Tiêu đề khi đăng"),
                ("body", "Đoạn đã sửa."),
                ("category_id", &news),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    for (staff, action) in [
        (&editor, "submit"),
        (&editor, "approve"),
        (&publisher, "publish"),
    ] {
        assert_eq!(
            step(&app, staff, &article, action, "").await.status,
            StatusCode::SEE_OTHER
        );
    }
    let id = article.rsplit('/').next().expect("id");
    let readers_see = || async {
        app.get(&format!("/api/v1/articles/{id}")).await.json()["title"]
            .as_str()
            .expect("title")
            .to_string()
    };
    let revision = |body: &str| hidden_value(body, "revision");
    let current = revision(&app.get_with_cookie(&article, &publisher.cookie).await.body);

    // The editor asks for version 1: readers still see the published one.
    let edit = app.get_with_cookie(&article, &editor.cookie).await.body;
    assert!(edit.contains("Khôi phục (chờ duyệt)"));
    assert!(
        !edit.contains("Khôi phục và đăng ngay"),
        "editors may not publish"
    );
    let asked = app
        .post_form(
            &format!("{article}/phien-ban/1/khoi-phuc"),
            &editor.cookie,
            &[("csrf", &editor.csrf), ("current", &current), ("live", "1")],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);
    assert!(asked.header("location").contains("cho-duyet=1"));
    assert_eq!(readers_see().await, "Tiêu đề khi đăng");
    let edit = app.get_with_cookie(&article, &editor.cookie).await.body;
    assert!(edit.contains("Phiên bản cũ chờ khôi phục"));
    assert!(edit.contains("Đang chờ lãnh đạo duyệt tin"));
    let refused = app
        .post_form(
            &format!("{article}/khoi-phuc-cho-duyet"),
            &editor.cookie,
            &[("csrf", &editor.csrf), ("decision", "dong-y")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // The publisher finds it on the desk and agrees: it goes live.
    let desk = app
        .get_with_cookie("/quan-tri", &publisher.cookie)
        .await
        .body;
    assert!(desk.contains("Phiên bản cũ chờ khôi phục"), "{desk}");
    assert!(desk.contains("Tiêu đề khi đăng"));
    let agreed = app
        .post_form(
            &format!("{article}/khoi-phuc-cho-duyet"),
            &publisher.cookie,
            &[("csrf", &publisher.csrf), ("decision", "dong-y")],
        )
        .await;
    assert_eq!(agreed.status, StatusCode::SEE_OTHER, "{}", agreed.body);
    assert_eq!(readers_see().await, "Tiêu đề ban đầu");
    let desk = app
        .get_with_cookie("/quan-tri", &publisher.cookie)
        .await
        .body;
    assert!(!desk.contains("Phiên bản cũ chờ khôi phục"));

    // A publisher who says so restores live at once; declining keeps all.
    let current = revision(&app.get_with_cookie(&article, &publisher.cookie).await.body);
    let live = app
        .post_form(
            &format!("{article}/phien-ban/2/khoi-phuc"),
            &publisher.cookie,
            &[
                ("csrf", &publisher.csrf),
                ("current", &current),
                ("live", "1"),
            ],
        )
        .await;
    assert_eq!(live.status, StatusCode::SEE_OTHER);
    assert_eq!(readers_see().await, "Tiêu đề khi đăng");
    let current = revision(&app.get_with_cookie(&article, &publisher.cookie).await.body);
    let waiting = app
        .post_form(
            &format!("{article}/phien-ban/1/khoi-phuc"),
            &publisher.cookie,
            &[("csrf", &publisher.csrf), ("current", &current)],
        )
        .await;
    assert!(waiting.header("location").contains("cho-duyet=1"));
    let declined = app
        .post_form(
            &format!("{article}/khoi-phuc-cho-duyet"),
            &publisher.cookie,
            &[("csrf", &publisher.csrf), ("decision", "tu-choi")],
        )
        .await;
    assert_eq!(declined.status, StatusCode::SEE_OTHER);
    assert_eq!(readers_see().await, "Tiêu đề khi đăng");
    assert!(
        !app.get_with_cookie(&article, &publisher.cookie)
            .await
            .body
            .contains("Phiên bản cũ chờ khôi phục")
    );
    let audit = app
        .store
        .audit_events(&portal_store::AuditFilter {
            limit: 100,
            ..Default::default()
        })
        .await
        .expect("audit");
    for action in ["restore_proposed", "restore", "restore_declined"] {
        assert!(
            audit.iter().any(|e| e.action == action),
            "{action} not recorded"
        );
    }
}

#[tokio::test]
async fn administrators_manage_accounts_and_read_the_audit_log() {
    let app = newsroom().await;
    accounts::add_user(&app.store, "quantri", "", Role::Admin, PASSWORD, 1)
        .await
        .expect("admin");
    let admin = app.log_in("quantri", PASSWORD).await;
    let editor = app.log_in("bientap", PASSWORD).await;

    for path in ["/quan-tri/nguoi-dung", "/quan-tri/nhat-ky"] {
        let refused = app.get_with_cookie(path, &editor.cookie).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{path}");
        assert!(
            refused
                .body
                .contains("Chỉ quản trị viên được làm việc này.")
        );
    }
    let sneaky = app
        .post_form(
            "/quan-tri/nguoi-dung",
            &editor.cookie,
            &[
                ("csrf", &editor.csrf),
                ("login", "moi"),
                ("role", "admin"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(
        sneaky.status,
        StatusCode::FORBIDDEN,
        "the server checks the role, not the menu"
    );

    let created = app
        .post_form(
            "/quan-tri/nguoi-dung",
            &admin.cookie,
            &[
                ("csrf", &admin.csrf),
                ("login", "ctv.xa"),
                ("name", "Cộng tác viên xã"),
                ("role", "author"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER);
    let account = created.header("location").to_string();
    let weak = app
        .post_form(
            "/quan-tri/nguoi-dung",
            &admin.cookie,
            &[
                ("csrf", &admin.csrf),
                ("login", "yeu"),
                ("role", "author"),
                ("password", "123"),
            ],
        )
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(weak.body.contains("ít nhất 10 ký tự"));

    let culture = app.category_id("van-hoa-du-lich").await;
    let updated = app
        .post_form(
            &account,
            &admin.cookie,
            &[
                ("csrf", &admin.csrf),
                ("role", "editor"),
                ("category", &culture),
            ],
        )
        .await;
    assert_eq!(updated.status, StatusCode::SEE_OTHER);
    let (user, _) = app
        .store
        .user_for_login("ctv.xa")
        .await
        .expect("q")
        .expect("user");
    assert_eq!(user.role, Role::Editor);
    assert_eq!(user.category_ids, vec![culture.parse::<i64>().expect("id")]);

    let reset = app
        .post_form(
            &format!("{account}/mat-khau"),
            &admin.cookie,
            &[("csrf", &admin.csrf), ("password", "mật khẩu mới của xã")],
        )
        .await;
    assert_eq!(reset.status, StatusCode::SEE_OTHER);
    app.log_in("ctv.xa", "mật khẩu mới của xã").await;

    let form = app.get("/quan-tri/dang-nhap").await;
    let cookie = cookie_pair(&form, "portal_login_csrf").expect("cookie");
    let csrf = hidden_value(&form.body, "csrf");
    app.post_form(
        "/quan-tri/dang-nhap",
        &cookie,
        &[
            ("login", "bientap"),
            ("password", "sai sai sai sai"),
            ("csrf", &csrf),
        ],
    )
    .await;
    let log = app
        .get_with_cookie("/quan-tri/nhat-ky?hanh-dong=login_failed", &admin.cookie)
        .await;
    assert_eq!(log.status, StatusCode::OK);
    assert!(log.body.contains("<td>Đăng nhập sai</td>"));
    assert!(
        !log.body.contains("<td>Đăng nhập</td>"),
        "filtered to failures"
    );
    let all = app
        .get_with_cookie("/quan-tri/nhat-ky", &admin.cookie)
        .await
        .body;
    for action in [
        "<td>Đổi vai trò</td>",
        "<td>Đổi chuyên mục được phép</td>",
        "<td>Tạo tài khoản</td>",
        "<td>Đặt lại mật khẩu</td>",
    ] {
        assert!(all.contains(action), "{action}");
    }
}

#[tokio::test]
async fn the_editor_saves_itself_and_answers_in_json() {
    let app = newsroom().await;
    let author = app.log_in("phongvien", PASSWORD).await;
    let news = app.category_id("tin-hoat-dong").await;
    let (_, location) = write(&app, &author, "Bản đang gõ", &news).await;
    let article = location.split('?').next().expect("path").to_string();
    let edit = app.get_with_cookie(&article, &author.cookie).await.body;
    assert!(
        edit.contains("data-autosave"),
        "the form asks the script to save it"
    );
    assert!(
        edit.contains("/assets/editor."),
        "the editor script is embedded"
    );

    let form = |revision: &str, title: &str| {
        [
            ("csrf", author.csrf.clone()),
            ("revision", revision.to_string()),
            ("title", title.to_string()),
            ("body", "Đang gõ dở…".to_string()),
            ("category_id", news.clone()),
        ]
        .iter()
        .map(|(k, v)| format!("{k}={}", support::form_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
    };
    let headers = [
        ("content-type", "application/x-www-form-urlencoded"),
        ("cookie", author.cookie.as_str()),
        ("x-autosave", "1"),
    ];
    let saved = app
        .send_body(
            axum::http::Method::POST,
            &article,
            &headers,
            form("1", "Bản đang gõ, thêm chữ"),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK);
    assert_eq!(saved.json()["revision"], 2);
    let stale = app
        .send_body(
            axum::http::Method::POST,
            &article,
            &headers,
            form("1", "Bản cũ hơn"),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale.json()["error"]
            .as_str()
            .expect("message")
            .contains("người khác lưu")
    );
}

#[tokio::test]
async fn an_article_in_several_sections_and_on_its_keyword_pages() {
    let app = newsroom().await;
    let author = app.log_in("phongvien", PASSWORD).await;
    let publisher = app.log_in("lanhdao", PASSWORD).await;
    let news = app.category_id("tin-hoat-dong").await;
    let guidance = app.category_id("chi-dao-dieu-hanh").await;
    let created = app
        .post_form(
            "/quan-tri/bai-viet",
            &author.cookie,
            &[
                ("csrf", &author.csrf),
                ("title", "Kỳ họp thứ mười Hội đồng nhân dân"),
                ("lead", "Sapo."),
                ("body", "Nội dung."),
                ("category_id", &news),
                ("also_category", &guidance),
                ("also_category", &news),
                ("tags", "Kỳ họp HĐND, Ngân sách"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let article = created
        .header("location")
        .split('?')
        .next()
        .expect("path")
        .to_string();
    let form = app.get_with_cookie(&article, &author.cookie).await.body;
    assert!(
        form.contains(&format!(
            "<input type=\"checkbox\" name=\"also_category\" value=\"{guidance}\" checked>"
        )),
        "the second section is ticked when the form comes back"
    );
    for action in ["submit", "approve", "publish"] {
        let who = if action == "submit" {
            &author
        } else {
            &publisher
        };
        assert_eq!(
            step(&app, who, &article, action, "").await.status,
            StatusCode::SEE_OTHER
        );
    }

    for slug in ["tin-hoat-dong", "chi-dao-dieu-hanh"] {
        let page = app.get(&format!("/{slug}")).await.body;
        assert!(
            listing(&page).contains("Kỳ họp thứ mười Hội đồng nhân dân"),
            "listed in {slug}"
        );
    }
    let id = article.rsplit('/').next().expect("id");
    let api = app.get(&format!("/api/v1/articles/{id}")).await.json();
    assert!(
        api["url"]
            .as_str()
            .expect("url")
            .contains("/tin-hoat-dong/"),
        "the primary section gives the address: {api}"
    );

    let keyword = app.get("/tu-khoa/ky-hop-hdnd").await;
    assert_eq!(keyword.status, StatusCode::OK);
    assert!(keyword.body.contains("Từ khóa: Kỳ họp HĐND"));
    assert!(listing(&keyword.body).contains("Kỳ họp thứ mười Hội đồng nhân dân"));
    let other = app.get("/tu-khoa/ngan-sach").await.body;
    assert!(listing(&other).contains("Kỳ họp thứ mười Hội đồng nhân dân"));
    let demo_keyword = app.get("/tu-khoa/tin-hoat-dong").await.body;
    assert!(demo_keyword.contains("Từ khóa: Tin hoạt động"));
    assert!(
        !listing(&demo_keyword).contains("Kỳ họp thứ mười Hội đồng nhân dân"),
        "a keyword lists only the articles that carry it"
    );
    assert_eq!(
        app.get("/tu-khoa/khong-co").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/tu-khoa/ngan-sach?page=9").await.status,
        StatusCode::NOT_FOUND
    );
    let article_page = app
        .get(
            api["url"]
                .as_str()
                .expect("url")
                .trim_start_matches("http://localhost"),
        )
        .await
        .body;
    assert!(article_page.contains("href=\"/tu-khoa/ngan-sach\">Ngân sách</a>"));

    // The keyword changes with the article: dropped from it, gone from the page.
    let edit = app.get_with_cookie(&article, &publisher.cookie).await.body;
    let revision = hidden_value(&edit, "revision");
    let saved = app
        .post_form(
            &article,
            &publisher.cookie,
            &[
                ("csrf", &publisher.csrf),
                ("revision", &revision),
                ("title", "Kỳ họp thứ mười Hội đồng nhân dân"),
                ("lead", "Sapo."),
                ("body", "Nội dung."),
                ("category_id", &news),
                ("tags", "Ngân sách"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert!(
        !listing(&app.get("/tu-khoa/ky-hop-hdnd").await.body).contains("Kỳ họp thứ mười"),
        "no longer tagged"
    );
    assert!(
        !listing(&app.get("/chi-dao-dieu-hanh").await.body).contains("Kỳ họp thứ mười"),
        "no longer in the second section"
    );
}

#[tokio::test]
async fn deleted_articles_wait_in_the_trash_and_can_come_back() {
    let app = newsroom().await;
    for (login, role) in [("phongvien2", Role::Author), ("quantri", Role::Admin)] {
        accounts::add_user(&app.store, login, "", role, PASSWORD, 1)
            .await
            .expect("user");
    }
    let author = app.log_in("phongvien", PASSWORD).await;
    let other_author = app.log_in("phongvien2", PASSWORD).await;
    let editor = app.log_in("bientap", PASSWORD).await;
    let publisher = app.log_in("lanhdao", PASSWORD).await;
    let admin = app.log_in("quantri", PASSWORD).await;
    let news = app.category_id("tin-hoat-dong").await;

    let (_, location) = write(&app, &author, "Bài viết nhầm", &news).await;
    let draft = location.split('?').next().expect("path").to_string();
    assert_eq!(
        step(&app, &other_author, &draft, "trash", "").await.status,
        StatusCode::NOT_FOUND,
        "someone else's draft is not there for another author"
    );
    assert_eq!(
        step(&app, &author, &draft, "trash", "").await.status,
        StatusCode::SEE_OTHER
    );
    let desk = app.get_with_cookie("/quan-tri", &author.cookie).await.body;
    assert!(desk.contains("Thùng rác") && desk.contains("Bài viết nhầm"));
    let form = app.get_with_cookie(&draft, &author.cookie).await.body;
    assert!(form.contains("Khôi phục bài đã xóa") && !form.contains("Gửi biên tập"));
    assert_eq!(
        step(&app, &author, &draft, "recover", "").await.status,
        StatusCode::SEE_OTHER
    );
    assert!(
        app.get_with_cookie(&draft, &author.cookie)
            .await
            .body
            .contains("Bản nháp"),
        "back as a draft"
    );

    // A published article is unpublished before it can be deleted.
    let (_, location) = write(&app, &author, "Thông báo đã hết hiệu lực", &news).await;
    let published = location.split('?').next().expect("path").to_string();
    assert_eq!(
        step(&app, &author, &published, "submit", "").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        step(&app, &editor, &published, "approve", "").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        step(&app, &publisher, &published, "publish", "")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let id = published.rsplit('/').next().expect("id").to_string();
    let refused = step(&app, &publisher, &published, "trash", "").await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.body.contains("hãy gỡ bài trước khi xóa"));
    assert_eq!(
        step(&app, &publisher, &published, "unpublish", "")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        step(&app, &editor, &published, "trash", "").await.status,
        StatusCode::CONFLICT,
        "editors do not delete what a publisher took down"
    );
    assert_eq!(
        step(&app, &publisher, &published, "trash", "").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.get(&format!("/api/v1/articles/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    let edit = app
        .get_with_cookie(&published, &publisher.cookie)
        .await
        .body;
    let revision = hidden_value(&edit, "revision");
    let save = app
        .post_form(
            &published,
            &publisher.cookie,
            &[
                ("csrf", &publisher.csrf),
                ("revision", &revision),
                ("title", "Sửa bài đã xóa"),
                ("category_id", &news),
            ],
        )
        .await;
    assert_eq!(save.status, StatusCode::FORBIDDEN, "the trash is read-only");

    let log = app
        .get_with_cookie("/quan-tri/nhat-ky?hanh-dong=trash", &admin.cookie)
        .await
        .body;
    assert_eq!(log.matches("<td>Xóa bài</td>").count(), 2, "{log}");
    assert!(log.contains(&format!(
        "<a href=\"/quan-tri/bai-viet/{id}\">Bài viết số {id}</a>"
    )));
}

/// The main list of a category or keyword page, without the side blocks
/// (latest, most read) that show other articles.
fn listing(page: &str) -> &str {
    let start = page
        .find("<section class=\"category-page")
        .expect("a listing");
    let end = page[start..].find("</section>").expect("its end");
    &page[start..start + end]
}

#[tokio::test]
async fn the_login_form_refuses_odd_returns_foreign_tokens_and_other_sites() {
    let app = newsroom().await;
    let form = app
        .get("/quan-tri/dang-nhap?next=/quan-tri%0D%0ASet-Cookie:%20x=1")
        .await;
    assert_eq!(form.status, StatusCode::OK);
    let cookie = cookie_pair(&form, "portal_login_csrf").expect("cookie");
    let csrf = hidden_value(&form.body, "csrf");
    // A line break in `next` is no header injection and no 500.
    let answer = app
        .post_form(
            "/quan-tri/dang-nhap",
            &cookie,
            &[
                ("login", "bientap"),
                ("password", PASSWORD),
                ("csrf", &csrf),
                ("next", "/quan-tri\r\nSet-Cookie: x=1"),
            ],
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert_eq!(answer.header("location"), "/quan-tri");

    // A token is good only with the cookie it was made for, and only one
    // this installation signed.
    let other = app.get("/quan-tri/dang-nhap").await;
    let other_csrf = hidden_value(&other.body, "csrf");
    let now = portal_core::time::now();
    for (cookie, token) in [
        (cookie.clone(), other_csrf.clone()),
        (
            format!("portal_login_csrf={now}.0123456789abcdef0123456789abcdef"),
            csrf.clone(),
        ),
        ("portal_login_csrf=x".to_string(), "x".to_string()),
    ] {
        let refused = app
            .post_form(
                "/quan-tri/dang-nhap",
                &cookie,
                &[
                    ("login", "bientap"),
                    ("password", PASSWORD),
                    ("csrf", &token),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{cookie} {token}");
    }

    // A form posted from another site is refused even with a good token.
    let staff = app.log_in("bientap", PASSWORD).await;
    for extra in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
        ("origin", "null"),
    ] {
        let body = format!("csrf={}&title=x", staff.csrf);
        let refused = app
            .send_body(
                axum::http::Method::POST,
                "/quan-tri/bai-viet",
                &[
                    ("content-type", "application/x-www-form-urlencoded"),
                    ("cookie", &staff.cookie),
                    ("host", "localhost"),
                    extra,
                ],
                body,
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{extra:?}");
    }
    let same_site = app
        .send_body(
            axum::http::Method::POST,
            "/quan-tri/dang-xuat",
            &[
                ("content-type", "application/x-www-form-urlencoded"),
                ("cookie", &staff.cookie),
                ("host", "localhost"),
                ("origin", "http://localhost"),
                ("sec-fetch-site", "same-origin"),
            ],
            format!("csrf={}", staff.csrf),
        )
        .await;
    assert_eq!(same_site.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn an_author_cannot_read_a_colleagues_unpublished_work() {
    let app = newsroom().await;
    accounts::add_user(&app.store, "congtacvien", "", Role::Author, PASSWORD, 1)
        .await
        .expect("second author");
    let writer = app.log_in("phongvien", PASSWORD).await;
    let colleague = app.log_in("congtacvien", PASSWORD).await;
    let editor = app.log_in("bientap", PASSWORD).await;
    let news = app.category_id("tin-hoat-dong").await;
    let (_, location) = write(&app, &writer, "Bài nháp bí mật về ngân sách", &news).await;
    let article = location.split('?').next().expect("path").to_string();
    app.state.search.changed();
    let pages = [
        article.clone(),
        format!("{article}/xem-truoc"),
        format!("{article}/phien-ban/1"),
        format!("{article}/so-sanh?tu=1&den=1"),
    ];
    for page in &pages {
        let answer = app.get_with_cookie(page, &colleague.cookie).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{page}");
        assert!(!answer.body.contains("bí mật"), "{page}");
        let own = app.get_with_cookie(page, &writer.cookie).await;
        assert_eq!(own.status, StatusCode::OK, "{page} for its writer");
        let reviewer = app.get_with_cookie(page, &editor.cookie).await;
        assert_eq!(reviewer.status, StatusCode::OK, "{page} for an editor");
    }
    // Nor by the newsroom search, once the index has it.
    let mut found_by_editor = false;
    for _ in 0..50 {
        let answer = app
            .get_with_cookie("/quan-tri/tim-kiem?q=ngan+sach", &editor.cookie)
            .await;
        if answer.body.contains("Bài nháp bí mật") {
            found_by_editor = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(found_by_editor, "the editor's search finds the draft");
    let search = app
        .get_with_cookie("/quan-tri/tim-kiem?q=ngan+sach", &colleague.cookie)
        .await;
    assert!(!search.body.contains("Bài nháp bí mật"), "{}", search.body);
    let own = app
        .get_with_cookie("/quan-tri/tim-kiem?q=ngan+sach", &writer.cookie)
        .await;
    assert!(own.body.contains("Bài nháp bí mật"));
    // Saving was refused before and still is.
    let saved = app
        .post_form(
            &article,
            &colleague.cookie,
            &[
                ("csrf", &colleague.csrf),
                ("revision", "1"),
                ("title", "Sửa trộm"),
                ("body", "x"),
                ("category_id", &news),
            ],
        )
        .await;
    assert!(saved.status.is_client_error(), "{}", saved.status);
}

#[tokio::test]
async fn the_desk_and_the_editor_name_scheduled_and_expired_articles_as_they_are() {
    use portal_core::{ArticleContent, ArticleStatus, Body, BodyBlock};
    let app = newsroom().await;
    let now = portal_core::time::now();
    let (scheduled, _) = app
        .article(
            "Lịch tiếp công dân tuần sau",
            "Tin hoạt động",
            ArticleStatus::Published,
            now + 86_400,
        )
        .await;
    let site = app.site().await;
    let expired = app
        .store
        .create_article(
            &portal_store::NewArticle {
                site_id: site.id,
                slug: "thong-bao-da-het-han".into(),
                status: ArticleStatus::Published,
                content: ArticleContent {
                    title: "Thông báo đã hết hạn".into(),
                    body: Body(vec![BodyBlock::paragraph("Nội dung.")]),
                    publish_at: Some(now - 7 * 86_400),
                    expire_at: Some(now - 60),
                    ..Default::default()
                },
            },
            now,
        )
        .await
        .expect("article");
    app.settled().await;
    let publisher = app.log_in("lanhdao", PASSWORD).await;
    let desk = app.get_with_cookie("/quan-tri", &publisher.cookie).await;
    let row_of = |title: &str| {
        desk.body
            .split("<tr>")
            .find(|row| row.contains(title))
            .unwrap_or_else(|| panic!("{title} not on the desk: {}", desk.body))
            .to_string()
    };
    assert!(row_of("Lịch tiếp công dân tuần sau").contains("Hẹn giờ đăng"));
    assert!(row_of("Thông báo đã hết hạn").contains("Hết hạn"));
    assert!(!row_of("Thông báo đã hết hạn").contains("Đã đăng"));
    // Staff search says the same.
    for (query, title, label) in [
        // (The words searched for are marked in the title.)
        ("lich tiep", "công dân tuần sau", "Hẹn giờ đăng"),
        ("het han", "Thông báo đã", "Hết hạn"),
    ] {
        let found = app
            .get_with_cookie(
                &format!("/quan-tri/tim-kiem?q={}", query.replace(' ', "+")),
                &publisher.cookie,
            )
            .await;
        let row = found
            .body
            .split("<tr>")
            .find(|row| row.contains(title))
            .unwrap_or_else(|| panic!("{title} not found: {}", found.body));
        assert!(row.contains(label), "{title}: {row}");
        assert!(!row.contains("Đã đăng"), "{title}: {row}");
    }
    for (id, label) in [(scheduled, "Hẹn giờ đăng"), (expired.get(), "Hết hạn")] {
        let editor = app
            .get_with_cookie(&format!("/quan-tri/bai-viet/{id}"), &publisher.cookie)
            .await;
        assert_eq!(editor.status, StatusCode::OK);
        assert!(
            editor.body.contains(&format!("\">{label}</strong>")),
            "{label}: {}",
            editor.body
        );
    }
}

#[tokio::test]
async fn a_picture_the_library_does_not_hold_is_refused_with_its_line() {
    let app = newsroom().await;
    let author = app.log_in("phongvien", PASSWORD).await;
    let news = app.category_id("tin-hoat-dong").await;
    let body = "Đoạn mở đầu.\n\n[[hình:999|Ảnh|Chú thích]]\n\nĐoạn cuối.";
    let refused = app
        .post_form(
            "/quan-tri/bai-viet",
            &author.cookie,
            &[
                ("csrf", &author.csrf),
                ("title", "Bài có ảnh lạc"),
                ("body", body),
                ("category_id", &news),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("Dòng 3: thư viện không có ảnh hay tệp số 999."),
        "{}",
        refused.body
    );
    // Nothing is lost: the form comes back with the text as typed.
    assert!(refused.body.contains("Đoạn cuối."));
    let site = app.site().await;
    let listed = app
        .store
        .desk(site.id, &portal_store::DeskFilter::default())
        .await
        .expect("desk");
    assert!(listed.iter().all(|item| item.title != "Bài có ảnh lạc"));

    // A cover that is not there is named too.
    let (_, location) = write(&app, &author, "Bài có ảnh đại diện lạc", &news).await;
    let article = location.split('?').next().expect("path").to_string();
    let editing = app.get_with_cookie(&article, &author.cookie).await;
    let revision = hidden_value(&editing.body, "revision");
    let refused = app
        .post_form(
            &article,
            &author.cookie,
            &[
                ("csrf", &author.csrf),
                ("revision", &revision),
                ("title", "Bài có ảnh đại diện lạc"),
                ("body", "Đoạn."),
                ("category_id", &news),
                ("cover_media_id", "4242"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("Ảnh đại diện số 4242 không có trong thư viện."),
        "{}",
        refused.body
    );
}

#[tokio::test]
async fn the_desk_shows_what_waits_for_whom_and_for_how_long() {
    use portal_core::{ArticleContent, ArticleStatus, Body, BodyBlock};
    let app = newsroom().await;
    let author = app
        .store
        .user_for_login("phongvien")
        .await
        .expect("query")
        .expect("user")
        .0;
    let site = app.site().await;
    let news = portal_services::sites::category_named(&app.store, site.id, "Tin hoạt động")
        .await
        .expect("section");
    let three_hours_ago = portal_core::time::now() - 3 * 3_600 - 60;
    app.store
        .create_draft(
            &portal_store::NewArticle {
                site_id: site.id,
                slug: "bao-cao-cho-bien-tap".into(),
                status: ArticleStatus::Submitted,
                content: ArticleContent {
                    title: "Báo cáo chờ biên tập".into(),
                    body: Body(vec![BodyBlock::paragraph("Nội dung.")]),
                    category_ids: vec![news.id],
                    ..Default::default()
                },
            },
            author.id,
            three_hours_ago,
        )
        .await
        .expect("article");
    app.settled().await;
    let row = |desk: &str, heading: &str| -> String {
        let section = desk
            .split("<section class=\"admin-card\">")
            .find(|section| section.contains(heading))
            .unwrap_or_else(|| panic!("no {heading} on the desk: {desk}"))
            .to_string();
        section
            .split("<tr>")
            .find(|row| row.contains("Báo cáo chờ biên tập"))
            .unwrap_or_else(|| panic!("not under {heading}: {section}"))
            .to_string()
    };
    let editor = app.log_in("bientap", PASSWORD).await;
    let desk = app.get_with_cookie("/quan-tri", &editor.cookie).await.body;
    let waiting = row(&desk, "Đang chờ tôi xử lý");
    assert!(waiting.contains("Chờ biên tập"), "{waiting}");
    assert!(waiting.contains("đã chờ 3 giờ"), "{waiting}");
    let writer = app.log_in("phongvien", PASSWORD).await;
    let desk = app.get_with_cookie("/quan-tri", &writer.cookie).await.body;
    let mine = row(&desk, "Bài của tôi đang chờ duyệt");
    assert!(mine.contains("đã chờ 3 giờ"), "{mine}");
}
