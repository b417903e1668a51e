//! The province's estate over HTTP: a sub-site under its parent's host
//! with every address carrying its prefix, staff who see and touch only
//! their own site, sessions that stay on their site, and news flowing up
//! from a commune to the province's home page.

mod support;

use std::collections::{BTreeSet, VecDeque};

use axum::http::{Method, StatusCode};
use portal_core::workflow::Role;
use portal_services::accounts;
use portal_services::sites::estate::{SiteDraft, add_site};
use support::{READER_AGENT, TestApp, TestResponse};

const PASSWORD: &str = "mật khẩu của cổng xã";
/// The demo's first commune, which answers under the province's host.
const COMMUNE: &str = "/xa-suoi-may";

async fn site(app: &TestApp, code: &str) -> portal_core::Site {
    app.store
        .site_by_code(code)
        .await
        .expect("query")
        .expect("site")
}

/// Every address a page points at: links, pictures, scripts, styles and
/// the forms readers send (GET).
fn addresses(html: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(html);
    let mut found = Vec::new();
    for (selector, attribute) in [
        ("a[href]", "href"),
        ("link[href]", "href"),
        ("img[src]", "src"),
        ("script[src]", "src"),
        ("form[method=get]", "action"),
    ] {
        let selector = scraper::Selector::parse(selector).expect("selector");
        for element in document.select(&selector) {
            if let Some(value) = element.value().attr(attribute) {
                found.push(value.to_string());
            }
        }
    }
    let srcset = scraper::Selector::parse("img[srcset]").expect("selector");
    for element in document.select(&srcset) {
        for candidate in element.value().attr("srcset").unwrap_or("").split(',') {
            if let Some(url) = candidate.split_whitespace().next() {
                found.push(url.to_string());
            }
        }
    }
    found
}

#[tokio::test]
async fn a_commune_under_the_provinces_host_keeps_its_prefix_on_every_address() {
    let app = TestApp::with_demo_estate().await;
    let home = app.get(&format!("{COMMUNE}/")).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("UBND xã Suối Mây"));
    assert!(
        home.body
            .contains(r#"<link rel="canonical" href="http://localhost/xa-suoi-may/">"#),
        "canonical under the prefix"
    );
    assert!(
        !home.body.contains("Tăng cường phòng, chống cháy rừng"),
        "the province's articles stay on the province"
    );

    // Crawl the commune's pages: every address is its own, and resolves.
    let mut queue = VecDeque::from([format!("{COMMUNE}/")]);
    let mut seen = BTreeSet::new();
    let mut articles = 0;
    while let Some(path) = queue.pop_front() {
        if !seen.insert(path.clone()) || seen.len() > 60 {
            continue;
        }
        let answer = app.get(&path).await;
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "{path} answered {}",
            answer.status
        );
        if !answer.header("content-type").starts_with("text/html") {
            continue;
        }
        if answer.body.contains("class=\"article-title\"") {
            articles += 1;
        }
        for address in addresses(&answer.body) {
            let Some(local) = address
                .strip_prefix("http://localhost")
                .or(address.starts_with('/').then_some(address.as_str()))
            else {
                continue;
            };
            if local.starts_with("//") {
                continue;
            }
            assert!(
                local == COMMUNE || local.starts_with(&format!("{COMMUNE}/")),
                "{path} links to {address}, outside the commune"
            );
            let local = local.split('#').next().unwrap_or(local).to_string();
            if !local.contains("/quan-tri") {
                queue.push_back(local);
            }
        }
    }
    assert!(seen.len() > 10, "crawled only {seen:?}");
    assert!(articles >= 2, "found {articles} article pages in {seen:?}");

    // Feeds and the sitemap name the commune's addresses.
    let feed = app.get(&format!("{COMMUNE}/rss.xml")).await;
    let parsed = feed_rs::parser::parse(feed.body.as_bytes()).expect("a feed readers read");
    assert!(!parsed.entries.is_empty());
    for entry in &parsed.entries {
        let link = &entry.links[0].href;
        assert!(link.starts_with("http://localhost/xa-suoi-may/"), "{link}");
    }
    let sitemap = app.get(&format!("{COMMUNE}/sitemap.xml")).await;
    let document = roxmltree::Document::parse(&sitemap.body).expect("sitemap XML");
    let locations: Vec<_> = document
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(!locations.is_empty());
    assert!(
        locations
            .iter()
            .all(|l| l.starts_with("http://localhost/xa-suoi-may/")),
        "{locations:?}"
    );

    // The newsroom's login is the commune's own, under its prefix.
    let desk = app.get(&format!("{COMMUNE}/quan-tri")).await;
    assert_eq!(desk.status, StatusCode::SEE_OTHER);
    assert!(
        desk.header("location")
            .starts_with("/xa-suoi-may/quan-tri/dang-nhap"),
        "{}",
        desk.header("location")
    );

    // The province's directory links to it.
    let directory = app.get("/cong-thanh-phan").await;
    assert!(
        directory
            .body
            .contains(r#"href="http://localhost/xa-suoi-may/""#),
        "{}",
        directory.body
    );
}

#[tokio::test]
async fn news_from_a_commune_reaches_the_provinces_home_credited_to_it() {
    let app = TestApp::with_demo_estate().await;
    let commune = site(&app, "xa-suoi-may").await;
    accounts::add_user_on(
        &app.store,
        commune.id,
        "lanhdaoxa",
        "",
        Role::Publisher,
        PASSWORD,
        1,
    )
    .await
    .expect("commune publisher");
    accounts::add_user(&app.store, "bientaptinh", "", Role::Editor, PASSWORD, 1)
        .await
        .expect("province editor");

    // The demo carries one article already: the home lists it, its page
    // credits and names the original.
    let home = app.get("/").await;
    assert!(
        home.body.contains("Tin từ cơ sở"),
        "the block is on the home"
    );
    assert!(
        home.body
            .contains("Xã Suối Mây ra mắt tổ công nghệ số cộng đồng")
    );

    // The commune proposes its second article.
    let publisher = app
        .log_in_at("localhost", COMMUNE, "lanhdaoxa", PASSWORD)
        .await
        .unwrap_or_else(|answer| panic!("{} {}", answer.status, answer.body));
    let (origin_path, origin_id) = first_article_titled(
        &app,
        &commune,
        "Hoàn thành bê tông hóa đường vào thôn Khuổi Hẩu",
    )
    .await;
    let editor_page = app
        .get_with_cookie(
            &format!("{COMMUNE}/quan-tri/bai-viet/{origin_id}"),
            &publisher.cookie,
        )
        .await;
    assert!(editor_page.body.contains("Đề xuất đăng lên cổng tỉnh"));
    let proposed = app
        .post_form(
            &format!("{COMMUNE}/quan-tri/bai-viet/{origin_id}/de-xuat"),
            &publisher.cookie,
            &[("csrf", &publisher.csrf)],
        )
        .await;
    assert_eq!(proposed.status, StatusCode::SEE_OTHER, "{}", proposed.body);
    assert!(
        proposed
            .header("location")
            .starts_with("/xa-suoi-may/quan-tri/bai-viet/")
    );

    // The province's editor sees it in the queue, with its origin.
    let editor = app.log_in("bientaptinh", PASSWORD).await;
    let queue = app
        .get_with_cookie("/quan-tri/tin-co-so", &editor.cookie)
        .await;
    assert_eq!(queue.status, StatusCode::OK, "{}", queue.body);
    assert!(queue.body.contains("UBND xã Suối Mây"));
    assert!(
        queue
            .body
            .contains("Hoàn thành bê tông hóa đường vào thôn Khuổi Hẩu")
    );
    let proposal = queue
        .body
        .split("/quan-tri/tin-co-so/")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .expect("an approve form")
        .to_string();
    let section = app.category_id("tin-hoat-dong").await;
    let approved = app
        .post_form(
            &format!("/quan-tri/tin-co-so/{proposal}/duyet"),
            &editor.cookie,
            &[
                ("csrf", &editor.csrf),
                ("category_id", &section),
                ("title", "Thôn Khuổi Hẩu có đường bê tông"),
                ("lead", ""),
            ],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    app.settled().await;

    let home = app.get("/").await;
    let document = scraper::Html::parse_document(&home.body);
    let links = scraper::Selector::parse("a").expect("selector");
    let copy_path = document
        .select(&links)
        .find(|a| {
            a.text()
                .collect::<String>()
                .contains("Thôn Khuổi Hẩu có đường bê tông")
        })
        .and_then(|a| a.value().attr("href"))
        .expect("the copy listed on the province's home")
        .to_string();
    let copy = app.get(&copy_path).await;
    assert_eq!(copy.status, StatusCode::OK, "{copy_path}: {}", copy.body);
    let origin_url = format!("http://localhost{origin_path}");
    assert!(
        copy.body
            .contains(&format!(r#"<link rel="canonical" href="{origin_url}">"#)),
        "canonical at the origin {origin_url}"
    );
    assert!(
        copy.body
            .contains(&format!(r#"<a href="{origin_url}">UBND xã Suối Mây</a>"#)),
        "credited and linked"
    );

    // Unpublished at the commune: gone from the province.
    let unpublished = app
        .post_form(
            &format!("{COMMUNE}/quan-tri/bai-viet/{origin_id}/buoc"),
            &publisher.cookie,
            &[("csrf", &publisher.csrf), ("action", "unpublish")],
        )
        .await;
    assert_eq!(
        unpublished.status,
        StatusCode::SEE_OTHER,
        "{}",
        unpublished.body
    );
    app.settled().await;
    assert_eq!(app.get(&copy_path).await.status, StatusCode::NOT_FOUND);
    assert!(
        !app.get("/")
            .await
            .body
            .contains("Thôn Khuổi Hẩu có đường bê tông")
    );
}

/// The public path and id of a site's article with this title.
async fn first_article_titled(
    app: &TestApp,
    site: &portal_core::Site,
    title: &str,
) -> (String, i64) {
    let (items, _) = app
        .store
        .public_articles(
            site.id,
            Default::default(),
            portal_core::PageRequest::first(50),
            i64::MAX / 2,
        )
        .await
        .expect("articles");
    let found = items
        .iter()
        .find(|a| a.title == title)
        .unwrap_or_else(|| panic!("no article titled {title}"));
    (format!("/{}{}", site.code, found.path()), found.id.get())
}

async fn get_at(app: &TestApp, host: &str, path: &str, cookie: &str) -> TestResponse {
    app.send(
        Method::GET,
        path,
        &[
            ("host", host),
            ("cookie", cookie),
            ("user-agent", READER_AGENT),
        ],
    )
    .await
}

#[tokio::test]
async fn commune_staff_see_and_touch_only_their_own_site() {
    let app = TestApp::with_demo_estate().await;
    let draft = SiteDraft {
        code: "xa-na-ri".into(),
        name: "UBND xã Na Rì".into(),
        hosts: vec!["nari.portal.test".into()],
        ..SiteDraft::default()
    };
    let na_ri = add_site(
        &app.store,
        "test",
        &draft,
        portal_web::blocks::default_placements,
        1,
    )
    .await
    .expect("site");
    accounts::add_user_on(
        &app.store,
        na_ri.id,
        "bientapxa",
        "",
        Role::Editor,
        PASSWORD,
        1,
    )
    .await
    .expect("commune editor");
    accounts::add_user_on(
        &app.store,
        na_ri.id,
        "quantrixa",
        "",
        Role::Admin,
        PASSWORD,
        1,
    )
    .await
    .expect("commune admin");
    accounts::add_user(&app.store, "quantri", "", Role::Admin, PASSWORD, 1)
        .await
        .expect("province admin");
    // Someone who works for the province and helps the commune.
    accounts::add_user(&app.store, "congtacvien", "", Role::Author, PASSWORD, 1)
        .await
        .expect("province author");
    accounts::grant(&app.store, "congtacvien", na_ri.id, Some(Role::Author), 1)
        .await
        .expect("granted");

    // The commune's editor logs in at the commune, not at the province.
    let editor = app
        .log_in_at("nari.portal.test", "", "bientapxa", PASSWORD)
        .await
        .unwrap_or_else(|answer| panic!("{} {}", answer.status, answer.body));
    let refused = app
        .log_in_at("localhost", "", "bientapxa", PASSWORD)
        .await
        .err()
        .expect("refused at the province");
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("không có quyền trên cổng này"));

    // The commune's session is nobody at the province, under any name.
    let token = editor.cookie.split_once('=').expect("pair").1;
    for cookie in [editor.cookie.clone(), format!("portal_session={token}")] {
        let desk = get_at(&app, "localhost", "/quan-tri", &cookie).await;
        assert_eq!(desk.status, StatusCode::SEE_OTHER, "{cookie}");
        assert!(desk.header("location").starts_with("/quan-tri/dang-nhap"));
    }

    // A forged POST naming a province article, sent to the commune's
    // newsroom with a good token, finds nothing and changes nothing.
    let province = app.site().await;
    let (items, _) = app
        .store
        .public_articles(
            province.id,
            Default::default(),
            portal_core::PageRequest::first(1),
            i64::MAX / 2,
        )
        .await
        .expect("articles");
    let target = &items[0];
    for (path, fields) in [
        (
            format!("/quan-tri/bai-viet/{}", target.id),
            vec![("title", "Bị sửa trái phép"), ("category_id", "1")],
        ),
        (
            format!("/quan-tri/bai-viet/{}/buoc", target.id),
            vec![("action", "unpublish")],
        ),
    ] {
        let mut fields = fields;
        fields.push(("csrf", editor.csrf.as_str()));
        let answer = app
            .post_form_at("nari.portal.test", &path, &editor.cookie, &fields)
            .await;
        assert_eq!(
            answer.status,
            StatusCode::NOT_FOUND,
            "{path}: {}",
            answer.body
        );
    }
    let after = app
        .store
        .article(province.id, target.id)
        .await
        .expect("q")
        .expect("article");
    assert_eq!(after.content.title, target.title);
    assert!(after.is_public(portal_core::time::now()));

    // The province's administrator manages the commune too.
    let admin = app
        .log_in_at("nari.portal.test", "", "quantri", PASSWORD)
        .await
        .unwrap_or_else(|answer| panic!("{} {}", answer.status, answer.body));
    let people = get_at(
        &app,
        "nari.portal.test",
        "/quan-tri/nguoi-dung",
        &admin.cookie,
    )
    .await;
    assert_eq!(people.status, StatusCode::OK);
    assert!(people.body.contains("bientapxa"));
    assert!(
        !people.body.contains(">quantri<"),
        "the commune's people screen lists its own staff"
    );

    // The commune's administrator manages the commune's people, but not
    // someone who also works for the province.
    let commune_admin = app
        .log_in_at("nari.portal.test", "", "quantrixa", PASSWORD)
        .await
        .unwrap_or_else(|answer| panic!("{} {}", answer.status, answer.body));
    let shared = app
        .store
        .user_for_login("congtacvien")
        .await
        .expect("q")
        .expect("user")
        .0;
    let reset = app
        .post_form_at(
            "nari.portal.test",
            &format!("/quan-tri/nguoi-dung/{}/mat-khau", shared.id),
            &commune_admin.cookie,
            &[
                ("csrf", &commune_admin.csrf),
                ("password", "mật khẩu mới đủ dài"),
            ],
        )
        .await;
    assert_eq!(reset.status, StatusCode::FORBIDDEN, "{}", reset.body);
    // Nor is the province's newsroom theirs.
    assert!(
        app.log_in_at("localhost", "", "quantrixa", PASSWORD)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn the_provinces_administrators_manage_the_estate_from_the_newsroom() {
    let app = TestApp::with_demo_estate().await;
    accounts::add_user(&app.store, "quantri", "", Role::Admin, PASSWORD, 1)
        .await
        .expect("province admin");
    accounts::add_user(&app.store, "bientaptinh", "", Role::Editor, PASSWORD, 1)
        .await
        .expect("province editor");
    let commune = site(&app, "xa-suoi-may").await;
    accounts::add_user_on(
        &app.store,
        commune.id,
        "quantrixa",
        "",
        Role::Admin,
        PASSWORD,
        1,
    )
    .await
    .expect("commune admin");

    let admin = app.log_in("quantri", PASSWORD).await;
    let screen = app
        .get_with_cookie("/quan-tri/cong-thanh-phan", &admin.cookie)
        .await;
    assert_eq!(screen.status, StatusCode::OK);
    for listed in ["xa-suoi-may", "so-nong-nghiep", "UBND phường Đồng Tiến"] {
        assert!(screen.body.contains(listed), "{listed} not listed");
    }
    let added = app
        .post_form(
            "/quan-tri/cong-thanh-phan",
            &admin.cookie,
            &[
                ("csrf", &admin.csrf),
                ("code", "xa-moi"),
                ("name", "UBND xã Mới"),
                ("kind", "commune"),
                ("hosts", ""),
                ("parent", ""),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let new_home = app.get("/xa-moi/").await;
    assert_eq!(new_home.status, StatusCode::OK, "ready to publish at once");
    assert!(new_home.body.contains("UBND xã Mới"));

    // A section may not take a sub-site's address.
    let clash = app
        .post_form(
            "/quan-tri/chuyen-muc",
            &admin.cookie,
            &[
                ("csrf", &admin.csrf),
                ("name", "Xã Suối Mây"),
                ("slug", "xa-suoi-may"),
            ],
        )
        .await;
    assert_eq!(clash.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(clash.body.contains("địa chỉ của một cổng thành phần"));

    // A taken code is refused with what to change, in Vietnamese.
    let again = app
        .post_form(
            "/quan-tri/cong-thanh-phan",
            &admin.cookie,
            &[("csrf", &admin.csrf), ("code", "xa-moi"), ("name", "Trùng")],
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        again.body.contains("Mã") || again.body.contains("mã"),
        "{}",
        again.body
    );

    // Off the air and back.
    let paused = app
        .post_form(
            "/quan-tri/cong-thanh-phan/xa-moi/trang-thai",
            &admin.cookie,
            &[("csrf", &admin.csrf), ("disabled", "1")],
        )
        .await;
    assert_eq!(paused.status, StatusCode::SEE_OTHER);
    app.settled().await;
    assert_eq!(
        app.get("/xa-moi/").await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );

    // Nobody else manages the estate: not the province's editor, not a
    // commune's administrator (on their own site's newsroom).
    let editor = app.log_in("bientaptinh", PASSWORD).await;
    let refused = app
        .get_with_cookie("/quan-tri/cong-thanh-phan", &editor.cookie)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let commune_admin = app
        .log_in_at("localhost", COMMUNE, "quantrixa", PASSWORD)
        .await
        .unwrap_or_else(|answer| panic!("{} {}", answer.status, answer.body));
    let refused = app
        .post_form(
            &format!("{COMMUNE}/quan-tri/cong-thanh-phan"),
            &commune_admin.cookie,
            &[
                ("csrf", &commune_admin.csrf),
                ("code", "xa-cua-toi"),
                ("name", "Xã của tôi"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("Chỉ quản trị cổng tỉnh"));
    assert!(
        app.store
            .site_by_code("xa-cua-toi")
            .await
            .expect("q")
            .is_none()
    );
}

#[tokio::test]
async fn the_province_searches_its_sub_sites_and_staff_search_where_they_work() {
    let app = TestApp::with_demo_estate().await;
    // Readers: this site alone by default, the whole province when asked.
    let here = app.get("/api/v1/search?q=be+tong+hoa").await.json();
    assert_eq!(
        here["total"], 0,
        "a commune's article is not the province's"
    );
    let across = app
        .get("/api/v1/search?q=be+tong+hoa&site=all")
        .await
        .json();
    assert_eq!(across["total"], 1, "{across}");
    let item = &across["items"][0];
    assert_eq!(item["site"], "UBND xã Suối Mây");
    assert!(
        item["url"]
            .as_str()
            .is_some_and(|u| u.starts_with("http://localhost/xa-suoi-may/")),
        "{item}"
    );
    let one = app
        .get("/api/v1/search?q=tinh&site=so-van-hoa")
        .await
        .json();
    assert!(
        one["items"].as_array().is_some_and(|items| items
            .iter()
            .all(|i| i["site"] == "Sở Văn hóa, Thể thao và Du lịch")),
        "{one}"
    );
    let page = app.get("/tim-kiem?q=be+tong+hoa&cong=tat-ca").await;
    assert!(
        page.body.contains("UBND xã Suối Mây"),
        "results name their site"
    );
    assert!(page.body.contains(r#"<option value="tat-ca" selected>"#));
    // A commune's own search stays on the commune.
    let commune = app
        .get(&format!("{COMMUNE}/api/v1/search?q=chay+rung&site=all"))
        .await
        .json();
    assert_eq!(commune["total"], 0, "{commune}");

    // Staff: a person on the province and one commune finds the drafts of
    // both, each opening in its own newsroom; not a third site's.
    let commune_site = site(&app, "xa-suoi-may").await;
    let ward = site(&app, "phuong-dong-tien").await;
    accounts::add_user(&app.store, "bientap", "", Role::Editor, PASSWORD, 1)
        .await
        .expect("editor");
    accounts::grant(
        &app.store,
        "bientap",
        commune_site.id,
        Some(Role::Editor),
        1,
    )
    .await
    .expect("granted");
    for (site, title) in [
        (&commune_site, "Dự thảo kế hoạch mùa lũ của xã"),
        (&ward, "Dự thảo kế hoạch mùa lũ của phường"),
    ] {
        let section = app.store.categories(site.id).await.expect("sections")[0].id;
        app.store
            .create_article(
                &portal_store::NewArticle {
                    site_id: site.id,
                    slug: "du-thao".into(),
                    status: portal_core::ArticleStatus::Draft,
                    content: portal_core::ArticleContent {
                        title: title.into(),
                        category_ids: vec![section],
                        ..Default::default()
                    },
                },
                1,
            )
            .await
            .expect("draft");
    }
    app.settled().await;
    let editor = app.log_in("bientap", PASSWORD).await;
    let mine = app
        .get_with_cookie(
            "/quan-tri/tim-kiem?q=du+thao+mua+lu&cong=tat-ca",
            &editor.cookie,
        )
        .await;
    assert!(mine.body.contains("của xã</a>"), "{}", mine.body);
    assert!(
        mine.body
            .contains("http://localhost/xa-suoi-may/quan-tri/bai-viet/")
    );
    assert!(!mine.body.contains("của phường"), "not their site");
    let here_only = app
        .get_with_cookie("/quan-tri/tim-kiem?q=du+thao+mua+lu", &editor.cookie)
        .await;
    assert!(here_only.body.contains("Tìm thấy") || here_only.body.contains("Không tìm thấy"));
    assert!(
        !here_only.body.contains("của xã</a>"),
        "the province's newsroom alone"
    );
}
