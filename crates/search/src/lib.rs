//! The full-text index of the portal's articles, on tantivy.
//!
//! Vietnamese is matched twice: a folded field (`tinh uy` finds "Tỉnh ủy",
//! `da nang` finds "Đà Nẵng") decides what matches, and an exact field gives
//! a large bonus to the words typed with their diacritics, so `má` ranks
//! "má" above "mà" and "mã". Quoted phrases are matched through the pairs
//! of adjacent common words and the positions of the others, so phrases of
//! very common words stay fast. Everything is NFC-normalized first, so text in
//! decomposed Unicode is found like composed text. Any input is a valid
//! query. This crate knows no SQL or HTTP: the services feed it documents.

mod index;
mod query;
mod schema;
mod words;

pub use index::{Hit, IndexDoc, Opened, Scope, SearchIndex, SearchRequest, SearchResults, Sort};
pub use query::{Part, UserQuery, Word};

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("the search index is in use by another process (is `portal serve` running?)")]
    Busy,
    #[error("cannot prepare the search index folder {path}: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
}

pub type Result<T, E = SearchError> = std::result::Result<T, E>;
