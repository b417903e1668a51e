//! Any text in the body field: read into blocks or refused with a line
//! number; blocks written back as text read again to the same blocks.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portal_core::markup::{from_markup, to_markup};

fuzz_target!(|text: &str| {
    match from_markup(text) {
        Ok(body) => {
            let again = from_markup(&to_markup(&body)).expect("our own markup reads back");
            assert_eq!(
                to_markup(&again),
                to_markup(&body),
                "the form gives back what it took"
            );
            let _ = body.plain_text();
        }
        Err(error) => assert!(error.line <= text.lines().count() + 1),
    }
});
