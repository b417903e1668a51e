//! The home page in editors' hands: an article chosen as a featured story
//! ("Tin nổi bật") or pinned at the top of its sections, in the order
//! editors set, until an optional end time.

use serde::Serialize;

use crate::ArticleId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HighlightKind {
    /// Shown by the featured block of the home page.
    Featured,
    /// Shown first in every list of the article's sections.
    Pinned,
}

impl HighlightKind {
    pub const ALL: [HighlightKind; 2] = [HighlightKind::Featured, HighlightKind::Pinned];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Featured => "featured",
            Self::Pinned => "pinned",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }
}

/// One article in a site's featured or pinned order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Highlight {
    pub kind: HighlightKind,
    pub article_id: ArticleId,
    /// Its place in the order: smaller is shown first.
    pub position: i64,
    /// When it stops being featured or pinned; `None` until taken off.
    pub until: Option<i64>,
}

impl Highlight {
    pub fn is_current(&self, now: i64) -> bool {
        self.until.is_none_or(|until| until > now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_back_from_their_stored_names() {
        for kind in HighlightKind::ALL {
            assert_eq!(HighlightKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(HighlightKind::parse("top"), None);
    }

    #[test]
    fn a_highlight_ends_at_its_end_time() {
        let highlight = Highlight {
            kind: HighlightKind::Featured,
            article_id: ArticleId(1),
            position: 1,
            until: Some(100),
        };
        assert!(highlight.is_current(99));
        assert!(!highlight.is_current(100));
        assert!(
            Highlight {
                until: None,
                ..highlight
            }
            .is_current(i64::MAX)
        );
    }
}
