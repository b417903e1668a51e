//! The office's side of citizens' items: the queue, giving an item to a
//! unit or a person, drafting the answer, a publisher's approval (the
//! citizen gets the answer) and publication, refusal with a reason. Every
//! look at an asker's personal data is in the audit log (Decree 13/2023).

use portal_core::Site;
use portal_core::account::User;
use portal_core::question::{self, MAX_ANSWER, Question, Status};
use portal_core::text::{normalize_inline, normalize_paragraphs};
use portal_store::{CitizenSettings, QuestionFilter, QuestionUpdate, Store};

use super::{Letter, search_text};
use crate::media::MediaFolder;
use crate::news::newsroom::{NewsroomError, in_office, on_site};

/// Whether `actor` works the site's queue (not only items given to them).
pub fn may_work_queue(site: &Site, actor: &User) -> Result<(), NewsroomError> {
    in_office(site, actor, "questions.not_allowed")
}

/// The queue: editors and above see every item; anyone else only what was
/// given to them.
pub async fn queue(
    store: &Store,
    site: &Site,
    actor: &User,
    filter: &QuestionFilter,
    page: portal_core::PageRequest,
) -> Result<(Vec<Question>, i64), NewsroomError> {
    on_site(site, actor)?;
    let mut filter = filter.clone();
    if !question::may_handle(actor.role, false) {
        filter.assignee_id = Some(actor.id.get());
    }
    Ok(store
        .question_queue(site.id, &filter, page.limit(), page.offset())
        .await?)
}

/// One item with its asker's personal data, for someone who handles it;
/// the look is recorded.
pub async fn open(
    store: &Store,
    site: &Site,
    actor: &User,
    id: i64,
    now: i64,
) -> Result<Question, NewsroomError> {
    let item = held(store, site, actor, id).await?;
    crate::audit::record_by(
        store,
        actor,
        "question_view",
        &format!("question:{}", item.id),
        &item.code,
        now,
    )
    .await;
    Ok(item)
}

/// The item, if `actor` may handle it.
async fn held(
    store: &Store,
    site: &Site,
    actor: &User,
    id: i64,
) -> Result<Question, NewsroomError> {
    on_site(site, actor)?;
    let item = store
        .question(site.id, id)
        .await?
        .ok_or(NewsroomError::NotFound)?;
    let is_assignee = item.assignee_id == Some(actor.id.get());
    if question::may_handle(actor.role, is_assignee) {
        Ok(item)
    } else {
        Err(NewsroomError::Forbidden("questions.not_allowed"))
    }
}

/// Gives the item to a unit of the organisation and/or a person on the
/// site (either may be none).
#[allow(clippy::too_many_arguments)]
pub async fn assign(
    store: &Store,
    site: &Site,
    actor: &User,
    id: i64,
    revision: i64,
    unit_id: Option<i64>,
    assignee_id: Option<i64>,
    now: i64,
) -> Result<(), NewsroomError> {
    may_work_queue(site, actor)?;
    let item = held(store, site, actor, id).await?;
    if !question::may_assign(item.status) {
        return Err(NewsroomError::Invalid("questions.closed"));
    }
    if let Some(unit_id) = unit_id
        && !store
            .units(site.id)
            .await?
            .iter()
            .any(|unit| unit.id == unit_id)
    {
        return Err(NewsroomError::Invalid("questions.unknown_unit"));
    }
    if let Some(person) = assignee_id {
        let on_site = store
            .user(portal_core::UserId(person))
            .await?
            .is_some_and(|user| user.acts_on(site.id) && !user.disabled);
        if !on_site {
            return Err(NewsroomError::Invalid("questions.unknown_person"));
        }
    }
    let update = QuestionUpdate {
        status: Some(if unit_id.is_some() || assignee_id.is_some() {
            Status::Assigned
        } else {
            Status::Received
        }),
        unit_id: Some(unit_id),
        assignee_id: Some(assignee_id),
        ..QuestionUpdate::default()
    };
    store
        .update_question(site.id, id, revision, &update, None, now)
        .await?;
    audit(store, actor, "question_assign", &item, now).await;
    Ok(())
}

fn clean_answer(answer: &str) -> Result<String, NewsroomError> {
    let answer = normalize_paragraphs(answer);
    if answer.chars().count() > MAX_ANSWER {
        return Err(NewsroomError::Invalid("questions.answer_too_long"));
    }
    Ok(answer)
}

/// Whom an item may be given to: the site's units and its people who are
/// not disabled.
pub async fn choices(
    store: &Store,
    site: &Site,
) -> portal_store::Result<(Vec<portal_core::organisation::Unit>, Vec<User>)> {
    let units = store.units(site.id).await?;
    let people = store
        .users_of_site(site.id)
        .await?
        .into_iter()
        .filter(|user| !user.disabled)
        .collect();
    Ok((units, people))
}

/// Keeps the answer as drafted; the citizen sees nothing yet.
pub async fn draft(
    store: &Store,
    site: &Site,
    actor: &User,
    id: i64,
    revision: i64,
    answer: &str,
    now: i64,
) -> Result<(), NewsroomError> {
    let item = held(store, site, actor, id).await?;
    if !question::may_answer(item.status) {
        return Err(NewsroomError::Invalid("questions.closed"));
    }
    let update = QuestionUpdate {
        answer: Some(clean_answer(answer)?),
        ..QuestionUpdate::default()
    };
    store
        .update_question(site.id, id, revision, &update, None, now)
        .await?;
    audit(store, actor, "question_draft", &item, now).await;
    Ok(())
}

/// A publisher approves the answer: the citizen is mailed it and can read
/// it at the tracking page; with `publish`, readers find it at `/hoi-dap`.
#[allow(clippy::too_many_arguments)]
pub async fn approve(
    store: &Store,
    site: &Site,
    actor: &User,
    id: i64,
    revision: i64,
    answer: &str,
    publish: bool,
    letter: &Letter,
    link: &str,
    now: i64,
) -> Result<(), NewsroomError> {
    let item = held(store, site, actor, id).await?;
    if !question::may_approve(actor.role) {
        return Err(NewsroomError::Forbidden("questions.publishers_only"));
    }
    if !question::may_answer(item.status) {
        return Err(NewsroomError::Invalid("questions.closed"));
    }
    let answer = clean_answer(answer)?;
    if answer.is_empty() {
        return Err(NewsroomError::Invalid("questions.answer_required"));
    }
    let answered = Question {
        answer: answer.clone(),
        status: if publish {
            Status::Published
        } else {
            Status::Answered
        },
        ..item.clone()
    };
    let mail = (!item.asker.email.is_empty())
        .then(|| letter.to(&item.asker.email, site, &answered, link, now));
    let update = QuestionUpdate {
        status: Some(answered.status),
        answer: Some(answer),
        answered_at: Some(now),
        published_at: publish.then_some(Some(now)),
        search_text: publish.then(|| search_text(&answered)),
        ..QuestionUpdate::default()
    };
    store
        .update_question(site.id, id, revision, &update, mail.as_ref(), now)
        .await?;
    audit(store, actor, "question_answer", &item, now).await;
    Ok(())
}

/// Makes an answered item public, or takes it back (`publish` false).
pub async fn publish(
    store: &Store,
    site: &Site,
    actor: &User,
    id: i64,
    revision: i64,
    publish: bool,
    now: i64,
) -> Result<(), NewsroomError> {
    let item = held(store, site, actor, id).await?;
    if !question::may_approve(actor.role) {
        return Err(NewsroomError::Forbidden("questions.publishers_only"));
    }
    if !question::may_publish(item.status) {
        return Err(NewsroomError::Invalid("questions.not_answered"));
    }
    let update = QuestionUpdate {
        status: Some(if publish {
            Status::Published
        } else {
            Status::Answered
        }),
        published_at: Some(publish.then_some(now)),
        search_text: Some(if publish {
            search_text(&item)
        } else {
            String::new()
        }),
        ..QuestionUpdate::default()
    };
    store
        .update_question(site.id, id, revision, &update, None, now)
        .await?;
    let action = if publish {
        "question_publish"
    } else {
        "question_unpublish"
    };
    audit(store, actor, action, &item, now).await;
    Ok(())
}

/// Refuses the item with the reason the citizen reads.
#[allow(clippy::too_many_arguments)]
pub async fn refuse(
    store: &Store,
    site: &Site,
    actor: &User,
    id: i64,
    revision: i64,
    reason: &str,
    letter: &Letter,
    link: &str,
    now: i64,
) -> Result<(), NewsroomError> {
    may_work_queue(site, actor)?;
    let item = held(store, site, actor, id).await?;
    if !question::may_refuse(item.status) {
        return Err(NewsroomError::Invalid("questions.closed"));
    }
    let reason = normalize_paragraphs(reason);
    if reason.is_empty() {
        return Err(NewsroomError::Invalid("questions.reason_required"));
    }
    if reason.chars().count() > question::MAX_BODY {
        return Err(NewsroomError::Invalid("questions.too_long"));
    }
    let refused = Question {
        refusal: reason.clone(),
        ..item.clone()
    };
    let mail = (!item.asker.email.is_empty())
        .then(|| letter.to(&item.asker.email, site, &refused, link, now));
    let update = QuestionUpdate {
        status: Some(Status::Refused),
        refusal: Some(reason),
        ..QuestionUpdate::default()
    };
    store
        .update_question(site.id, id, revision, &update, mail.as_ref(), now)
        .await?;
    audit(store, actor, "question_refuse", &item, now).await;
    Ok(())
}

/// The citizen's file, for someone who handles the item; the look is
/// recorded.
pub async fn attachment(
    store: &Store,
    media: &MediaFolder,
    site: &Site,
    actor: &User,
    id: i64,
    now: i64,
) -> Result<(String, bytes::Bytes), NewsroomError> {
    let item = held(store, site, actor, id).await?;
    let file = item.attachment.clone().ok_or(NewsroomError::NotFound)?;
    let bytes = media
        .read(&file.key)
        .await
        .map_err(|error| {
            tracing::error!(%error, "a citizen's file could not be read");
            NewsroomError::NotFound
        })?
        .ok_or(NewsroomError::NotFound)?;
    audit(store, actor, "question_file", &item, now).await;
    Ok((file.key, bytes))
}

/// The site's rules, kept by its administrators.
pub async fn save_settings(
    store: &Store,
    site: &Site,
    actor: &User,
    settings: &CitizenSettings,
    now: i64,
) -> Result<(), NewsroomError> {
    on_site(site, actor)?;
    if actor.role != portal_core::workflow::Role::Admin {
        return Err(NewsroomError::Forbidden("admin.admins_only"));
    }
    if !(1..=365).contains(&settings.answer_days) {
        return Err(NewsroomError::Invalid("questions.bad_answer_days"));
    }
    if !(30..=3650).contains(&settings.retention_days) {
        return Err(NewsroomError::Invalid("questions.bad_retention_days"));
    }
    let fields: Vec<String> = settings
        .fields
        .iter()
        .map(|field| normalize_inline(field))
        .filter(|field| !field.is_empty())
        .collect();
    if fields.len() > 100
        || fields
            .iter()
            .any(|f| f.chars().count() > question::MAX_FIELD)
    {
        return Err(NewsroomError::Invalid("questions.too_long"));
    }
    let settings = CitizenSettings {
        fields,
        ..settings.clone()
    };
    store.save_citizen_settings(site.id, &settings, now).await?;
    crate::audit::record_by(store, actor, "question_settings", "questions", "", now).await;
    Ok(())
}

/// Erases the personal data of every site's items closed longer than the
/// site keeps it (questions, feedback and messages to units); their files
/// go too. Returns how many sites were swept.
pub async fn erase_expired(store: &Store, media: &MediaFolder, now: i64) -> anyhow::Result<usize> {
    let sites = store.sites().await?;
    for site in &sites {
        let settings = store.citizen_settings(site.id).await?;
        let closed_before = now - settings.retention_days * 86_400;
        for key in store.erase_askers(site.id, closed_before, now).await? {
            media.delete(&key).await?;
        }
        // Messages to the units, and commenters' e-mails, are kept as long.
        store.erase_senders(site.id, closed_before, now).await?;
        store.erase_commenters(site.id, closed_before).await?;
    }
    Ok(sites.len())
}

async fn audit(store: &Store, actor: &User, action: &str, item: &Question, now: i64) {
    crate::audit::record_by(
        store,
        actor,
        action,
        &format!("question:{}", item.id),
        &item.code,
        now,
    )
    .await;
}

/// Sweeps expired personal data at start and every hour after, for as long
/// as the portal runs.
pub async fn erase_now_and_then(store: Store, media: MediaFolder) {
    let mut ticker = tokio::time::interval(std::time::Duration::from_secs(3_600));
    loop {
        ticker.tick().await;
        if let Err(error) = erase_expired(&store, &media, portal_core::time::now()).await {
            tracing::warn!(%error, "expired personal data not erased yet; will try again");
        }
    }
}
