//! The page cache follows the change feed: whatever process or node made a
//! change, the pages that showed what changed are dropped here within a
//! round of the follower (woken by PostgreSQL's NOTIFY, or a short poll on
//! SQLite). Articles also appear and disappear by the clock.

use std::time::Duration;

use portal_core::change::{Change, ChangeRecord};
use portal_core::{ArticleId, SiteId};
use portal_services::changes::Follower;

use super::{Dep, Listing, PageCache};
use crate::SharedState;

/// More article changes than this in one round (an import) drop every
/// page rather than reading each article.
const ONE_BY_ONE: usize = 200;
/// How long a newsroom answer waits for its change to reach the pages.
const CATCH_UP_WAIT: Duration = Duration::from_secs(3);

/// Follows the feed from now on (the cache starts empty) for as long as
/// the portal runs.
pub async fn follow_changes(state: SharedState) {
    let mut follower = loop {
        match Follower::from_now(&state.store).await {
            Ok(follower) => break follower,
            Err(error) => {
                tracing::warn!(%error, "change feed not read; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    };
    let mut woken = state.wake.subscribe();
    loop {
        match follower.next(&state.store).await {
            Ok(records) if !records.is_empty() => apply(&state, &records).await,
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "change feed not read; will retry"),
        }
        state.pages.followed.send_modify(|rounds| *rounds += 1);
        state.wake.wait(&mut woken).await;
    }
}

async fn apply(state: &SharedState, records: &[ChangeRecord]) {
    let articles = records
        .iter()
        .filter(|r| matches!(r.change, Change::Article { .. }))
        .count();
    if articles > ONE_BY_ONE || records.iter().any(|r| r.change == Change::Site) {
        state.pages.clear();
        return;
    }
    let now = portal_core::time::now();
    for record in records {
        if record.change == Change::Highlights {
            highlights_changed(state, record.site_id).await;
            continue;
        }
        let Change::Article { id, before } = &record.change else {
            continue; // A picture joins the library on no page yet.
        };
        let before = before
            .as_ref()
            .map(|place| Listing::at(*id, record.site_id, place, now));
        match portal_services::news::article_in_any_state(&state.store, record.site_id, *id).await {
            Ok(after) => {
                // A standing page comes and goes in every page's menu.
                let standing = after.as_ref().is_some_and(|a| {
                    a.primary_category()
                        .is_some_and(|c| c.slug == portal_core::content::PAGES_SLUG)
                });
                if standing {
                    state.pages.clear();
                    return;
                }
                let after = after.map(|a| Listing::of(&a, now));
                state.pages.article_changed(before.as_ref(), after.as_ref());
            }
            Err(error) => {
                tracing::warn!(%error, "changed article not read; dropping all pages");
                state.pages.clear();
            }
        }
    }
}

/// The featured stories show in the site's lists of newest articles, the
/// pinned ones first in their sections' lists.
async fn highlights_changed(state: &SharedState, site: SiteId) {
    match portal_services::sites::categories(&state.store, site).await {
        Ok(categories) => {
            let mut deps = vec![Dep::Latest { site }];
            deps.extend(categories.iter().map(|c| Dep::Category(c.id)));
            state.pages.invalidate(&deps);
        }
        Err(error) => {
            tracing::warn!(%error, "sections not read; dropping all pages");
            state.pages.clear();
        }
    }
}

impl PageCache {
    /// Returns once every change committed before the call has reached the
    /// pages (a whole round of the follower began after it): a newsroom
    /// answer waits for this, so its author sees the change at once.
    pub async fn caught_up(&self, wake: &portal_services::changes::Wake) {
        let mut rounds = self.followed.subscribe();
        let target = *rounds.borrow_and_update() + 2;
        wake.now();
        let wait = async {
            while *rounds.borrow_and_update() < target {
                wake.now();
                if rounds.changed().await.is_err() {
                    return;
                }
            }
        };
        if tokio::time::timeout(CATCH_UP_WAIT, wait).await.is_err() {
            tracing::warn!("the change feed's follower is slow; pages may lag");
        }
    }
}

/// Articles appear and disappear by the clock too (a publication time set
/// ahead, an expiry): every second, the pages showing those that did are
/// dropped, as if someone had published or withdrawn them then. Each node
/// reads its own clock, so this needs no feed.
pub async fn watch_schedule(state: SharedState) {
    let mut since = portal_core::time::now();
    let mut ticker = tokio::time::interval(Duration::from_secs(1));
    loop {
        ticker.tick().await;
        let until = portal_core::time::now();
        if until <= since {
            continue;
        }
        // A poll or a draft's comment period opening or closing changes
        // the pages that show it.
        let turning = tokio::try_join!(
            portal_services::polls::turning_between(&state.store, since, until),
            portal_services::consultations::turning_between(&state.store, since, until),
        );
        match turning.map(|(polls, drafts)| polls || drafts) {
            Ok(true) => state.pages.clear(),
            Ok(false) => {}
            Err(error) => tracing::warn!(%error, "polls' and drafts' times not read"),
        }
        // Featured stories and pinned articles end by the clock as well.
        match portal_services::news::highlights::ending_between(&state.store, since, until).await {
            Ok(sites) => {
                for site in sites {
                    highlights_changed(&state, site).await;
                }
            }
            Err(error) => tracing::warn!(%error, "ending highlights not read"),
        }
        match portal_services::news::due_between(&state.store, since, until).await {
            Ok(due) => {
                for (site_id, id) in due {
                    match portal_services::news::article_in_any_state(
                        &state.store,
                        SiteId(site_id),
                        ArticleId(id),
                    )
                    .await
                    {
                        Ok(Some(article)) => {
                            let now = Listing::of(&article, until);
                            let then = Listing {
                                public: !now.public,
                                ..now.clone()
                            };
                            state.pages.article_changed(Some(&then), Some(&now));
                        }
                        Ok(None) => {}
                        Err(error) => {
                            tracing::warn!(%error, "scheduled article not read; dropping all pages");
                            state.pages.clear();
                        }
                    }
                }
                since = until;
            }
            Err(error) => tracing::warn!(%error, "scheduled articles not read; will retry"),
        }
    }
}
