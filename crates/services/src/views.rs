//! Counting article views: once per visitor per article per Vietnamese day,
//! bots left out. A page only drops a note in a queue; a background task
//! writes the notes in batches, so counting never slows or fails a page.
//! The queue has no bound, so a burst of readers loses no view: each note
//! costs the task one set lookup, far quicker than a page.

use std::collections::HashSet;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::time::Duration;

use anyhow::Result;
use portal_core::ArticleId;
use portal_core::time::vietnam_day;
use portal_store::{Store, ViewMark};
use sha2::{Digest, Sha256};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

/// Above this many remembered marks the in-memory filter starts afresh; the
/// database still refuses duplicates, so this only bounds memory.
const MAX_REMEMBERED: usize = 1_000_000;

enum Command {
    View(ViewMark),
    Flush(oneshot::Sender<u64>),
}

#[derive(Clone)]
pub struct ViewCounter {
    queue: mpsc::UnboundedSender<Command>,
    salt: String,
}

/// Who is asking, as far as counting goes.
pub struct Visitor<'a> {
    pub address: &'a str,
    pub user_agent: &'a str,
}

impl ViewCounter {
    /// Starts the writer task. The salt that hides visitors' addresses is
    /// kept in the database so that a restart does not count anyone twice.
    pub async fn start(store: Store, every: Duration) -> Result<(Self, JoinHandle<()>)> {
        let fresh = format!(
            "{:016x}{:016x}",
            RandomState::new().hash_one(0_u8),
            RandomState::new().hash_one(1_u8)
        );
        let salt = store.setting_or_insert("visitor_salt", &fresh).await?;
        let (queue, receiver) = mpsc::unbounded_channel();
        let task = tokio::spawn(write_batches(store, receiver, every));
        Ok((Self { queue, salt }, task))
    }

    /// Notes a view of a public article. Never waits.
    pub fn record(&self, article_id: ArticleId, visitor: &Visitor<'_>, now: i64) {
        if is_bot(visitor.user_agent) {
            return;
        }
        let day = vietnam_day(now);
        let mut hash = Sha256::new();
        for part in [
            self.salt.as_bytes(),
            day.to_string().as_bytes(),
            visitor.address.as_bytes(),
            visitor.user_agent.as_bytes(),
        ] {
            hash.update(part);
            hash.update([0]);
        }
        let visitor = hex::encode(&hash.finalize()[..12]);
        let _ = self.queue.send(Command::View(ViewMark {
            day,
            article_id,
            visitor,
        }));
    }

    /// Writes every noted view now; returns how many were new. Called at
    /// shutdown, and by tests.
    pub async fn flush(&self) -> u64 {
        let (done, answer) = oneshot::channel();
        if self.queue.send(Command::Flush(done)).is_err() {
            return 0;
        }
        answer.await.unwrap_or(0)
    }
}

async fn write_batches(
    store: Store,
    mut receiver: mpsc::UnboundedReceiver<Command>,
    every: Duration,
) {
    let mut pending: Vec<ViewMark> = Vec::new();
    let mut remembered: HashSet<ViewMark> = HashSet::new();
    let mut ticker = tokio::time::interval(every);
    let mut oldest_kept_day = i64::MIN;
    let mut today = i64::MIN;
    loop {
        let reply = tokio::select! {
            command = receiver.recv() => match command {
                Some(Command::View(mark)) => {
                    if remembered.len() >= MAX_REMEMBERED {
                        remembered.clear();
                    }
                    today = today.max(mark.day);
                    if remembered.insert(mark.clone()) {
                        pending.push(mark);
                    }
                    continue;
                }
                Some(Command::Flush(reply)) => Some(reply),
                None => None,
            },
            _ = ticker.tick() => None,
        };
        let written = match write(&store, &mut pending).await {
            Ok(count) => count,
            Err(error) => {
                tracing::warn!(%error, kept = pending.len(), "view counts not written yet; will retry");
                0
            }
        };
        // Once a day: forget the marks that can no longer collide.
        let keep_from = today.saturating_sub(1);
        if today != i64::MIN && keep_from > oldest_kept_day {
            remembered.retain(|m| m.day >= keep_from);
            if let Err(error) = store.forget_view_marks_before(keep_from).await {
                tracing::warn!(%error, "old view marks not cleared");
            }
            oldest_kept_day = keep_from;
        }
        if let Some(reply) = reply {
            let _ = reply.send(written);
        }
        if receiver.is_closed() && receiver.is_empty() {
            break;
        }
    }
}

async fn write(store: &Store, pending: &mut Vec<ViewMark>) -> Result<u64> {
    if pending.is_empty() {
        return Ok(0);
    }
    let written = store.record_views(pending).await?;
    pending.clear();
    Ok(written)
}

/// Crawlers, link previews and monitors are not readers.
pub fn is_bot(user_agent: &str) -> bool {
    let agent = user_agent.to_ascii_lowercase();
    agent.trim().is_empty()
        || [
            "bot",
            "spider",
            "crawl",
            "slurp",
            "facebookexternalhit",
            "preview",
            "curl/",
            "wget/",
            "python-",
            "httpclient",
            "monitor",
            "headless",
            "lighthouse",
        ]
        .iter()
        .any(|marker| agent.contains(marker))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_bots_from_readers() {
        assert!(is_bot("Mozilla/5.0 (compatible; Googlebot/2.1)"));
        assert!(is_bot("facebookexternalhit/1.1"));
        assert!(is_bot(""));
        assert!(is_bot("curl/8.0"));
        assert!(!is_bot(
            "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36"
        ));
    }
}
