//! What opening an index folder finds: nothing yet (a new portal, no
//! cause for a warning), the index itself, or something to replace.

use portal_search::{Opened, SearchIndex};

#[test]
fn a_new_folder_is_new_and_damage_is_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("search");
    let (_, opened) = SearchIndex::open(&folder).expect("opens");
    assert!(matches!(opened, Opened::New), "{opened:?}");
    let (index, opened) = SearchIndex::open(&folder).expect("opens again");
    assert!(matches!(opened, Opened::Existing), "{opened:?}");
    drop(index);

    std::fs::write(folder.join("meta.json"), b"\x00garbage").expect("damaged");
    let (_, opened) = SearchIndex::open(&folder).expect("replaced");
    let Opened::Replaced { reason } = opened else {
        panic!("damage must be replaced with a reason: {opened:?}");
    };
    assert!(reason.contains("unreadable"), "{reason}");
}
