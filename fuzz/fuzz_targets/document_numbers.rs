//! Any text: every document number found lies within the text on char
//! boundaries with its key; linking numbers adds links and changes no text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portal_core::body::InlineHtml;
use portal_core::document_number::{find_all, key, link};

fuzz_target!(|text: &str| {
    for found in find_all(text) {
        let number = text
            .get(found.start..found.end)
            .expect("a number is a piece of the text");
        assert_eq!(key(number), found.key);
    }
    let html = InlineHtml::sanitize(text);
    assert_eq!(
        link(html.as_html(), |_| None),
        html.as_html(),
        "nothing known, nothing changed"
    );
    let linked = link(html.as_html(), |key| {
        Some(format!("/van-ban/{}", key.len()))
    });
    assert_eq!(
        InlineHtml::sanitize(&linked).plain_text(),
        html.plain_text(),
        "the reader's text is the same"
    );
});
