//! Rendered public pages kept in memory with their gzip and brotli forms,
//! answered with ETag / Last-Modified / 304, and dropped exactly when
//! something they show changes.
//!
//! A page says what it shows while it renders ([`Deps`]); a change names
//! what it touched ([`Dep`]) and drops the pages that showed it. Pages also
//! show view counts and the most-read list, which change with every
//! reader: for those alone a page may be [`CacheConfig::fresh_for`] old.

use std::collections::{HashMap, HashSet, VecDeque};
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant, SystemTime};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use portal_core::change::ArticlePlace;

use crate::SharedState;
use crate::frame::ClientAddress;

mod follow;
pub use follow::{follow_changes, watch_schedule};

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

/// Something a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dep {
    /// The article itself, or its title and picture in a list.
    Article(i64),
    /// Every public article of the site, as the sitemap lists them.
    AnyArticle { site: i64 },
    /// The site's newest or featured articles, whatever their section.
    Latest { site: i64 },
    /// The newest articles of a section.
    Category(i64),
    /// The site's keyword pages.
    Tags { site: i64 },
}

/// What a page noted while it rendered. Handlers that want their page kept
/// put this in the response's extensions.
#[derive(Debug, Default)]
pub struct Deps(Mutex<Vec<Dep>>);

impl Deps {
    pub fn note(&self, dep: Dep) {
        self.lock().push(dep);
    }

    pub fn note_all(&self, deps: impl IntoIterator<Item = Dep>) {
        self.lock().extend(deps);
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Dep>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn into_page_deps(self) -> PageDeps {
        PageDeps {
            deps: self.into_vec(),
            view_of: None,
        }
    }

    /// What was noted, sorted, each once.
    pub fn into_vec(self) -> Vec<Dep> {
        let mut deps = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        deps.sort_unstable();
        deps.dedup();
        deps
    }
}

/// Put in a response's extensions: keep this page, showing these.
#[derive(Debug, Clone)]
pub struct PageDeps {
    deps: Vec<Dep>,
    /// An article page: a reader's visit counts as a view, cached or not.
    view_of: Option<i64>,
}

impl PageDeps {
    pub fn counting_views_of(mut self, article_id: i64) -> Self {
        self.view_of = Some(article_id);
        self
    }
}

/// A public article as lists see it: what decides where it is listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    pub id: i64,
    pub site_id: i64,
    pub public: bool,
    pub featured: bool,
    pub publish_at: Option<i64>,
    pub categories: Vec<i64>,
    pub tags: Vec<String>,
}

impl Listing {
    pub fn of(article: &portal_core::Article, now: i64) -> Self {
        Self::at(article.id, article.site_id, &ArticlePlace::of(article), now)
    }

    /// Where the article `id` of `site_id` is listed at `now`, being at `place`.
    pub fn at(id: i64, site_id: i64, place: &ArticlePlace, now: i64) -> Self {
        Self {
            id,
            site_id,
            public: place.is_public(now),
            featured: place.featured,
            publish_at: place.publish_at,
            categories: place.categories.clone(),
            tags: place.tags.clone(),
        }
    }
}

/// What changing an article from `before` to `after` (either missing when
/// it did not or does not exist) makes stale.
pub fn stale_after(before: Option<&Listing>, after: Option<&Listing>) -> Vec<Dep> {
    let Some(id_site) = after.or(before).map(|l| (l.id, l.site_id)) else {
        return Vec::new();
    };
    let (id, site) = id_site;
    let public = |listing: Option<&Listing>| listing.filter(|l| l.public).cloned();
    let (was, is) = (public(before), public(after));
    if was.is_none() && is.is_none() {
        // Never shown to readers, so on no page.
        return Vec::new();
    }
    let mut deps = vec![Dep::Article(id), Dep::AnyArticle { site }];
    if was != is {
        // Entering, leaving or moving within lists: every list it was or is in.
        deps.push(Dep::Latest { site });
        deps.push(Dep::Tags { site });
        for listing in [&was, &is].into_iter().flatten() {
            deps.extend(listing.categories.iter().map(|c| Dep::Category(*c)));
        }
    }
    deps
}

struct Entry {
    /// Where it is kept, to tell whether it still is.
    key: String,
    deps: Vec<Dep>,
    view_of: Option<i64>,
    /// The handler's headers (type, security policy), replayed on each answer.
    headers: HeaderMap,
    body: Bytes,
    /// The compressed forms, each made when a reader first asks for it
    /// (set under the pages' lock, so the memory they take is counted).
    gzip: OnceLock<Bytes>,
    brotli: OnceLock<Bytes>,
    /// Whether someone is making (or made) each form: one reader does.
    making: [AtomicBool; 2],
    etag: HeaderValue,
    last_modified: HeaderValue,
    modified_at: SystemTime,
    rendered: Instant,
    /// One reader renders a page whose view counts got old; the others are
    /// answered from the old one meanwhile.
    refreshing: AtomicBool,
    serial: u64,
}

impl Entry {
    fn size(&self) -> usize {
        self.body.len()
            + self.gzip.get().map_or(0, Bytes::len)
            + self.brotli.get().map_or(0, Bytes::len)
            + 512
    }
}

#[derive(Default)]
struct Pages {
    entries: HashMap<String, Arc<Entry>>,
    /// Keys in the order they were stored, for eviction; a key whose
    /// serial no longer matches was replaced or dropped since.
    order: VecDeque<(String, u64)>,
    bytes: usize,
}

pub struct PageCache {
    config: CacheConfig,
    pages: Mutex<Pages>,
    /// Counts changes: a page rendered while one happened is not kept.
    changes: AtomicU64,
    /// Counts changes of what every page of a site shows (settings,
    /// sections, blocks): memos of those are read again after one.
    site_changes: AtomicU64,
    serial: AtomicU64,
    /// Rounds of the change feed's follower (see [`follow`]).
    followed: tokio::sync::watch::Sender<u64>,
}

/// Lists of articles read once and kept until any article changes here, or
/// they are [`CacheConfig::fresh_for`] old (view counts; changes made by
/// another process): most pages show the same few lists.
pub struct ListMemo<K, V> {
    entries: Mutex<HashMap<K, Kept<V>>>,
}

/// A value, the change count it was read under, and when.
type Kept<V> = (u64, Instant, Arc<V>);

impl<K: std::hash::Hash + Eq, V> Default for ListMemo<K, V> {
    fn default() -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: std::hash::Hash + Eq, V> ListMemo<K, V> {
    /// Lists of a few dozen articles each: a few MB at most.
    const MAX: usize = 1024;

    pub fn get(&self, cache: &PageCache, key: &K) -> Option<Arc<V>> {
        let changes = cache.changes.load(Ordering::SeqCst);
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let (at, read, value) = entries.get(key)?;
        let young = read.elapsed() < cache.config.fresh_for;
        (*at == changes && young).then(|| Arc::clone(value))
    }

    /// Keeps `value`, read when the change count was `changes`.
    fn put(&self, changes: u64, key: K, value: Arc<V>) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= Self::MAX {
            entries.clear();
        }
        entries.insert(key, (changes, Instant::now(), value));
    }

    /// The value kept for `key`, or `read` now and kept. The change count
    /// is taken before reading, so a change made meanwhile is not hidden.
    pub async fn get_or_read<E, F>(&self, cache: &PageCache, key: K, read: F) -> Result<Arc<V>, E>
    where
        F: Future<Output = Result<V, E>>,
    {
        if let Some(kept) = self.get(cache, &key) {
            return Ok(kept);
        }
        let changes = cache.change_count();
        let value = Arc::new(read.await?);
        self.put(changes, key, Arc::clone(&value));
        Ok(value)
    }
}

/// Values read once and kept until what every page shows changes (see
/// [`PageCache::clear`]) or for [`Memo::KEEP`] (changes made by another
/// process); at most [`Memo::MAX`] of them.
pub struct Memo<K, V> {
    /// The site change count the values were read under, and the values.
    entries: Mutex<(u64, HashMap<K, Read<V>>)>,
}

/// A value and when it was read.
type Read<V> = (Instant, Arc<V>);

impl<K: std::hash::Hash + Eq, V> Default for Memo<K, V> {
    fn default() -> Self {
        Self {
            entries: Mutex::new((0, HashMap::new())),
        }
    }
}

impl<K: std::hash::Hash + Eq, V> Memo<K, V> {
    /// Bounds the memory a stream of made-up Host headers can take.
    const MAX: usize = 256;
    const KEEP: Duration = Duration::from_secs(60);

    pub fn get(&self, cache: &PageCache, key: &K) -> Option<Arc<V>> {
        let generation = cache.site_changes.load(Ordering::SeqCst);
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let (read, value) = entries.1.get(key)?;
        (entries.0 == generation && read.elapsed() < Self::KEEP).then(|| Arc::clone(value))
    }

    /// Keeps `value` if nothing changed since `generation` was read.
    pub fn put(&self, generation: u64, key: K, value: Arc<V>) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.0 != generation {
            *entries = (generation, HashMap::new());
        }
        if entries.1.len() >= Self::MAX {
            entries.1.clear();
        }
        entries.1.insert(key, (Instant::now(), value));
    }

    /// The value kept for `key`, or `read` now and kept (see [`Self::put`]).
    pub async fn get_or_read<E, F>(&self, cache: &PageCache, key: K, read: F) -> Result<Arc<V>, E>
    where
        F: Future<Output = Result<V, E>>,
    {
        if let Some(kept) = self.get(cache, &key) {
            return Ok(kept);
        }
        let generation = cache.site_generation();
        let value = Arc::new(read.await?);
        self.put(generation, key, Arc::clone(&value));
        Ok(value)
    }
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

    fn pages(&self) -> MutexGuard<'_, Pages> {
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

    fn get(&self, key: &str) -> Option<Arc<Entry>> {
        self.pages().entries.get(key).cloned()
    }

    /// Drops `key` if it still holds `entry`.
    fn remove(&self, key: &str, entry: &Arc<Entry>) {
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

    fn insert(&self, entry: Entry) -> Option<Arc<Entry>> {
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
    fn evict(&self, pages: &mut Pages) {
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
    async fn compress_for(
        self: &Arc<Self>,
        entry: &Arc<Entry>,
        request: &HeaderMap,
        method: &Method,
    ) {
        let Some(coding) = Coding::wanted_by(request) else {
            return;
        };
        if *method == Method::HEAD || has_it_already(entry, request) {
            return;
        }
        if entry.form(coding).get().is_some()
            || entry.making[coding as usize].swap(true, Ordering::AcqRel)
        {
            return;
        }
        let (cache, entry) = (Arc::clone(self), Arc::clone(entry));
        let _ = tokio::task::spawn_blocking(move || cache.compress(&entry, coding)).await;
    }

    fn compress(&self, entry: &Entry, coding: Coding) {
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

/// The compressed forms a page is kept in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Coding {
    Brotli = 0,
    Gzip = 1,
}

impl Coding {
    /// Brotli when the reader takes it (smaller), else gzip.
    fn wanted_by(request: &HeaderMap) -> Option<Self> {
        match preferred_coding(request, b"br", b"gzip") {
            Some("br") => Some(Self::Brotli),
            Some("gzip") => Some(Self::Gzip),
            _ => None,
        }
    }
}

impl Entry {
    fn form(&self, coding: Coding) -> &OnceLock<Bytes> {
        match coding {
            Coding::Brotli => &self.brotli,
            Coding::Gzip => &self.gzip,
        }
    }
}

pub(crate) fn gzip(body: &[u8]) -> Bytes {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let _ = encoder.write_all(body);
    encoder.finish().map(Bytes::from).unwrap_or_default()
}

pub(crate) fn brotli(body: &[u8]) -> Bytes {
    let mut out = Vec::new();
    // Quality 5 with a window the size of a page: within a few percent of
    // the best size (0.3% above quality 6 on an article page, 4% under
    // gzip) in a quarter less time than 6. The first reader of a page
    // waits for it.
    let params = brotli::enc::BrotliEncoderParams {
        quality: 5,
        lgwin: 18,
        ..Default::default()
    };
    match brotli::BrotliCompress(&mut &body[..], &mut out, &params) {
        Ok(_) => Bytes::from(out),
        Err(_) => Bytes::new(),
    }
}

/// The cache's key: the host the reader asked (pages carry absolute
/// links to it), the path, and the one query parameter pages read.
fn key_of(request: &Request) -> Option<String> {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost")
        .to_ascii_lowercase();
    let uri = request.uri();
    let page = uri
        .query()
        .into_iter()
        .flat_map(|query| query.split('&'))
        .find_map(|pair| pair.strip_prefix("page="));
    if page.is_some_and(|p| p.len() > 6) {
        return None;
    }
    Some(format!(
        "{host}\u{0}{}\u{0}{}",
        uri.path(),
        page.unwrap_or_default()
    ))
}

/// The middleware over public pages.
pub async fn serve(State(state): State<SharedState>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    if method != Method::GET && method != Method::HEAD {
        return next.run(request).await;
    }
    let Some(key) = key_of(&request) else {
        return next.run(request).await;
    };
    let cache = &state.pages;
    let headers = request.headers().clone();
    let reader = Reader::of(&state, &request);
    let mut refreshing = None;
    if let Some(entry) = cache.get(&key) {
        let fresh = entry.rendered.elapsed() < cache.config.fresh_for;
        let someone_else_renders = || {
            entry
                .refreshing
                .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
                .is_err()
        };
        if fresh || someone_else_renders() {
            reader.count_view(&state, &method, &headers, entry.view_of);
            cache.compress_for(&entry, &headers, &method).await;
            return answer(&entry, &headers, &method);
        }
        refreshing = Some(entry);
    }
    let changes_before = cache.changes.load(Ordering::SeqCst);
    let response = next.run(request).await;
    let page = response.extensions().get::<PageDeps>().cloned();
    if let Some(page) = &page {
        reader.count_view(&state, &method, &headers, page.view_of);
    }
    let keepable = response.status() == StatusCode::OK
        && !response.headers().contains_key(header::SET_COOKIE)
        && page.is_some();
    let (Some(page), true) = (page, keepable) else {
        // The page is gone or failed: its old copy must not be served on.
        if let Some(old) = refreshing {
            cache.remove(&key, &old);
        }
        return response;
    };
    let (parts, body) = response.into_parts();
    // Handlers render whole pages in memory, so reading them back is safe
    // whatever their size; `insert` decides whether one is kept.
    let Ok(body) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let entry = new_entry(
        cache,
        key,
        page,
        &parts.headers,
        body.clone(),
        refreshing.as_deref(),
    );
    // A change during the rendering may be missing from this page.
    let kept = if cache.changes.load(Ordering::SeqCst) == changes_before {
        cache.insert(entry)
    } else {
        None
    };
    if let Some(old) = refreshing.filter(|_| kept.is_none()) {
        old.refreshing.store(false, Ordering::Release);
    }
    match kept {
        Some(entry) => {
            cache.compress_for(&entry, &headers, &method).await;
            answer(&entry, &headers, &method)
        }
        None => Response::from_parts(parts, Body::from(body)),
    }
}

fn new_entry(
    cache: &PageCache,
    key: String,
    page: PageDeps,
    headers: &HeaderMap,
    body: Bytes,
    previous: Option<&Entry>,
) -> Entry {
    let digest = Sha256::digest(&body);
    let hash: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    let etag = HeaderValue::from_str(&format!("W/\"{hash}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("W/\"0\""));
    // Unchanged bytes keep the time they first appeared.
    let modified_at = previous
        .filter(|old| old.etag == etag)
        .map_or_else(SystemTime::now, |old| old.modified_at);
    let last_modified = HeaderValue::from_str(&httpdate::fmt_http_date(modified_at))
        .unwrap_or_else(|_| HeaderValue::from_static("Thu, 01 Jan 1970 00:00:00 GMT"));
    Entry {
        key,
        deps: page.deps,
        view_of: page.view_of,
        headers: kept_headers(headers),
        body,
        gzip: OnceLock::new(),
        brotli: OnceLock::new(),
        making: Default::default(),
        etag,
        last_modified,
        modified_at,
        rendered: Instant::now(),
        refreshing: AtomicBool::new(false),
        serial: cache.serial.fetch_add(1, Ordering::Relaxed),
    }
}

fn kept_headers(headers: &HeaderMap) -> HeaderMap {
    let mut kept = headers.clone();
    for name in [
        header::CONTENT_LENGTH,
        header::CONTENT_ENCODING,
        header::CACHE_CONTROL,
        header::ETAG,
        header::LAST_MODIFIED,
        header::VARY,
    ] {
        kept.remove(name);
    }
    kept
}

/// The page, or 304 when the reader has it already.
/// Whether the reader's copy is this page (`If-None-Match`, else
/// `If-Modified-Since`): a 304 then.
fn has_it_already(entry: &Entry, request: &HeaderMap) -> bool {
    match request.get(header::IF_NONE_MATCH) {
        Some(tags) => tags
            .to_str()
            .is_ok_and(|tags| etag_matches(tags, &entry.etag)),
        None => request
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|since| since.to_str().ok())
            .and_then(|since| httpdate::parse_http_date(since).ok())
            .is_some_and(|since| {
                // HTTP dates have whole seconds.
                entry
                    .modified_at
                    .duration_since(since)
                    .map_or(true, |ahead| ahead < Duration::from_secs(1))
            }),
    }
}

fn answer(entry: &Entry, request: &HeaderMap, method: &Method) -> Response {
    let mut response = if has_it_already(entry, request) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let (encoding, body) = pick_encoding(entry, request);
        let mut response = if *method == Method::HEAD {
            Response::new(Body::empty())
        } else {
            Response::new(Body::from(body.clone()))
        };
        let headers = response.headers_mut();
        headers.extend(entry.headers.clone());
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
        if let Some(encoding) = encoding {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
        response
    };
    let headers = response.headers_mut();
    headers.insert(header::ETAG, entry.etag.clone());
    headers.insert(header::LAST_MODIFIED, entry.last_modified.clone());
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(PAGE_CACHE_CONTROL),
    );
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}

fn etag_matches(tags: &str, etag: &HeaderValue) -> bool {
    let ours = etag.to_str().unwrap_or_default();
    let bare = |tag: &str| tag.trim().trim_start_matches("W/").to_string();
    tags.split(',')
        .any(|tag| tag.trim() == "*" || bare(tag) == bare(ours))
}

/// Brotli, else gzip, when the reader takes it and it is ready; else the
/// plain bytes.
fn pick_encoding<'a>(entry: &'a Entry, request: &HeaderMap) -> (Option<&'static str>, &'a Bytes) {
    let brotli = entry.brotli.get().map_or(&[][..], |b| &b[..]);
    let gzip = entry.gzip.get().map_or(&[][..], |b| &b[..]);
    match preferred_coding(request, brotli, gzip) {
        Some("br") => (Some("br"), entry.brotli.get().unwrap_or(&entry.body)),
        Some("gzip") => (Some("gzip"), entry.gzip.get().unwrap_or(&entry.body)),
        _ => (None, &entry.body),
    }
}

/// `br` or `gzip` when the reader accepts it and those bytes exist (are
/// not empty), brotli first.
pub(crate) fn preferred_coding(
    request: &HeaderMap,
    brotli: &[u8],
    gzip: &[u8],
) -> Option<&'static str> {
    let accepted = request
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let takes = |coding: &str| {
        accepted.split(',').any(|part| {
            let mut pieces = part.split(';');
            let name = pieces.next().unwrap_or_default().trim();
            let refused = pieces.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            name.eq_ignore_ascii_case(coding) && !refused
        })
    };
    if !brotli.is_empty() && takes("br") {
        Some("br")
    } else if !gzip.is_empty() && takes("gzip") {
        Some("gzip")
    } else {
        None
    }
}

/// Who is reading, for counting views once per visitor.
struct Reader {
    address: String,
}

impl Reader {
    fn of(state: &SharedState, request: &Request) -> Self {
        Self {
            address: ClientAddress::of_request(state, request),
        }
    }

    fn count_view(
        &self,
        state: &SharedState,
        method: &Method,
        headers: &HeaderMap,
        article: Option<i64>,
    ) {
        let Some(article) = article else { return };
        if *method != Method::GET || crate::pages::is_prefetch(headers) {
            return;
        }
        let user_agent = headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        state.views.record(
            article,
            &portal_services::views::Visitor {
                address: &self.address,
                user_agent,
            },
            portal_core::time::now(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(public: bool, categories: &[i64]) -> Listing {
        Listing {
            id: 7,
            site_id: 1,
            public,
            featured: false,
            publish_at: Some(100),
            categories: categories.to_vec(),
            tags: vec![],
        }
    }

    #[test]
    fn drafts_touch_no_page() {
        let draft = listing(false, &[3]);
        assert!(stale_after(None, Some(&draft)).is_empty());
        assert!(stale_after(Some(&draft), Some(&draft)).is_empty());
    }

    #[test]
    fn an_edit_touches_the_pages_showing_the_article_only() {
        let live = listing(true, &[3]);
        assert_eq!(
            stale_after(Some(&live), Some(&live)),
            [Dep::Article(7), Dep::AnyArticle { site: 1 }]
        );
    }

    #[test]
    fn publishing_or_moving_touches_the_lists_it_enters_and_leaves() {
        let draft = listing(false, &[3]);
        let live = listing(true, &[3]);
        let moved = listing(true, &[4]);
        let published = stale_after(Some(&draft), Some(&live));
        assert!(published.contains(&Dep::Latest { site: 1 }));
        assert!(published.contains(&Dep::Category(3)));
        assert!(!published.contains(&Dep::Category(4)));
        let moving = stale_after(Some(&live), Some(&moved));
        assert!(moving.contains(&Dep::Category(3)) && moving.contains(&Dep::Category(4)));
        assert!(stale_after(Some(&live), None).contains(&Dep::Category(3)));
    }

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
                deps: vec![Dep::Article(i64::from(page))],
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
            deps: vec![Dep::Article(1)],
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

    #[test]
    fn brotli_then_gzip_when_accepted_and_ready() {
        let mut request = HeaderMap::new();
        let mut asks = |accepted: &str, brotli: &[u8], gzip: &[u8]| {
            request.insert(
                header::ACCEPT_ENCODING,
                HeaderValue::from_str(accepted).expect("header"),
            );
            preferred_coding(&request, brotli, gzip)
        };
        assert_eq!(asks("gzip, deflate, br", b"b", b"g"), Some("br"));
        assert_eq!(asks("gzip, br;q=0", b"b", b"g"), Some("gzip"));
        assert_eq!(asks("gzip, br", b"", b"g"), Some("gzip"));
        assert_eq!(asks("identity", b"b", b"g"), None);
        assert_eq!(asks("GZIP", b"", b""), None);
    }

    #[test]
    fn etags_compare_weakly() {
        let etag = HeaderValue::from_static("W/\"abc\"");
        assert!(etag_matches("\"abc\"", &etag));
        assert!(etag_matches("W/\"x\", W/\"abc\"", &etag));
        assert!(!etag_matches("\"abd\"", &etag));
    }
}
