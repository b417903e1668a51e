//! RSS feeds and the sitemap, parsed as XML the way a reader app would.

mod support;

use axum::http::StatusCode;
use portal_core::ArticleStatus;
use portal_core::time::now;
use support::TestApp;

fn items(xml: &str) -> Vec<(String, String)> {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("feed parses: {e}\n{xml}"));
    let rss = doc.root_element();
    assert_eq!(rss.tag_name().name(), "rss");
    assert_eq!(rss.attribute("version"), Some("2.0"));
    let channel = rss
        .children()
        .find(|n| n.has_tag_name("channel"))
        .expect("channel");
    assert!(channel.children().any(|n| n.has_tag_name("title")));
    channel
        .children()
        .filter(|n| n.has_tag_name("item"))
        .map(|item| {
            let text = |tag: &str| {
                item.children()
                    .find(|n| n.has_tag_name(tag))
                    .and_then(|n| n.text())
                    .unwrap_or_else(|| panic!("item has {tag}"))
                    .to_string()
            };
            assert!(text("pubDate").ends_with("+0700"));
            assert_eq!(text("guid"), text("link"));
            (text("title"), text("link"))
        })
        .collect()
}

#[tokio::test]
async fn the_site_feed_lists_the_newest_public_articles() {
    let app = TestApp::with_demo().await;
    app.article(
        "Tin nháp <không> đăng & ẩn",
        "Tin hoạt động",
        ArticleStatus::Draft,
        now() - 10,
    )
    .await;
    let (_, path) = app
        .article(
            "Tin có ký tự <đặc biệt> & \"ngoặc\"",
            "Tin hoạt động",
            ArticleStatus::Published,
            now() - 10,
        )
        .await;
    let feed = app.get("/rss.xml").await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(
        feed.header("content-type")
            .starts_with("application/rss+xml")
    );
    let items = items(&feed.body);
    assert_eq!(items.len(), 13);
    assert_eq!(items[0].0, "Tin có ký tự <đặc biệt> & \"ngoặc\"");
    assert_eq!(items[0].1, format!("http://localhost{path}"));
    assert!(!items.iter().any(|(title, _)| title.contains("nháp")));
}

#[tokio::test]
async fn a_category_feed_has_only_that_category() {
    let app = TestApp::with_demo().await;
    let feed = app.get("/van-hoa-du-lich/rss.xml").await;
    assert_eq!(feed.status, StatusCode::OK);
    let items = items(&feed.body);
    assert_eq!(items.len(), 3);
    assert!(
        items
            .iter()
            .all(|(_, link)| link.starts_with("http://localhost/van-hoa-du-lich/"))
    );
    assert_eq!(
        app.get("/khong-co/rss.xml").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_sitemap_lists_home_categories_and_articles() {
    let app = TestApp::with_demo().await;
    let (_, draft) = app
        .article(
            "Bản nháp",
            "Tin hoạt động",
            ArticleStatus::Draft,
            now() - 10,
        )
        .await;
    let sitemap = app.get("/sitemap.xml").await;
    assert_eq!(sitemap.status, StatusCode::OK);
    let doc = roxmltree::Document::parse(&sitemap.body).expect("sitemap parses");
    assert_eq!(doc.root_element().tag_name().name(), "urlset");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    // Home, the sections, the articles, the three standing pages, the
    // official information (documents, schedule, organisation, site map),
    // the citizens' pages (questions, drafts, polls), the six documents
    // and the two published answers.
    assert_eq!(locs.len(), 1 + 4 + 12 + 3 + 4 + 3 + 6 + 2);
    assert!(locs.contains(&"http://localhost/hoi-dap"));
    assert!(locs.contains(&"http://localhost/gioi-thieu"));
    assert!(locs.contains(&"http://localhost/"));
    assert!(locs.contains(&"http://localhost/kinh-te-xa-hoi"));
    assert!(!locs.iter().any(|loc| loc.ends_with(&draft)));
    let robots = app.get("/robots.txt").await;
    assert!(
        robots
            .body
            .contains("Sitemap: http://localhost/sitemap.xml")
    );
}

#[tokio::test]
async fn feed_readers_get_text_where_we_wrote_text() {
    let app = TestApp::with_demo().await;
    let mut site = app.site().await;
    site.agency = "Ủy ban <script>alert(1)</script>".into();
    app.store.update_site(&site).await.expect("site");
    app.article(
        "Tin <img src=x onerror=alert(1)> & <b>đậm</b>",
        "Tin hoạt động",
        ArticleStatus::Published,
        now() - 10,
    )
    .await;
    let xml = app.get("/rss.xml").await.body;
    // A real feed parser, then its descriptions read as HTML, as readers do.
    let feed = feed_rs::parser::parse(xml.as_bytes()).expect("the feed parses");
    let channel_description = feed.description.expect("channel description").content;
    let item = feed
        .entries
        .iter()
        .find(|e| e.title.as_ref().is_some_and(|t| t.content.contains("đậm")))
        .expect("the article is in the feed");
    let item_description = item.summary.as_ref().expect("description").content.clone();
    for (what, html) in [
        ("channel", &channel_description),
        ("item", &item_description),
    ] {
        let fragment = scraper::Html::parse_fragment(html);
        let elements = fragment
            .root_element()
            .descendants()
            .skip(1) // the fragment's own <html>
            .filter(|n| n.value().is_element())
            .count();
        assert_eq!(elements, 0, "{what} description became markup: {html}");
    }
    let shown: String = scraper::Html::parse_fragment(&item_description)
        .root_element()
        .text()
        .collect();
    assert!(shown.contains("<img src=x onerror=alert(1)>"), "{shown}");
}
