//! News flowing up: a sub-site's published article proposed to its parent
//! site ("Đề xuất đăng lên cổng tỉnh"), approved into one of the parent's
//! sections or declined with a note. The rules of who may do what, and
//! when a change at the origin must be looked at again.

use serde::Serialize;

use crate::workflow::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SyndicationStatus {
    /// Waiting in the parent's review queue (first time, or again after
    /// the origin changed its title or lead).
    Proposed,
    /// Carried by the parent.
    Approved,
    /// Refused, with a note the origin sees.
    Declined,
    /// The origin took its article down; the parent's copy went with it.
    Withdrawn,
}

impl SyndicationStatus {
    pub const ALL: [Self; 4] = [
        Self::Proposed,
        Self::Approved,
        Self::Declined,
        Self::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Proposed => "proposed",
            Self::Approved => "approved",
            Self::Declined => "declined",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Whether the origin may propose (again): never while it waits or is
    /// carried.
    pub fn may_propose_again(self) -> bool {
        matches!(self, Self::Declined | Self::Withdrawn)
    }
}

/// Proposing speaks for the sub-site: its publishers and administrators.
pub fn may_propose(role: Role) -> bool {
    matches!(role, Role::Publisher | Role::Admin)
}

/// The parent's editors, publishers and administrators decide.
pub fn may_decide(role: Role) -> bool {
    role != Role::Author
}

/// A copy follows its origin's body on its own; a new title or lead is the
/// parent's to accept again (it may have adjusted them).
pub fn asks_again(approved: (&str, &str), now: (&str, &str)) -> bool {
    approved != now
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_back_and_only_settled_ones_are_proposed_again() {
        for status in SyndicationStatus::ALL {
            assert_eq!(SyndicationStatus::parse(status.as_str()), Some(status));
        }
        assert!(!SyndicationStatus::Proposed.may_propose_again());
        assert!(!SyndicationStatus::Approved.may_propose_again());
        assert!(SyndicationStatus::Declined.may_propose_again());
        assert!(SyndicationStatus::Withdrawn.may_propose_again());
    }

    #[test]
    fn publishers_propose_and_editors_decide() {
        assert!(!may_propose(Role::Editor));
        assert!(may_propose(Role::Publisher));
        assert!(!may_decide(Role::Author));
        assert!(may_decide(Role::Editor));
        assert!(asks_again(("Tiêu đề", "Sapo"), ("Tiêu đề mới", "Sapo")));
        assert!(!asks_again(("Tiêu đề", "Sapo"), ("Tiêu đề", "Sapo")));
    }
}
