//! The page store: rendered pages by key with their compressed forms,
//! dropped by what they show, evicted oldest first to fit the memory given.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::{Instant, SystemTime};

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, Method};

use super::answer::has_it_already;
use super::compress::{Coding, brotli, gzip};
use super::{CacheConfig, Dep, Listing, MAX_PAGE_BYTES, stale_after};

pub(super) struct Entry {
    /// Where it is kept, to tell whether it still is.
    pub(super) key: String,
    pub(super) deps: Vec<Dep>,
    pub(super) view_of: Option<i64>,
    /// The handler's headers (type, security policy), replayed on each answer.
    pub(super) headers: HeaderMap,
    pub(super) body: Bytes,
    /// The compressed forms, each made when a reader first asks for it
    /// (set under the pages' lock, so the memory they take is counted).
    pub(super) gzip: OnceLock<Bytes>,
    pub(super) brotli: OnceLock<Bytes>,
    /// Whether someone is making (or made) each form: one reader does.
    pub(super) making: [AtomicBool; 2],
    pub(super) etag: HeaderValue,
    pub(super) last_modified: HeaderValue,
    pub(super) modified_at: SystemTime,
    pub(super) rendered: Instant,
    /// One reader renders a page whose view counts got old; the others are
    /// answered from the old one meanwhile.
    pub(super) refreshing: AtomicBool,
    pub(super) serial: u64,
}

impl Entry {
    pub(super) fn size(&self) -> usize {
        self.body.len()
            + self.gzip.get().map_or(0, Bytes::len)
            + self.brotli.get().map_or(0, Bytes::len)
            + 512
    }
}

#[derive(Default)]
pub(super) struct Pages {
    pub(super) entries: HashMap<String, Arc<Entry>>,
    /// Keys in the order they were stored, for eviction; a key whose
    /// serial no longer matches was replaced or dropped since.
    pub(super) order: VecDeque<(String, u64)>,
    pub(super) bytes: usize,
}

pub struct PageCache {
    pub(super) config: CacheConfig,
    pub(super) pages: Mutex<Pages>,
    /// Counts changes: a page rendered while one happened is not kept.
    pub(super) changes: AtomicU64,
    /// Counts changes of what every page of a site shows (settings,
    /// sections, blocks): memos of those are read again after one.
    pub(super) site_changes: AtomicU64,
    pub(super) serial: AtomicU64,
    /// Rounds of the change feed's follower (see [`follow`]).
    pub(super) followed: tokio::sync::watch::Sender<u64>,
}

impl PageCache {
    pub fn new(config: CacheConfig) -> Self {
        Self {
            config,
            pages: Mutex::default(),
            changes: AtomicU64::new(0),
            site_changes: AtomicU64::new(0),
            serial: AtomicU64::new(0),
            followed: tokio::sync::watch::Sender::new(0),
        }
    }

    pub(super) fn pages(&self) -> MutexGuard<'_, Pages> {
        self.pages.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Drops every page that shows any of `deps`.
    pub fn invalidate(&self, deps: &[Dep]) {
        if deps.is_empty() {
            return;
        }
        self.changes.fetch_add(1, Ordering::SeqCst);
        let wanted: HashSet<&Dep> = deps.iter().collect();
        let mut pages = self.pages();
        let mut freed = 0;
        pages.entries.retain(|_, entry| {
            let keep = !entry.deps.iter().any(|dep| wanted.contains(dep));
            if !keep {
                freed += entry.size();
            }
            keep
        });
        pages.bytes = pages.bytes.saturating_sub(freed);
    }

    pub fn article_changed(&self, before: Option<&Listing>, after: Option<&Listing>) {
        self.invalidate(&stale_after(before, after));
    }

    /// How many pages are kept, and their bytes (tests, logs).
    pub fn usage(&self) -> (usize, usize) {
        let pages = self.pages();
        (pages.entries.len(), pages.bytes)
    }

    pub(super) fn get(&self, key: &str) -> Option<Arc<Entry>> {
        self.pages().entries.get(key).cloned()
    }

    /// Drops `key` if it still holds `entry`.
    pub(super) fn remove(&self, key: &str, entry: &Arc<Entry>) {
        let mut pages = self.pages();
        if pages
            .entries
            .get(key)
            .is_some_and(|kept| Arc::ptr_eq(kept, entry))
        {
            pages.entries.remove(key);
            pages.bytes = pages.bytes.saturating_sub(entry.size());
        }
    }

    /// How many changes there were: [`ListMemo::get_or_read`] reads it
    /// before reading the database and keeps the value under it.
    pub fn change_count(&self) -> u64 {
        self.changes.load(Ordering::SeqCst)
    }

    /// Where memos of what every page shows stand: read it before reading
    /// the database, and [`Memo::put`] keeps the value only if unchanged
    /// ([`Memo::get_or_read`] does both).
    pub fn site_generation(&self) -> u64 {
        self.site_changes.load(Ordering::SeqCst)
    }

    /// Drops every page and memo (settings that every page shows changed).
    pub fn clear(&self) {
        self.site_changes.fetch_add(1, Ordering::SeqCst);
        self.changes.fetch_add(1, Ordering::SeqCst);
        let mut pages = self.pages();
        pages.entries.clear();
        pages.order.clear();
        pages.bytes = 0;
    }

    pub(super) fn insert(&self, entry: Entry) -> Option<Arc<Entry>> {
        let size = entry.size();
        if size > MAX_PAGE_BYTES || size * 4 > self.config.max_bytes {
            return None;
        }
        let entry = Arc::new(entry);
        let mut pages = self.pages();
        if let Some(old) = pages.entries.insert(entry.key.clone(), Arc::clone(&entry)) {
            pages.bytes = pages.bytes.saturating_sub(old.size());
        }
        pages.bytes += size;
        pages.order.push_back((entry.key.clone(), entry.serial));
        self.evict(&mut pages);
        Some(entry)
    }

    /// Oldest first, until the pages fit.
    pub(super) fn evict(&self, pages: &mut Pages) {
        while pages.bytes > self.config.max_bytes {
            let Some((key, serial)) = pages.order.pop_front() else {
                break;
            };
            if pages.entries.get(&key).is_some_and(|e| e.serial == serial)
                && let Some(old) = pages.entries.remove(&key)
            {
                pages.bytes = pages.bytes.saturating_sub(old.size());
            }
        }
        // Keys of replaced pages pile up in `order`; trim them now and then.
        if pages.order.len() > 2 * pages.entries.len() + 1024 {
            let entries = &pages.entries;
            let live: VecDeque<(String, u64)> = pages
                .order
                .iter()
                .filter(|(key, serial)| entries.get(key).is_some_and(|e| e.serial == *serial))
                .cloned()
                .collect();
            pages.order = live;
        }
    }

    /// Makes the compressed form this reader takes best, if it is still
    /// missing and nobody is making it: the reader waits for it about as
    /// long as compressing the answer on the way out would take, and every
    /// later reader gets it as is. Readers who come meanwhile get the plain
    /// page (compressed on the way out). A form nobody asks for is never
    /// made: most pages of a large archive are read once, by a crawler.
    pub(super) async fn compress_for(
        self: &Arc<Self>,
        entry: &Arc<Entry>,
        request: &HeaderMap,
        method: &Method,
    ) {
        let Some(coding) = form_to_make(entry, request, method) else {
            return;
        };
        if entry.making[coding as usize].swap(true, Ordering::AcqRel) {
            return;
        }
        let (cache, entry) = (Arc::clone(self), Arc::clone(entry));
        let _ = tokio::task::spawn_blocking(move || cache.compress(&entry, coding)).await;
    }

    pub(super) fn compress(&self, entry: &Entry, coding: Coding) {
        let bytes = match coding {
            Coding::Brotli => brotli(&entry.body),
            Coding::Gzip => gzip(&entry.body),
        };
        let added = bytes.len();
        let mut pages = self.pages();
        if entry.form(coding).set(bytes).is_ok()
            && pages
                .entries
                .get(&entry.key)
                .is_some_and(|kept| kept.serial == entry.serial)
        {
            pages.bytes += added;
            self.evict(&mut pages);
        }
    }
}

/// The compressed form this reader takes best, when the page does not
/// have it yet.
pub(super) fn form_to_make(entry: &Entry, request: &HeaderMap, method: &Method) -> Option<Coding> {
    let coding = Coding::wanted_by(request)?;
    let needed = *method != Method::HEAD
        && !has_it_already(entry, request)
        && entry.form(coding).get().is_none();
    needed.then_some(coding)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use axum::http::header;
    use portal_core::ArticleId;

    use super::super::answer::{answer, new_entry};
    use super::super::{Dep, PageDeps};
    use super::*;

    #[test]
    fn kept_pages_stay_within_the_configured_memory() {
        let cache = Arc::new(PageCache::new(CacheConfig {
            max_bytes: 100_000,
            fresh_for: Duration::from_secs(5),
        }));
        for page in 0..40 {
            // Text that compresses poorly, so the compressed forms count too.
            let body: String = (0..10_000u32)
                .map(|i| char::from(b'a' + ((i * 7919 + page * 31) % 26) as u8))
                .collect();
            let deps = PageDeps {
                deps: vec![Dep::Article(ArticleId(i64::from(page)))],
                view_of: None,
            };
            let key = format!("page {page}");
            let entry = new_entry(
                &cache,
                key,
                deps,
                &HeaderMap::new(),
                Bytes::from(body),
                None,
            );
            if let Some(kept) = cache.insert(entry) {
                cache.compress(&kept, Coding::Gzip);
                cache.compress(&kept, Coding::Brotli);
            }
            let (_, bytes) = cache.usage();
            assert!(bytes <= 100_000, "{bytes} bytes after page {page}");
        }
        let (pages, _) = cache.usage();
        assert!((3..40).contains(&pages), "{pages} pages kept");
        assert!(cache.get("page 39").is_some(), "the newest page is kept");
        assert!(cache.get("page 0").is_none(), "the oldest went first");
    }

    #[tokio::test]
    async fn a_compressed_form_is_made_when_a_reader_first_asks_for_it() {
        let cache = Arc::new(PageCache::new(CacheConfig::default()));
        let deps = PageDeps {
            deps: vec![Dep::Article(ArticleId(1))],
            view_of: None,
        };
        let body = "<p>Tin hoạt động của tỉnh</p>".repeat(200);
        let entry = new_entry(
            &cache,
            "/".into(),
            deps,
            &HeaderMap::new(),
            Bytes::from(body),
            None,
        );
        let kept = cache.insert(entry).expect("kept");
        let (_, plain_bytes) = cache.usage();
        let asking = |accepted: &'static str| {
            let mut request = HeaderMap::new();
            request.insert(header::ACCEPT_ENCODING, HeaderValue::from_static(accepted));
            request
        };
        cache
            .compress_for(&kept, &asking("identity"), &Method::GET)
            .await;
        assert!(kept.brotli.get().is_none() && kept.gzip.get().is_none());

        let head = Method::HEAD;
        cache
            .compress_for(&kept, &asking("gzip, deflate, br"), &head)
            .await;
        assert!(kept.brotli.get().is_none(), "no body to compress");
        cache
            .compress_for(&kept, &asking("gzip, deflate, br"), &Method::GET)
            .await;
        let brotli = kept.brotli.get().expect("brotli made for a browser").len();
        assert!(kept.gzip.get().is_none(), "nobody asked for gzip yet");
        let answered = answer(&kept, &asking("gzip, deflate, br"), &Method::GET);
        assert_eq!(answered.headers()[header::CONTENT_ENCODING], "br");

        cache
            .compress_for(&kept, &asking("gzip"), &Method::GET)
            .await;
        let gzip = kept.gzip.get().expect("gzip made when asked").len();
        assert_eq!(cache.usage().1, plain_bytes + brotli + gzip, "counted");
    }
}
