//! Any HTML through the inline sanitizer and any address through the URL
//! policy: no script, no handler, no script address comes out, and both
//! are stable when applied twice.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portal_core::InlineHtml;
use portal_core::address::{embed_player, safe_link};

fn no_script_address(address: &str) -> bool {
    let folded: String = address
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    !(folded.starts_with("javascript:") || folded.starts_with("vbscript:") || folded.starts_with("data:"))
}

fuzz_target!(|text: &str| {
    let clean = InlineHtml::sanitize(text);
    // Text comes out escaped, so every `<` opens a tag: only the inline
    // subset, only links' own attributes, only safe addresses.
    for tag in clean.as_html().split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or_default();
        let mut parts = tag.split_whitespace();
        let name = parts.next().unwrap_or_default().trim_start_matches('/');
        assert!(
            ["strong", "em", "a", "br", "sub", "sup"].contains(&name),
            "<{tag}>"
        );
        for attribute in parts {
            assert!(
                attribute.starts_with("href=\"") || attribute.starts_with("rel=\"") || attribute.starts_with("noreferrer"),
                "<{tag}>"
            );
        }
        if let Some(href) = tag.split("href=\"").nth(1) {
            assert!(no_script_address(href.split('"').next().unwrap_or_default()), "<{tag}>");
        }
    }
    assert_eq!(InlineHtml::sanitize(clean.as_html()).as_html(), clean.as_html());
    if let Some(link) = safe_link(text) {
        assert!(no_script_address(&link), "{link:?}");
        assert_eq!(safe_link(&link).as_deref(), Some(link.as_str()));
    }
    if let Some(player) = embed_player(text) {
        assert!(
            player.src.starts_with("https://www.youtube-nocookie.com/embed/")
                || player.src.starts_with("https://player.vimeo.com/video/")
        );
    }
});
