//! Values read once and kept until what they show changes: lists of
//! articles, and what every page of a site shows.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::PageCache;

/// Lists of articles read once and kept until any article changes (the
/// change feed says so, whichever process made it), or they are
/// [`CacheConfig::fresh_for`] old (view counts): most pages show the same
/// few lists.
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
/// [`PageCache::clear`], called by the change feed's follower) or for
/// [`Memo::KEEP`] (a second line should the feed be unread for a while);
/// at most [`Memo::MAX`] of them.
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
