//! Counting article views (once per visitor per article per Vietnamese
//! day) and site visits (each visitor once a day, every page a page view),
//! bots left out. A page only drops a note in a queue; a background task
//! writes the notes in batches, so counting never slows or fails a page.
//! The queue has no bound, so a burst of readers loses no view: each note
//! costs the task one set lookup, far quicker than a page. Who is reading
//! now, and the visit totals the statistics block shows, are kept here in
//! memory: the block costs a page no query.

use std::collections::hash_map::RandomState;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Result;
use portal_core::time::{month_start, vietnam_day};
use portal_core::{ArticleId, SiteId};
use portal_store::{Store, ViewMark, VisitMark, VisitTotals};
use sha2::{Digest, Sha256};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

/// Above this many remembered marks the in-memory filter starts afresh; the
/// database still refuses duplicates, so this only bounds memory.
const MAX_REMEMBERED: usize = 1_000_000;

/// A reader is "on the site now" for this long after their last page.
const ONLINE_SECONDS: i64 = 300;
/// Above this many readers on the sites now, the oldest are forgotten.
const MAX_ONLINE: usize = 200_000;

enum Command {
    View(ViewMark),
    Visit(VisitMark),
    Flush(oneshot::Sender<u64>),
}

#[derive(Clone)]
pub struct ViewCounter {
    queue: mpsc::UnboundedSender<Command>,
    salt: String,
    /// (site, visitor) → when they last asked for a page.
    online: Arc<Mutex<HashMap<(SiteId, String), i64>>>,
    /// Each site's visit totals and the day they are for.
    totals: Arc<Mutex<HashMap<SiteId, (i64, VisitTotals)>>>,
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
        let totals = Arc::new(Mutex::new(HashMap::new()));
        let task = tokio::spawn(write_batches(store, receiver, every, totals.clone()));
        Ok((
            Self {
                queue,
                salt,
                online: Arc::default(),
                totals,
            },
            task,
        ))
    }

    /// A reader's salted mark for a day: never the address itself.
    fn mark(&self, day: i64, visitor: &Visitor<'_>) -> String {
        self.mark_for(&day.to_string(), visitor)
    }

    /// A reader's salted mark for `what` (a day, a poll): the same reader
    /// always gets the same mark, and the mark never gives the address.
    pub fn mark_for(&self, what: &str, visitor: &Visitor<'_>) -> String {
        let mut hash = Sha256::new();
        for part in [
            self.salt.as_bytes(),
            what.as_bytes(),
            visitor.address.as_bytes(),
            visitor.user_agent.as_bytes(),
        ] {
            hash.update(part);
            hash.update([0]);
        }
        hex::encode(&hash.finalize()[..12])
    }

    /// Notes a page of the site read (any public page). Never waits.
    pub fn visit(&self, site_id: SiteId, visitor: &Visitor<'_>, now: i64) {
        if is_bot(visitor.user_agent) {
            return;
        }
        let day = vietnam_day(now);
        let mark = self.mark(day, visitor);
        if let Ok(mut online) = self.online.lock() {
            if online.len() >= MAX_ONLINE {
                online.retain(|_, seen| now - *seen < ONLINE_SECONDS);
            }
            online.insert((site_id, mark.clone()), now);
        }
        let _ = self.queue.send(Command::Visit(VisitMark {
            site_id,
            day,
            visitor: mark,
        }));
    }

    /// How many readers asked for a page of the site in the last five
    /// minutes (on this node).
    pub fn online(&self, site_id: SiteId, now: i64) -> usize {
        self.online.lock().map_or(0, |mut online| {
            // Readers gone for five minutes are forgotten, so the map holds
            // only those still here and the count reads no more than them.
            online.retain(|_, seen| now - *seen < ONLINE_SECONDS);
            online.keys().filter(|(site, _)| *site == site_id).count()
        })
    }

    /// The site's visitors today, this month and ever, as last written;
    /// read from the database only the first time a site is asked for.
    pub async fn totals(
        &self,
        store: &Store,
        site_id: SiteId,
        now: i64,
    ) -> portal_store::Result<VisitTotals> {
        let today = vietnam_day(now);
        let known = self
            .totals
            .lock()
            .ok()
            .and_then(|totals| totals.get(&site_id).copied())
            .filter(|(day, _)| *day == today);
        if let Some((_, totals)) = known {
            return Ok(totals);
        }
        let totals = store
            .visit_totals(site_id, today, month_start(today))
            .await?;
        if let Ok(mut kept) = self.totals.lock() {
            kept.insert(site_id, (today, totals));
        }
        Ok(totals)
    }

    /// Notes a view of a public article. Never waits.
    pub fn record(&self, article_id: ArticleId, visitor: &Visitor<'_>, now: i64) {
        if is_bot(visitor.user_agent) {
            return;
        }
        let day = vietnam_day(now);
        let visitor = self.mark(day, visitor);
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
    totals: Arc<Mutex<HashMap<SiteId, (i64, VisitTotals)>>>,
) {
    let mut pending: Vec<ViewMark> = Vec::new();
    let mut remembered: HashSet<ViewMark> = HashSet::new();
    let mut visits = Visits::default();
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
                Some(Command::Visit(mark)) => {
                    today = today.max(mark.day);
                    visits.note(mark);
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
        if let Err(error) = visits.write(&store, &totals).await {
            tracing::warn!(%error, "visits not written yet; will retry");
        }
        // Once a day: forget the marks that can no longer collide.
        let keep_from = today.saturating_sub(1);
        if today != i64::MIN && keep_from > oldest_kept_day {
            remembered.retain(|m| m.day >= keep_from);
            visits.remembered.retain(|m| m.day >= keep_from);
            if let Err(error) = store.forget_view_marks_before(keep_from).await {
                tracing::warn!(%error, "old view marks not cleared");
            }
            if let Err(error) = store.forget_visit_marks_before(keep_from).await {
                tracing::warn!(%error, "old visit marks not cleared");
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

/// Visits waiting to be written: new visitors (each once a day, as far as
/// this node remembers; the database has the last word) and page views.
#[derive(Default)]
struct Visits {
    marks: Vec<VisitMark>,
    remembered: HashSet<VisitMark>,
    page_views: HashMap<(SiteId, i64), i64>,
}

impl Visits {
    fn note(&mut self, mark: VisitMark) {
        *self.page_views.entry((mark.site_id, mark.day)).or_default() += 1;
        if self.remembered.len() >= MAX_REMEMBERED {
            self.remembered.clear();
        }
        if self.remembered.insert(mark.clone()) {
            self.marks.push(mark);
        }
    }

    /// Writes what waits, then brings the totals of the sites written up to
    /// date for the statistics block.
    async fn write(
        &mut self,
        store: &Store,
        totals: &Mutex<HashMap<SiteId, (i64, VisitTotals)>>,
    ) -> Result<()> {
        if self.marks.is_empty() && self.page_views.is_empty() {
            return Ok(());
        }
        store.record_visits(&self.marks, &self.page_views).await?;
        let mut sites: Vec<(SiteId, i64)> = self.page_views.keys().copied().collect();
        sites.sort_unstable_by_key(|(site, day)| (site.get(), -day));
        sites.dedup_by_key(|(site, _)| *site);
        self.marks.clear();
        self.page_views.clear();
        for (site, day) in sites {
            let fresh = store.visit_totals(site, day, month_start(day)).await?;
            if let Ok(mut kept) = totals.lock() {
                kept.insert(site, (day, fresh));
            }
        }
        Ok(())
    }
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
