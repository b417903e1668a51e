//! Visitor statistics: each visitor counted once a day per site, robots not
//! at all; days kept for ever, so a month's count starts afresh on the 1st
//! while the total goes on; the office's reports (visits by day, most read,
//! by author, by section) as tables, charts and exports read back by real
//! readers; the block fed by the counter's memory.

mod support;

use std::io::Cursor;

use axum::http::StatusCode;
use calamine::{DataType, Reader, Xlsx};
use portal_core::ArticleStatus;
use portal_core::time::parse_vietnamese_date;
use portal_core::workflow::Role;
use portal_services::accounts;
use portal_services::views::Visitor;
use support::{READER_AGENT, TestApp};

const PASSWORD: &str = "mật khẩu thử thống kê";

fn reader(address: &str) -> Visitor<'_> {
    Visitor {
        address,
        user_agent: READER_AGENT,
    }
}

#[tokio::test]
async fn a_month_starts_afresh_on_the_first_and_the_total_goes_on() {
    let app = TestApp::new().await;
    let site = app.site().await.id;
    let views = &app.state.views;
    // 30 November, 23:00 and 23:30 in Vietnam; 1 December, 00:30 and 09:00.
    let november = parse_vietnamese_date("30/11/2026").expect("date") + 23 * 3600;
    let december = parse_vietnamese_date("01/12/2026").expect("date") + 30 * 60;
    views.visit(site, &reader("203.0.113.1"), november);
    views.visit(site, &reader("203.0.113.2"), november);
    views.visit(site, &reader("203.0.113.1"), november + 1800);
    views.visit(
        site,
        &Visitor {
            address: "66.249.66.1",
            user_agent: "Mozilla/5.0 (compatible; Googlebot/2.1)",
        },
        november,
    );
    // The same reader after midnight is the next day's visitor.
    views.visit(site, &reader("203.0.113.1"), december);
    views.visit(site, &reader("203.0.113.3"), december + 8 * 3600);
    views.visit(site, &reader("203.0.113.3"), december + 9 * 3600);
    views.flush().await;

    let on_the_30th = views
        .totals(&app.store, site, november + 1800)
        .await
        .expect("totals");
    assert_eq!((on_the_30th.today, on_the_30th.month), (2, 2));
    let on_the_1st = views
        .totals(&app.store, site, december + 9 * 3600)
        .await
        .expect("totals");
    assert_eq!(on_the_1st.today, 2, "two visitors on the 1st");
    assert_eq!(on_the_1st.month, 2, "December counts from its first day");
    assert_eq!(on_the_1st.total, 4, "the total goes on");
    assert_eq!(
        views.online(site, december + 9 * 3600),
        1,
        "one reader in the last minutes"
    );

    // Both days stay, with their page views.
    let days = app
        .store
        .visits_by_day(
            site,
            portal_core::time::vietnam_day(november) - 1,
            portal_core::time::vietnam_day(december) + 2,
        )
        .await
        .expect("days");
    assert_eq!(
        days.iter()
            .map(|d| (d.visitors, d.page_views))
            .collect::<Vec<_>>(),
        [(2, 3), (2, 3)]
    );
    // Writing the same marks again (another node, a restart) adds no visitor.
    views.visit(site, &reader("203.0.113.3"), december + 10 * 3600);
    views.flush().await;
    let again = views
        .totals(&app.store, site, december + 10 * 3600)
        .await
        .expect("totals");
    assert_eq!(again.today, 2);
}

#[tokio::test]
async fn readers_pages_count_and_the_block_shows_the_counts() {
    let app = TestApp::with_demo().await;
    // A reader reads the home page and a section: one visitor, two pages.
    assert_eq!(app.get("/").await.status, StatusCode::OK);
    assert_eq!(app.get("/tin-hoat-dong").await.status, StatusCode::OK);
    // Feeds are read by programs, not counted as visits.
    app.get("/rss.xml").await;
    app.views.flush().await;
    let site = app.site().await.id;
    let now = portal_core::time::now();
    let today = portal_core::time::vietnam_day(now);
    let days = app
        .store
        .visits_by_day(site, today, today + 1)
        .await
        .expect("days");
    assert_eq!(days.len(), 1);
    assert_eq!((days[0].visitors, days[0].page_views), (1, 2));
    // The block reads what the counter knows: no query of its own. (A
    // page not asked for before, so not kept from before the counting.)
    let other = app.get("/van-hoa-du-lich").await;
    let document = scraper::Html::parse_document(&other.body);
    let block = scraper::Selector::parse(".visits-block dd").expect("selector");
    let shown: Vec<String> = document
        .select(&block)
        .map(|dd| dd.text().collect())
        .collect();
    assert_eq!(shown.len(), 4, "{}", other.body);
    assert_eq!(shown[1], "1", "today");
    assert_eq!(shown[3], "1", "in all");
    // The pages read count: three now, the last one included.
    app.views.flush().await;
    let days = app
        .store
        .visits_by_day(site, today, today + 1)
        .await
        .expect("days");
    assert_eq!((days[0].visitors, days[0].page_views), (1, 3));
}

#[tokio::test]
async fn the_office_reads_the_months_reports_and_exports_them() {
    let app = TestApp::with_demo().await;
    accounts::add_user(
        &app.store,
        "lanhdao",
        "Lãnh đạo Sở",
        Role::Publisher,
        PASSWORD,
        1,
    )
    .await
    .expect("user");
    let leader = app.log_in("lanhdao", PASSWORD).await;
    let site = app.site().await.id;
    let start = parse_vietnamese_date("02/11/2020").expect("date") + 8 * 3600;
    let (first, _) = app
        .article(
            "Khai mạc hội chợ nông sản",
            "Tin hoạt động",
            ArticleStatus::Published,
            start,
        )
        .await;
    let (second, _) = app
        .article(
            "Kết quả thu ngân sách",
            "Kinh tế - Xã hội",
            ArticleStatus::Published,
            start + 86_400,
        )
        .await;
    for (article, readers) in [(first, 3), (second, 5)] {
        for reader_number in 0..readers {
            let address = format!("198.51.100.{reader_number}");
            app.views.record(
                portal_core::ArticleId(article),
                &reader(&address),
                start + 2 * 86_400,
            );
        }
    }
    for visitor in ["203.0.113.1", "203.0.113.2"] {
        app.views.visit(site, &reader(visitor), start);
    }
    app.views.flush().await;

    let screen = app
        .get_with_cookie(
            "/quan-tri/thong-ke?tu=2020-11-01&den=2020-11-30",
            &leader.cookie,
        )
        .await;
    assert_eq!(screen.status, StatusCode::OK, "{}", screen.body);
    let document = scraper::Html::parse_document(&screen.body);
    let charts = scraper::Selector::parse("svg[role=img] desc").expect("selector");
    let descriptions: Vec<String> = document
        .select(&charts)
        .map(|d| d.text().collect())
        .collect();
    assert_eq!(descriptions.len(), 4, "a chart a table");
    assert!(
        descriptions[0].starts_with("01/11/2020: 0; 02/11/2020: 2"),
        "{}",
        descriptions[0]
    );
    assert_eq!(
        descriptions[1],
        "Kết quả thu ngân sách: 5; Khai mạc hội chợ nông sản: 3"
    );
    assert!(screen.body.contains("Phóng viên"), "articles by byline");
    assert_eq!(descriptions[2], "Phóng viên: 2");
    assert_eq!(descriptions[3], "Kinh tế - Xã hội: 1; Tin hoạt động: 1");

    // The whole report in a spreadsheet a real reader opens.
    let xlsx = app
        .get_with_cookie(
            "/quan-tri/thong-ke.xlsx?tu=01/11/2020&den=30/11/2020",
            &leader.cookie,
        )
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(xlsx.raw.clone())).expect("an XLSX file");
    assert_eq!(
        workbook.sheet_names(),
        ["Theo ngày", "Đọc nhiều", "Theo tác giả", "Theo chuyên mục"]
    );
    let by_day = workbook.worksheet_range("Theo ngày").expect("sheet");
    assert_eq!(by_day.height(), 31, "a heading and thirty days");
    assert_eq!(
        by_day.get_value((2, 0)).map(|c| c.to_string()),
        Some("02/11/2020".into())
    );
    assert_eq!(by_day.get_value((2, 1)).and_then(|c| c.as_f64()), Some(2.0));
    let read = workbook.worksheet_range("Đọc nhiều").expect("sheet");
    assert_eq!(
        read.get_value((1, 0)).map(|c| c.to_string()),
        Some("Kết quả thu ngân sách".into())
    );
    assert_eq!(read.get_value((1, 1)).and_then(|c| c.as_f64()), Some(5.0));

    let csv_file = app
        .get_with_cookie(
            "/quan-tri/thong-ke.csv?bang=sections&tu=2020-11-01&den=2020-11-30",
            &leader.cookie,
        )
        .await;
    let mut reader_csv = csv::Reader::from_reader(&csv_file.raw[3..]);
    let sections: Vec<(String, String, String)> = reader_csv
        .records()
        .map(|r| {
            let r = r.expect("row");
            (r[0].to_string(), r[1].to_string(), r[2].to_string())
        })
        .collect();
    assert!(
        sections.contains(&("Kinh tế - Xã hội".into(), "1".into(), "5".into())),
        "{sections:?}"
    );
    // A bad date is named; an author has no statistics.
    let bad = app
        .get_with_cookie("/quan-tri/thong-ke?tu=31/02/2026", &leader.cookie)
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    accounts::add_user(&app.store, "phongvien", "", Role::Author, PASSWORD, 1)
        .await
        .expect("user");
    let author = app.log_in("phongvien", PASSWORD).await;
    let refused = app
        .get_with_cookie("/quan-tri/thong-ke", &author.cookie)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
