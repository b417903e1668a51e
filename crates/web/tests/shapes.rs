//! The shapes of what other programs read (the API's JSON) and of the
//! article page (its landmarks, headings and tools), pinned as `insta`
//! snapshots: a change of shape shows in review as a changed snapshot.
//! Values (titles, dates, counts) are left out; their types stay.

mod support;

use serde_json::{Map, Value};
use support::TestApp;

/// The value with every leaf replaced by its type, and each list by its
/// first item's shape.
fn shape(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, value)| (key.clone(), shape(value)))
                .collect::<Map<_, _>>(),
        ),
        Value::Array(items) => Value::Array(items.first().map(shape).into_iter().collect()),
        Value::String(_) => "string".into(),
        Value::Number(_) => "number".into(),
        Value::Bool(_) => "bool".into(),
        Value::Null => "null".into(),
    }
}

async fn json(app: &TestApp, path: &str) -> Value {
    let answer = app.get(path).await;
    assert_eq!(answer.status, 200, "{path}");
    serde_json::from_str(&answer.body).expect("JSON")
}

#[tokio::test]
async fn the_api_keeps_its_shapes() {
    let app = TestApp::with_demo().await;
    let list = json(&app, "/api/v1/articles?per_page=2").await;
    insta::assert_json_snapshot!("api_articles", shape(&list));
    let id = list["items"][0]["id"].as_i64().expect("id");
    let article = json(&app, &format!("/api/v1/articles/{id}")).await;
    insta::assert_json_snapshot!("api_article", shape(&article));
    let found = json(&app, "/api/v1/search?q=tinh").await;
    insta::assert_json_snapshot!("api_search", shape(&found));
    let bad = app.get("/api/v1/articles?page=0").await;
    let error: Value = serde_json::from_str(&bad.body).expect("JSON");
    insta::assert_json_snapshot!("api_error", shape(&error));
}

#[tokio::test]
async fn the_article_page_keeps_its_structure() {
    let app = TestApp::with_demo().await;
    let list = json(&app, "/api/v1/articles?per_page=1").await;
    let url = list["items"][0]["url"].as_str().expect("url");
    let path = &url[url.find("://").expect("scheme") + 3..];
    let path = &path[path.find('/').expect("path")..];
    let page = app.get(path).await;
    assert_eq!(page.status, 200);
    let html = scraper::Html::parse_document(&page.body);
    let outline = scraper::Selector::parse(
        "html, header, nav, main, article, aside, footer, section, h1, h2, h3, form, \
         [role], [aria-label], button, figure",
    )
    .expect("selector");
    let lines: Vec<String> = html
        .select(&outline)
        .map(|element| {
            let depth = element.ancestors().count();
            let value = element.value();
            let mut line = format!("{}{}", "  ".repeat(depth.saturating_sub(2)), value.name());
            for attribute in ["role", "aria-label", "aria-live", "lang"] {
                if let Some(v) = value.attr(attribute) {
                    line.push_str(&format!(" {attribute}={v:?}"));
                }
            }
            if let Some(class) = value.attr("class") {
                line.push_str(&format!(
                    " .{}",
                    class.split_whitespace().collect::<Vec<_>>().join(".")
                ));
            }
            line
        })
        .collect();
    insta::assert_snapshot!("article_page_outline", lines.join("\n"));
}
