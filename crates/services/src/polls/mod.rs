//! Polls: the office writes them (editors, publishers, administrators);
//! readers vote once each, counted like views (a salted hash of who asks,
//! never the address), bots not at all.

use portal_core::Site;
use portal_core::account::User;
use portal_core::poll::{Choice, Poll};
use portal_core::text::normalize_inline;
use portal_store::Store;

use crate::news::newsroom::{NewsroomError, in_office};
use crate::views::{ViewCounter, Visitor, is_bot};

pub async fn list(store: &Store, site: &Site) -> portal_store::Result<Vec<Poll>> {
    store.polls(site.id, 200).await
}

pub async fn one(store: &Store, site: &Site, id: i64) -> portal_store::Result<Option<Poll>> {
    store.poll(site.id, id).await
}

/// The poll the sidebar shows.
pub async fn current(store: &Store, site: &Site, now: i64) -> portal_store::Result<Option<Poll>> {
    store.current_poll(site.id, now).await
}

/// Whether a poll opened or closed in the time given (pages showing polls
/// change then).
pub async fn turning_between(store: &Store, since: i64, until: i64) -> portal_store::Result<bool> {
    store.polls_turning_between(since, until).await
}

/// Whether `actor` writes the site's polls.
pub fn may_keep(site: &Site, actor: &User) -> Result<(), NewsroomError> {
    in_office(site, actor, "polls.not_allowed")
}

/// Adds the poll (id 0) or changes it. A choice that has votes is not
/// taken away (its count would be lost); it may be relabelled.
pub async fn save(
    store: &Store,
    site: &Site,
    actor: &User,
    poll: &Poll,
    now: i64,
) -> Result<i64, NewsroomError> {
    may_keep(site, actor)?;
    let poll = Poll {
        site_id: site.id,
        question: normalize_inline(&poll.question),
        choices: poll
            .choices
            .iter()
            .map(|c| Choice {
                label: normalize_inline(&c.label),
                ..c.clone()
            })
            .filter(|c| !c.label.is_empty())
            .collect(),
        ..poll.clone()
    };
    poll.check().map_err(NewsroomError::Invalid)?;
    if poll.id != 0 {
        let held = store
            .poll(site.id, poll.id)
            .await?
            .ok_or(NewsroomError::NotFound)?;
        let dropped_with_votes = held
            .choices
            .iter()
            .any(|c| c.votes > 0 && !poll.choices.iter().any(|kept| kept.id == c.id));
        if dropped_with_votes {
            return Err(NewsroomError::Invalid("polls.choice_has_votes"));
        }
        if poll
            .choices
            .iter()
            .any(|c| c.id > 0 && !held.choices.iter().any(|h| h.id == c.id))
        {
            return Err(NewsroomError::Invalid("polls.unknown_choice"));
        }
    }
    let id = store
        .save_poll(&poll, now)
        .await?
        .ok_or(NewsroomError::NotFound)?;
    let action = if poll.id == 0 {
        "poll_add"
    } else {
        "poll_change"
    };
    crate::audit::record_by(
        store,
        actor,
        action,
        &format!("poll:{id}"),
        &poll.question,
        now,
    )
    .await;
    Ok(id)
}

/// A visitor's vote: counted once per visitor and poll (by the view
/// counter's salted mark, as views are), only while it is open. Returns
/// the poll as counted.
pub async fn vote(
    store: &Store,
    site: &Site,
    id: i64,
    chosen: &[i64],
    visitor: &Visitor<'_>,
    counter: &ViewCounter,
    now: i64,
) -> Result<Poll, NewsroomError> {
    let poll = store
        .poll(site.id, id)
        .await?
        .ok_or(NewsroomError::NotFound)?;
    if !poll.is_open(now) {
        return Err(NewsroomError::Invalid("polls.closed"));
    }
    let ballot = poll
        .ballot(chosen)
        .ok_or(NewsroomError::Invalid(if poll.multiple {
            "polls.choose_some"
        } else {
            "polls.choose_one"
        }))?;
    if is_bot(visitor.user_agent) {
        return Err(NewsroomError::Invalid("polls.not_counted"));
    }
    let mark = counter.mark_for(&format!("poll {id}"), visitor);
    if !store.vote(id, &mark, &ballot).await? {
        return Err(NewsroomError::Invalid("polls.already_voted"));
    }
    Ok(store.poll(site.id, id).await?.unwrap_or(poll))
}
