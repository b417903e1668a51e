//! The change feed's vocabulary: what changed, as every process (and every
//! node) learns it. A change is recorded in the same transaction as the
//! change itself, so whoever follows the feed misses nothing and never
//! hears of a change that did not happen.

use serde::{Deserialize, Serialize};

use crate::{Article, ArticleId, ArticleStatus, SiteId};

/// One recorded change, in the feed's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeRecord {
    /// Its place in the feed: larger is later.
    pub id: i64,
    pub site_id: SiteId,
    pub at: i64,
    pub change: Change,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// An article was created, saved, imported, moved through the workflow
    /// or trashed. `before` is where it was listed until then (none when
    /// it is new): pages that listed it there must go too.
    Article {
        id: ArticleId,
        before: Option<ArticlePlace>,
    },
    /// Something every page of the site shows: its settings, sections,
    /// blocks or menu.
    Site,
    /// A picture or file joined the library.
    Media { id: i64 },
    /// The site's featured stories or pinned articles changed (chosen,
    /// reordered, taken off, or come to their end time).
    Highlights,
}

impl Change {
    /// The feed's short name for the kind of change (stored as text).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Article { .. } => "article",
            Self::Site => "site",
            Self::Media { .. } => "media",
            Self::Highlights => "highlights",
        }
    }

    pub fn subject_id(&self) -> Option<i64> {
        match self {
            Self::Article { id, .. } => Some(id.get()),
            Self::Media { id } => Some(*id),
            Self::Site | Self::Highlights => None,
        }
    }

    /// The stored form of what the kind and subject do not say.
    pub fn detail(&self) -> String {
        match self {
            Self::Article {
                before: Some(place),
                ..
            } => serde_json::to_string(place).unwrap_or_default(),
            _ => String::new(),
        }
    }

    /// Reads a stored change back; `None` for a kind this version does not
    /// know (written by a newer node during an upgrade).
    pub fn from_stored(kind: &str, subject_id: Option<i64>, detail: &str) -> Option<Self> {
        match (kind, subject_id) {
            ("article", Some(id)) => Some(Self::Article {
                id: ArticleId(id),
                before: serde_json::from_str(detail).ok(),
            }),
            ("site", _) => Some(Self::Site),
            ("media", Some(id)) => Some(Self::Media { id }),
            ("highlights", _) => Some(Self::Highlights),
            _ => None,
        }
    }
}

/// What decides where an article is listed: whether readers see it (at a
/// given time), its sections and its keywords.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticlePlace {
    pub status: ArticleStatus,
    pub publish_at: Option<i64>,
    pub expire_at: Option<i64>,
    pub categories: Vec<i64>,
    pub tags: Vec<String>,
}

impl ArticlePlace {
    pub fn of(article: &Article) -> Self {
        Self {
            status: article.status,
            publish_at: article.content.publish_at,
            expire_at: article.content.expire_at,
            categories: article.categories.iter().map(|c| c.id).collect(),
            tags: article.content.tags.clone(),
        }
    }

    pub fn is_public(&self, now: i64) -> bool {
        self.status == ArticleStatus::Published
            && self.publish_at.is_some_and(|at| at <= now)
            && self.expire_at.is_none_or(|at| at > now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_reads_back_as_it_was_stored() {
        let place = ArticlePlace {
            status: ArticleStatus::Published,
            publish_at: Some(10),
            expire_at: None,
            categories: vec![3, 4],
            tags: vec!["Nông thôn mới".into()],
        };
        for change in [
            Change::Article {
                id: ArticleId(7),
                before: Some(place.clone()),
            },
            Change::Article {
                id: ArticleId(8),
                before: None,
            },
            Change::Site,
            Change::Media { id: 9 },
        ] {
            let back = Change::from_stored(change.kind(), change.subject_id(), &change.detail());
            assert_eq!(back, Some(change));
        }
        assert_eq!(Change::from_stored("poll", Some(1), ""), None);
        assert!(place.is_public(10) && !place.is_public(9));
    }
}
