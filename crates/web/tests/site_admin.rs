//! Administrators arrange the site on screen: settings, categories, blocks.

mod support;

use axum::http::StatusCode;
use portal_core::workflow::Role;
use portal_services::accounts;
use support::{Staff, TestApp};

const PASSWORD: &str = "mật khẩu quản trị viên";

async fn site_admin() -> (TestApp, Staff, Staff) {
    let app = TestApp::with_demo().await;
    accounts::add_user(&app.store, "quantri", "", Role::Admin, PASSWORD, 1)
        .await
        .expect("admin");
    accounts::add_user(&app.store, "bientap", "", Role::Editor, PASSWORD, 1)
        .await
        .expect("editor");
    let admin = app.log_in("quantri", PASSWORD).await;
    let editor = app.log_in("bientap", PASSWORD).await;
    (app, admin, editor)
}

#[tokio::test]
async fn site_settings_show_on_the_public_site() {
    let (app, admin, editor) = site_admin().await;
    let fields = |csrf: &str| {
        vec![
            ("csrf", csrf.to_string()),
            (
                "name",
                "Cổng thông tin điện tử tỉnh Thái Nguyên".to_string(),
            ),
            ("agency", "UBND tỉnh Thái Nguyên".to_string()),
            ("responsible", "Chánh Văn phòng UBND tỉnh".to_string()),
            ("phone", "0208 000 000".to_string()),
        ]
    };
    let as_pairs = |v: &Vec<(&'static str, String)>| {
        v.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>()
    };
    let editor_fields = as_pairs(&fields(&editor.csrf));
    let refused = app
        .post_form(
            "/quan-tri/cai-dat",
            &editor.cookie,
            &editor_fields
                .iter()
                .map(|(k, v)| (*k, v.as_str()))
                .collect::<Vec<_>>(),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let admin_fields = as_pairs(&fields(&admin.csrf));
    let saved = app
        .post_form(
            "/quan-tri/cai-dat",
            &admin.cookie,
            &admin_fields
                .iter()
                .map(|(k, v)| (*k, v.as_str()))
                .collect::<Vec<_>>(),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let home = app.get("/").await.body;
    assert!(home.contains("Cổng thông tin điện tử tỉnh Thái Nguyên"));
    assert!(home.contains("Chịu trách nhiệm: Chánh Văn phòng UBND tỉnh"));
}

#[tokio::test]
async fn categories_are_added_renamed_and_guarded() {
    let (app, admin, _) = site_admin().await;
    let add = app
        .post_form(
            "/quan-tri/chuyen-muc",
            &admin.cookie,
            &[
                ("csrf", &admin.csrf),
                ("name", "Thông báo"),
                ("position", "9"),
                ("on_home", "1"),
            ],
        )
        .await;
    assert_eq!(add.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/thong-bao").await.status, StatusCode::OK);

    let reserved = app
        .post_form(
            "/quan-tri/chuyen-muc",
            &admin.cookie,
            &[("csrf", &admin.csrf), ("name", "API"), ("slug", "api")],
        )
        .await;
    assert_eq!(reserved.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reserved.body.contains("hệ thống đã dùng"));

    let site = app.site().await;
    let news = app
        .store
        .category_by_slug(site.id, "tin-hoat-dong")
        .await
        .expect("q")
        .expect("c");
    let renamed = app
        .post_form(
            "/quan-tri/chuyen-muc",
            &admin.cookie,
            &[
                ("csrf", &admin.csrf),
                ("id", &news.id.to_string()),
                ("name", "Hoạt động"),
                ("slug", "hoat-dong"),
                ("position", "0"),
                ("on_home", "1"),
            ],
        )
        .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER);
    let page = app.get("/hoat-dong").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("Ủy ban nhân dân tỉnh họp phiên thường kỳ tháng 11"),
        "articles follow the category"
    );

    let in_use = app
        .post_form(
            &format!("/quan-tri/chuyen-muc/{}/xoa", news.id),
            &admin.cookie,
            &[("csrf", &admin.csrf)],
        )
        .await;
    assert_eq!(in_use.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(in_use.body.contains("Chuyên mục còn bài viết"));
}

#[tokio::test]
async fn blocks_are_removed_and_reordered_on_screen() {
    let (app, admin, editor) = site_admin().await;
    assert!(app.get("/").await.body.contains("Đọc nhiều"));
    let screen = app
        .get_with_cookie("/quan-tri/bo-cuc?trang=home", &admin.cookie)
        .await;
    assert_eq!(screen.status, StatusCode::OK);
    // Vietnamese names and regions, a form per block, no JSON.
    for shown in [
        "Tin đọc nhiều",
        "Danh sách tin",
        "Cột chính",
        "Cột phải",
        "Số tin",
        "Kiểu trình bày",
    ] {
        assert!(screen.body.contains(shown), "{shown} not on the screen");
    }
    assert!(!screen.body.contains("settings_"), "no JSON settings box");
    let document = scraper::Html::parse_document(&screen.body);
    let inputs = scraper::Selector::parse(
        "form.layout-form input:not([type=hidden]), form.layout-form select",
    )
    .expect("selector");
    for input in document.select(&inputs) {
        let labelled = input
            .ancestors()
            .filter_map(scraper::ElementRef::wrap)
            .any(|a| a.value().name() == "label");
        assert!(labelled, "{:?} has no label", input.value().attr("name"));
    }
    assert_eq!(
        app.get_with_cookie("/quan-tri/bo-cuc", &editor.cookie)
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    // Keep only the newest news in the main column and the sections aside.
    let save = app
        .post_form(
            "/quan-tri/bo-cuc",
            &admin.cookie,
            &[
                ("csrf", &admin.csrf),
                ("layout", "home"),
                ("rows", "2"),
                ("zone_0", "aside"),
                ("type_0", "menu.categories"),
                ("order_0", "20"),
                ("zone_1", "main"),
                ("type_1", "news.list"),
                ("order_1", "10"),
                ("f_1_title", "Tin mới nhận"),
                ("f_1_source", "latest"),
                ("f_1_limit", "3"),
                ("f_1_style", "links"),
            ],
        )
        .await;
    assert_eq!(save.status, StatusCode::SEE_OTHER, "{}", save.body);
    let home = app.get("/").await.body;
    assert!(!home.contains("Đọc nhiều") && !home.contains("Tin nổi bật"));
    assert!(home.contains("Tin mới nhận"));

    // Added (last in its region), then moved up with its button.
    let added = app
        .post_form(
            "/quan-tri/bo-cuc",
            &admin.cookie,
            &[
                ("csrf", &admin.csrf),
                ("layout", "home"),
                ("rows", "1"),
                ("zone_0", "main"),
                ("type_0", "news.list"),
                ("f_0_title", "Tin mới nhận"),
                ("type_new", "news.hot"),
                ("zone_new", "main"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let home = app.get("/").await.body;
    assert!(
        home.find("Tin mới nhận") < home.find("Đọc nhiều"),
        "added last"
    );
    let moved = app
        .post_form(
            "/quan-tri/bo-cuc",
            &admin.cookie,
            &[
                ("csrf", &admin.csrf),
                ("layout", "home"),
                ("rows", "2"),
                ("zone_0", "main"),
                ("type_0", "news.list"),
                ("f_0_title", "Tin mới nhận"),
                ("zone_1", "main"),
                ("type_1", "news.hot"),
                ("move", "up_1"),
            ],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    let home = app.get("/").await.body;
    let (hot, list) = (
        home.find("Đọc nhiều").expect("the most read"),
        home.find("Tin mới nhận").expect("the list"),
    );
    assert!(hot < list, "moved up before the list");

    // A block removed and another moved in the same form: the right one moves.
    let moved = app
        .post_form(
            "/quan-tri/bo-cuc",
            &admin.cookie,
            &[
                ("csrf", &admin.csrf),
                ("layout", "home"),
                ("rows", "3"),
                ("zone_0", "main"),
                ("type_0", "menu.categories"),
                ("remove_0", "1"),
                ("zone_1", "main"),
                ("type_1", "news.hot"),
                ("zone_2", "main"),
                ("type_2", "news.list"),
                ("f_2_title", "Tin mới nhận"),
                ("move", "up_2"),
            ],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    let home = app.get("/").await.body;
    assert!(
        home.find("Tin mới nhận").expect("the list") < home.find("Đọc nhiều").expect("hot"),
        "the list moved above the most read"
    );

    for (fields, message) in [
        (vec![("type_0", "khong.co")], "Loại khối không tồn tại"),
        (
            vec![("type_0", "news.list"), ("f_0_limit", "500")],
            "Khối 1 (Danh sách tin), ô “Số tin”: cần một số nguyên từ 1 đến 50.",
        ),
        (
            vec![("type_0", "news.list"), ("f_0_category", "khong-co-muc")],
            "chuyên mục này không còn",
        ),
        (
            vec![("type_0", "news.list"), ("f_0_style", "{\"json\": 1}")],
            "giá trị không có trong danh sách",
        ),
        (
            vec![
                ("type_0", "banner"),
                ("f_0_items_0_title", "Độc"),
                ("f_0_items_0_url", " JavaScript:alert(1)"),
            ],
            "địa chỉ không hợp lệ",
        ),
        (
            vec![("type_0", "banner"), ("f_0_items_2_title", "Chỉ có tên")],
            "mỗi liên kết cần cả tên và địa chỉ",
        ),
    ] {
        let mut form = vec![
            ("csrf", admin.csrf.as_str()),
            ("layout", "home"),
            ("rows", "1"),
            ("zone_0", "main"),
        ];
        form.extend(fields.iter().copied());
        let refused = app
            .post_form("/quan-tri/bo-cuc", &admin.cookie, &form)
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{fields:?}"
        );
        assert!(
            refused.body.contains(message),
            "{fields:?}: {}",
            refused.body
        );
    }
    // What was typed stays on the screen beside the message.
    let refused = app
        .post_form(
            "/quan-tri/bo-cuc",
            &admin.cookie,
            &[
                ("csrf", &admin.csrf),
                ("layout", "home"),
                ("rows", "1"),
                ("zone_0", "main"),
                ("type_0", "news.list"),
                ("f_0_title", "Tiêu đề đang gõ"),
                ("f_0_limit", "0"),
            ],
        )
        .await;
    assert!(refused.body.contains("value=\"Tiêu đề đang gõ\""));
    assert!(refused.body.contains("aria-invalid=\"true\""));
    assert!(
        app.get("/").await.body.contains("Tin mới nhận"),
        "a refused change leaves the page as it was"
    );
}
