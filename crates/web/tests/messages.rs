//! Every message key any crate names exists in the catalog, in both
//! languages: a key missing from it would show readers the key itself
//! ("admin.backup.ok") instead of words.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "rs" || e == "html" || e == "js" || e == "xml")
        {
            out.push(path);
        }
    }
}

/// Every double-quoted literal in `text` that looks like a message key:
/// lowercase words joined by dots, the first a namespace of the catalog.
fn key_literals(text: &str, namespaces: &BTreeSet<&str>) -> Vec<String> {
    text.split('"')
        .skip(1)
        .step_by(2)
        .filter(|literal| {
            let mut parts = literal.split('.');
            let first = parts.next().unwrap_or_default();
            namespaces.contains(first)
                && literal.contains('.')
                && literal
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'.' || b == b'_')
                && !literal.ends_with('.')
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn every_key_named_anywhere_is_in_both_languages() {
    let known: BTreeSet<&str> = portal_web::i18n::keys().collect();
    let namespaces: BTreeSet<&str> = known
        .iter()
        .filter_map(|key| key.split('.').next())
        .collect();
    // Names that look like keys and are not: block types, file names.
    let blocks = portal_web::blocks::Registry::default();
    let not_a_message = |literal: &str| {
        blocks.knows(literal)
            || [".html", ".css", ".js", ".xml", ".txt", ".json"]
                .iter()
                .any(|ext| literal.ends_with(ext))
    };
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in [
        "web/src",
        "web/templates",
        "web/assets",
        "services/src",
        "core/src",
    ] {
        let dir = crates.join(dir);
        if dir.exists() {
            files_under(&dir, &mut files);
        }
    }
    assert!(files.len() > 20, "the sources were found: {files:?}");
    let mut missing = BTreeSet::new();
    let mut named = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).expect("source");
        for key in key_literals(&text, &namespaces) {
            if not_a_message(&key) {
                continue;
            }
            named += 1;
            if !known.contains(key.as_str()) {
                missing.insert(format!("{key} ({})", file.display()));
            }
        }
    }
    assert!(named > 100, "{named} keys named");
    assert!(missing.is_empty(), "not in the catalog: {missing:#?}");
}
