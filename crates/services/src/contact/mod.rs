//! Contact (Liên hệ): citizens write to a unit; the unit's inbox is read
//! by the site's editors, publishers and administrators, who reply by
//! e-mail and mark messages processed. Every look at a sender's data is
//! in the audit log.

use portal_core::Site;
use portal_core::account::User;
use portal_core::contact::{Letter, Message, Status};
use portal_core::organisation::Unit;
use portal_core::question::{self, Asker};
use portal_core::text::{normalize_inline, normalize_paragraphs};
use portal_store::{Mail, Store};

use crate::news::newsroom::{NewsroomError, in_office};

/// Mail words from the catalog, with `{subject}`, `{reply}`, `{unit}`,
/// `{link}` and `{site}` to fill in.
#[derive(Debug, Clone, Default)]
pub struct Wording {
    pub subject: String,
    pub body: String,
}

impl Wording {
    fn fill(
        &self,
        recipient: &str,
        site: &Site,
        message: &Message,
        unit: &str,
        link: &str,
        now: i64,
    ) -> Mail {
        let fill = |text: &str| {
            text.replace("{subject}", &message.subject)
                .replace("{reply}", &message.reply)
                .replace("{unit}", unit)
                .replace("{link}", link)
                .replace("{site}", &site.name)
        };
        Mail {
            site_id: Some(site.id),
            recipient: recipient.to_string(),
            subject: fill(&self.subject),
            body: fill(&self.body),
            created_at: now,
        }
    }
}

/// The units a citizen may write to.
pub async fn units(store: &Store, site: &Site) -> portal_store::Result<Vec<Unit>> {
    store.units(site.id).await
}

/// Takes a citizen's message to a unit (or to the agency when none is
/// chosen); the unit hears of it by e-mail when it has an address (the
/// mail says only that a message came, and where to read it).
pub async fn send(
    store: &Store,
    site: &Site,
    letter: &Letter,
    notice: &Wording,
    link: &str,
    now: i64,
) -> Result<i64, NewsroomError> {
    let letter = Letter {
        unit_id: letter.unit_id,
        sender: Asker {
            name: normalize_inline(&letter.sender.name),
            email: normalize_inline(&letter.sender.email).to_lowercase(),
            phone: normalize_inline(&letter.sender.phone),
            address: normalize_inline(&letter.sender.address),
        },
        subject: normalize_inline(&letter.subject),
        body: normalize_paragraphs(&letter.body),
    };
    letter.check().map_err(NewsroomError::Invalid)?;
    let units = store.units(site.id).await?;
    let unit = match letter.unit_id {
        Some(id) => Some(
            units
                .iter()
                .find(|unit| unit.id == id)
                .ok_or(NewsroomError::Invalid("contact.unknown_unit"))?,
        ),
        None => None,
    };
    let message = Message {
        id: 0,
        site_id: site.id,
        unit_id: letter.unit_id,
        sender: letter.sender.clone(),
        subject: letter.subject.clone(),
        body: letter.body.clone(),
        status: Status::New,
        reply: String::new(),
        replied_at: None,
        created_at: now,
        updated_at: now,
        erased_at: None,
    };
    let inbox = unit.map_or(site.email.as_str(), |unit| unit.email.as_str());
    let unit_name = unit.map_or(site.agency.as_str(), |unit| unit.name.as_str());
    let mail = question::looks_like_email(inbox)
        .then(|| notice.fill(inbox, site, &message, unit_name, link, now));
    Ok(store.receive_message(&message, mail.as_ref()).await?)
}

/// Whether `actor` reads the site's inboxes.
pub fn may_read(site: &Site, actor: &User) -> Result<(), NewsroomError> {
    in_office(site, actor, "contact.not_allowed")
}

/// A unit's inbox (every unit's with `None`), newest first.
pub async fn inbox(
    store: &Store,
    site: &Site,
    actor: &User,
    unit_id: Option<i64>,
    status: Option<Status>,
) -> Result<Vec<Message>, NewsroomError> {
    may_read(site, actor)?;
    Ok(store.inbox(site.id, unit_id, status, 500).await?)
}

/// One message with its sender; a new one becomes read. The look is in
/// the audit log.
pub async fn open(
    store: &Store,
    site: &Site,
    actor: &User,
    id: i64,
    now: i64,
) -> Result<Message, NewsroomError> {
    may_read(site, actor)?;
    let mut message = store
        .contact_message(site.id, id)
        .await?
        .ok_or(NewsroomError::NotFound)?;
    if message.status == Status::New {
        store
            .set_message_status(site.id, id, Status::Read, None, now)
            .await?;
        message.status = Status::Read;
    }
    crate::audit::record_by(
        store,
        actor,
        "contact_view",
        &format!("contact:{id}"),
        &message.subject,
        now,
    )
    .await;
    Ok(message)
}

/// Replies by e-mail; the message is then replied.
#[allow(clippy::too_many_arguments)]
pub async fn reply(
    store: &Store,
    site: &Site,
    actor: &User,
    id: i64,
    text: &str,
    wording: &Wording,
    link: &str,
    now: i64,
) -> Result<(), NewsroomError> {
    may_read(site, actor)?;
    let message = store
        .contact_message(site.id, id)
        .await?
        .ok_or(NewsroomError::NotFound)?;
    let text = normalize_paragraphs(text);
    if text.is_empty() {
        return Err(NewsroomError::Invalid("contact.reply_required"));
    }
    if text.chars().count() > question::MAX_ANSWER {
        return Err(NewsroomError::Invalid("questions.answer_too_long"));
    }
    if message.sender.email.is_empty() {
        return Err(NewsroomError::Invalid("contact.no_address"));
    }
    let unit = match message.unit_id {
        Some(unit_id) => store
            .units(site.id)
            .await?
            .into_iter()
            .find(|unit| unit.id == unit_id)
            .map(|unit| unit.name),
        None => None,
    }
    .unwrap_or_else(|| site.agency.clone());
    let answered = Message {
        reply: text.clone(),
        ..message.clone()
    };
    let mail = wording.fill(&message.sender.email, site, &answered, &unit, link, now);
    let status = if message.status == Status::Processed {
        Status::Processed
    } else {
        Status::Replied
    };
    store
        .set_message_status(site.id, id, status, Some((&text, &mail)), now)
        .await?;
    crate::audit::record_by(
        store,
        actor,
        "contact_reply",
        &format!("contact:{id}"),
        &message.subject,
        now,
    )
    .await;
    Ok(())
}

/// Marks a message processed (its matter is dealt with).
pub async fn processed(
    store: &Store,
    site: &Site,
    actor: &User,
    id: i64,
    now: i64,
) -> Result<(), NewsroomError> {
    may_read(site, actor)?;
    let message = store
        .contact_message(site.id, id)
        .await?
        .ok_or(NewsroomError::NotFound)?;
    store
        .set_message_status(site.id, id, Status::Processed, None, now)
        .await?;
    crate::audit::record_by(
        store,
        actor,
        "contact_processed",
        &format!("contact:{id}"),
        &message.subject,
        now,
    )
    .await;
    Ok(())
}
