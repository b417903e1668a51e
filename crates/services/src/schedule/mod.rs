//! The leaders' work schedule (Lịch công tác): a week of it for readers,
//! the iCalendar feed's entries, and the office's entering, changing and
//! cancelling, by the site's editors, publishers and administrators.

use portal_core::Site;
use portal_core::account::User;
use portal_core::schedule::{Entry, Week};
use portal_core::workflow;
use portal_store::Store;

use crate::news::newsroom::{NewsroomError, on_site};

/// The most entries one week shows (a busy province has a few dozen).
const MAX_IN_WEEK: i64 = 500;
/// The feed carries what starts from a month ago on, this many at most.
const FEED_LENGTH: i64 = 1_000;
const FEED_BACK: i64 = 31 * 86_400;

/// The week's entries, earliest first; with `leader`, that leader's.
pub async fn week(
    store: &Store,
    site: &Site,
    week: Week,
    leader: Option<&str>,
) -> portal_store::Result<Vec<Entry>> {
    store
        .schedule(
            site.id,
            week.starts_at(),
            week.ends_at(),
            leader,
            MAX_IN_WEEK,
        )
        .await
}

/// What the iCalendar feed carries: from a month ago on.
pub async fn feed(
    store: &Store,
    site: &Site,
    leader: Option<&str>,
    now: i64,
) -> portal_store::Result<Vec<Entry>> {
    store
        .schedule(site.id, now - FEED_BACK, i64::MAX, leader, FEED_LENGTH)
        .await
}

/// The leaders named since a year ago, for the filter.
pub async fn leaders(store: &Store, site: &Site, now: i64) -> portal_store::Result<Vec<String>> {
    store.schedule_leaders(site.id, now - 366 * 86_400).await
}

/// Whether `actor` may enter and change the site's schedule.
pub fn may_keep(site: &Site, actor: &User) -> Result<(), NewsroomError> {
    on_site(site, actor)?;
    if workflow::may_keep_schedule(actor.role) {
        Ok(())
    } else {
        Err(NewsroomError::Forbidden("schedule.not_allowed"))
    }
}

/// One entry, for the office's form.
pub async fn entry(
    store: &Store,
    site: &Site,
    actor: &User,
    id: i64,
) -> Result<Entry, NewsroomError> {
    may_keep(site, actor)?;
    store
        .schedule_entry(site.id, id)
        .await?
        .ok_or(NewsroomError::NotFound)
}

/// Adds the entry (id 0) or changes the site's entry of its id; its text
/// cleaned as every incoming line. Returns its id.
pub async fn save(
    store: &Store,
    site: &Site,
    actor: &User,
    entry: &Entry,
    now: i64,
) -> Result<i64, NewsroomError> {
    may_keep(site, actor)?;
    let clean = portal_core::text::normalize_inline;
    let entry = Entry {
        site_id: site.id,
        content: clean(&entry.content),
        place: clean(&entry.place),
        participants: clean(&entry.participants),
        preparer: clean(&entry.preparer),
        note: clean(&entry.note),
        leaders: entry
            .leaders
            .iter()
            .map(|name| clean(name))
            .filter(|name| !name.is_empty())
            .collect(),
        ..entry.clone()
    };
    entry
        .check()
        .map_err(|error| NewsroomError::Invalid(error.key()))?;
    let id = store
        .save_schedule_entry(&entry, now)
        .await?
        .ok_or(NewsroomError::NotFound)?;
    let action = if entry.id == 0 {
        "schedule_add"
    } else {
        "schedule_change"
    };
    crate::audit::record_by(
        store,
        actor,
        action,
        &format!("schedule:{id}"),
        &entry.content,
        now,
    )
    .await;
    Ok(id)
}

/// Marks the entry cancelled (it stays on the schedule, marked) or, with
/// `cancelled` false, takes the mark off.
pub async fn cancel(
    store: &Store,
    site: &Site,
    actor: &User,
    id: i64,
    cancelled: bool,
    now: i64,
) -> Result<(), NewsroomError> {
    let held = entry(store, site, actor, id).await?;
    if held.cancelled == cancelled {
        return Ok(());
    }
    store
        .save_schedule_entry(
            &Entry {
                cancelled,
                ..held.clone()
            },
            now,
        )
        .await?
        .ok_or(NewsroomError::NotFound)?;
    let action = if cancelled {
        "schedule_cancel"
    } else {
        "schedule_restore"
    };
    crate::audit::record_by(
        store,
        actor,
        action,
        &format!("schedule:{id}"),
        &held.content,
        now,
    )
    .await;
    Ok(())
}
