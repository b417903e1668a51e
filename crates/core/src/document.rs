//! The documents base (Văn bản): legal and administrative documents as a
//! portal publishes them under Decree 42/2022/NĐ-CP, with their validity.

use serde::Serialize;

use crate::{SiteId, document_number};

/// The types a new site starts with; each site may add its own.
pub const STARTING_TYPES: [&str; 14] = [
    "Luật",
    "Nghị định",
    "Nghị quyết",
    "Quyết định",
    "Chỉ thị",
    "Thông tư",
    "Kế hoạch",
    "Thông báo",
    "Công văn",
    "Báo cáo",
    "Hướng dẫn",
    "Quy định",
    "Chương trình",
    "Tờ trình",
];

/// Whether a document is in force (còn hiệu lực …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Validity {
    InForce,
    PartlyInForce,
    Expired,
    NotYetInForce,
}

impl Validity {
    pub const ALL: [Validity; 4] = [
        Validity::InForce,
        Validity::PartlyInForce,
        Validity::Expired,
        Validity::NotYetInForce,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::InForce => "in_force",
            Self::PartlyInForce => "partly_in_force",
            Self::Expired => "expired",
            Self::NotYetInForce => "not_yet_in_force",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == text)
    }
}

/// Where a document is on its way to readers: written, waiting for a
/// publisher, public, or taken down (kept, not shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentStatus {
    Draft,
    Submitted,
    Published,
    Unpublished,
}

impl DocumentStatus {
    pub const ALL: [DocumentStatus; 4] = [
        DocumentStatus::Draft,
        DocumentStatus::Submitted,
        DocumentStatus::Published,
        DocumentStatus::Unpublished,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Published => "published",
            Self::Unpublished => "unpublished",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// How one document stands to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// Thay thế: the other is no longer in force because of this one.
    Replaces,
    /// Sửa đổi, bổ sung.
    Amends,
    /// Liên quan.
    Related,
}

impl Relation {
    pub const ALL: [Relation; 3] = [Relation::Replaces, Relation::Amends, Relation::Related];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Replaces => "replaces",
            Self::Amends => "amends",
            Self::Related => "related",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

/// The longest full text a document may carry (a long decree's annexes).
pub const MAX_FULL_TEXT: usize = 500_000;

/// A document of the base. Dates are midnights in Vietnam (Unix seconds).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Document {
    pub id: i64,
    pub site_id: SiteId,
    /// As written on the document (`96-QĐ/TW`).
    pub number: String,
    /// Quyết định, Nghị định, …
    pub kind: String,
    pub issuer: String,
    pub signer: String,
    pub signer_title: String,
    /// Lĩnh vực, several.
    pub fields: Vec<String>,
    pub issued_on: Option<i64>,
    pub effective_on: Option<i64>,
    pub expires_on: Option<i64>,
    /// Set by hand (a document partly replaced); otherwise from the dates.
    pub validity_set: Option<Validity>,
    /// Trích yếu.
    pub summary: String,
    /// Toàn văn: plain text, paragraphs separated by blank lines.
    pub full_text: String,
    pub status: DocumentStatus,
    /// When a published document replacing it came into force: from then
    /// it is no longer in force (read from the links, never stored).
    #[serde(default, skip_serializing)]
    pub replaced_since: Option<i64>,
    pub updated_at: i64,
}

impl Document {
    /// The key its number is known by ([`document_number::key`]).
    pub fn key(&self) -> String {
        document_number::key(&self.number)
    }

    /// Whether it is in force at `now`: as set by hand, or from its dates.
    pub fn validity(&self, now: i64) -> Validity {
        if let Some(set) = self.validity_set {
            return set;
        }
        if self.expires_on.is_some_and(|at| at <= now)
            || self.replaced_since.is_some_and(|at| at <= now)
        {
            Validity::Expired
        } else if self.effective_on.is_some_and(|at| at > now) {
            Validity::NotYetInForce
        } else {
            Validity::InForce
        }
    }

    /// What the list's keyword search reads, folded like a query.
    pub fn search_text(&self) -> String {
        fold(&format!(
            "{} {} {} {} {} {}",
            self.number,
            self.kind,
            self.issuer,
            self.signer,
            self.fields.join(" "),
            self.summary
        ))
    }

    /// Its public address.
    pub fn path(&self) -> String {
        format!("/van-ban/{}", self.id)
    }
}

/// Lower case without diacritics (`Quyết định` → `quyet dinh`), for
/// searches typed either way.
pub fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'đ' | 'Đ' => "d".to_string(),
            c => deunicode::deunicode_char(c).unwrap_or(" ").to_lowercase(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document() -> Document {
        Document {
            id: 7,
            site_id: SiteId(1),
            number: "96-QĐ/TW".into(),
            kind: "Quy định".into(),
            issuer: "Bộ Chính trị".into(),
            signer: String::new(),
            signer_title: String::new(),
            fields: vec![],
            issued_on: Some(100),
            effective_on: Some(200),
            expires_on: Some(300),
            validity_set: None,
            summary: String::new(),
            full_text: String::new(),
            status: DocumentStatus::Published,
            replaced_since: None,
            updated_at: 0,
        }
    }

    #[test]
    fn validity_follows_the_dates_unless_set_by_hand() {
        let d = document();
        assert_eq!(d.validity(150), Validity::NotYetInForce);
        assert_eq!(d.validity(250), Validity::InForce);
        assert_eq!(d.validity(300), Validity::Expired);
        let partly = Document {
            validity_set: Some(Validity::PartlyInForce),
            ..d
        };
        assert_eq!(partly.validity(250), Validity::PartlyInForce);
        let replaced = Document {
            replaced_since: Some(220),
            ..document()
        };
        assert_eq!(replaced.validity(210), Validity::InForce);
        assert_eq!(replaced.validity(230), Validity::Expired);
        for v in Validity::ALL {
            assert_eq!(Validity::parse(v.as_str()), Some(v));
        }
    }

    #[test]
    fn searches_fold_case_and_diacritics() {
        assert_eq!(fold("Quyết định Đảng"), "quyet dinh dang");
        assert!(
            document()
                .search_text()
                .contains("96-qd/tw quy dinh bo chinh tri")
        );
    }

    #[test]
    fn a_document_is_known_by_its_number_key_and_lives_at_its_path() {
        assert_eq!(document().key(), "96QDTW");
        assert_eq!(document().path(), "/van-ban/7");
    }
}
