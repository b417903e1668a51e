//! The visual block editor in a real browser, used the way a reporter
//! uses it: a new article typed with a Telex composition, a word made
//! bold, a heading, a list and a library picture with its caption, a Word
//! document pasted (a table and a picture come in as a table and an
//! uploaded picture), a block moved with the keyboard; reloaded, it is all
//! there, and it goes to the plain-text view and back unchanged.

mod support;

use fantoccini::{Client, Locator};
use serde_json::Value;
use support::{Server, keep_screenshot, wait_for};

async fn log_in(client: &Client, base: &str, login: &str) -> Step<()> {
    support::browser_log_in(client, base, login, PASSWORD).await
}

const PASSWORD: &str = "mật khẩu trình duyệt";
const WORD_CLIPBOARD: &str = include_str!("fixtures/clipboard/word.html");

type Step<T> = Result<T, fantoccini::error::CmdError>;

/// Waits until `script` (a function body) returns something true.
async fn wait_until(client: &Client, what: &str, script: &str) -> Step<Value> {
    let started = std::time::Instant::now();
    loop {
        let value = client.execute(script, vec![]).await?;
        if value.as_bool() != Some(false) && !value.is_null() {
            return Ok(value);
        }
        assert!(started.elapsed().as_secs() < 20, "never: {what}");
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    }
}

async fn blocks(client: &Client) -> Step<Value> {
    client
        .execute("return window.PortalBlocks.now();", vec![])
        .await
}

/// The autosave status once it says it saved after `before`.
async fn saved_after(client: &Client, before: &str) -> Step<()> {
    let started = std::time::Instant::now();
    loop {
        let status = client
            .find(Locator::Css(".autosave-status"))
            .await?
            .text()
            .await?;
        if status != before && status.starts_with("Đã tự lưu lúc") {
            return Ok(());
        }
        assert!(started.elapsed().as_secs() < 20, "not saved: {status:?}");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

async fn status(client: &Client) -> Step<String> {
    client
        .find(Locator::Css(".autosave-status"))
        .await?
        .text()
        .await
}

async fn write_an_article(client: &Client, base: &str) -> Step<()> {
    client
        .goto(&format!("{base}/quan-tri/bai-viet/moi"))
        .await?;
    let first = wait_for(client, ".visual-editor:not([hidden]) .vblock p.vtext").await?;
    let text_view_shown = client
        .execute(
            r#"return [".body-tools", "label[data-text-view]"]
                 .some(css => document.querySelector(css).offsetParent !== null);"#,
            vec![],
        )
        .await?;
    assert_eq!(text_view_shown, Value::Bool(false), "one view at a time");
    client
        .find(Locator::Css("input[name=title]"))
        .await?
        .send_keys("Vụ mùa bội thu ở xã Nà Mò")
        .await?;
    // The new article saves itself once it has a title: it gets its address.
    saved_after(client, "").await?;
    let address = client.current_url().await?.path().to_string();
    assert!(address.starts_with("/quan-tri/bai-viet/"), "{address}");
    assert_ne!(address, "/quan-tri/bai-viet/moi");

    first.click().await?;
    first.send_keys("Bà con xã Nà Mò phấn khởi").await?;
    // Telex: "dduwowfng" composes "đường" in steps that replace each other.
    let before = status(client).await?;
    client
        .execute(
            r#"const p = document.querySelector(".vblock p.vtext");
               const base = p.textContent;
               window.__bodyBefore = document.querySelector("textarea[name=body]").value;
               p.dispatchEvent(new CompositionEvent("compositionstart", { bubbles: true, data: "" }));
               for (const step of ["d", "đ", "đu", "đuo", "đươ", "đườ", "đường"]) {
                 p.textContent = base + " trên con " + step;
                 p.dispatchEvent(new CompositionEvent("compositionupdate", { bubbles: true, data: step }));
                 p.dispatchEvent(new InputEvent("input", { bubbles: true, isComposing: true, inputType: "insertCompositionText", data: step }));
               }"#,
            vec![],
        )
        .await?;
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    assert_eq!(status(client).await?, before, "nothing saved mid-word");
    let untouched = client
        .execute(
            r#"return document.querySelector("textarea[name=body]").value === window.__bodyBefore;"#,
            vec![],
        )
        .await?;
    assert_eq!(untouched, Value::Bool(true), "the body untouched mid-word");
    client
        .execute(
            r#"const p = document.querySelector(".vblock p.vtext");
               p.dispatchEvent(new CompositionEvent("compositionend", { bubbles: true, data: "đường" }));
               p.append(" mới.");
               p.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText", data: " mới." }));"#,
            vec![],
        )
        .await?;
    saved_after(client, &before).await?;
    let now = blocks(client).await?;
    let text = now[0]["text"].as_str().unwrap_or_default().to_string();
    assert_eq!(text, "Bà con xã Nà Mò phấn khởi trên con đường mới.");

    // Bold from the toolbar, on the selected word.
    client
        .execute(
            r#"const p = document.querySelector(".vblock p.vtext");
               const node = p.firstChild;
               const at = node.textContent.indexOf("phấn khởi");
               const range = document.createRange();
               range.setStart(node, at); range.setEnd(node, at + "phấn khởi".length);
               p.focus();
               const selection = window.getSelection();
               selection.removeAllRanges(); selection.addRange(range);"#,
            vec![],
        )
        .await?;
    client
        .find(Locator::Css(".vtoolbar button[aria-label='Chữ đậm']"))
        .await?
        .click()
        .await?;
    let now = blocks(client).await?;
    assert!(
        now[0]["text"]
            .as_str()
            .unwrap_or_default()
            .contains("<strong>phấn khởi</strong>"),
        "{now}"
    );

    // A heading and a list, from the block menu.
    client
        .find(Locator::Css("button[data-add=heading]"))
        .await?
        .click()
        .await?;
    wait_for(client, ".vblock-heading h2.vtext")
        .await?
        .send_keys("Ý kiến của bà con")
        .await?;
    client
        .find(Locator::Css("button[data-add=list]"))
        .await?
        .click()
        .await?;
    let list = wait_for(client, ".vblock-list ul.vtext").await?;
    list.send_keys("Giống lúa mới cho năng suất cao").await?;
    list.send_keys("\u{E007}").await?; // Enter: a second item
    list.send_keys("Thủy lợi được tu sửa kịp thời").await?;

    // A picture from the library, with its caption.
    client
        .find(Locator::Css("button[data-add=figure]"))
        .await?
        .click()
        .await?;
    let item = wait_for(client, "dialog.picker[open] .picker-item").await?;
    let picked: i64 = item
        .attr("data-id")
        .await?
        .and_then(|id| id.parse().ok())
        .expect("an image number");
    item.click().await?;
    wait_for(client, ".vblock-figure figcaption")
        .await?
        .send_keys("Cánh đồng lúa chín vàng")
        .await?;

    // A Word document pasted into a new paragraph: its table stays a
    // table, its picture is uploaded to the library.
    client
        .find(Locator::Css("button[data-add=paragraph]"))
        .await?
        .click()
        .await?;
    client
        .execute_async(
            r##"const done = arguments[arguments.length - 1];
               const html = arguments[0];
               const canvas = document.createElement("canvas");
               canvas.width = 320; canvas.height = 180;
               const pen = canvas.getContext("2d");
               pen.fillStyle = "#c9a227"; pen.fillRect(0, 0, 320, 180);
               pen.fillStyle = "#3b7d23"; pen.fillRect(0, 120, 320, 60);
               canvas.toBlob(blob => {
                 const data = new DataTransfer();
                 data.setData("text/html", html);
                 data.setData("text/plain", "Kết quả thu hoạch vụ mùa");
                 data.items.add(new File([blob], "image001.png", { type: "image/png" }));
                 const target = document.activeElement;
                 target.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
                 done(true);
               }, "image/png");"##,
            vec![Value::String(WORD_CLIPBOARD.to_string())],
        )
        .await?;
    wait_until(
        client,
        "the pasted picture uploaded",
        r#"return !document.querySelector(".vblock-figure .note") &&
                  document.querySelectorAll(".vblock-figure").length === 2;"#,
    )
    .await?;
    let now = blocks(client).await?;
    let kinds: Vec<&str> = now
        .as_array()
        .expect("blocks")
        .iter()
        .map(|b| b["type"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        kinds,
        [
            "paragraph",
            "heading",
            "list",
            "figure",
            "heading",
            "paragraph",
            "list",
            "table",
            "figure",
            "paragraph"
        ],
        "{now}"
    );
    assert_eq!(now[2]["items"].as_array().map(Vec::len), Some(2), "{now}");
    assert_eq!(now[3]["media_id"], picked);
    assert_eq!(now[3]["caption"], "Cánh đồng lúa chín vàng");
    assert!(
        now[5]["text"]
            .as_str()
            .unwrap_or_default()
            .contains("<strong>1.250 tấn</strong>")
    );
    assert_eq!(now[6]["items"][0], "Thôn Nà Mò dẫn đầu", "{now}");
    assert_eq!(now[7]["rows"][2][1], "380", "{now}");
    let uploaded = now[8]["media_id"].as_i64().expect("an uploaded picture");
    assert_ne!(uploaded, picked);
    assert_eq!(now[8]["alt"], "Cánh đồng lúa chín ở thôn Nà Mò");

    // The heading moved up with the keyboard, above the list... and back.
    let before = status(client).await?;
    client
        .execute(
            r#"const h = document.querySelectorAll(".vblock-heading .vtext")[0];
               h.focus();
               h.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown", altKey: true, bubbles: true, cancelable: true }));"#,
            vec![],
        )
        .await?;
    let now = blocks(client).await?;
    assert_eq!(now[1]["type"], "list", "{now}");
    assert_eq!(now[2]["type"], "heading", "{now}");
    saved_after(client, &before).await?;
    keep_screenshot(client, "editor-1280").await;
    Ok(())
}

async fn reload_and_round_trip(client: &Client) -> Step<()> {
    let written = blocks(client).await?;
    client.refresh().await?;
    wait_for(client, ".visual-editor:not([hidden]) .vblock").await?;
    let reloaded = blocks(client).await?;
    assert_eq!(reloaded, written, "everything saved");

    // To the plain-text view and back, unchanged.
    client
        .find(Locator::Css("button[data-view=text]"))
        .await?
        .click()
        .await?;
    let text = wait_until(
        client,
        "the plain-text view",
        r#"const label = document.querySelector("label[data-text-view]");
           return !label.hidden && document.querySelector("textarea[name=body]").value;"#,
    )
    .await?;
    let text = text.as_str().unwrap_or_default().to_string();
    assert!(text.contains("## Ý kiến của bà con"), "{text}");
    assert!(text.contains("| Phiêng | 380 |"), "{text}");
    assert!(!text.contains("[[khối:"), "plain lines, not JSON: {text}");
    client
        .find(Locator::Css("button[data-view=visual]"))
        .await?
        .click()
        .await?;
    wait_until(
        client,
        "the visual view",
        r#"return !document.querySelector(".visual-editor").hidden;"#,
    )
    .await?;
    assert_eq!(blocks(client).await?, written, "back unchanged");
    client
        .execute("return window.PortalBlocks.toText();", vec![])
        .await?;
    let again = wait_until(
        client,
        "the plain-text view again",
        r#"const label = document.querySelector("label[data-text-view]");
           return !label.hidden && document.querySelector("textarea[name=body]").value;"#,
    )
    .await?;
    assert_eq!(
        again.as_str().unwrap_or_default(),
        text,
        "the same text twice"
    );
    Ok(())
}

/// What a new reporter sees, at a desktop's and a phone's width.
async fn screens(client: &Client, base: &str, admin: bool, width: &str) -> Step<()> {
    client.goto(&format!("{base}/quan-tri")).await?;
    wait_for(client, ".desk-grid").await?;
    keep_screenshot(client, &format!("desk-{width}")).await;
    client
        .goto(&format!("{base}/quan-tri/bai-viet/moi"))
        .await?;
    wait_for(client, ".visual-editor:not([hidden]) .vblock").await?;
    keep_screenshot(client, &format!("editor-new-{width}")).await;
    if admin {
        client
            .goto(&format!("{base}/quan-tri/bo-cuc?trang=home"))
            .await?;
        wait_for(client, ".regions").await?;
        keep_screenshot(client, &format!("layout-{width}")).await;
    }
    Ok(())
}

#[tokio::test]
async fn a_reporter_writes_in_the_visual_editor() {
    let Some((driver, client)) = support::browser("1280,1000").await else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    support::add_user(dir.path(), "phongvien", "author", PASSWORD);
    support::add_user(dir.path(), "quantri", "admin", PASSWORD);
    let server = Server::start(dir.path(), &["--demo"]);
    let base = format!("http://{}", server.address);
    let result = async {
        log_in(&client, &base, "phongvien").await?;
        write_an_article(&client, &base).await?;
        reload_and_round_trip(&client).await?;
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    let _ = client.close().await;
    drop(driver);
    result.expect("the reporter's session");

    // The same screens on a phone, for the closing note's pictures.
    if std::env::var_os("PORTAL_TEST_SCREENSHOTS").is_some() {
        for (window, width) in [("1280,1000", "1280"), ("390,844", "390")] {
            let Some((driver, client)) = support::browser(window).await else {
                return;
            };
            let shots = async {
                log_in(&client, &base, "quantri").await?;
                screens(&client, &base, true, width).await
            }
            .await;
            let _ = client.close().await;
            drop(driver);
            shots.expect("screens");
        }
    }
    assert!(server.interrupt().success());
}
