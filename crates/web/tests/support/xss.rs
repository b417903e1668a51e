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
                let json_ld = attr("type") == "application/ld+json"
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
