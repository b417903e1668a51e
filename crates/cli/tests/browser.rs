//! The text-size buttons in a real browser: headless Chromium driven
//! through chromedriver (Debian's `chromium` and `chromium-driver`). Skipped
//! with a notice where no browser is installed, unless
//! `PORTAL_TEST_BROWSER=1`, which makes a missing browser a failure (CI).

mod support;

use std::path::Path;
use std::process::Command;

use fantoccini::{Client, Locator};
use support::Server;

async fn body_font_size(client: &Client) -> f64 {
    let value = client
        .execute(
            "return parseFloat(getComputedStyle(document.querySelector('.article-body p')).fontSize);",
            vec![],
        )
        .await
        .expect("script runs");
    value.as_f64().expect("a number")
}

#[tokio::test]
async fn text_size_buttons_grow_shrink_and_persist() {
    let Some((driver, client)) = support::browser("390,900").await else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(dir.path(), &["--demo"]);
    let reference = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/seeds/000_2cc0a782e4e3f92f.txt");
    let article_path = if reference.exists() {
        let output = Command::new(env!("CARGO_BIN_EXE_portal"))
            .args(["import", "capture", "--data-dir"])
            .arg(dir.path())
            .arg(&reference)
            .env_remove("PORTAL_DATABASE_URL")
            .output()
            .expect("import runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let line = String::from_utf8_lossy(&output.stdout).to_string();
        // "đã nhập / imported ID PATH"
        line.split_whitespace()
            .find(|word| word.starts_with('/') && word.len() > 1)
            .expect("imported path")
            .to_string()
    } else {
        support::notice(
            "the reference capture is absent; the browser test uses a demo article instead",
        );
        "/tin-hoat-dong".to_string()
    };

    let base = format!("http://{}", server.address);
    let result = async {
        let first = if article_path.starts_with("/tin-hoat-dong/") {
            article_path.clone()
        } else {
            client.goto(&format!("{base}{article_path}")).await?;
            client
                .find(Locator::Css(".card h2 a"))
                .await?
                .attr("href")
                .await?
                .expect("a link")
        };
        client.goto(&format!("{base}{first}")).await?;
        let normal = body_font_size(&client).await;

        let bigger = client
            .find(Locator::Css("button[aria-label='Tăng cỡ chữ']"))
            .await?;
        bigger.click().await?;
        // From the keyboard too: focus the button and press Enter.
        client
            .execute(
                "document.querySelector(\"button[aria-label='Tăng cỡ chữ']\").focus();",
                vec![],
            )
            .await?;
        client.active_element().await?.send_keys("\u{E007}").await?;
        let grown = body_font_size(&client).await;
        assert!(grown > normal * 1.2, "two steps larger: {normal} → {grown}");
        let status = client
            .find(Locator::Css(".toolbar-status"))
            .await?
            .text()
            .await?;
        assert!(
            status.contains("Cỡ chữ"),
            "the change is announced: {status:?}"
        );

        // Another article keeps the chosen size.
        let other = client
            .find(Locator::Css(".news-list a[href^='/tin-hoat-dong/']"))
            .await?
            .attr("href")
            .await?
            .expect("href");
        assert_ne!(other, first);
        client.goto(&format!("{base}{other}")).await?;
        let there = body_font_size(&client).await;
        assert!(
            (there - grown).abs() < 0.5,
            "size persists across pages: {grown} vs {there}"
        );

        client
            .find(Locator::Css("button[aria-label='Giảm cỡ chữ']"))
            .await?
            .click()
            .await?;
        let shrunk = body_font_size(&client).await;
        assert!(shrunk < there, "smaller: {there} → {shrunk}");

        client
            .find(Locator::Css("button[aria-label='Cỡ chữ mặc định']"))
            .await?
            .click()
            .await?;
        let reset = body_font_size(&client).await;
        assert!(
            (reset - normal).abs() < 0.5,
            "back to normal: {normal} vs {reset}"
        );
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    let _ = client.close().await;
    drop(driver);
    assert!(server.interrupt().success());
    result.expect("browser steps");
}
