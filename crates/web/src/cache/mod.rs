//! Rendered public pages kept in memory with their gzip and brotli forms,
//! answered with ETag / Last-Modified / 304, and dropped exactly when
//! something they show changes.
//!
//! A page says what it shows while it renders ([`Deps`]); a change names
//! what it touched ([`Dep`]) and drops the pages that showed it. Pages also
//! show view counts and the most-read list, which change with every
//! reader: for those alone a page may be [`CacheConfig::fresh_for`] old.

use std::time::Duration;

mod answer;
mod compress;
mod deps;
mod follow;
mod memo;
mod serve;
mod store;
mod views;

pub(crate) use compress::{brotli, gzip, preferred_coding};
pub use deps::{Dep, Deps, Listing, PageDeps, stale_after};
pub use follow::{follow_changes, watch_schedule};
pub use memo::{ListMemo, Memo};
pub(crate) use serve::answer_at_once;
pub use serve::serve;
pub use store::PageCache;

/// Pages larger than this are served but not kept (a full sitemap is
/// about 8 MB).
const MAX_PAGE_BYTES: usize = 16 * 1024 * 1024;
const PAGE_CACHE_CONTROL: &str = "public, max-age=10";

#[derive(Debug, Clone)]
pub struct CacheConfig {
    /// Upper bound of the pages and their compressed forms, in bytes.
    pub max_bytes: usize,
    /// How old a page's view counts may get before it is rendered again.
    pub fresh_for: Duration,
}

impl Default for CacheConfig {
    fn default() -> Self {
        Self {
            max_bytes: 64 * 1024 * 1024,
            fresh_for: Duration::from_secs(5),
        }
    }
}
