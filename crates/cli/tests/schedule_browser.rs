//! The leaders' work schedule printed from a real browser: a busy week
//! (five entries a working day, as a province's office writes them)
//! prints on one A4 page, with the agency's name, and without the filter
//! and the week links.

mod support;

use fantoccini::Locator;
use fantoccini::wd::PrintConfiguration;
use support::Server;

/// The pages of a PDF as Chromium writes it (a page object each).
fn pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/Type /Page")
        .filter(|(at, _)| !text[at + "/Type /Page".len()..].starts_with('s'))
        .count()
}

#[tokio::test]
async fn a_busy_week_prints_on_one_a4_page() {
    let Some((driver, client)) = support::browser("1280,900").await else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(dir.path(), &["--demo"]);
    support::add_admin(dir.path());
    let http = Server::client(&server.address);
    let (session, csrf) = support::log_in(&http);
    let leaders = [
        "Chủ tịch UBND tỉnh",
        "Phó Chủ tịch UBND tỉnh Nguyễn Văn An",
        "Phó Chủ tịch UBND tỉnh Trần Thị Bình",
    ];
    for n in 0..25 {
        let day = 3 + n / 5;
        let time = ["07:30", "09:00", "10:30", "14:00", "15:30"][n % 5];
        let participants = if n % 3 == 0 {
            "Lãnh đạo các sở Tài chính, Xây dựng; UBND các xã liên quan"
        } else {
            ""
        };
        let body = form_urlencoded::Serializer::new(String::new())
            .append_pair("csrf", &csrf)
            .append_pair("date", &format!("2031-03-{day:02}"))
            .append_pair("time", time)
            .append_pair("leaders", leaders[n % 3])
            .append_pair(
                "content",
                &format!(
                    "Họp bàn giải pháp đẩy nhanh tiến độ giải ngân vốn đầu tư công, phiên {n}"
                ),
            )
            .append_pair("place", "Phòng họp số 2, UBND tỉnh")
            .append_pair("participants", participants)
            .append_pair("preparer", "Văn phòng UBND tỉnh")
            .finish();
        let answer = http.request(
            "POST",
            "/quan-tri/lich-cong-tac",
            &[
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Cookie", &session),
            ],
            body.as_bytes(),
        );
        assert_eq!(answer.status, 303, "{}", answer.text());
    }
    let base = format!("http://{}", server.address);
    client
        .goto(&format!("{base}/lich-cong-tac?tuan=2031-W10"))
        .await
        .expect("the week opens");
    let rows = client
        .find_all(Locator::Css(".schedule-table tbody tr"))
        .await
        .expect("rows");
    // Every entry, and a row each for Saturday and Sunday without work.
    assert_eq!(rows.len(), 27, "every entry of the week");
    let pdf = client
        .print(PrintConfiguration::default())
        .await
        .expect("the page prints");
    std::fs::create_dir_all("../../target/screenshots").ok();
    std::fs::write("../../target/screenshots/lich-cong-tac.pdf", &pdf).ok();
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
    assert_eq!(pages(&pdf), 1, "one A4 page (kept in target/screenshots)");
    // What is printed: the agency and the week, not the links around it.
    let hidden = client
        .execute(
            r#"return [".schedule-filter", ".schedule-weeks", ".print-only"].map(css => {
                 const rules = [...document.styleSheets].flatMap(s => [...s.cssRules]);
                 const print = rules.filter(r => r.media && [...r.media].includes("print"))
                   .flatMap(r => [...r.cssRules]).map(r => r.cssText).join(" ");
                 return print.includes(css);
               });"#,
            vec![],
        )
        .await
        .expect("script runs");
    assert_eq!(
        hidden,
        serde_json::json!([true, true, true]),
        "the print rules name them"
    );
    client.close().await.ok();
    drop(driver);
}
