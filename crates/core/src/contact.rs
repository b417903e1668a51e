//! Contact (Liên hệ): a citizen writes to a unit of the organisation; each
//! unit has an inbox whose messages are read, replied to by e-mail, and
//! marked processed.

use serde::Serialize;

use crate::SiteId;
use crate::question::{
    Asker, MAX_BODY, MAX_FIELD, MAX_NAME, MAX_TITLE, looks_like_email, looks_like_phone,
};

pub const CONTACT_PATH: &str = "/lien-he-truc-tuyen";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    New,
    Read,
    Replied,
    Processed,
}

impl Status {
    pub const ALL: [Self; 4] = [Self::New, Self::Read, Self::Replied, Self::Processed];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Read => "read",
            Self::Replied => "replied",
            Self::Processed => "processed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// What a citizen writes.
#[derive(Debug, Clone, Default)]
pub struct Letter {
    pub unit_id: Option<i64>,
    pub sender: Asker,
    pub subject: String,
    pub body: String,
}

impl Letter {
    /// Whether it may be taken: replies go by e-mail, so one is needed.
    pub fn check(&self) -> Result<(), &'static str> {
        let long = |text: &str, max: usize| text.chars().count() > max;
        if self.sender.name.trim().is_empty() {
            return Err("questions.name_required");
        }
        if self.sender.email.trim().is_empty() {
            return Err("contact.email_required");
        }
        if !looks_like_email(&self.sender.email) {
            return Err("questions.bad_email");
        }
        if !self.sender.phone.is_empty() && !looks_like_phone(&self.sender.phone) {
            return Err("questions.bad_phone");
        }
        if self.subject.trim().is_empty() {
            return Err("questions.title_required");
        }
        if self.body.trim().is_empty() {
            return Err("questions.body_required");
        }
        if long(&self.sender.name, MAX_NAME)
            || long(&self.sender.email, MAX_NAME)
            || long(&self.sender.phone, 30)
            || long(&self.sender.address, MAX_FIELD)
            || long(&self.subject, MAX_TITLE)
            || long(&self.body, MAX_BODY)
        {
            return Err("questions.too_long");
        }
        Ok(())
    }
}

/// A message in a unit's inbox.
#[derive(Debug, Clone, Serialize)]
pub struct Message {
    pub id: i64,
    pub site_id: SiteId,
    pub unit_id: Option<i64>,
    pub sender: Asker,
    pub subject: String,
    pub body: String,
    pub status: Status,
    pub reply: String,
    pub replied_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub erased_at: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_needs_an_email_to_be_answered() {
        let mut letter = Letter {
            sender: Asker {
                name: "Phạm Thu".into(),
                phone: "0912345678".into(),
                ..Asker::default()
            },
            subject: "Xin lịch tiếp công dân".into(),
            body: "Nội dung".into(),
            ..Letter::default()
        };
        assert_eq!(letter.check(), Err("contact.email_required"));
        letter.sender.email = "thu@example.vn".into();
        assert_eq!(letter.check(), Ok(()));
    }
}
