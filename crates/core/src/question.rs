//! Citizens' questions (Hỏi đáp) and feedback (Phản ánh, kiến nghị): one
//! pipeline with two forms. What a citizen may send, the states an item
//! goes through and who may move it, and how an asker is shown in public
//! (initials and place only: Decree 13/2023/NĐ-CP on personal data).

use serde::Serialize;

use crate::SiteId;
use crate::workflow::Role;

pub const MAX_NAME: usize = 100;
pub const MAX_FIELD: usize = 200;
pub const MAX_TITLE: usize = 250;
pub const MAX_BODY: usize = 10_000;
pub const MAX_ANSWER: usize = 30_000;
/// An attachment: one PDF or picture, checked by its content.
pub const MAX_ATTACHMENT_BYTES: usize = 5 * 1024 * 1024;

/// Which form it came through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Hỏi đáp.
    Question,
    /// Phản ánh, kiến nghị.
    Feedback,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Question => "question",
            Self::Feedback => "feedback",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Question, Self::Feedback]
            .into_iter()
            .find(|kind| kind.as_str() == text)
    }

    /// The first letters of its tracking codes.
    pub fn code_prefix(self) -> &'static str {
        match self {
            Self::Question => "HD",
            Self::Feedback => "PA",
        }
    }
}

/// Đã tiếp nhận → đã chuyển xử lý → đã trả lời → đã công khai, or từ chối.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Received,
    Assigned,
    Answered,
    Published,
    Refused,
}

impl Status {
    pub const ALL: [Self; 5] = [
        Self::Received,
        Self::Assigned,
        Self::Answered,
        Self::Published,
        Self::Refused,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Received => "received",
            Self::Assigned => "assigned",
            Self::Answered => "answered",
            Self::Published => "published",
            Self::Refused => "refused",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == text)
    }

    /// Still waiting for the office: what the overdue mark is about.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Received | Self::Assigned)
    }
}

/// Who asked. Shown only to the staff who handle the item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Asker {
    pub name: String,
    pub email: String,
    pub phone: String,
    /// Where they live: its last part is the place shown in public.
    pub address: String,
}

impl Asker {
    /// "N.V.A. (xã Na Rì)": what readers see of the asker.
    pub fn shown(&self) -> String {
        let initials: String = self
            .name
            .split_whitespace()
            .filter_map(|word| word.chars().next())
            .flat_map(|c| c.to_uppercase().chain(['.']))
            .collect();
        let place = self
            .address
            .rsplit(',')
            .map(str::trim)
            .find(|part| !part.is_empty())
            .unwrap_or("");
        match (initials.is_empty(), place.is_empty()) {
            (false, false) => format!("{initials} ({place})"),
            (false, true) => initials,
            (true, false) => place.to_string(),
            (true, true) => String::new(),
        }
    }
}

/// A file the citizen sent with it, kept out of public reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    pub key: String,
    pub name: String,
    pub size: i64,
}

/// What a citizen sends.
#[derive(Debug, Clone, Default)]
pub struct Submission {
    pub asker: Asker,
    /// Lĩnh vực, one of the site's list (or empty).
    pub field: String,
    pub title: String,
    pub body: String,
}

impl Submission {
    /// Whether it may be taken (a catalog key naming what to fix when not).
    pub fn check(&self) -> Result<(), &'static str> {
        let long = |text: &str, max: usize| text.chars().count() > max;
        if self.asker.name.trim().is_empty() {
            return Err("questions.name_required");
        }
        if self.asker.email.trim().is_empty() && self.asker.phone.trim().is_empty() {
            return Err("questions.contact_required");
        }
        if !self.asker.email.is_empty() && !looks_like_email(&self.asker.email) {
            return Err("questions.bad_email");
        }
        if !self.asker.phone.is_empty() && !looks_like_phone(&self.asker.phone) {
            return Err("questions.bad_phone");
        }
        if self.title.trim().is_empty() {
            return Err("questions.title_required");
        }
        if self.body.trim().is_empty() {
            return Err("questions.body_required");
        }
        if long(&self.asker.name, MAX_NAME)
            || long(&self.asker.email, MAX_NAME)
            || long(&self.asker.phone, 30)
            || long(&self.asker.address, MAX_FIELD)
            || long(&self.field, MAX_FIELD)
            || long(&self.title, MAX_TITLE)
            || long(&self.body, MAX_BODY)
        {
            return Err("questions.too_long");
        }
        Ok(())
    }
}

/// One question or piece of feedback, as the office holds it.
#[derive(Debug, Clone, Serialize)]
pub struct Question {
    pub id: i64,
    pub site_id: SiteId,
    pub kind: Kind,
    /// What the citizen follows it by, e.g. `HD-7K3F9Q2M`.
    pub code: String,
    pub status: Status,
    pub field: String,
    pub title: String,
    pub body: String,
    pub asker: Asker,
    /// Initials and place, kept when the personal data is erased.
    pub asker_shown: String,
    pub attachment: Option<Attachment>,
    /// The unit of the organisation it was sent to, if any.
    pub unit_id: Option<i64>,
    /// The person it was given to, if any.
    pub assignee_id: Option<i64>,
    /// The answer as drafted; the citizen sees it once approved.
    pub answer: String,
    /// Why it was refused, as the citizen reads it.
    pub refusal: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub answered_at: Option<i64>,
    pub published_at: Option<i64>,
    /// When the asker's personal data was erased (the retention period).
    pub erased_at: Option<i64>,
    pub revision: i64,
}

impl Question {
    /// Whether it has waited past the site's deadline without an answer.
    pub fn overdue(&self, now: i64, answer_days: i64) -> bool {
        self.status.is_open() && now - self.created_at > answer_days * 86_400
    }
}

/// Who in the newsroom may handle the site's questions: editors,
/// publishers and administrators, and the person an item was given to.
pub fn may_handle(role: Role, is_assignee: bool) -> bool {
    is_assignee || matches!(role, Role::Editor | Role::Publisher | Role::Admin)
}

/// Who may approve an answer (the citizen gets it) and publish it.
pub fn may_approve(role: Role) -> bool {
    matches!(role, Role::Publisher | Role::Admin)
}

/// Whether an item in `from` may be given to a unit or person.
pub fn may_assign(from: Status) -> bool {
    from.is_open()
}

/// Whether an answer may be approved (sent to the citizen) from `from`.
pub fn may_answer(from: Status) -> bool {
    from.is_open()
}

/// Whether an answered item may be made public (or taken back).
pub fn may_publish(from: Status) -> bool {
    matches!(from, Status::Answered | Status::Published)
}

pub fn may_refuse(from: Status) -> bool {
    from.is_open()
}

/// The alphabet of tracking codes: no 0/O, 1/I/L to misread on a phone.
pub const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// A tracking code from random bytes: the kind's prefix and eight signs.
pub fn tracking_code(kind: Kind, random: &[u8; 8]) -> String {
    let signs: String = random
        .iter()
        .map(|byte| char::from(CODE_ALPHABET[usize::from(*byte) % CODE_ALPHABET.len()]))
        .collect();
    format!("{}-{signs}", kind.code_prefix())
}

/// A code as typed back: upper case, no spaces, dashes optional.
pub fn normalize_code(typed: &str) -> String {
    let signs: String = typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if signs.len() > 2 {
        format!("{}-{}", &signs[..2], &signs[2..])
    } else {
        signs
    }
}

/// Phones as typed: digits and the usual separators, 8 to 15 digits.
pub fn looks_like_phone(text: &str) -> bool {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    (8..=15).contains(&digits)
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || " +().-".contains(c))
}

/// A phone for comparing: its digits, a leading +84 read as 0.
pub fn phone_digits(text: &str) -> String {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix("84") {
        Some(rest) if text.trim_start().starts_with('+') => format!("0{rest}"),
        _ => digits,
    }
}

/// One `@`, something before it, a dotted host after it, no spaces.
pub fn looks_like_email(text: &str) -> bool {
    let mut parts = text.split('@');
    let (Some(user), Some(host), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !user.is_empty()
        && host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && !text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>\"'(),;:[]\\".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asker(name: &str, address: &str) -> Asker {
        Asker {
            name: name.into(),
            address: address.into(),
            ..Asker::default()
        }
    }

    #[test]
    fn shows_an_asker_as_initials_and_place() {
        assert_eq!(
            asker("Nguyễn Văn An", "Thôn Bản Cào, xã Na Rì").shown(),
            "N.V.A. (xã Na Rì)"
        );
        assert_eq!(asker("đỗ thị hà", "").shown(), "Đ.T.H.");
        assert_eq!(asker("", "").shown(), "");
    }

    #[test]
    fn asks_for_a_way_to_answer() {
        let mut submission = Submission {
            asker: asker("Lê Văn B", ""),
            title: "Hỏi về cấp giấy phép".into(),
            body: "Nội dung".into(),
            ..Submission::default()
        };
        assert_eq!(submission.check(), Err("questions.contact_required"));
        submission.asker.phone = "0912 345 678".into();
        assert_eq!(submission.check(), Ok(()));
        submission.asker.email = "b@".into();
        assert_eq!(submission.check(), Err("questions.bad_email"));
        submission.asker.email = "b@example.vn".into();
        submission.body = "x".repeat(MAX_BODY + 1);
        assert_eq!(submission.check(), Err("questions.too_long"));
    }

    #[test]
    fn codes_read_back_however_typed() {
        let code = tracking_code(Kind::Feedback, &[0, 1, 2, 3, 250, 251, 252, 255]);
        assert!(code.starts_with("PA-"));
        assert_eq!(code.len(), 11);
        assert_eq!(normalize_code(&format!(" {} ", code.to_lowercase())), code);
        assert_eq!(normalize_code(&code.replace('-', "")), code);
    }

    #[test]
    fn compares_phones_by_their_digits() {
        assert_eq!(phone_digits("+84 912 345 678"), "0912345678");
        assert_eq!(phone_digits("0912.345.678"), "0912345678");
        assert!(!looks_like_phone("12345"));
    }

    #[test]
    fn the_office_moves_items_in_order() {
        assert!(may_answer(Status::Assigned));
        assert!(!may_answer(Status::Refused));
        assert!(!may_publish(Status::Received));
        assert!(may_publish(Status::Answered));
        assert!(!may_handle(Role::Author, false));
        assert!(may_handle(Role::Author, true));
        assert!(!may_approve(Role::Editor));
    }
}
