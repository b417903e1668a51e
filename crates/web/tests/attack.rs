//! The attack suite: every vector of our XSS corpus through every field of
//! every form, the importer and every reflected parameter; every page that
//! shows them read back with an HTML parser. Nothing may become markup.
//! A new form or field joins the lists below in the commit that adds it.

mod support;

use axum::http::StatusCode;
use portal_core::workflow::Role;
use portal_services::accounts;
use support::corpus::corpus;
use support::xss::findings;
use support::{Staff, TestApp, form_encode, hidden_value, step};

const PASSWORD: &str = "mật khẩu thử tấn công";

/// What was tried and what got through.
#[derive(Default)]
struct Tally {
    tried: usize,
    pages: usize,
    through: Vec<String>,
}

impl Tally {
    fn html(&mut self, what: &str, html: &str) {
        self.pages += 1;
        for finding in findings(html) {
            self.through.push(format!("{what}: {finding}"));
        }
    }

    /// A JSON answer: it must be JSON, and its HTML fields clean.
    fn json(&mut self, what: &str, answer: &support::TestResponse) {
        self.pages += 1;
        if !answer
            .header("content-type")
            .starts_with("application/json")
        {
            self.through.push(format!(
                "{what}: answered as {}",
                answer.header("content-type")
            ));
            return;
        }
        let value: serde_json::Value = serde_json::from_str(&answer.body).expect("JSON");
        let mut stack = vec![&value];
        while let Some(value) = stack.pop() {
            match value {
                serde_json::Value::Object(map) => {
                    for (key, inner) in map {
                        match inner.as_str() {
                            Some(html) if key.ends_with("_html") => {
                                self.html(&format!("{what} {key}"), html);
                            }
                            Some(url)
                                if key == "url"
                                    && !(url.is_empty()
                                        || url.starts_with("http")
                                        || url.starts_with('/')) =>
                            {
                                self.through.push(format!("{what}: url {url:?}"));
                            }
                            _ => {}
                        }
                        stack.push(inner);
                    }
                }
                serde_json::Value::Array(items) => stack.extend(items),
                _ => {}
            }
        }
    }

    /// An XML answer (feed, sitemap): it must parse, and what readers show
    /// as HTML must be clean.
    fn xml(&mut self, what: &str, xml: &str) {
        self.pages += 1;
        let document = match roxmltree::Document::parse(xml) {
            Ok(document) => document,
            Err(error) => {
                self.through.push(format!("{what}: not XML ({error})"));
                return;
            }
        };
        for node in document.descendants() {
            match node.tag_name().name() {
                "description" => {
                    let text = node.text().unwrap_or_default().to_string();
                    self.html(&format!("{what} description"), &text);
                    if text.contains('<') {
                        self.through
                            .push(format!("{what}: a description with markup"));
                    }
                }
                "loc" | "link" => {
                    let text = node.text().unwrap_or_default();
                    if !text.is_empty() && !text.starts_with("http") {
                        self.through.push(format!("{what}: link {text:?}"));
                    }
                }
                _ => {}
            }
        }
    }

    /// Newsroom pages (`cookie` given) or public ones, each read as HTML.
    async fn read(&mut self, app: &TestApp, cookie: Option<&str>, pages: &[(&str, &str)]) {
        for (what, path) in pages {
            let answer = match cookie {
                Some(cookie) => app.get_with_cookie(path, cookie).await,
                None => app.get(path).await,
            };
            self.html(what, &answer.body);
        }
    }

    fn finish(self, area: &str, vectors: usize) {
        eprintln!(
            "NOTICE: attack suite, {area}: {} vectors × fields tried ({vectors} vectors), {} answers read, {} got through",
            self.tried,
            self.pages,
            self.through.len()
        );
        assert!(
            self.through.is_empty(),
            "{area}: {} got through, first: {:#?}",
            self.through.len(),
            &self.through[..self.through.len().min(10)]
        );
    }
}

async fn portal() -> (TestApp, Staff) {
    let app = TestApp::with_demo().await;
    accounts::add_user(&app.store, "quantri", "", Role::Admin, PASSWORD, 1)
        .await
        .expect("admin");
    let admin = app.log_in("quantri", PASSWORD).await;
    (app, admin)
}

const ARTICLE_FIELDS: [&str; 6] = ["title", "lead", "body", "byline", "source", "tags"];
const HIGHLIGHT_FIELDS: [&str; 3] = ["kind", "action", "until"];

#[tokio::test]
async fn the_article_form_shows_no_vector_as_markup_anywhere() {
    let (app, admin) = portal().await;
    let news = app.category_id("tin-hoat-dong").await;
    let vectors = corpus();
    let mut tally = Tally::default();
    for (i, vector) in vectors.iter().enumerate() {
        let title = format!("Bài {i} {vector}");
        let mut fields: Vec<(&str, &str)> = vec![
            ("csrf", &admin.csrf),
            ("title", &title),
            ("lead", vector),
            ("body", vector),
            ("byline", vector),
            ("source", vector),
            ("tags", vector),
            ("category_id", &news),
        ];
        tally.tried += ARTICLE_FIELDS.len();
        let mut created = app
            .post_form("/quan-tri/bai-viet", &admin.cookie, &fields)
            .await;
        if created.status == StatusCode::UNPROCESSABLE_ENTITY {
            // The body was refused, with the form given back: that page too.
            tally.html("refused article form", &created.body);
            fields[3] = ("body", "Đoạn an toàn.");
            created = app
                .post_form("/quan-tri/bai-viet", &admin.cookie, &fields)
                .await;
        }
        assert_eq!(
            created.status,
            StatusCode::SEE_OTHER,
            "{vector}: {}",
            created.body
        );
        let editor = created
            .header("location")
            .split('?')
            .next()
            .expect("path")
            .to_string();
        for action in ["submit", "approve", "publish"] {
            assert_eq!(
                step(&app, &admin, &editor, action, "").await.status,
                StatusCode::SEE_OTHER
            );
        }
        let id = editor.rsplit('/').next().expect("id").to_string();
        tally.html(
            "editor form",
            &app.get_with_cookie(&editor, &admin.cookie).await.body,
        );
        tally.html(
            "preview",
            &app.get_with_cookie(&format!("{editor}/xem-truoc"), &admin.cookie)
                .await
                .body,
        );
        tally.html(
            "desk",
            &app.get_with_cookie("/quan-tri", &admin.cookie).await.body,
        );
        // The visual editor's conversion: every piece of HTML it hands the
        // editor (which shows it as markup) is clean.
        tally.tried += 1;
        let converted = app
            .post_form(
                "/quan-tri/soan-thao",
                &admin.cookie,
                &[("csrf", &admin.csrf), ("body", vector)],
            )
            .await;
        if converted.status == StatusCode::OK {
            let answer = converted.json();
            for html in support::xss::editor_html(&answer["blocks"]) {
                tally.html("editor blocks", html);
            }
        } else {
            tally.json("editor conversion refused", &converted);
        }
        // Featured and pinned: the title on the ordering screen, the home
        // page and the section; every field of those forms refused as text.
        for kind in ["featured", "pinned"] {
            let put = app
                .post_form(
                    &format!("{editor}/noi-bat"),
                    &admin.cookie,
                    &[("csrf", &admin.csrf), ("kind", kind), ("action", "dat")],
                )
                .await;
            assert_eq!(put.status, StatusCode::SEE_OTHER, "{vector}: {}", put.body);
        }
        tally.html(
            "top stories screen",
            &app.get_with_cookie("/quan-tri/noi-bat", &admin.cookie)
                .await
                .body,
        );
        tally.html("home with the top story", &app.get("/").await.body);
        tally.html(
            "section with the pinned",
            &app.get("/tin-hoat-dong").await.body,
        );
        for field in HIGHLIGHT_FIELDS {
            let mut form = vec![
                ("csrf", admin.csrf.as_str()),
                ("kind", "featured"),
                ("action", "dat"),
                ("until", ""),
            ];
            form.retain(|(name, _)| *name != field);
            form.push((field, vector));
            tally.tried += 1;
            let refused = app
                .post_form(&format!("{editor}/noi-bat"), &admin.cookie, &form)
                .await;
            tally.html("highlight form", &refused.body);
        }
        for (path, field) in [
            (format!("/quan-tri/noi-bat/tin-noi-bat/{id}/buoc"), "way"),
            ("/quan-tri/noi-bat/ghim/thu-tu".to_string(), "order"),
        ] {
            tally.tried += 1;
            let refused = app
                .post_form(
                    &path,
                    &admin.cookie,
                    &[("csrf", &admin.csrf), (field, vector)],
                )
                .await;
            tally.html("highlight order form", &refused.body);
        }
        for kind in ["featured", "pinned"] {
            let off = app
                .post_form(
                    &format!("{editor}/noi-bat"),
                    &admin.cookie,
                    &[("csrf", &admin.csrf), ("kind", kind), ("action", "bo")],
                )
                .await;
            assert_eq!(off.status, StatusCode::SEE_OTHER, "{vector}: {}", off.body);
        }
        let api = app.get(&format!("/api/v1/articles/{id}")).await;
        tally.json("API article", &api);
        let public = api.json()["url"]
            .as_str()
            .expect("url")
            .replace("http://localhost", "");
        tally.html("article page", &app.get(&public).await.body);
        tally.html("home", &app.get("/").await.body);
        tally.html("section", &app.get("/tin-hoat-dong").await.body);
        if let Some(tag) = app.get(&public).await.body.split("href=\"/tu-khoa/").nth(1) {
            let slug = tag.split('"').next().unwrap_or_default();
            tally.html(
                "keyword page",
                &app.get(&format!("/tu-khoa/{slug}")).await.body,
            );
        }
        tally.json("API list", &app.get("/api/v1/articles?per_page=5").await);
        tally.xml("site feed", &app.get("/rss.xml").await.body);
        tally.xml(
            "section feed",
            &app.get("/tin-hoat-dong/rss.xml").await.body,
        );
        tally.xml("sitemap", &app.get("/sitemap.xml").await.body);
    }
    tally.finish("article form", vectors.len());
}

#[tokio::test]
async fn reflected_parameters_come_back_as_text() {
    let (app, admin) = portal().await;
    let vectors = corpus();
    let mut tally = Tally::default();
    for vector in &vectors {
        let v = form_encode(vector);
        for (what, path) in [
            ("search q", format!("/tim-kiem?q={v}")),
            (
                "search section",
                format!("/tim-kiem?q=le+hoi&chuyen-muc={v}"),
            ),
            ("search from", format!("/tim-kiem?q=le+hoi&tu-ngay={v}")),
            ("search to", format!("/tim-kiem?q=le+hoi&den-ngay={v}")),
            ("search sort", format!("/tim-kiem?q=le+hoi&sap-xep={v}")),
            ("search page", format!("/tim-kiem?q=le+hoi&page={v}")),
            ("section page", format!("/tin-hoat-dong?page={v}")),
            ("missing page", format!("/{v}")),
            ("keyword", format!("/tu-khoa/{v}")),
            ("login next", format!("/quan-tri/dang-nhap?next={v}")),
            ("documents q", format!("/van-ban?q={v}")),
            (
                "documents filters",
                format!(
                    "/van-ban?loai={v}&co_quan={v}&nguoi_ky={v}&linh_vuc={v}&hieu_luc={v}&tu={v}&den={v}"
                ),
            ),
            ("document", format!("/van-ban/{v}")),
        ] {
            tally.tried += 1;
            tally.html(what, &app.get(&path).await.body);
        }
        tally.tried += 1;
        tally.html(
            "newsroom search",
            &app.get_with_cookie(&format!("/quan-tri/tim-kiem?q={v}"), &admin.cookie)
                .await
                .body,
        );
        for (what, path) in [
            ("API search", format!("/api/v1/search?q={v}")),
            ("API section", format!("/api/v1/articles?category={v}")),
            ("API page", format!("/api/v1/articles?page={v}")),
            ("API id", format!("/api/v1/articles/{v}")),
            ("picker", format!("/quan-tri/thu-vien/chon?q={v}")),
        ] {
            tally.tried += 1;
            let answer = if what == "picker" {
                app.get_with_cookie(&path, &admin.cookie).await
            } else {
                app.get(&path).await
            };
            tally.json(what, &answer);
        }
    }
    tally.finish("reflected parameters", vectors.len());
}

#[tokio::test]
async fn site_settings_sections_blocks_and_notes_show_no_vector_as_markup() {
    let (app, admin) = portal().await;
    let news = app.category_id("tin-hoat-dong").await;
    // A commune whose contacts the province's directory shows.
    let commune = portal_services::sites::estate::SiteDraft {
        code: "xa-thu".into(),
        name: "Xã Thử".into(),
        hosts: vec!["xathu.portal.test".into()],
        ..Default::default()
    };
    portal_services::sites::estate::add_site(
        &app.store,
        "cli:test",
        &commune,
        portal_web::blocks::default_placements,
        portal_core::time::now(),
    )
    .await
    .expect("commune");
    let vectors = corpus();
    let mut tally = Tally::default();
    for vector in &vectors {
        let mut sub_site = app
            .store
            .site_by_code("xa-thu")
            .await
            .expect("query")
            .expect("commune");
        // As the commune's settings screen stores it (control characters
        // dropped: PostgreSQL refuses NUL).
        let stored = portal_core::text::normalize_inline(vector);
        (
            sub_site.name,
            sub_site.address,
            sub_site.phone,
            sub_site.email,
        ) = (stored.clone(), stored.clone(), stored.clone(), stored);
        app.store
            .update_site(&sub_site)
            .await
            .expect("commune contacts");
        tally.tried += 4;
        let settings = [
            ("csrf", admin.csrf.as_str()),
            ("name", vector),
            ("agency", vector),
            ("address", vector),
            ("phone", vector),
            ("email", vector),
            ("licence", vector),
            ("responsible", vector),
        ];
        tally.tried += settings.len() - 1;
        let saved = app
            .post_form("/quan-tri/cai-dat", &admin.cookie, &settings)
            .await;
        tally.html("settings answer", &saved.body);
        let section = [
            ("csrf", admin.csrf.as_str()),
            ("id", news.as_str()),
            ("name", vector),
            ("slug", vector),
            ("position", "1"),
        ];
        tally.tried += 2;
        let renamed = app
            .post_form("/quan-tri/chuyen-muc", &admin.cookie, &section)
            .await;
        tally.html("section answer", &renamed.body);
        let blocks = [
            ("csrf", admin.csrf.as_str()),
            ("layout", "home"),
            ("rows", "2"),
            ("zone_0", "main"),
            ("type_0", "news.list"),
            ("f_0_title", vector),
            ("f_0_limit", "3"),
            ("zone_1", "aside"),
            ("type_1", "banner"),
            ("f_1_items_0_title", vector),
            ("f_1_items_0_url", vector),
            ("f_1_items_0_tone", vector),
            ("f_1_items_1_title", vector),
            ("f_1_items_1_url", "/tin-hoat-dong"),
        ];
        tally.tried += 5;
        let placed = app
            .post_form("/quan-tri/bo-cuc", &admin.cookie, &blocks)
            .await;
        tally.html("blocks answer", &placed.body);
        if placed.status != StatusCode::SEE_OTHER {
            // Refused (an address, a colour, a title too long): the refusal
            // showed what was typed. Without the first link, then without
            // the block's title, it is saved.
            let mut blocks = blocks.to_vec();
            blocks.retain(|(name, _)| !name.starts_with("f_1_items_0"));
            let mut placed = app
                .post_form("/quan-tri/bo-cuc", &admin.cookie, &blocks)
                .await;
            tally.html("blocks answer", &placed.body);
            if placed.status != StatusCode::SEE_OTHER {
                // Titles are at most 100 characters: the vector's first 100.
                let short: String = vector.chars().take(100).collect();
                blocks.retain(|(name, _)| !matches!(*name, "f_0_title" | "f_1_items_1_title"));
                blocks.push(("f_0_title", &short));
                blocks.push(("f_1_items_1_title", &short));
                placed = app
                    .post_form("/quan-tri/bo-cuc", &admin.cookie, &blocks)
                    .await;
            }
            assert_eq!(placed.status, StatusCode::SEE_OTHER, "{}", placed.body);
        }
        // A note sent back with an article shows on its writer's desk and
        // on the article's edit page.
        let draft = app
            .post_form(
                "/quan-tri/bai-viet",
                &admin.cookie,
                &[
                    ("csrf", &admin.csrf),
                    ("title", "Bài gửi lại"),
                    ("body", "Đoạn."),
                    ("category_id", &news),
                ],
            )
            .await;
        let editor = draft
            .header("location")
            .split('?')
            .next()
            .expect("path")
            .to_string();
        step(&app, &admin, &editor, "submit", "").await;
        tally.tried += 1;
        tally.html(
            "send back answer",
            &step(&app, &admin, &editor, "send_back", vector).await.body,
        );
        tally
            .read(
                &app,
                Some(&admin.cookie),
                &[
                    ("desk", "/quan-tri"),
                    ("edit page with the note", editor.as_str()),
                    ("settings form", "/quan-tri/cai-dat"),
                    ("sections form", "/quan-tri/chuyen-muc"),
                    ("blocks form", "/quan-tri/bo-cuc?trang=home"),
                    ("audit log", "/quan-tri/nhat-ky"),
                ],
            )
            .await;
        tally
            .read(
                &app,
                None,
                &[
                    ("home", "/"),
                    ("section", "/tin-hoat-dong"),
                    ("directory", "/cong-thanh-phan"),
                ],
            )
            .await;
        tally.xml("site feed", &app.get("/rss.xml").await.body);
    }
    tally.finish("settings, sections, blocks, notes", vectors.len());
}

#[tokio::test]
async fn accounts_and_the_login_form_show_no_vector_as_markup() {
    let (app, admin) = portal().await;
    let vectors = corpus();
    let mut tally = Tally::default();
    let login_form = app.get("/quan-tri/dang-nhap").await;
    let login_cookie = support::cookie_pair(&login_form, "portal_login_csrf").expect("cookie");
    let login_csrf = hidden_value(&login_form.body, "csrf");
    for (i, vector) in vectors.iter().enumerate() {
        tally.tried += 2;
        let wrong = app
            .post_form(
                "/quan-tri/dang-nhap",
                &login_cookie,
                &[
                    ("login", vector),
                    ("password", vector),
                    ("csrf", &login_csrf),
                    ("next", vector),
                ],
            )
            .await;
        tally.html("login answer", &wrong.body);
        tally.tried += 2;
        let refused = app
            .post_form(
                "/quan-tri/nguoi-dung",
                &admin.cookie,
                &[
                    ("csrf", &admin.csrf),
                    ("login", vector),
                    ("name", vector),
                    ("role", vector),
                    ("password", PASSWORD),
                ],
            )
            .await;
        tally.html("new account answer", &refused.body);
        tally.tried += 1;
        let made = app
            .post_form(
                "/quan-tri/nguoi-dung",
                &admin.cookie,
                &[
                    ("csrf", &admin.csrf),
                    ("login", &format!("nguoi{i}")),
                    ("name", vector),
                    ("role", "author"),
                    ("password", PASSWORD),
                ],
            )
            .await;
        tally.html("new account answer", &made.body);
        let account = made.header("location").to_string();
        if !account.is_empty() {
            tally.html(
                "account page",
                &app.get_with_cookie(&account, &admin.cookie).await.body,
            );
        }
    }
    tally.html(
        "accounts",
        &app.get_with_cookie("/quan-tri/nguoi-dung", &admin.cookie)
            .await
            .body,
    );
    tally.html(
        "audit log",
        &app.get_with_cookie("/quan-tri/nhat-ky", &admin.cookie)
            .await
            .body,
    );
    tally.finish("accounts and login", vectors.len());
}

#[tokio::test]
async fn the_library_shows_no_vector_as_markup() {
    let (app, admin) = portal().await;
    let news = app.category_id("tin-hoat-dong").await;
    let picture = portal_services::media::draw_demo_picture(3, 120).expect("picture");
    let vectors = corpus();
    let mut tally = Tally::default();
    for vector in &vectors {
        let boundary = "----portal-attack";
        let mut body = Vec::new();
        for (field, value) in [
            ("csrf", admin.csrf.as_str()),
            ("alt", vector),
            ("credit", vector),
        ] {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\n{value}\r\n").as_bytes(),
            );
        }
        let file_name = vector.replace(['"', '\r', '\n'], "_");
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(&picture);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        tally.tried += 3;
        let uploaded = app
            .send_body_bytes(
                axum::http::Method::POST,
                "/quan-tri/thu-vien",
                &[
                    (
                        "content-type",
                        &format!("multipart/form-data; boundary={boundary}"),
                    ),
                    ("cookie", &admin.cookie),
                ],
                body,
            )
            .await;
        tally.html("upload answer", &uploaded.body);
        let Some(id) = uploaded
            .header("location")
            .split("moi=")
            .nth(1)
            .map(str::to_string)
        else {
            continue;
        };
        // The picture in an article: its alt text and credit on the page.
        let article = app
            .post_form(
                "/quan-tri/bai-viet",
                &admin.cookie,
                &[
                    ("csrf", &admin.csrf),
                    ("title", "Bài có ảnh"),
                    (
                        "body",
                        &format!(
                            "[[hình:{id}|{}|Chú thích]]",
                            vector.replace(['|', '\n'], " ")
                        ),
                    ),
                    ("cover_media_id", &id),
                    ("category_id", &news),
                ],
            )
            .await;
        let editor = article
            .header("location")
            .split('?')
            .next()
            .unwrap_or_default()
            .to_string();
        if !editor.is_empty() {
            tally.html(
                "preview with the picture",
                &app.get_with_cookie(&format!("{editor}/xem-truoc"), &admin.cookie)
                    .await
                    .body,
            );
        }
        tally
            .read(
                &app,
                Some(&admin.cookie),
                &[("library", "/quan-tri/thu-vien")],
            )
            .await;
        tally.json(
            "picker",
            &app.get_with_cookie("/quan-tri/thu-vien/chon", &admin.cookie)
                .await,
        );
    }
    tally.finish("library", vectors.len());
}

#[tokio::test]
async fn imported_captures_show_no_vector_as_markup() {
    let (app, _admin) = portal().await;
    let site = app.site().await;
    let category = portal_services::sites::category_named(&app.store, site.id, "Tin hoạt động")
        .await
        .expect("category");
    let vectors = corpus();
    let mut tally = Tally::default();
    for (i, vector) in vectors.iter().enumerate() {
        let line = vector.replace('\n', " ");
        let capture = format!(
            "PublishingPortal - Block_BanTin_Toolbar\n\n14/03/2024\nTăng cỡ chữ Giảm cỡ chữ\nTin nhập {i} {line}\n{line} sapo.\n\n PublishingPortal - Block_BanTin_ViewData\n\n{line}\n\nĐoạn thân bài có {line} ở giữa câu.\n\n{line}"
        );
        let file = app.dir.path().join(format!("capture-{i}.txt"));
        std::fs::write(&file, capture).expect("capture");
        tally.tried += 4;
        let Ok(imported) = portal_services::news::import::import_capture_file(
            &app.store,
            &site,
            &category,
            &file,
            portal_core::time::now(),
        )
        .await
        else {
            continue;
        };
        app.state.pages.clear();
        tally.html("imported article", &app.get(&imported.path).await.body);
        let id = imported
            .path
            .rsplit('-')
            .next()
            .unwrap_or_default()
            .to_string();
        tally.json(
            "API article",
            &app.get(&format!("/api/v1/articles/{id}")).await,
        );
    }
    tally.html("section", &app.get("/tin-hoat-dong").await.body);
    tally.xml("feed", &app.get("/rss.xml").await.body);
    tally.finish("importer", vectors.len());
}

#[tokio::test]
async fn news_flowing_up_and_the_estate_screen_show_no_vector_as_markup() {
    let app = TestApp::with_demo_estate().await;
    accounts::add_user(&app.store, "quantri", "", Role::Admin, PASSWORD, 1)
        .await
        .expect("admin");
    let commune = app
        .store
        .site_by_code("xa-suoi-may")
        .await
        .expect("query")
        .expect("commune");
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
    let admin = app.log_in("quantri", PASSWORD).await;
    let publisher = app
        .log_in_at("localhost", "/xa-suoi-may", "lanhdaoxa", PASSWORD)
        .await
        .unwrap_or_else(|answer| panic!("{} {}", answer.status, answer.body));
    let commune_section = app.store.categories(commune.id).await.expect("sections")[0].id;
    let province_section = app.category_id("tin-hoat-dong").await;
    let vectors = corpus();
    let mut tally = Tally::default();
    for (i, vector) in vectors.iter().enumerate() {
        // The estate screen: a sub-portal's name and hosts.
        tally.tried += 2;
        let edited = app
            .post_form(
                "/quan-tri/cong-thanh-phan/xa-ban-lim",
                &admin.cookie,
                &[
                    ("csrf", &admin.csrf),
                    ("name", vector),
                    ("hosts", vector),
                    ("kind", vector),
                ],
            )
            .await;
        tally.html("estate edit answer", &edited.body);
        tally.tried += 2;
        let added = app
            .post_form(
                "/quan-tri/cong-thanh-phan",
                &admin.cookie,
                &[
                    ("csrf", &admin.csrf),
                    ("code", vector),
                    ("name", vector),
                    ("parent", vector),
                ],
            )
            .await;
        tally.html("estate add answer", &added.body);

        // A commune article proposed, declined with a note, proposed again
        // and approved under another title and lead.
        let origin = app
            .store
            .create_article(
                &portal_store::NewArticle {
                    site_id: commune.id,
                    slug: format!("tin-xa-{i}"),
                    status: portal_core::ArticleStatus::Published,
                    content: portal_core::ArticleContent {
                        title: format!("Tin xã số {i}"),
                        category_ids: vec![commune_section],
                        publish_at: Some(1),
                        ..Default::default()
                    },
                },
                2,
            )
            .await
            .expect("origin");
        let propose = format!("/xa-suoi-may/quan-tri/bai-viet/{origin}/de-xuat");
        let proposal = || async {
            app.post_form(&propose, &publisher.cookie, &[("csrf", &publisher.csrf)])
                .await;
            app.store
                .syndications_of(origin)
                .await
                .expect("query")
                .first()
                .expect("proposed")
                .id
        };
        let first = proposal().await;
        tally.tried += 1;
        app.post_form(
            &format!("/quan-tri/tin-co-so/{first}/tu-choi"),
            &admin.cookie,
            &[("csrf", &admin.csrf), ("note", vector)],
        )
        .await;
        let again = proposal().await;
        tally.tried += 2;
        let approved = app
            .post_form(
                &format!("/quan-tri/tin-co-so/{again}/duyet"),
                &admin.cookie,
                &[
                    ("csrf", &admin.csrf),
                    ("category_id", &province_section),
                    ("title", vector),
                    ("lead", vector),
                ],
            )
            .await;
        tally.html("approval answer", &approved.body);
        let copy = app
            .store
            .syndications_of(origin)
            .await
            .expect("query")
            .first()
            .and_then(|s| s.copy_id);
        let pages = [
            ("estate screen", "/quan-tri/cong-thanh-phan"),
            ("review queue", "/quan-tri/tin-co-so"),
        ];
        if let Some(copy) = copy
            && let Some(article) = app
                .store
                .article(app.site().await.id, copy)
                .await
                .expect("query")
        {
            tally
                .read(&app, None, &[("carried copy", &article.path())])
                .await;
        }
        tally.read(&app, Some(&admin.cookie), &pages).await;
        tally
            .read(
                &app,
                Some(&publisher.cookie),
                &[(
                    "commune article with the note",
                    &format!("/xa-suoi-may/quan-tri/bai-viet/{origin}"),
                )],
            )
            .await;
        tally
            .read(
                &app,
                None,
                &[
                    ("province home", "/"),
                    ("directory", "/cong-thanh-phan"),
                    ("renamed commune", "/xa-ban-lim/"),
                ],
            )
            .await;
    }
    app.settled().await;
    tally.xml("province feed", &app.get("/rss.xml").await.body);
    tally.finish("news flowing up, the estate screen", vectors.len());
}

const SETUP_FIELDS: [&str; 9] = [
    "name",
    "agency",
    "address",
    "phone",
    "email",
    "licence",
    "responsible",
    "login",
    "display_name",
];

#[tokio::test]
async fn the_first_run_set_up_shows_no_vector_as_markup() {
    let app = TestApp::new().await;
    let code = app.state.setup_token.clone();
    let form = app.get(&format!("/quan-tri/thiet-lap?ma={code}")).await;
    let cookie = support::cookie_pair(&form, "portal_login_csrf").expect("form cookie");
    let csrf = hidden_value(&form.body, "csrf");
    let vectors = corpus();
    let mut tally = Tally::default();
    for vector in &vectors {
        // Two different passwords: refused, every field given back.
        let mut fields: Vec<(&str, &str)> = vec![
            ("csrf", &csrf),
            ("ma", vector),
            ("password", "mật khẩu một lần"),
            ("password_again", "mật khẩu hai lần"),
        ];
        fields.extend(SETUP_FIELDS.iter().map(|name| (*name, vector.as_str())));
        tally.tried += SETUP_FIELDS.len() + 1;
        let refused = app.post_form("/quan-tri/thiet-lap", &cookie, &fields).await;
        tally.html("refused set-up form", &refused.body);
        let with_code: Vec<(&str, &str)> = fields
            .iter()
            .map(|(name, value)| {
                if *name == "ma" {
                    (*name, code.as_str())
                } else {
                    (*name, *value)
                }
            })
            .collect();
        let refused = app
            .post_form("/quan-tri/thiet-lap", &cookie, &with_code)
            .await;
        tally.html("refused set-up form with the code", &refused.body);
    }
    // Set up for real with a vector in every field the site shows.
    let vector = vectors
        .iter()
        .find(|v| v.contains('<'))
        .expect("a markup vector");
    let mut fields: Vec<(&str, &str)> = vec![
        ("csrf", &csrf),
        ("ma", &code),
        ("login", "quantri"),
        ("password", PASSWORD),
        ("password_again", PASSWORD),
    ];
    fields.extend(
        SETUP_FIELDS
            .iter()
            .filter(|name| !matches!(**name, "login" | "email"))
            .map(|name| (*name, vector.as_str())),
    );
    let done = app.post_form("/quan-tri/thiet-lap", &cookie, &fields).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    tally.read(&app, None, &[("home after set-up", "/")]).await;
    tally.finish("first-run set-up", vectors.len());
}

#[tokio::test]
async fn documents_show_no_vector_as_markup() {
    let (app, _admin) = portal().await;
    let site = app.site().await;
    let vectors = corpus();
    let mut tally = Tally::default();
    for (i, vector) in vectors.iter().enumerate() {
        let document = portal_core::document::Document {
            id: 0,
            site_id: site.id,
            number: format!("{i}/QĐ-UBND {vector}"),
            kind: vector.clone(),
            issuer: vector.clone(),
            signer: vector.clone(),
            signer_title: vector.clone(),
            fields: vec![vector.clone()],
            issued_on: Some(1_700_000_000),
            effective_on: None,
            expires_on: None,
            validity_set: None,
            summary: vector.clone(),
            full_text: vector.clone(),
            status: portal_core::document::DocumentStatus::Published,
            replaced_since: None,
            updated_at: 0,
        };
        tally.tried += 7;
        let saved = portal_services::documents::save(&app.store, &document, 1)
            .await
            .expect("saved");
        let id = match saved {
            portal_store::Saved::Created(id)
            | portal_store::Saved::Updated(id)
            | portal_store::Saved::Unchanged(id) => id,
        };
        tally
            .read(
                &app,
                None,
                &[
                    ("document page", &format!("/van-ban/{id}")),
                    ("documents list", "/van-ban"),
                ],
            )
            .await;
        tally.json(
            "documents API",
            &app.get("/api/v1/documents?per_page=5").await,
        );
        tally.xml("documents feed", &app.get("/van-ban/rss.xml").await.body);
        tally.xml("sitemap", &app.get("/sitemap.xml").await.body);
        tally.html(
            "search with documents",
            &app.get(&format!(
                "/tim-kiem?q={}",
                form_encode(&format!("{i}/QĐ-UBND"))
            ))
            .await
            .body,
        );
        tally.json(
            "document API",
            &app.get(&format!("/api/v1/documents/{id}")).await,
        );
    }
    tally.finish("documents", vectors.len());
}

const SCHEDULE_FIELDS: [&str; 7] = [
    "leaders",
    "content",
    "place",
    "participants",
    "preparer",
    "note",
    "time",
];

#[tokio::test]
async fn the_work_schedule_shows_no_vector_as_markup() {
    let (app, admin) = portal().await;
    let vectors = corpus();
    let mut tally = Tally::default();
    for vector in &vectors {
        let mut form = vec![
            ("csrf", admin.csrf.as_str()),
            ("date", "2031-03-04"),
            ("content", "Họp giao ban"),
        ];
        for field in SCHEDULE_FIELDS {
            form.retain(|(name, _)| *name != field);
            form.push((field, vector.as_str()));
        }
        tally.tried += SCHEDULE_FIELDS.len();
        let answer = app
            .post_form("/quan-tri/lich-cong-tac", &admin.cookie, &form)
            .await;
        // A vector as the time is refused, the form shown again with it.
        tally.html("schedule form", &answer.body);
        form.retain(|(name, _)| *name != "time");
        let saved = app
            .post_form("/quan-tri/lich-cong-tac", &admin.cookie, &form)
            .await;
        if saved.status != StatusCode::SEE_OTHER {
            tally.html("schedule form refused", &saved.body);
        }
        let filter = format!(
            "/lich-cong-tac?tuan=2031-W10&lanh_dao={}",
            form_encode(vector)
        );
        let week = format!("/lich-cong-tac?tuan={}", form_encode(vector));
        tally
            .read(
                &app,
                None,
                &[
                    ("schedule week", "/lich-cong-tac?tuan=2031-W10"),
                    ("schedule filtered", &filter),
                    ("schedule bad week", &week),
                ],
            )
            .await;
        tally
            .read(
                &app,
                Some(&admin.cookie),
                &[("schedule screen", "/quan-tri/lich-cong-tac?tuan=2031-W10")],
            )
            .await;
    }
    // The feed is text for calendar programs: it must stay one calendar.
    let feed = app.get("/lich-cong-tac.ics").await;
    assert!(feed.body.starts_with("BEGIN:VCALENDAR"));
    assert_eq!(feed.body.matches("BEGIN:VCALENDAR").count(), 1);
    assert_eq!(
        feed.body.matches("BEGIN:VEVENT").count(),
        feed.body.matches("END:VEVENT").count()
    );
    tally.finish("work schedule", vectors.len());
}

const MENU_FIELDS: [&str; 3] = ["label", "target", "value"];

#[tokio::test]
async fn menus_show_no_vector_as_markup() {
    let (app, admin) = portal().await;
    let vectors = corpus();
    let mut tally = Tally::default();
    for vector in &vectors {
        let label = vector.chars().take(60).collect::<String>();
        for (menu, target) in [("chinh", "address"), ("chan-trang", "documents")] {
            let form = [
                ("csrf", admin.csrf.as_str()),
                ("label.0", label.as_str()),
                ("target.0", target),
                ("value.0", vector.as_str()),
                ("label.1", "Văn bản"),
                ("target.1", vector.as_str()),
            ];
            tally.tried += MENU_FIELDS.len();
            let answer = app
                .post_form(&format!("/quan-tri/menu/{menu}"), &admin.cookie, &form)
                .await;
            tally.html("menu form", &answer.body);
            let form = [
                ("csrf", admin.csrf.as_str()),
                ("label.0", label.as_str()),
                ("target.0", target),
                ("value.0", vector.as_str()),
            ];
            let answer = app
                .post_form(&format!("/quan-tri/menu/{menu}"), &admin.cookie, &form)
                .await;
            if answer.status != StatusCode::SEE_OTHER {
                tally.html("menu form refused", &answer.body);
            }
        }
        tally
            .read(&app, None, &[("home", "/"), ("site map", "/so-do-cong")])
            .await;
        tally
            .read(
                &app,
                Some(&admin.cookie),
                &[("menu screen", "/quan-tri/menu")],
            )
            .await;
    }
    tally.finish("menus", vectors.len());
}

const UNIT_FIELDS: [&str; 11] = [
    "name",
    "name_en",
    "head",
    "head_title",
    "head_title_en",
    "address",
    "phone",
    "email",
    "duties",
    "duties_en",
    "position",
];

#[tokio::test]
async fn the_organisation_shows_no_vector_as_markup() {
    let (app, admin) = portal().await;
    let vectors = corpus();
    let mut tally = Tally::default();
    for vector in &vectors {
        // Every field at once (refused where a phone or e-mail cannot be
        // one, shown again), then the free-text fields alone (kept).
        let mut form = vec![("csrf", admin.csrf.as_str())];
        for field in UNIT_FIELDS {
            form.push((field, vector.as_str()));
        }
        tally.tried += UNIT_FIELDS.len();
        let answer = app
            .post_form("/quan-tri/co-cau-to-chuc", &admin.cookie, &form)
            .await;
        tally.html("unit form", &answer.body);
        form.retain(|(name, _)| !matches!(*name, "phone" | "email" | "position" | "parent_id"));
        let saved = app
            .post_form("/quan-tri/co-cau-to-chuc", &admin.cookie, &form)
            .await;
        if saved.status != StatusCode::SEE_OTHER {
            tally.html("unit form refused", &saved.body);
        }
        let id = saved
            .header("location")
            .rsplit('=')
            .next()
            .unwrap_or_default()
            .to_string();
        tally
            .read(
                &app,
                None,
                &[
                    ("organisation", "/co-cau-to-chuc"),
                    ("unit", &format!("/co-cau-to-chuc/{id}")),
                ],
            )
            .await;
        tally
            .read(
                &app,
                Some(&admin.cookie),
                &[
                    ("organisation screen", "/quan-tri/co-cau-to-chuc"),
                    ("unit form", &format!("/quan-tri/co-cau-to-chuc?sua={id}")),
                ],
            )
            .await;
    }
    tally.finish("organisation", vectors.len());
}

const DOCUMENT_FIELDS: [&str; 15] = [
    "number",
    "kind",
    "issuer",
    "signer",
    "signer_title",
    "fields",
    "issued",
    "effective",
    "expires",
    "validity",
    "summary",
    "full_text",
    "replaces",
    "amends",
    "related",
];

#[tokio::test]
async fn the_documents_desk_shows_no_vector_as_markup() {
    let (app, admin) = portal().await;
    let vectors = corpus();
    let mut tally = Tally::default();
    for (i, vector) in vectors.iter().enumerate() {
        // Every field at once (refused, shown again as typed), then the
        // free-text fields alone (published and shown to readers).
        let mut form = vec![
            ("csrf", admin.csrf.as_str()),
            ("intent", "dang"),
            ("revision", "0"),
        ];
        for field in DOCUMENT_FIELDS {
            form.push((field, vector.as_str()));
        }
        form.push(("files", vector.as_str()));
        tally.tried += DOCUMENT_FIELDS.len() + 1;
        let answer = app
            .post_form("/quan-tri/van-ban", &admin.cookie, &form)
            .await;
        tally.html("document form", &answer.body);
        let number = format!("{i}/QĐ-UBND {vector}");
        let form = [
            ("csrf", admin.csrf.as_str()),
            ("intent", "dang"),
            ("revision", "0"),
            ("number", number.as_str()),
            ("kind", "Quyết định"),
            ("issuer", vector.as_str()),
            ("signer", vector.as_str()),
            ("signer_title", vector.as_str()),
            ("fields", vector.as_str()),
            ("summary", vector.as_str()),
            ("full_text", vector.as_str()),
        ];
        let saved = app
            .post_form("/quan-tri/van-ban", &admin.cookie, &form)
            .await;
        if saved.status != StatusCode::SEE_OTHER {
            tally.html("document form refused", &saved.body);
            continue;
        }
        let id = saved
            .header("location")
            .trim_start_matches("/quan-tri/van-ban/")
            .split('?')
            .next()
            .unwrap_or_default()
            .to_string();
        tally
            .read(&app, None, &[("document page", &format!("/van-ban/{id}"))])
            .await;
        tally
            .read(
                &app,
                Some(&admin.cookie),
                &[
                    ("document editor", &format!("/quan-tri/van-ban/{id}")),
                    ("documents desk", "/quan-tri/van-ban"),
                ],
            )
            .await;
    }
    let types = app
        .post_form(
            "/quan-tri/van-ban/loai",
            &admin.cookie,
            &[("csrf", &admin.csrf), ("types", &vectors.join("\n"))],
        )
        .await;
    tally.html("types form", &types.body);
    tally
        .read(
            &app,
            Some(&admin.cookie),
            &[("documents desk", "/quan-tri/van-ban")],
        )
        .await;
    tally
        .read(&app, None, &[("documents list", "/van-ban")])
        .await;
    tally.finish("documents desk", vectors.len());
}

const QUESTION_FIELDS: [&str; 6] = ["name", "email", "phone", "address", "title", "body"];

/// A tracking code on the page that confirms an item, if any.
fn tracking_code(html: &str) -> Option<String> {
    let document = scraper::Html::parse_document(html);
    let selector = scraper::Selector::parse(".tracking-code strong").expect("selector");
    document
        .select(&selector)
        .next()
        .map(|code| code.text().collect())
}

#[tokio::test]
async fn citizens_questions_show_no_vector_as_markup() {
    let app = TestApp::with_config(portal_web::WebConfig {
        form_limits: portal_web::citizens::guard::FormLimits {
            per_address_per_hour: 100_000,
            per_site_per_minute: 100_000,
        },
        ..Default::default()
    })
    .await;
    for (login, role) in [("quantri", Role::Admin)] {
        accounts::add_user(&app.store, login, "", role, PASSWORD, 1)
            .await
            .expect("user");
    }
    let admin = app.log_in("quantri", PASSWORD).await;
    let vectors = corpus();
    let mut tally = Tally::default();

    // The site's fields: every vector a field to choose.
    let fields: Vec<&str> = vectors
        .iter()
        .map(String::as_str)
        .filter(|v| v.chars().count() <= 200 && !v.contains('\n'))
        .take(100)
        .collect();
    let joined = fields.join("\n");
    let saved = app
        .post_form(
            "/quan-tri/hoi-dap/cai-dat",
            &admin.cookie,
            &[
                ("csrf", &admin.csrf),
                ("answer_days", "15"),
                ("retention_days", "730"),
                ("fields", &joined),
            ],
        )
        .await;
    tally.tried += 1;
    tally.html("questions settings", &saved.body);
    tally
        .read(
            &app,
            Some(&admin.cookie),
            &[("questions settings screen", "/quan-tri/hoi-dap/cai-dat")],
        )
        .await;

    for (i, vector) in vectors.iter().enumerate() {
        // Every field at once: refused (a vector is no e-mail), shown back.
        let form = app.public_form("/hoi-dap/dat-cau-hoi").await;
        tally.html("question form", &form.page.body);
        let every: Vec<(&str, &str)> = QUESTION_FIELDS
            .iter()
            .map(|f| (*f, vector.as_str()))
            .collect();
        let back = app
            .send_public("/hoi-dap/dat-cau-hoi", &form, &every, None, "")
            .await;
        tally.tried += QUESTION_FIELDS.len();
        tally.html("question form refused", &back.body);

        // Taken: the vector as name, address, title, text, field and file
        // name, with a real e-mail.
        let field = fields.get(i % fields.len().max(1)).copied().unwrap_or("");
        let form = app.public_form("/hoi-dap/phan-anh").await;
        let taken = app
            .send_public(
                "/hoi-dap/phan-anh",
                &form,
                &[
                    ("name", vector),
                    ("email", "nguoidan@example.vn"),
                    ("address", vector),
                    ("field", field),
                    ("title", &format!("Phản ánh {i} {vector}")),
                    ("body", vector),
                ],
                Some((vector, b"%PDF-1.4\n%%EOF\n")),
                "",
            )
            .await;
        tally.tried += 6;
        tally.html("question received", &taken.body);
        let Some(code) = tracking_code(&taken.body) else {
            // Too long for a field: refused and shown back, read above.
            continue;
        };
        let found = app.public_form("/hoi-dap/tra-cuu").await;
        let status = app
            .send_public(
                "/hoi-dap/tra-cuu",
                &found,
                &[("code", &code), ("contact", "nguoidan@example.vn")],
                None,
                "",
            )
            .await;
        tally.html("question status", &status.body);
        let lookup = app.public_form("/hoi-dap/tra-cuu").await;
        let missed = app
            .send_public(
                "/hoi-dap/tra-cuu",
                &lookup,
                &[("code", vector), ("contact", vector)],
                None,
                "",
            )
            .await;
        tally.tried += 2;
        tally.html("question status refused", &missed.body);

        // The office answers with the vector and publishes it.
        let site = app.site().await;
        let item = app
            .store
            .question_by_code(site.id, &code)
            .await
            .expect("read")
            .expect("stored");
        let path = format!("/quan-tri/hoi-dap/{}", item.id);
        tally
            .read(&app, Some(&admin.cookie), &[("question screen", &path)])
            .await;
        let revision = item.revision.to_string();
        let (step, text_field) = if i % 2 == 0 {
            ("duyet", "answer")
        } else {
            ("tu-choi", "reason")
        };
        let answered = app
            .post_form(
                &path,
                &admin.cookie,
                &[
                    ("csrf", &admin.csrf),
                    ("revision", &revision),
                    ("step", step),
                    (text_field, vector),
                    ("publish", "1"),
                ],
            )
            .await;
        tally.tried += 1;
        if answered.status != StatusCode::SEE_OTHER {
            tally.html("question answer refused", &answered.body);
        }
        tally
            .read(
                &app,
                None,
                &[
                    ("questions list", "/hoi-dap"),
                    ("question page", &format!("/hoi-dap/{}", item.id)),
                    (
                        "questions search",
                        &format!("/hoi-dap?q={}", form_encode(&format!("Phản ánh {i}"))),
                    ),
                    (
                        "questions field",
                        &format!("/hoi-dap?linh-vuc={}", form_encode(vector)),
                    ),
                    (
                        "site search",
                        &format!("/tim-kiem?q={}", form_encode(&format!("Phản ánh {i}"))),
                    ),
                ],
            )
            .await;
        tally
            .read(
                &app,
                Some(&admin.cookie),
                &[
                    ("question screen answered", &path),
                    ("questions queue", "/quan-tri/hoi-dap"),
                    ("audit log", "/quan-tri/nhat-ky"),
                ],
            )
            .await;
    }
    // Every mail is text; each holds the vector as typed, never a header
    // of its own (a line break in a subject would start one).
    for queued in app.store.outbox(10_000).await.expect("outbox") {
        assert!(
            !queued.mail.subject.contains('\n'),
            "{:?}",
            queued.mail.subject
        );
    }
    tally.finish("citizens' questions", vectors.len());
}

const CONTACT_FIELDS: [&str; 6] = ["name", "email", "phone", "address", "subject", "body"];

#[tokio::test]
async fn contact_messages_show_no_vector_as_markup() {
    let app = TestApp::with_config(portal_web::WebConfig {
        form_limits: portal_web::citizens::guard::FormLimits {
            per_address_per_hour: 100_000,
            per_site_per_minute: 100_000,
        },
        ..Default::default()
    })
    .await;
    accounts::add_user(&app.store, "quantri", "", Role::Admin, PASSWORD, 1)
        .await
        .expect("user");
    let admin = app.log_in("quantri", PASSWORD).await;
    let site = app.site().await;
    let vectors = corpus();
    let mut tally = Tally::default();
    for vector in &vectors {
        let unit = app
            .store
            .save_unit(
                &portal_core::organisation::Unit {
                    site_id: site.id,
                    // As the organisation's form keeps it (PostgreSQL
                    // takes no NUL).
                    name: portal_core::text::normalize_inline(vector)
                        .chars()
                        .take(200)
                        .collect(),
                    ..Default::default()
                },
                1,
            )
            .await
            .expect("unit")
            .expect("saved")
            .to_string();
        let chosen = format!("/lien-he-truc-tuyen?don-vi={}", form_encode(vector));
        tally
            .read(&app, None, &[("contact form chosen", &chosen)])
            .await;
        let form = app.public_form("/lien-he-truc-tuyen").await;
        let every: Vec<(&str, &str)> = CONTACT_FIELDS
            .iter()
            .map(|f| (*f, vector.as_str()))
            .chain([("unit", vector.as_str())])
            .collect();
        let back = app
            .send_public("/lien-he-truc-tuyen", &form, &every, None, "")
            .await;
        tally.tried += CONTACT_FIELDS.len() + 1;
        tally.html("contact form refused", &back.body);
        let form = app.public_form("/lien-he-truc-tuyen").await;
        let taken = app
            .send_public(
                "/lien-he-truc-tuyen",
                &form,
                &[
                    ("unit", &unit),
                    ("name", vector),
                    ("email", "nguoidan@example.vn"),
                    ("address", vector),
                    ("subject", vector),
                    ("body", vector),
                ],
                None,
                "",
            )
            .await;
        tally.tried += 4;
        tally.html("contact sent", &taken.body);
        let Some(message) = app
            .store
            .inbox(site.id, None, None, 1)
            .await
            .expect("inbox")
            .into_iter()
            .next()
        else {
            continue;
        };
        let path = format!("/quan-tri/lien-he/{}", message.id);
        tally
            .read(&app, Some(&admin.cookie), &[("contact message", &path)])
            .await;
        let replied = app
            .post_form(
                &path,
                &admin.cookie,
                &[
                    ("csrf", &admin.csrf),
                    ("step", "tra-loi"),
                    ("reply", vector),
                ],
            )
            .await;
        tally.tried += 1;
        if replied.status != StatusCode::SEE_OTHER {
            tally.html("contact reply refused", &replied.body);
        }
        tally
            .read(
                &app,
                Some(&admin.cookie),
                &[
                    ("contact message replied", &path),
                    ("contact inbox", "/quan-tri/lien-he"),
                    ("unit inbox", &format!("/quan-tri/lien-he?don-vi={unit}")),
                ],
            )
            .await;
    }
    tally.finish("contact", vectors.len());
}

#[tokio::test]
async fn polls_show_no_vector_as_markup() {
    let app = TestApp::with_config(portal_web::WebConfig {
        form_limits: portal_web::citizens::guard::FormLimits {
            per_address_per_hour: 100_000,
            per_site_per_minute: 100_000,
        },
        ..Default::default()
    })
    .await;
    accounts::add_user(&app.store, "quantri", "", Role::Admin, PASSWORD, 1)
        .await
        .expect("user");
    let admin = app.log_in("quantri", PASSWORD).await;
    let vectors = corpus();
    let mut tally = Tally::default();
    let opens = portal_core::time::format_iso(portal_core::time::now() - 60)[..16].to_string();
    for vector in &vectors {
        for fields in [
            vec![
                ("question", vector.as_str()),
                ("choices", "Có\nKhông"),
                ("opens", &opens),
            ],
            vec![
                ("question", "Câu hỏi"),
                ("choices", &format!("{vector}\nKhông")),
                ("opens", &opens),
            ],
            vec![
                ("question", "Câu hỏi"),
                ("choices", "Có\nKhông"),
                ("opens", vector.as_str()),
            ],
            vec![
                ("question", "Câu hỏi"),
                ("choices", "Có\nKhông"),
                ("opens", &opens),
                ("closes", vector.as_str()),
            ],
        ] {
            let mut form = vec![("csrf", admin.csrf.as_str())];
            form.extend(fields);
            let answer = app
                .post_form("/quan-tri/tham-do", &admin.cookie, &form)
                .await;
            tally.tried += 1;
            if answer.status != StatusCode::SEE_OTHER {
                tally.html("poll form refused", &answer.body);
            }
        }
        let site = app.site().await;
        let Some(poll) =
            portal_services::polls::current(&app.store, &site, portal_core::time::now())
                .await
                .expect("read")
        else {
            continue;
        };
        let chosen = format!("{}?chon={}", poll.path(), form_encode(vector));
        tally
            .read(
                &app,
                None,
                &[
                    ("home with the poll block", "/"),
                    ("polls", "/tham-do"),
                    ("poll", &poll.path()),
                    ("poll chosen", &chosen),
                ],
            )
            .await;
        let form = app.public_form(&poll.path()).await;
        let voted = app
            .send_public(&poll.path(), &form, &[("choice", vector)], None, "")
            .await;
        tally.tried += 1;
        tally.html("poll vote refused", &voted.body);
        tally
            .read(
                &app,
                Some(&admin.cookie),
                &[("polls screen", "/quan-tri/tham-do")],
            )
            .await;
    }
    tally.finish("polls", vectors.len());
}

const COMMENT_FIELDS: [&str; 5] = ["name", "organisation", "email", "article", "body"];

#[tokio::test]
async fn draft_comments_show_no_vector_as_markup() {
    let app = TestApp::with_config(portal_web::WebConfig {
        form_limits: portal_web::citizens::guard::FormLimits {
            per_address_per_hour: 100_000,
            per_site_per_minute: 100_000,
        },
        ..Default::default()
    })
    .await;
    portal_services::demo::seed_demo(&app.store, &app.state.media, portal_core::time::now())
        .await
        .expect("demo");
    accounts::add_user(&app.store, "quantri", "", Role::Admin, PASSWORD, 1)
        .await
        .expect("user");
    let admin = app.log_in("quantri", PASSWORD).await;
    let site = app.site().await;
    let draft = portal_services::consultations::drafts(&app.store, &site)
        .await
        .expect("drafts")[0]
        .document
        .id;
    let form_path = format!("/van-ban/{draft}/gop-y");
    let office = format!("/quan-tri/lay-y-kien/{draft}");
    let vectors = corpus();
    let mut tally = Tally::default();
    for vector in &vectors {
        // The dates as a vector: refused, shown back.
        let dates = app
            .post_form(
                &office,
                &admin.cookie,
                &[("csrf", &admin.csrf), ("opens", vector), ("closes", vector)],
            )
            .await;
        tally.tried += 2;
        tally.html("consultation dates refused", &dates.body);
        // Every field a vector (no e-mail): refused, shown back.
        let form = app.public_form(&form_path).await;
        let every: Vec<(&str, &str)> = COMMENT_FIELDS
            .iter()
            .map(|f| (*f, vector.as_str()))
            .collect();
        let back = app.send_public(&form_path, &form, &every, None, "").await;
        tally.tried += COMMENT_FIELDS.len();
        tally.html("comment form refused", &back.body);
        // Taken with a real e-mail, then published.
        let form = app.public_form(&form_path).await;
        let taken = app
            .send_public(
                &form_path,
                &form,
                &[
                    ("name", vector),
                    ("organisation", vector),
                    ("email", "nguoidan@example.vn"),
                    ("article", vector),
                    ("body", vector),
                ],
                None,
                "",
            )
            .await;
        tally.html("comment sent", &taken.body);
        let latest = app
            .store
            .comments(site.id, draft, None)
            .await
            .expect("comments")
            .into_iter()
            .last()
            .expect("a comment");
        let moderated = app
            .post_form(
                &format!("{office}/y-kien/{}", latest.id),
                &admin.cookie,
                &[("csrf", &admin.csrf), ("status", "published")],
            )
            .await;
        assert_eq!(moderated.status, StatusCode::SEE_OTHER);
        tally
            .read(
                &app,
                None,
                &[
                    ("draft page", &format!("/van-ban/{draft}")),
                    ("drafts", "/lay-y-kien"),
                ],
            )
            .await;
        tally
            .read(
                &app,
                Some(&admin.cookie),
                &[
                    ("consultation screen", &office),
                    ("consultations", "/quan-tri/lay-y-kien"),
                ],
            )
            .await;
    }
    tally.finish("draft comments", vectors.len());
}

#[tokio::test]
async fn statistics_show_no_vector_as_markup() {
    let (app, admin) = portal().await;
    let site = app.site().await.id;
    let vectors = corpus();
    let mut tally = Tally::default();
    // Visits and reads of articles whose titles and bylines are vectors.
    let start = portal_core::time::parse_vietnamese_date("02/11/2020").expect("date") + 8 * 3600;
    for (i, vector) in vectors.iter().enumerate().take(40) {
        let (id, _) = app
            .article(
                &format!("{i} {vector}"),
                "Tin hoạt động",
                portal_core::ArticleStatus::Published,
                start,
            )
            .await;
        app.views.record(
            portal_core::ArticleId(id),
            &portal_services::views::Visitor {
                address: &format!("198.51.100.{i}"),
                user_agent: support::READER_AGENT,
            },
            start + 86_400,
        );
    }
    app.views.visit(
        site,
        &portal_services::views::Visitor {
            address: "203.0.113.1",
            user_agent: support::READER_AGENT,
        },
        start,
    );
    app.views.flush().await;
    tally
        .read(
            &app,
            Some(&admin.cookie),
            &[(
                "statistics",
                "/quan-tri/thong-ke?tu=2020-11-01&den=2020-11-30",
            )],
        )
        .await;
    for vector in &vectors {
        let encoded = form_encode(vector);
        tally.tried += 3;
        tally
            .read(
                &app,
                Some(&admin.cookie),
                &[
                    (
                        "statistics from",
                        &format!("/quan-tri/thong-ke?tu={encoded}"),
                    ),
                    (
                        "statistics until",
                        &format!("/quan-tri/thong-ke?den={encoded}"),
                    ),
                    (
                        "statistics table",
                        &format!("/quan-tri/thong-ke.csv?bang={encoded}"),
                    ),
                ],
            )
            .await;
    }
    tally
        .read(&app, None, &[("home with the visits block", "/")])
        .await;
    tally.finish("statistics", vectors.len());
}
