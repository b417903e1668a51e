//! The review-and-publish workflow: draft → submitted (chờ biên tập) →
//! approved (chờ duyệt) → published (or scheduled, when publish_at is in the
//! future); a reviewer can send an article back to draft with a note; a
//! publisher can unpublish. Deleting moves an article to the trash, from
//! where it can be recovered as a draft. One function per transition, each checked
//! against the actor's role; an illegal transition is an error, never a
//! silent no-op.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::content::ArticleStatus;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Phóng viên / cộng tác viên: writes and submits.
    Author,
    /// Biên tập viên: edits, approves or sends back.
    Editor,
    /// Lãnh đạo duyệt tin: publishes, schedules, unpublishes.
    Publisher,
    /// Quản trị: everything.
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Author, Role::Editor, Role::Publisher, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Author => "author",
            Self::Editor => "editor",
            Self::Publisher => "publisher",
            Self::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == text)
    }

    fn reviews(self) -> bool {
        self != Self::Author
    }

    fn publishes(self) -> bool {
        matches!(self, Self::Publisher | Self::Admin)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Submit,
    Approve,
    Publish,
    SendBack,
    Unpublish,
    Trash,
    Recover,
}

impl Action {
    pub const ALL: [Action; 7] = [
        Action::Submit,
        Action::Approve,
        Action::Publish,
        Action::SendBack,
        Action::Unpublish,
        Action::Trash,
        Action::Recover,
    ];

    /// Steps an author may take only on their own articles.
    pub fn needs_ownership(self) -> bool {
        matches!(self, Self::Submit | Self::Trash | Self::Recover)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submit => "submit",
            Self::Approve => "approve",
            Self::Publish => "publish",
            Self::SendBack => "send_back",
            Self::Unpublish => "unpublish",
            Self::Trash => "trash",
            Self::Recover => "recover",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == text)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WorkflowError {
    #[error("a {role:?} may not {action:?} an article")]
    RoleMayNot { role: Role, action: Action },
    #[error("an article that is {from:?} cannot be {action:?}")]
    WrongState { from: ArticleStatus, action: Action },
    #[error("sending back needs a note for the author")]
    NoteRequired,
}

/// The state after `action`, if `role` may take it from `from`.
pub fn apply(
    role: Role,
    from: ArticleStatus,
    action: Action,
    note: &str,
) -> Result<ArticleStatus, WorkflowError> {
    match action {
        Action::Submit => submit(role, from),
        Action::Approve => approve(role, from),
        Action::Publish => publish(role, from),
        Action::SendBack => send_back(role, from, note),
        Action::Unpublish => unpublish(role, from),
        Action::Trash => trash(role, from),
        Action::Recover => recover(role, from),
    }
}

/// Every role may submit a draft (authors their own: the caller checks
/// ownership, which is not a matter of state).
pub fn submit(_role: Role, from: ArticleStatus) -> Result<ArticleStatus, WorkflowError> {
    expect_state(from, &[ArticleStatus::Draft], Action::Submit)?;
    Ok(ArticleStatus::Submitted)
}

pub fn approve(role: Role, from: ArticleStatus) -> Result<ArticleStatus, WorkflowError> {
    expect_role(role.reviews(), role, Action::Approve)?;
    expect_state(from, &[ArticleStatus::Submitted], Action::Approve)?;
    Ok(ArticleStatus::Approved)
}

/// Publishes now or at `publish_at` (scheduled): the state is the same,
/// the time decides when readers see it.
pub fn publish(role: Role, from: ArticleStatus) -> Result<ArticleStatus, WorkflowError> {
    expect_role(role.publishes(), role, Action::Publish)?;
    expect_state(
        from,
        &[ArticleStatus::Approved, ArticleStatus::Unpublished],
        Action::Publish,
    )?;
    Ok(ArticleStatus::Published)
}

pub fn send_back(
    role: Role,
    from: ArticleStatus,
    note: &str,
) -> Result<ArticleStatus, WorkflowError> {
    expect_role(role.reviews(), role, Action::SendBack)?;
    expect_state(
        from,
        &[ArticleStatus::Submitted, ArticleStatus::Approved],
        Action::SendBack,
    )?;
    if note.trim().is_empty() {
        return Err(WorkflowError::NoteRequired);
    }
    Ok(ArticleStatus::Draft)
}

pub fn unpublish(role: Role, from: ArticleStatus) -> Result<ArticleStatus, WorkflowError> {
    expect_role(role.publishes(), role, Action::Unpublish)?;
    expect_state(from, &[ArticleStatus::Published], Action::Unpublish)?;
    Ok(ArticleStatus::Unpublished)
}

/// Deleting never takes a published article off the site by surprise: it
/// is unpublished first. Authors delete their drafts, editors anything not
/// yet published, publishers and admins also what was unpublished.
pub fn trash(role: Role, from: ArticleStatus) -> Result<ArticleStatus, WorkflowError> {
    let allowed: &[ArticleStatus] = match role {
        Role::Author => &[ArticleStatus::Draft],
        Role::Editor => &[
            ArticleStatus::Draft,
            ArticleStatus::Submitted,
            ArticleStatus::Approved,
        ],
        Role::Publisher | Role::Admin => &[
            ArticleStatus::Draft,
            ArticleStatus::Submitted,
            ArticleStatus::Approved,
            ArticleStatus::Unpublished,
        ],
    };
    expect_state(from, allowed, Action::Trash)?;
    Ok(ArticleStatus::Trashed)
}

/// A deleted article comes back as a draft, to go through review again.
pub fn recover(_role: Role, from: ArticleStatus) -> Result<ArticleStatus, WorkflowError> {
    expect_state(from, &[ArticleStatus::Trashed], Action::Recover)?;
    Ok(ArticleStatus::Draft)
}

/// Who may read an article in the newsroom (its form, preview, revisions,
/// staff search): everyone what is published and their own work; authors
/// nothing else, since a colleague's unfinished story is not theirs to see
/// before an editor has it. Editors and above read everything in their
/// categories.
pub fn may_read(role: Role, state: ArticleStatus, is_own: bool) -> bool {
    is_own || state == ArticleStatus::Published || may_read_others_unpublished(role)
}

pub fn may_read_others_unpublished(role: Role) -> bool {
    role != Role::Author
}

/// Who may change an article's content in each state: authors their own
/// drafts, editors anything not yet published, publishers and admins all.
pub fn may_edit(role: Role, state: ArticleStatus, is_own: bool) -> bool {
    match role {
        Role::Author => is_own && state == ArticleStatus::Draft,
        Role::Editor => matches!(
            state,
            ArticleStatus::Draft | ArticleStatus::Submitted | ArticleStatus::Approved
        ),
        Role::Publisher | Role::Admin => state != ArticleStatus::Trashed,
    }
}

/// Who puts content before readers: publishers and administrators (an
/// old version of a published article brought back by anyone else waits
/// for one of them).
pub fn may_publish(role: Role) -> bool {
    role.publishes()
}

/// Who chooses the featured stories and the pinned articles: the site's
/// editors and those above them.
pub fn may_choose_highlights(role: Role) -> bool {
    role != Role::Author
}

/// Who enters, changes and cancels the leaders' work schedule: the
/// site's editors and those above them (an official record, published as
/// entered, so not authors).
pub fn may_keep_schedule(role: Role) -> bool {
    role != Role::Author
}

fn expect_role(allowed: bool, role: Role, action: Action) -> Result<(), WorkflowError> {
    if allowed {
        Ok(())
    } else {
        Err(WorkflowError::RoleMayNot { role, action })
    }
}

fn expect_state(
    from: ArticleStatus,
    allowed: &[ArticleStatus],
    action: Action,
) -> Result<(), WorkflowError> {
    if allowed.contains(&from) {
        Ok(())
    } else {
        Err(WorkflowError::WrongState { from, action })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ArticleStatus::*;

    const STATES: [ArticleStatus; 6] =
        [Draft, Submitted, Approved, Published, Unpublished, Trashed];

    /// The whole table: (role, from, action) → the state after, or None.
    fn expected(role: Role, from: ArticleStatus, action: Action) -> Option<ArticleStatus> {
        use Role::*;
        match (action, from) {
            (Action::Submit, Draft) => Some(Submitted),
            (Action::Approve, Submitted) if role != Author => Some(Approved),
            (Action::Publish, Approved | Unpublished) if matches!(role, Publisher | Admin) => {
                Some(Published)
            }
            (Action::SendBack, Submitted | Approved) if role != Author => Some(Draft),
            (Action::Unpublish, Published) if matches!(role, Publisher | Admin) => {
                Some(Unpublished)
            }
            (Action::Trash, Draft) => Some(Trashed),
            (Action::Trash, Submitted | Approved) if role != Author => Some(Trashed),
            (Action::Trash, Unpublished) if matches!(role, Publisher | Admin) => Some(Trashed),
            (Action::Recover, Trashed) => Some(Draft),
            _ => None,
        }
    }

    #[test]
    fn every_role_by_every_transition_from_every_state() {
        let mut allowed = 0;
        for role in Role::ALL {
            for from in STATES {
                for action in Action::ALL {
                    let got = apply(role, from, action, "cần bổ sung ảnh").ok();
                    assert_eq!(
                        got,
                        expected(role, from, action),
                        "{role:?} {action:?} from {from:?}"
                    );
                    allowed += usize::from(got.is_some());
                }
            }
        }
        // Submit 4 roles; approve 3; publish 2 × 2 states; send back 3 × 2;
        // unpublish 2; trash 4 + 3 × 2 + 2; recover 4.
        assert_eq!(allowed, 4 + 3 + 4 + 6 + 2 + 12 + 4);
    }

    #[test]
    fn refusals_say_why() {
        assert_eq!(
            publish(Role::Author, Approved),
            Err(WorkflowError::RoleMayNot {
                role: Role::Author,
                action: Action::Publish
            })
        );
        assert_eq!(
            approve(Role::Editor, Draft),
            Err(WorkflowError::WrongState {
                from: Draft,
                action: Action::Approve
            })
        );
        assert_eq!(
            send_back(Role::Editor, Submitted, "  "),
            Err(WorkflowError::NoteRequired)
        );
    }

    #[test]
    fn who_may_edit_what() {
        assert!(may_edit(Role::Author, Draft, true));
        assert!(!may_edit(Role::Author, Draft, false));
        assert!(!may_edit(Role::Author, Submitted, true));
        assert!(may_edit(Role::Editor, Approved, false));
        assert!(!may_edit(Role::Editor, Published, false));
        assert!(may_edit(Role::Publisher, Published, false));
        assert!(!may_edit(Role::Publisher, Trashed, false));
        assert!(!may_edit(Role::Admin, Trashed, false));
    }

    #[test]
    fn names_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        for action in Action::ALL {
            assert_eq!(Action::parse(action.as_str()), Some(action));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
