//! Following the change feed: each process (each node) reads the changes
//! every write records, in order, and hands them to what keeps copies of
//! the database (the page cache, memos, the search index). PostgreSQL
//! wakes followers with `LISTEN/NOTIFY`; SQLite is polled (one machine).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use anyhow::Result;
use portal_core::change::ChangeRecord;
use portal_store::{Backend, Store};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// How often a follower looks without being woken: often on SQLite (a
/// read of a local file), rarely on PostgreSQL (NOTIFY wakes it; this
/// covers a listener that is reconnecting).
fn poll_interval(backend: Backend) -> Duration {
    match backend {
        Backend::Sqlite => Duration::from_millis(100),
        Backend::Postgres => Duration::from_secs(2),
    }
}

/// An id skipped by the feed may belong to a transaction that has not
/// committed yet (PostgreSQL hands out ids before commit); after this long
/// it was rolled back.
const GAP_PATIENCE: Duration = Duration::from_secs(30);
const BATCH: i64 = 500;
/// Changes older than this are deleted from the feed.
pub const KEEP_FOR_SECS: i64 = 24 * 60 * 60;

/// Wakes the followers of this process: when any process commits a
/// change (PostgreSQL), when this one does, or on the poll.
#[derive(Clone)]
pub struct Wake {
    signal: watch::Sender<u64>,
    poll: Duration,
}

impl Wake {
    /// Starts listening (PostgreSQL); the task reconnects when the
    /// connection drops.
    pub fn start(store: &Store) -> (Self, JoinHandle<()>) {
        let wake = Self {
            signal: watch::Sender::new(0),
            poll: poll_interval(store.backend()),
        };
        let (store, signal) = (store.clone(), wake.clone());
        let task = tokio::spawn(async move {
            if store.backend() != Backend::Postgres {
                return;
            }
            loop {
                match store.change_signals().await {
                    Ok(Some(mut signals)) => {
                        signal.now();
                        while signals.next().await.is_ok() {
                            signal.now();
                        }
                        tracing::warn!("change feed listener lost; reconnecting");
                    }
                    Ok(None) => return,
                    Err(error) => tracing::warn!(%error, "change feed listener not connected"),
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        });
        (wake, task)
    }

    /// Look now: a change was just made here.
    pub fn now(&self) {
        self.signal.send_modify(|n| *n = n.wrapping_add(1));
    }

    /// Waits until woken or the poll interval passes.
    pub async fn wait(&self, seen: &mut watch::Receiver<u64>) {
        tokio::select! {
            _ = seen.changed() => {}
            () = tokio::time::sleep(self.poll) => {}
        }
    }

    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.signal.subscribe()
    }
}

/// One reader's place in the feed.
#[derive(Debug)]
pub struct Follower {
    /// The highest id read.
    seen: i64,
    /// Ids below `seen` not read yet, and since when they are awaited.
    gaps: BTreeMap<i64, Instant>,
}

impl Follower {
    /// Follows changes after `position`.
    pub fn after(position: i64) -> Self {
        Self {
            seen: position,
            gaps: BTreeMap::new(),
        }
    }

    /// Follows what comes after now.
    pub async fn from_now(store: &Store) -> Result<Self> {
        Ok(Self::after(store.last_change_id().await?))
    }

    /// Every id up to this one has been read (or given up on): where to
    /// start again after a restart.
    pub fn position(&self) -> i64 {
        self.gaps.keys().next().map_or(self.seen, |first| first - 1)
    }

    /// The changes committed since the last call, in id order.
    pub async fn next(&mut self, store: &Store) -> Result<Vec<ChangeRecord>> {
        let now = Instant::now();
        self.gaps
            .retain(|_, since| now.duration_since(*since) < GAP_PATIENCE);
        let awaited: Vec<i64> = self.gaps.keys().copied().collect();
        let mut found = store.changes_among(&awaited).await?;
        for record in &found {
            self.gaps.remove(&record.id);
        }
        loop {
            let batch = store.changes_after(self.seen, BATCH).await?;
            let full = batch.len() as i64 == BATCH;
            for record in batch {
                // Ids between the last one read and this one are awaited.
                for missing in self.seen + 1..record.id {
                    self.gaps.insert(missing, now);
                }
                self.seen = record.id;
                found.push(record);
            }
            if !full {
                break;
            }
        }
        found.sort_by_key(|record| record.id);
        Ok(found)
    }
}

/// Deletes what the feed holds beyond [`KEEP_FOR_SECS`], now and then.
pub async fn prune_now_and_then(store: Store) {
    let mut ticker = tokio::time::interval(Duration::from_secs(3600));
    loop {
        ticker.tick().await;
        let before = portal_core::time::now() - KEEP_FOR_SECS;
        match store.prune_changes(before).await {
            Ok(0) => {}
            Ok(pruned) => tracing::info!(pruned, "old changes pruned from the feed"),
            Err(error) => tracing::warn!(%error, "change feed not pruned"),
        }
    }
}

#[cfg(test)]
mod tests {
    use portal_core::change::Change;
    use portal_store::testing::test_store;

    use super::*;
    use portal_core::SiteId;

    #[tokio::test]
    async fn a_follower_reads_each_change_once_in_order() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = test_store(dir.path()).await;
        store
            .record_change(SiteId(1), &Change::Site, 10)
            .await
            .expect("record");
        let mut follower = Follower::from_now(&store).await.expect("follower");
        assert!(follower.next(&store).await.expect("next").is_empty());
        for id in [5, 6] {
            store
                .record_change(SiteId(1), &Change::Media { id }, 11)
                .await
                .expect("record");
        }
        let read: Vec<Change> = follower
            .next(&store)
            .await
            .expect("next")
            .into_iter()
            .map(|r| r.change)
            .collect();
        assert_eq!(read, [Change::Media { id: 5 }, Change::Media { id: 6 }]);
        assert!(follower.next(&store).await.expect("next").is_empty());
        assert_eq!(
            follower.position(),
            store.last_change_id().await.expect("last")
        );
    }

    #[tokio::test]
    async fn an_id_skipped_is_read_when_its_transaction_commits() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = test_store(dir.path()).await;
        store
            .record_change(SiteId(1), &Change::Site, 10)
            .await
            .expect("record");
        let first = store.last_change_id().await.expect("last");
        // The feed as a follower sees it while an earlier transaction is
        // still open: ids first+2 committed, first+1 not yet.
        let mut follower = Follower::after(first);
        follower.seen = first + 2;
        follower.gaps.insert(first + 1, Instant::now());
        assert_eq!(follower.position(), first);
        store
            .record_change(SiteId(1), &Change::Media { id: 1 }, 11)
            .await
            .expect("record");
        let read = follower.next(&store).await.expect("next");
        assert_eq!(read.len(), 1);
        assert_eq!(read[0].id, first + 1);
        assert_eq!(follower.position(), first + 2);
    }
}
