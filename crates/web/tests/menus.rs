//! Menus: every site starts with the menu every Vietnamese portal has,
//! whose links all answer; its administrators rearrange the main menu (two
//! levels) and the footer links; "Sơ đồ cổng" is a page for readers built
//! from them and the sections.

mod support;

use axum::http::StatusCode;
use portal_core::workflow::Role;
use portal_services::accounts;
use support::{Staff, TestApp};

const PASSWORD: &str = "mật khẩu thử menu";

async fn portal() -> (TestApp, Staff) {
    let app = TestApp::with_demo_estate().await;
    for (login, role) in [("quantri", Role::Admin), ("bientap", Role::Editor)] {
        accounts::add_user(&app.store, login, "", role, PASSWORD, 1)
            .await
            .expect("user");
    }
    let admin = app.log_in("quantri", PASSWORD).await;
    (app, admin)
}

/// The main menu of a page: each first-level item with its second level.
fn main_menu(html: &str) -> Vec<(String, String, Vec<String>)> {
    let page = scraper::Html::parse_document(html);
    let top = scraper::Selector::parse("nav.mainnav details > ul > li").expect("selector");
    let own = scraper::Selector::parse(":scope > a").expect("selector");
    let sub = scraper::Selector::parse(".submenu a").expect("selector");
    page.select(&top)
        .map(|li| {
            let a = li.select(&own).next().expect("a link");
            (
                a.text().collect::<String>(),
                a.value().attr("href").unwrap_or_default().to_string(),
                li.select(&sub).map(|s| s.text().collect()).collect(),
            )
        })
        .collect()
}

fn links(html: &str, selector: &str) -> Vec<(String, String)> {
    let page = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(selector).expect("selector");
    page.select(&selector)
        .map(|a| {
            (
                a.text().collect::<String>(),
                a.value().attr("href").unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_new_site_has_the_portal_menu_and_every_link_answers() {
    let (app, _) = portal().await;
    let home = app.get("/").await;
    let menu = main_menu(&home.body);
    let labels: Vec<&str> = menu.iter().map(|(label, _, _)| label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Trang chủ",
            "Giới thiệu",
            "Tin tức",
            "Văn bản",
            "Lịch công tác",
            "Hỏi đáp",
            "Dịch vụ công",
            "Liên hệ",
            "Sơ đồ cổng"
        ]
    );
    let sections: Vec<String> = app
        .store
        .categories(app.site().await.id)
        .await
        .expect("sections")
        .into_iter()
        .filter(|c| c.parent_id.is_none() && c.slug != portal_core::content::PAGES_SLUG)
        .map(|c| c.name)
        .collect();
    assert_eq!(menu[2].2, sections, "Tin tức lists the sections");
    assert_eq!(menu[5].1, "/hoi-dap");
    assert_eq!(menu[6].1, "https://dichvucong.gov.vn");
    assert_eq!(menu[1].1, "/gioi-thieu");
    let page = scraper::Html::parse_document(&home.body);
    let all = scraper::Selector::parse("nav.mainnav a, footer a").expect("selector");
    for a in page.select(&all) {
        let href = a.value().attr("href").unwrap_or_default();
        if href.starts_with('/') {
            let answer = app.get(href).await;
            assert_eq!(answer.status, StatusCode::OK, "{href}");
        }
    }
    let footer = links(&home.body, "footer .footer-links a");
    assert!(footer.contains(&("Sơ đồ cổng".to_string(), "/so-do-cong".to_string())));
    assert!(footer.contains(&(
        "Cổng thành phần".to_string(),
        "/cong-thanh-phan".to_string()
    )));
}

#[tokio::test]
async fn the_site_map_is_a_page_for_readers() {
    let (app, _) = portal().await;
    let page = app.get("/so-do-cong").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.header("content-type").starts_with("text/html"));
    let found = links(&page.body, "main.site-map a");
    for (label, href) in [
        ("Giới thiệu", "/gioi-thieu"),
        ("Chức năng, nhiệm vụ", "/chuc-nang-nhiem-vu"),
        ("Văn bản", "/van-ban"),
        ("Lịch công tác", "/lich-cong-tac"),
        ("Cổng thành phần", "/cong-thanh-phan"),
    ] {
        assert!(
            found.contains(&(label.to_string(), href.to_string())),
            "{label} in {found:?}"
        );
    }
    for section in app
        .store
        .categories(app.site().await.id)
        .await
        .expect("sections")
        .into_iter()
        .filter(|c| c.slug != portal_core::content::PAGES_SLUG)
    {
        assert!(
            found.iter().any(|(_, href)| *href == section.path()),
            "{} on the site map",
            section.name
        );
    }
}

#[tokio::test]
async fn administrators_arrange_both_menus_for_their_site_only() {
    let (app, admin) = portal().await;
    let screen = app.get_with_cookie("/quan-tri/menu", &admin.cookie).await;
    assert_eq!(screen.status, StatusCode::OK);
    assert!(screen.body.contains("Đang dùng menu mặc định"));
    let section = app
        .store
        .categories(app.site().await.id)
        .await
        .expect("sections")
        .remove(0);
    let section_choice = format!("section:{}", section.slug);
    let saved = app
        .post_form(
            "/quan-tri/menu/chinh",
            &admin.cookie,
            &[
                ("csrf", &admin.csrf),
                ("position.0", "2"),
                ("label.0", "Tin tỉnh nhà"),
                ("target.0", &section_choice),
                ("level.0", "1"),
                ("position.1", "3"),
                ("label.1", "Quyết định"),
                ("target.1", "documents"),
                ("value.1", "loai=Quyết định"),
                ("level.1", "2"),
                ("position.2", "1"),
                ("label.2", "Dịch vụ công tỉnh"),
                ("target.2", "address"),
                ("value.2", "https://dichvucong.example.gov.vn/"),
                ("level.2", "1"),
                ("position.3", "4"),
                ("label.3", "Bỏ đi"),
                ("target.3", "schedule"),
                ("remove.3", "1"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let home = app.get("/").await;
    let menu = main_menu(&home.body);
    assert_eq!(
        menu,
        [
            ("Trang chủ".to_string(), "/".to_string(), vec![]),
            (
                "Dịch vụ công tỉnh".to_string(),
                "https://dichvucong.example.gov.vn/".to_string(),
                vec![]
            ),
            (
                "Tin tỉnh nhà".to_string(),
                section.path(),
                vec!["Quyết định".to_string()]
            ),
        ]
    );
    let sub = links(&home.body, ".submenu a");
    assert_eq!(sub[0].1, "/van-ban?loai=Quy%E1%BA%BFt+%C4%91%E1%BB%8Bnh");
    let filtered = app.get(&sub[0].1).await;
    assert_eq!(filtered.status, StatusCode::OK);
    assert!(
        filtered
            .body
            .contains("<option selected>Quyết định</option>")
    );

    let footer = app
        .post_form(
            "/quan-tri/menu/chan-trang",
            &admin.cookie,
            &[
                ("csrf", &admin.csrf),
                ("label.0", "Lịch làm việc"),
                ("target.0", "schedule"),
            ],
        )
        .await;
    assert_eq!(footer.status, StatusCode::SEE_OTHER);
    let home = app.get("/").await;
    let footer = links(&home.body, "footer .footer-links a");
    assert_eq!(
        footer[0],
        ("Lịch làm việc".to_string(), "/lich-cong-tac".to_string())
    );
    // The site map follows the menu.
    let map = app.get("/so-do-cong").await;
    assert!(map.body.contains("Tin tỉnh nhà"));

    // A commune keeps its own (default) menu.
    let commune = app.get("/xa-suoi-may/").await;
    assert_eq!(commune.status, StatusCode::OK);
    let labels: Vec<String> = main_menu(&commune.body).into_iter().map(|m| m.0).collect();
    assert!(labels.contains(&"Lịch công tác".to_string()), "{labels:?}");
    assert!(!labels.contains(&"Tin tỉnh nhà".to_string()));
}

#[tokio::test]
async fn a_refused_menu_comes_back_as_typed_and_editors_may_not_change_it() {
    let (app, admin) = portal().await;
    for (rows, message) in [
        (
            vec![
                ("label.0", "Mục lạ"),
                ("target.0", "address"),
                ("value.0", "javascript:alert(1)"),
            ],
            "Chỗ trỏ tới không hợp lệ",
        ),
        (
            vec![
                ("label.0", "Mục con mồ côi"),
                ("target.0", "schedule"),
                ("level.0", "2"),
            ],
            "Mục cấp 2 phải đứng sau một mục cấp 1.",
        ),
        (
            vec![("label.0", " "), ("target.0", "schedule")],
            "Mỗi mục cần có tên hiển thị.",
        ),
        (
            vec![
                ("label.0", "Chuyên mục đã xóa"),
                ("target.0", "section:khong-co"),
            ],
            "Chỗ trỏ tới không hợp lệ",
        ),
    ] {
        let mut form = vec![("csrf", admin.csrf.as_str())];
        form.extend(rows.iter().copied());
        let refused = app
            .post_form("/quan-tri/menu/chinh", &admin.cookie, &form)
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{message}"
        );
        assert!(refused.body.contains(message), "{message}");
        let label = rows[0].1.trim();
        if !label.is_empty() {
            assert!(
                refused.body.contains(&format!(r#"value="{label}""#)),
                "{label} kept"
            );
        }
    }
    let nested_footer = app
        .post_form(
            "/quan-tri/menu/chan-trang",
            &admin.cookie,
            &[
                ("csrf", &admin.csrf),
                ("label.0", "A"),
                ("target.0", "schedule"),
                ("label.1", "B"),
                ("target.1", "schedule"),
                ("level.1", "2"),
            ],
        )
        .await;
    assert_eq!(nested_footer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(nested_footer.body.contains("chỉ có một cấp"));
    // Nothing was kept: the default menu still shows.
    let labels: Vec<String> = main_menu(&app.get("/").await.body)
        .into_iter()
        .map(|m| m.0)
        .collect();
    assert!(labels.contains(&"Sơ đồ cổng".to_string()));

    let editor = app.log_in("bientap", PASSWORD).await;
    let screen = app.get_with_cookie("/quan-tri/menu", &editor.cookie).await;
    assert_eq!(screen.status, StatusCode::FORBIDDEN);
    let forged = app
        .post_form(
            "/quan-tri/menu/chinh",
            &editor.cookie,
            &[
                ("csrf", &editor.csrf),
                ("label.0", "X"),
                ("target.0", "home"),
            ],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
}
