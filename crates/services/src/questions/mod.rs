//! Citizens' questions and feedback: what a citizen sends and follows, and
//! the published answers readers find. The office's side is in [`desk`].

pub mod desk;

use portal_core::Site;
use portal_core::document::fold;
use portal_core::media::FileKind;
use portal_core::question::{
    self, Attachment, Kind, MAX_ATTACHMENT_BYTES, Question, Status, Submission,
};
use portal_core::text::{normalize_inline, normalize_paragraphs};
use portal_store::{CitizenSettings, Mail, Store};

use crate::media::MediaFolder;
use crate::news::newsroom::NewsroomError;

/// A mail's words from the message catalog, with `{code}`, `{title}`,
/// `{answer}`, `{reason}`, `{link}` and `{site}` to fill in.
#[derive(Debug, Clone, Default)]
pub struct Letter {
    pub subject: String,
    pub body: String,
}

impl Letter {
    /// The mail to `recipient` about `item`; `link` is where to follow it.
    pub fn to(&self, recipient: &str, site: &Site, item: &Question, link: &str, now: i64) -> Mail {
        let fill = |text: &str| {
            text.replace("{code}", &item.code)
                .replace("{title}", &item.title)
                .replace("{answer}", &item.answer)
                .replace("{reason}", &item.refusal)
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

/// A file sent with a question, as uploaded.
pub struct SentFile<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// Takes a citizen's question or feedback: checked, cleaned, its file
/// checked by content and kept out of public reach, a tracking code given,
/// and the confirmation mailed (when an e-mail was given) in the same
/// transaction.
#[allow(clippy::too_many_arguments)]
pub async fn submit(
    store: &Store,
    media: &MediaFolder,
    site: &Site,
    kind: Kind,
    submission: &Submission,
    file: Option<SentFile<'_>>,
    letter: &Letter,
    link: &str,
    now: i64,
) -> Result<Question, NewsroomError> {
    let settings = store.citizen_settings(site.id).await?;
    let submission = cleaned(submission);
    submission.check().map_err(NewsroomError::Invalid)?;
    if !submission.field.is_empty() && !settings.fields.contains(&submission.field) {
        return Err(NewsroomError::Invalid("questions.unknown_field"));
    }
    let code = question::tracking_code(kind, &random_bytes());
    let attachment = match file {
        Some(file) if !file.bytes.is_empty() => {
            Some(keep_attachment(media, site, &code, &file).await?)
        }
        _ => None,
    };
    let mut item = Question {
        id: 0,
        site_id: site.id,
        kind,
        code,
        status: Status::Received,
        field: submission.field.clone(),
        title: submission.title.clone(),
        body: submission.body.clone(),
        asker_shown: submission.asker.shown(),
        asker: submission.asker.clone(),
        attachment,
        unit_id: None,
        assignee_id: None,
        answer: String::new(),
        refusal: String::new(),
        created_at: now,
        updated_at: now,
        answered_at: None,
        published_at: None,
        erased_at: None,
        revision: 1,
    };
    let mail = (!item.asker.email.is_empty())
        .then(|| letter.to(&item.asker.email, site, &item, link, now));
    item.id = store.submit_question(&item, mail.as_ref()).await?;
    Ok(item)
}

fn cleaned(submission: &Submission) -> Submission {
    let asker = &submission.asker;
    Submission {
        asker: question::Asker {
            name: normalize_inline(&asker.name),
            email: normalize_inline(&asker.email).to_lowercase(),
            phone: normalize_inline(&asker.phone),
            address: normalize_inline(&asker.address),
        },
        field: normalize_inline(&submission.field),
        title: normalize_inline(&submission.title),
        body: normalize_paragraphs(&submission.body),
    }
}

async fn keep_attachment(
    media: &MediaFolder,
    site: &Site,
    code: &str,
    file: &SentFile<'_>,
) -> Result<Attachment, NewsroomError> {
    if file.bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(NewsroomError::Invalid("questions.file_too_large"));
    }
    let kind = FileKind::sniff(file.bytes)
        .filter(|kind| kind.is_image() || *kind == FileKind::Pdf)
        .ok_or(NewsroomError::Invalid("questions.file_not_allowed"))?;
    let key = format!(
        "{}/questions/{}/{code}.{}",
        crate::media::PRIVATE_PREFIX,
        site.id.get(),
        kind.extension()
    );
    media.write(&key, file.bytes).await.map_err(|error| {
        tracing::error!(%error, "a citizen's file was not stored");
        NewsroomError::Invalid("questions.file_not_stored")
    })?;
    let name: String = normalize_inline(file.name).chars().take(100).collect();
    Ok(Attachment {
        key,
        name: if name.is_empty() {
            format!("tep.{}", kind.extension())
        } else {
            name
        },
        size: file.bytes.len() as i64,
    })
}

fn random_bytes() -> [u8; 8] {
    let token = crate::accounts::random_token();
    let mut bytes = [0_u8; 8];
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(token.get(i * 2..i * 2 + 2).unwrap_or("00"), 16).unwrap_or(0);
    }
    bytes
}

/// The citizen's view of their item: found by its code and the e-mail or
/// phone they gave. `None` for a wrong code or a wrong contact alike, so
/// that a code alone tells nothing.
pub async fn track(
    store: &Store,
    site: &Site,
    code: &str,
    contact: &str,
) -> portal_store::Result<Option<Question>> {
    let code = question::normalize_code(code);
    let contact = contact.trim();
    if code.is_empty() || contact.is_empty() {
        return Ok(None);
    }
    let Some(item) = store.question_by_code(site.id, &code).await? else {
        return Ok(None);
    };
    let by_email = !item.asker.email.is_empty() && item.asker.email.eq_ignore_ascii_case(contact);
    let by_phone = !item.asker.phone.is_empty()
        && question::phone_digits(&item.asker.phone) == question::phone_digits(contact)
        && !question::phone_digits(contact).is_empty();
    Ok((by_email || by_phone).then_some(item))
}

/// Published answers, newest first, optionally of one field.
pub async fn published(
    store: &Store,
    site: &Site,
    field: Option<&str>,
    page: portal_core::PageRequest,
) -> portal_store::Result<(Vec<Question>, i64)> {
    store
        .published_questions(site.id, field, page.limit(), page.offset())
        .await
}

/// The published answers' addresses and last changes, newest first.
pub async fn sitemap(
    store: &Store,
    site: &Site,
    limit: i64,
) -> portal_store::Result<Vec<(String, i64)>> {
    let (items, _) = store.published_questions(site.id, None, limit, 0).await?;
    Ok(items
        .iter()
        .map(|item| (format!("/hoi-dap/{}", item.id), item.updated_at))
        .collect())
}

/// One published answer.
pub async fn published_one(
    store: &Store,
    site: &Site,
    id: i64,
) -> portal_store::Result<Option<Question>> {
    Ok(store
        .question(site.id, id)
        .await?
        .filter(|item| item.status == Status::Published))
}

/// Published answers holding every word typed (diacritics or not).
pub async fn find(
    store: &Store,
    site: &Site,
    typed: &str,
    limit: i64,
) -> portal_store::Result<(Vec<Question>, i64)> {
    let words: Vec<String> = fold(typed)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .take(10)
        .map(str::to_string)
        .collect();
    store.find_published_questions(site.id, &words, limit).await
}

/// What the search matches of a published item.
pub(crate) fn search_text(item: &Question) -> String {
    fold(&format!(
        "{} {} {} {}",
        item.title, item.field, item.body, item.answer
    ))
}

pub async fn settings(store: &Store, site: &Site) -> portal_store::Result<CitizenSettings> {
    store.citizen_settings(site.id).await
}
