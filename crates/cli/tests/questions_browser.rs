//! A citizen with a keyboard only, in a real browser: from the questions
//! page to the form, every field reached with Tab (never the hidden field
//! robots fill), the sum worked out, the question sent; then the tracking
//! page, again by keyboard, shows it received.

mod support;

use fantoccini::Client;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use support::{Server, wait_for};

/// Keys pressed on the keyboard (WebDriver actions: what a person's
/// keyboard sends to whatever has the focus, a file field included).
async fn press(client: &Client, keys: &str) {
    let mut actions = KeyActions::new("keyboard".to_string());
    for key in keys.chars() {
        actions = actions
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
    }
    client.perform_actions(actions).await.expect("keys pressed");
}

/// Presses Tab until the focus is on what `css` names; the focus never
/// lands on the honeypot on the way. Returns how many presses it took.
async fn tab_to(client: &Client, css: &str) -> usize {
    for presses in 1..=80 {
        press(client, &char::from(Key::Tab).to_string()).await;
        let state = client
            .execute(
                "const e = document.activeElement; \
                 return [e.matches(arguments[0]), e.getAttribute('name') === 'website'];",
                vec![serde_json::json!(css)],
            )
            .await
            .expect("script runs");
        assert_eq!(
            state[1],
            serde_json::json!(false),
            "Tab reached the honeypot"
        );
        if state[0] == serde_json::json!(true) {
            return presses;
        }
    }
    panic!("Tab never reached {css}");
}

async fn type_here(client: &Client, text: &str) {
    press(client, text).await;
}

async fn press_enter(client: &Client) {
    press(client, &char::from(Key::Enter).to_string()).await;
}

/// The sum the form asks, read as a person reads it.
async fn work_out_the_sum(client: &Client) -> String {
    const WORDS: [&str; 9] = [
        "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
    ];
    let label: String = client
        .execute(
            "return document.querySelector('input[name=challenge_answer]').closest('label').textContent;",
            vec![],
        )
        .await
        .expect("script runs")
        .as_str()
        .expect("text")
        .to_string();
    let words: Vec<&str> = label.split_whitespace().collect();
    let at = words.iter().position(|w| *w == "cộng").expect("a sum");
    let number = |word: &str| WORDS.iter().position(|w| *w == word).expect("a number") + 1;
    (number(words[at - 1]) + number(words[at + 1])).to_string()
}

#[tokio::test]
async fn a_citizen_asks_with_the_keyboard_only_and_finds_the_status() {
    let Some((driver, client)) = support::browser("412,915").await else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(dir.path(), &["--demo"]);
    let base = format!("http://{}", server.address);
    client
        .goto(&format!("{base}/hoi-dap"))
        .await
        .expect("the questions page opens");
    wait_for(&client, "main h1").await.expect("the page");

    tab_to(&client, "a[href='/hoi-dap/dat-cau-hoi']").await;
    press_enter(&client).await;
    wait_for(&client, "form[action='/hoi-dap/dat-cau-hoi']")
        .await
        .expect("the form");

    for (field, text) in [
        ("input[name=name]", "Hoàng Thị Mai"),
        ("input[name=email]", "mai.hoang@example.vn"),
        ("input[name=phone]", "0987 654 321"),
        ("input[name=address]", "Bản Nà Cà, xã Na Rì"),
        (
            "input[name=title]",
            "Hỏi về hỗ trợ học phí cho học sinh vùng cao",
        ),
        (
            "textarea[name=body]",
            "Con tôi học lớp 10 ở trường nội trú. Xin hỏi gia đình được hỗ trợ học phí thế nào?",
        ),
    ] {
        tab_to(&client, field).await;
        type_here(&client, text).await;
    }
    let sum = work_out_the_sum(&client).await;
    tab_to(&client, "input[name=challenge_answer]").await;
    type_here(&client, &sum).await;
    tab_to(&client, "form button[type=submit]").await;
    press_enter(&client).await;

    let code = wait_for(&client, ".tracking-code strong")
        .await
        .expect("the tracking code")
        .text()
        .await
        .expect("text");
    assert!(code.starts_with("HD-"), "{code}");
    support::keep_screenshot(&client, "hoi-dap-da-tiep-nhan").await;

    tab_to(&client, "a[href='/hoi-dap/tra-cuu']").await;
    press_enter(&client).await;
    wait_for(&client, "form[action='/hoi-dap/tra-cuu']")
        .await
        .expect("the tracking form");
    tab_to(&client, "input[name=code]").await;
    type_here(&client, &code.to_lowercase()).await;
    tab_to(&client, "input[name=contact]").await;
    type_here(&client, "mai.hoang@example.vn").await;
    let sum = work_out_the_sum(&client).await;
    tab_to(&client, "input[name=challenge_answer]").await;
    type_here(&client, &sum).await;
    press_enter(&client).await;

    let status = wait_for(&client, ".question-status dd strong")
        .await
        .expect("the status")
        .text()
        .await
        .expect("text");
    assert_eq!(status, "Đã tiếp nhận");
    support::keep_screenshot(&client, "hoi-dap-tra-cuu").await;
    client.close().await.ok();
    drop(driver);
}
