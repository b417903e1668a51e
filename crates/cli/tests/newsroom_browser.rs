//! The newsroom in a real browser: an author writes an article with a
//! figure and its caption and submits it, an editor approves it, a
//! publisher publishes it, and the public page shows it.

mod support;

use fantoccini::{Client, Locator};
use support::{Server, keep_screenshot, wait_for};

async fn log_in(
    client: &Client,
    base: &str,
    login: &str,
) -> Result<(), fantoccini::error::CmdError> {
    support::browser_log_in(client, base, login, PASSWORD).await
}

const PASSWORD: &str = "mật khẩu trình duyệt";

fn add_user(data_dir: &std::path::Path, login: &str, role: &str) {
    support::add_user(data_dir, login, role, PASSWORD);
}

/// Clicks do not wait for the next page: wait until the address shows it.
async fn wait_for_url(
    client: &Client,
    wanted: impl Fn(&str) -> bool,
) -> Result<(), fantoccini::error::CmdError> {
    let started = std::time::Instant::now();
    loop {
        let url = client.current_url().await?.to_string();
        if wanted(&url) {
            return Ok(());
        }
        assert!(
            started.elapsed().as_secs() < 15,
            "the browser never reached the next page: {url}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

async fn log_out(client: &Client) -> Result<(), fantoccini::error::CmdError> {
    client
        .find(Locator::Css("form[action='/quan-tri/dang-xuat'] button"))
        .await?
        .click()
        .await?;
    wait_for_url(client, |url| url.contains("dang-nhap")).await?;
    wait_for(client, "input[name=login]").await.map(|_| ())
}

async fn take_step(
    client: &Client,
    base: &str,
    article: &str,
    step: &str,
) -> Result<(), fantoccini::error::CmdError> {
    client.goto(&format!("{base}{article}")).await?;
    wait_for(client, &format!("button.step-{step}"))
        .await?
        .click()
        .await?;
    wait_for_url(client, |url| url.contains(&format!("buoc={step}"))).await?;
    wait_for(client, ".article-state").await.map(|_| ())
}

/// Drops a picture drawn in the page onto the library's upload area, as a
/// person drags a file from their desktop, and uploads it.
async fn upload_by_dragging(
    client: &Client,
    base: &str,
) -> Result<(), fantoccini::error::CmdError> {
    client.goto(&format!("{base}/quan-tri/thu-vien")).await?;
    wait_for(client, "form.upload .drop").await?;
    client
        .execute_async(
            r##"const done = arguments[arguments.length - 1];
               const canvas = document.createElement("canvas");
               canvas.width = 640; canvas.height = 360;
               const pen = canvas.getContext("2d");
               pen.fillStyle = "#2a6f97"; pen.fillRect(0, 0, 640, 360);
               pen.fillStyle = "#f4c430"; pen.fillRect(100, 200, 440, 30);
               canvas.toBlob(blob => {
                 const data = new DataTransfer();
                 data.items.add(new File([blob], "cau-treo.png", { type: "image/png" }));
                 const drop = document.querySelector("form.upload .drop");
                 drop.dispatchEvent(new DragEvent("dragover", { dataTransfer: data, bubbles: true, cancelable: true }));
                 drop.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
                 done(document.querySelector("form.upload input[type=file]").files.length);
               }, "image/png");"##,
            vec![],
        )
        .await
        .map(|_| ())?;
    let chosen = client
        .execute(
            r#"return document.querySelector("form.upload input[type=file]").files[0].name;"#,
            vec![],
        )
        .await?;
    assert_eq!(
        chosen,
        serde_json::json!("cau-treo.png"),
        "the dropped file is chosen"
    );
    client
        .find(Locator::Css("form.upload input[name=alt]"))
        .await?
        .send_keys("Cầu treo bản Nà Mò")
        .await?;
    client
        .find(Locator::Css("form.upload button[type=submit]"))
        .await?
        .click()
        .await?;
    let started = std::time::Instant::now();
    while !client.source().await?.contains("Cầu treo bản Nà Mò") {
        assert!(
            started.elapsed().as_secs() < 15,
            "the dropped picture was not stored"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    Ok(())
}

/// The library's description of image `id`, as the picker shows it.
async fn demo_alt(client: &Client, id: &str) -> Result<String, fantoccini::error::CmdError> {
    let alt = client
        .execute(
            r#"return fetch("/quan-tri/thu-vien/chon?loai=anh").then(r => r.json())
                 .then(a => a.items.find(i => String(i.id) === arguments[0]).alt);"#,
            vec![serde_json::json!(id)],
        )
        .await?;
    Ok(alt.as_str().unwrap_or_default().replace('|', "/"))
}

/// Telex: "dduwowfng" composes "đường" in steps that replace each other.
/// Nothing may save or touch the text while a composition is open, and
/// the word saved is the word composed, once.
async fn type_with_an_input_method(client: &Client) -> Result<(), fantoccini::error::CmdError> {
    let status = || async {
        client
            .find(Locator::Css(".autosave-status"))
            .await?
            .text()
            .await
    };
    let before = status().await?;
    client
        .execute(
            r#"const lead = document.querySelector("textarea[name=lead]");
               lead.focus();
               const base = lead.value + " Con ";
               lead.dispatchEvent(new CompositionEvent("compositionstart", { bubbles: true, data: "" }));
               for (const step of ["d", "đ", "đu", "đuo", "đươ", "đườ", "đường"]) {
                 lead.value = base + step;
                 lead.dispatchEvent(new CompositionEvent("compositionupdate", { bubbles: true, data: step }));
                 lead.dispatchEvent(new InputEvent("input", { bubbles: true, isComposing: true, inputType: "insertCompositionText", data: step }));
               }"#,
            vec![],
        )
        .await?;
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    assert_eq!(
        status().await?,
        before,
        "nothing saved in the middle of a word"
    );
    client
        .execute(
            r#"const lead = document.querySelector("textarea[name=lead]");
               lead.dispatchEvent(new CompositionEvent("compositionend", { bubbles: true, data: "đường" }));
               lead.value += " mới.";
               lead.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText", data: " mới." }));"#,
            vec![],
        )
        .await?;
    let started = std::time::Instant::now();
    while status().await? == before {
        assert!(
            started.elapsed().as_secs() < 15,
            "the composed word was never saved"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let saved = client
        .execute(
            r#"return fetch(location.pathname).then(r => r.text())
                 .then(html => new DOMParser().parseFromString(html, "text/html")
                 .querySelector("textarea[name=lead]").value);"#,
            vec![],
        )
        .await?;
    let saved = saved.as_str().unwrap_or_default();
    assert!(saved.ends_with("cùng làm. Con đường mới."), "{saved:?}");
    assert_eq!(saved.matches("đường").count(), 1, "{saved:?}");
    Ok(())
}

#[tokio::test]
async fn author_editor_and_publisher_bring_an_article_out() {
    let Some((driver, client)) = support::browser("1280,1000").await else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    for (login, role) in [
        ("phongvien", "author"),
        ("bientap", "editor"),
        ("lanhdao", "publisher"),
    ] {
        add_user(dir.path(), login, role);
    }
    let server = Server::start(dir.path(), &["--demo"]);
    let base = format!("http://{}", server.address);

    let result = async {
        log_in(&client, &base, "phongvien").await?;
        assert!(client.current_url().await?.path().starts_with("/quan-tri"));
        upload_by_dragging(&client, &base).await?;
        client.goto(&format!("{base}/quan-tri/bai-viet/moi")).await?;
        // This reporter writes in the plain-text view (the visual editor
        // has a test of its own); the browser remembers the choice.
        wait_for(&client, "button[data-view=text]").await?.click().await?;
        wait_for(&client, "label[data-text-view]:not([hidden]) textarea[name=body]").await?;
        client
            .find(Locator::Css("input[name=title]"))
            .await?
            .send_keys("Khánh thành cầu treo bản Nà Mò")
            .await?;
        client
            .find(Locator::Css("textarea[name=lead]"))
            .await?
            .send_keys("Sáng nay, bà con bản Nà Mò vui mừng đón cây cầu mới.")
            .await?;
        client
            .find(Locator::Css("textarea[name=body]"))
            .await?
            .send_keys("Cây cầu dài 60 mét.\n\nBà con phấn khởi.")
            .await?;
        // The figure comes from the library picker, with its caption.
        client
            .execute(
                r#"const body = document.querySelector("textarea[name=body]");
                   body.setSelectionRange(5, 5);"#,
                vec![],
            )
            .await?;
        client.find(Locator::Css("button[data-tool=figure]")).await?.click().await?;
        wait_for(&client, "dialog.picker[open] .picker-caption").await?
            .send_keys("Cầu treo mới nối hai bờ suối")
            .await?;
        let first = wait_for(&client, "dialog.picker .picker-item").await?;
        keep_screenshot(&client, "newsroom-picker").await;
        let image_id = first.attr("data-id").await?.expect("an image number");
        first.click().await?;
        let with_figure = client
            .execute(r#"return document.querySelector("textarea[name=body]").value;"#, vec![])
            .await?;
        assert_eq!(
            with_figure.as_str().unwrap_or_default().split("\n\n").collect::<Vec<_>>()[1],
            format!("[[hình:{image_id}|{}|Cầu treo mới nối hai bờ suối]]", demo_alt(&client, &image_id).await?),
            "{with_figure}"
        );
        client.find(Locator::Css("form.article-form button[type=submit]")).await?.click().await?;
        wait_for_url(&client, |url| url.contains("da-luu=1")).await?;
        wait_for(&client, "textarea[name=body]").await?;
        let article = client.current_url().await?.path().to_string();
        assert!(article.starts_with("/quan-tri/bai-viet/"), "{article}");
        // Typing saves by itself a few seconds later.
        client
            .find(Locator::Css("textarea[name=lead]"))
            .await?
            .send_keys(" Cầu do Nhà nước và nhân dân cùng làm.")
            .await?;
        let started = std::time::Instant::now();
        loop {
            let status = client.find(Locator::Css(".autosave-status")).await?.text().await?;
            if status.starts_with("Đã tự lưu lúc") {
                break;
            }
            assert!(started.elapsed().as_secs() < 15, "no autosave: {status:?}");
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        type_with_an_input_method(&client).await?;
        // Bold from the toolbar wraps the selected words.
        client
            .execute(
                r#"const body = document.querySelector("textarea[name=body]");
                   const at = body.value.indexOf("phấn khởi");
                   body.setSelectionRange(at, at + "phấn khởi".length);"#,
                vec![],
            )
            .await?;
        client.find(Locator::Css("button[data-tool=bold]")).await?.click().await?;
        let bolded = client
            .execute(r#"return document.querySelector("textarea[name=body]").value;"#, vec![])
            .await?;
        assert!(bolded.as_str().unwrap_or_default().contains("Bà con <strong>phấn khởi</strong>."), "{bolded}");
        // Pasting from Word: its HTML becomes blocks, bold kept, styles gone.
        let pasted = client
            .execute(
                r#"const body = document.querySelector("textarea[name=body]");
                   body.focus();
                   body.selectionStart = body.selectionEnd = body.value.length;
                   const data = new DataTransfer();
                   data.setData("text/html", '<h1 style="color:red">Ý kiến người dân</h1><p class="MsoNormal"><b>Ông Lục Văn Sáu</b> nói: <span style="font-size:14pt">cầu rất chắc.</span></p><ul><li>Đi lại an toàn</li><li>Chở được hàng</li></ul>');
                   body.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
                   return body.value;"#,
                vec![],
            )
            .await?;
        let pasted = pasted.as_str().unwrap_or_default().to_string();
        assert!(pasted.contains("<strong>phấn khởi</strong>.\n\n## Ý kiến người dân"), "{pasted}");
        assert!(pasted.contains("<strong>Ông Lục Văn Sáu</strong> nói: cầu rất chắc."), "{pasted}");
        assert!(pasted.contains("- Đi lại an toàn\n- Chở được hàng"), "{pasted}");
        assert!(!pasted.contains("style") && !pasted.contains("Mso"), "{pasted}");
        client.find(Locator::Css("form.article-form button[type=submit]")).await?.click().await?;
        let started = std::time::Instant::now();
        while !client.source().await?.contains("Phiên bản 4") {
            assert!(started.elapsed().as_secs() < 15, "the pasted text was not saved");
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        keep_screenshot(&client, "newsroom-editor").await;
        take_step(&client, &base, &article, "submit").await?;
        log_out(&client).await?;

        log_in(&client, &base, "bientap").await?;
        let desk = wait_for(&client, ".desk-grid").await?.text().await?;
        assert!(desk.contains("Khánh thành cầu treo bản Nà Mò"), "the editor sees it waiting");
        keep_screenshot(&client, "newsroom-desk").await;
        take_step(&client, &base, &article, "approve").await?;
        log_out(&client).await?;

        log_in(&client, &base, "lanhdao").await?;
        take_step(&client, &base, &article, "publish").await?;
        let public = client
            .find(Locator::Css("a[target=_blank]:not([href*=xem-truoc])"))
            .await?
            .attr("href")
            .await?
            .expect("public link");
        log_out(&client).await?;

        client.goto(&format!("{base}{public}")).await?;
        let title = client.find(Locator::Css("h1.article-title")).await?.text().await?;
        assert_eq!(title, "Khánh thành cầu treo bản Nà Mò");
        let caption = client.find(Locator::Css("figure figcaption")).await?.text().await?;
        assert_eq!(caption, "Cầu treo mới nối hai bờ suối");
        let picture = client.find(Locator::Css("figure img")).await?;
        assert!(picture.attr("src").await?.unwrap_or_default().starts_with("/media/"));
        let loaded = client
            .execute(r#"const img = document.querySelector("figure img"); return img.complete && img.naturalWidth > 0;"#, vec![])
            .await?;
        assert_eq!(loaded, serde_json::json!(true), "the picked image shows");
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    let _ = client.close().await;
    drop(driver);
    assert!(server.interrupt().success());
    result.expect("browser steps");
}
