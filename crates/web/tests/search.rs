//! Search through HTTP: the reader's page and API over the demo site, and
//! the index following the newsroom's changes.

mod support;

use axum::http::StatusCode;
use portal_core::workflow::Role;
use portal_services::accounts;
use support::{Staff, TestApp};

const PASSWORD: &str = "mật khẩu tìm kiếm";

async fn demo() -> TestApp {
    let app = TestApp::with_demo().await;
    app.state.search.settled().await;
    app
}

/// The titles of the results, in order.
fn result_titles(page: &str) -> Vec<String> {
    page.split("<li class=\"search-hit\">")
        .skip(1)
        .map(|hit| {
            let start = hit.find("<h2>").expect("a title") + 4;
            let end = hit.find("</h2>").expect("its end");
            let mut title = String::new();
            let mut in_tag = false;
            for c in hit[start..end].chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => title.push(c),
                    _ => {}
                }
            }
            title
        })
        .collect()
}

#[tokio::test]
async fn readers_find_articles_without_typing_diacritics() {
    let app = demo().await;
    let page = app.get("/tim-kiem?q=mua+lu+sat+lo").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        result_titles(&page.body),
        ["Chủ động ứng phó với mưa lũ và sạt lở đất"]
    );
    assert!(
        page.body.contains("<mark>mưa</mark> <mark>lũ</mark>"),
        "the matched words are marked"
    );
    assert!(page.body.contains("Tìm thấy 1 kết quả"));
    assert!(page.body.contains("name=\"robots\" content=\"noindex\""));

    let exact = app.get("/tim-kiem?q=h%C3%A1t+then").await.body;
    assert_eq!(
        result_titles(&exact)[0],
        "Bảo tồn và phát huy hát then, đàn tính"
    );
}

#[tokio::test]
async fn every_page_carries_a_search_box() {
    let app = demo().await;
    for path in ["/", "/tin-hoat-dong"] {
        let page = app.get(path).await.body;
        assert!(
            page.contains(
                "<form class=\"search-box\" role=\"search\" method=\"get\" action=\"/tim-kiem\">"
            ),
            "{path}"
        );
    }
}

#[tokio::test]
async fn odd_input_never_gives_an_error_page() {
    let app = demo().await;
    for query in [
        "%22",
        "%22%22%22",
        "%2B-%26%7C!()%7B%7D%5B%5D%5E~*%3F%3A%5C%2F",
        "AND",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "",
        "q%C3%BA%CC%81",
    ] {
        let page = app.get(&format!("/tim-kiem?q={query}")).await;
        assert_eq!(page.status, StatusCode::OK, "{query}");
        assert!(!page.body.contains("<script>alert"), "{query}");
    }
    let odd = app
        .get("/tim-kiem?q=lao+dong&page=abc&tu-ngay=31%2F02%2F2026&chuyen-muc=khong-co&sap-xep=%3F")
        .await;
    assert_eq!(odd.status, StatusCode::OK);
    assert!(odd.body.contains("Ngày không hợp lệ, đã bỏ qua"));
    assert!(odd.body.contains("Không có chuyên mục này"));
    assert!(
        result_titles(&odd.body)
            .iter()
            .any(|title| title.contains("lao động")),
        "still searched"
    );
}

#[tokio::test]
async fn filters_sorting_and_pages() {
    let app = demo().await;
    let all = app.get("/api/v1/search?q=tinh").await.json();
    let total = all["total"].as_u64().expect("total");
    assert!(total >= 3, "{all}");
    let in_section = app
        .get("/api/v1/search?q=tinh&category=chi-dao-dieu-hanh")
        .await
        .json();
    assert!(in_section["total"].as_u64().expect("total") < total);
    for item in in_section["items"].as_array().expect("items") {
        assert_eq!(item["category"], "Chỉ đạo điều hành", "{item}");
    }
    let newest = app.get("/api/v1/search?q=tinh&sort=newest").await.json();
    let dates: Vec<&str> = newest["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["published_at"].as_str().expect("date"))
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    let future = app
        .get("/api/v1/search?q=tinh&from=2099-01-01")
        .await
        .json();
    assert_eq!(future["total"], 0);

    let one_word = app.get("/api/v1/search?q=c%C3%A1c").await.json();
    let first = one_word["items"][0]["url"].as_str().expect("a result");
    assert!(first.starts_with("http://localhost/"), "{first}");
    if one_word["pages"].as_u64().expect("pages") > 1 {
        let second = app.get("/api/v1/search?q=c%C3%A1c&page=2").await.json();
        assert_ne!(second["items"][0]["url"], one_word["items"][0]["url"]);
    }
}

async fn newsroom() -> (TestApp, Staff, Staff) {
    let app = demo().await;
    for (login, role) in [("phongvien", Role::Author), ("lanhdao", Role::Publisher)] {
        accounts::add_user(&app.store, login, "", role, PASSWORD, 1)
            .await
            .expect("user");
    }
    let author = app.log_in("phongvien", PASSWORD).await;
    let publisher = app.log_in("lanhdao", PASSWORD).await;
    (app, author, publisher)
}

async fn step(app: &TestApp, staff: &Staff, article: &str, action: &str) {
    let answer = support::step(app, staff, article, action, "").await;
    assert_eq!(
        answer.status,
        StatusCode::SEE_OTHER,
        "{action}: {}",
        answer.body
    );
}

async fn reader_finds(app: &TestApp, words: &str) -> Vec<String> {
    app.state.search.settled().await;
    let answer = app
        .get(&format!("/api/v1/search?q={}", words.replace(' ', "+")))
        .await
        .json();
    answer["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["title"].as_str().expect("title").to_string())
        .collect()
}

#[tokio::test]
async fn the_index_follows_publishing_editing_and_unpublishing() {
    let (app, author, publisher) = newsroom().await;
    let site = app.site().await;
    let news = app
        .store
        .category_by_slug(site.id, "tin-hoat-dong")
        .await
        .expect("q")
        .expect("category")
        .id
        .to_string();
    let created = app
        .post_form(
            "/quan-tri/bai-viet",
            &author.cookie,
            &[
                ("csrf", &author.csrf),
                ("title", "Khai mạc hội chợ nông sản Quỳnh Nhai"),
                ("lead", "Gần 200 gian hàng đặc sản."),
                ("body", "Hội chợ kéo dài năm ngày."),
                ("category_id", &news),
            ],
        )
        .await;
    let article = created
        .header("location")
        .split('?')
        .next()
        .expect("path")
        .to_string();
    assert!(
        reader_finds(&app, "quynh nhai").await.is_empty(),
        "a draft is not found by readers"
    );
    let staff = app
        .get_with_cookie("/quan-tri/tim-kiem?q=quynh+nhai", &author.cookie)
        .await;
    assert_eq!(staff.status, StatusCode::OK);
    assert!(staff.body.contains("<mark>Quỳnh</mark> <mark>Nhai</mark>"));
    assert!(staff.body.contains("Bản nháp"), "with its status");
    let stranger = app.get("/quan-tri/tim-kiem?q=quynh+nhai").await;
    assert_eq!(stranger.status, StatusCode::SEE_OTHER);

    step(&app, &author, &article, "submit").await;
    step(&app, &publisher, &article, "approve").await;
    step(&app, &publisher, &article, "publish").await;
    assert_eq!(
        reader_finds(&app, "quynh nhai").await,
        ["Khai mạc hội chợ nông sản Quỳnh Nhai"]
    );

    let edit = app.get_with_cookie(&article, &publisher.cookie).await.body;
    let revision = support::hidden_value(&edit, "revision");
    let saved = app
        .post_form(
            &article,
            &publisher.cookie,
            &[
                ("csrf", &publisher.csrf),
                ("revision", &revision),
                ("title", "Khai mạc hội chợ nông sản Mường La"),
                ("lead", "Gần 200 gian hàng đặc sản."),
                ("body", "Hội chợ kéo dài năm ngày."),
                ("category_id", &news),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert!(reader_finds(&app, "quynh nhai").await.is_empty());
    assert_eq!(
        reader_finds(&app, "muong la").await,
        ["Khai mạc hội chợ nông sản Mường La"]
    );

    step(&app, &publisher, &article, "unpublish").await;
    assert!(reader_finds(&app, "muong la").await.is_empty());
    step(&app, &publisher, &article, "trash").await;
    app.state.search.settled().await;
    let trashed = app
        .get_with_cookie("/quan-tri/tim-kiem?q=muong+la", &publisher.cookie)
        .await
        .body;
    assert!(
        trashed.contains("Không tìm thấy"),
        "the trash is not searched"
    );
}

#[tokio::test]
async fn staff_limited_to_a_section_find_only_its_articles() {
    let (app, _, _) = newsroom().await;
    let site = app.site().await;
    let guidance = app
        .store
        .category_by_slug(site.id, "chi-dao-dieu-hanh")
        .await
        .expect("q")
        .expect("category")
        .id;
    let user = accounts::add_user(&app.store, "bientapxa", "", Role::Editor, PASSWORD, 1)
        .await
        .expect("user");
    app.store
        .set_user_categories(user, site.id, &[guidance])
        .await
        .expect("limited");
    let limited = app.log_in("bientapxa", PASSWORD).await;
    let everyone = app.get("/api/v1/search?q=tinh").await.json()["total"]
        .as_u64()
        .expect("total");
    let page = app
        .get_with_cookie("/quan-tri/tim-kiem?q=tinh", &limited.cookie)
        .await
        .body;
    let rows = page.matches("<tr>").count();
    assert!(rows > 0 && (rows as u64) < everyone, "{rows} of {everyone}");
    assert!(!page.contains("Tin hoạt động</td>"), "{page}");
}
