//! Comments on draft documents (Lấy ý kiến dự thảo): a document of the
//! base opened for comment between two times; citizens and organisations
//! comment (on the whole draft or one of its articles); the office
//! publishes or rejects each comment and exports them all for the drafting
//! body's summary report.

use serde::Serialize;

use crate::SiteId;
use crate::question::{MAX_BODY, MAX_NAME, looks_like_email};

pub const CONSULTATIONS_PATH: &str = "/lay-y-kien";
pub const MAX_ORGANISATION: usize = 200;
pub const MAX_ARTICLE: usize = 100;

/// A document open for comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Consultation {
    pub document_id: i64,
    pub site_id: SiteId,
    pub opens_at: i64,
    pub closes_at: i64,
}

impl Consultation {
    pub fn is_open(&self, now: i64) -> bool {
        self.opens_at <= now && now < self.closes_at
    }

    pub fn check(&self) -> Result<(), &'static str> {
        if self.closes_at <= self.opens_at {
            return Err("consultations.closes_before_opening");
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CommentStatus {
    /// Waiting for the office.
    Pending,
    Published,
    Rejected,
}

impl CommentStatus {
    pub const ALL: [Self; 3] = [Self::Pending, Self::Published, Self::Rejected];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Published => "published",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Comment {
    pub id: i64,
    pub site_id: SiteId,
    pub document_id: i64,
    pub name: String,
    /// The organisation commenting, if any.
    pub organisation: String,
    pub email: String,
    /// Which article of the draft (Điều 5, Khoản 2 Điều 7…), or empty for
    /// the whole draft.
    pub article: String,
    pub body: String,
    pub status: Option<CommentStatus>,
    pub created_at: i64,
}

impl Comment {
    pub fn check(&self) -> Result<(), &'static str> {
        let long = |text: &str, max: usize| text.chars().count() > max;
        if self.name.trim().is_empty() {
            return Err("questions.name_required");
        }
        if !self.email.is_empty() && !looks_like_email(&self.email) {
            return Err("questions.bad_email");
        }
        if self.body.trim().is_empty() {
            return Err("questions.body_required");
        }
        if long(&self.name, MAX_NAME)
            || long(&self.email, MAX_NAME)
            || long(&self.organisation, MAX_ORGANISATION)
            || long(&self.article, MAX_ARTICLE)
            || long(&self.body, MAX_BODY)
        {
            return Err("questions.too_long");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_between_its_dates() {
        let consultation = Consultation {
            opens_at: 10,
            closes_at: 20,
            ..Consultation::default()
        };
        assert!(!consultation.is_open(9));
        assert!(consultation.is_open(10));
        assert!(!consultation.is_open(20));
        assert_eq!(
            Consultation {
                closes_at: 5,
                ..consultation
            }
            .check(),
            Err("consultations.closes_before_opening")
        );
    }
}
