//! The XSS corpus and the checks a page must pass whatever it was given.

const URL_ATTRIBUTES: [&str; 9] = [
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "background",
    "poster",
    "xlink:href",
    "srcset",
];

/// What in `html` is markup a vector could have made: scripts that are
/// not ours, event handlers, script addresses, frames of unknown players,
/// elements that load or redirect. Empty when the page is clean.
pub fn findings(html: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(html);
    let mut found = Vec::new();
    for node in document.root_element().descendants() {
        let Some(element) = node.value().as_element() else {
            continue;
        };
        let name = element.name();
        let attr = |a: &str| element.attr(a).unwrap_or_default();
        match name {
            "script" => {
                let ours = our_asset(attr("src"))
                    && scraper::ElementRef::wrap(node)
                        .is_some_and(|e| e.text().all(|t| t.trim().is_empty()));
                // Data, not code: structured data, and the newsroom's data
                // for its scripts; they must parse as JSON whole (a vector
                // that broke out of one would not).
                let json_ld = matches!(attr("type"), "application/ld+json" | "application/json")
                    && scraper::ElementRef::wrap(node).is_some_and(|e| {
                        serde_json::from_str::<serde_json::Value>(&e.text().collect::<String>())
                            .is_ok()
                    });
                if !(ours || json_ld) {
                    found.push(format!(
                        "a script: {}",
                        element_text(scraper::ElementRef::wrap(node))
                    ));
                }
                // The editor puts the HTML it is handed into the page.
                if json_ld && attr("type") == "application/json" {
                    let text: String = scraper::ElementRef::wrap(node)
                        .map(|e| e.text().collect())
                        .unwrap_or_default();
                    let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
                    found.extend(
                        editor_html(&value)
                            .into_iter()
                            .flat_map(findings)
                            .map(|finding| format!("in the page's data: {finding}")),
                    );
                }
            }
            "iframe" => {
                let src = attr("src");
                if !(src.starts_with("https://www.youtube-nocookie.com/embed/")
                    || src.starts_with("https://player.vimeo.com/video/"))
                {
                    found.push(format!("a frame of {src:?}"));
                }
            }
            "object" | "embed" | "base" | "frame" | "frameset" | "portal" | "applet" => {
                found.push(format!("a <{name}>"));
            }
            "meta" if attr("http-equiv").eq_ignore_ascii_case("refresh") => {
                found.push("a refresh".into());
            }
            "style" => found.push("a <style> element".into()),
            _ => {}
        }
        for (attribute, value) in element.attrs() {
            let value_lower = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            if attribute.to_ascii_lowercase().starts_with("on") {
                found.push(format!("<{name} {attribute}=…>"));
            }
            if attribute == "srcdoc" {
                found.push(format!("<{name} srcdoc>"));
            }
            if URL_ATTRIBUTES.contains(&attribute)
                && ["javascript:", "vbscript:", "data:text", "data:image/svg"]
                    .iter()
                    .any(|s| value_lower.starts_with(s))
            {
                found.push(format!("<{name} {attribute}={value:?}>"));
            }
            if attribute == "style"
                && (value_lower.contains("javascript:") || value_lower.contains("expression("))
            {
                found.push(format!("<{name} style={value:?}>"));
            }
        }
    }
    found
}

fn element_text(element: Option<scraper::ElementRef<'_>>) -> String {
    element
        .map(|e| e.html().chars().take(120).collect())
        .unwrap_or_default()
}

/// One of the theme's scripts: `/assets/…`, or the same under a sub-site's
/// `/{code}` prefix.
fn our_asset(src: &str) -> bool {
    let under_prefix = src
        .strip_prefix('/')
        .and_then(|rest| rest.split_once('/'))
        .filter(|(code, _)| {
            !code.is_empty()
                && code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
        .map(|(_, rest)| format!("/{rest}"));
    let asset = |path: &str| {
        path.strip_prefix("/assets/")
            .is_some_and(|name| !name.is_empty() && !name.contains('/'))
    };
    asset(src) || under_prefix.as_deref().is_some_and(asset)
}

/// The HTML in the body blocks a page hands the visual editor, which puts
/// it into the page as markup (text, captions, list items, table cells);
/// alt texts, names and titles go into inputs as values.
pub fn editor_html(value: &serde_json::Value) -> Vec<&str> {
    let mut out = Vec::new();
    let mut stack = vec![(false, value)];
    while let Some((html, value)) = stack.pop() {
        match value {
            serde_json::Value::String(text) if html => out.push(text.as_str()),
            serde_json::Value::Array(items) => stack.extend(items.iter().map(|item| (html, item))),
            serde_json::Value::Object(map) => stack.extend(map.iter().map(|(key, inner)| {
                (
                    matches!(key.as_str(), "text" | "caption" | "items" | "rows"),
                    inner,
                )
            })),
            _ => {}
        }
    }
    out
}
