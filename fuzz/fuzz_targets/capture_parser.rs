//! Any text given to the legacy capture parser: an error or an article,
//! never a panic; an article it reads has a title and a date.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(article) = portal_core::capture::parse_capture(text) {
        assert!(!article.title.trim().is_empty());
        let _ = article.import_key();
    }
});
