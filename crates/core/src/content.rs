//! Sites, categories and articles.

use serde::{Deserialize, Serialize};

use crate::body::Body;
use crate::id::{ArticleId, SiteId};

/// One portal: the province's, or a commune's, ward's or department's
/// sub-portal, or a former province's archive.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Site {
    pub id: SiteId,
    pub parent_id: Option<SiteId>,
    /// Short code used on the command line, e.g. `tinh`.
    pub code: String,
    pub name: String,
    /// The agency that runs the portal, shown in the header and footer.
    pub agency: String,
    pub language: String,
    /// Host names this site answers to; the first is canonical.
    pub hosts: Vec<String>,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub licence: String,
    /// The person legally responsible for the content (người chịu trách nhiệm).
    pub responsible: String,
    pub logo_media_id: Option<i64>,
    pub kind: SiteKind,
    /// A disabled site answers with a notice and keeps all its data.
    pub disabled: bool,
}

/// What a site is the portal of.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SiteKind {
    /// The province's own portal.
    #[default]
    Province,
    /// Xã.
    Commune,
    /// Phường.
    Ward,
    /// Sở, ban, ngành.
    Department,
    /// Any other agency (đơn vị).
    Agency,
}

impl SiteKind {
    pub const ALL: [Self; 5] = [
        Self::Province,
        Self::Commune,
        Self::Ward,
        Self::Department,
        Self::Agency,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Province => "province",
            Self::Commune => "commune",
            Self::Ward => "ward",
            Self::Department => "department",
            Self::Agency => "agency",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }
}

/// Site codes: 2 to 40 characters of `a-z 0-9 -`, starting with a letter,
/// and none of the addresses the portal itself answers (a code becomes the
/// `/{code}/` prefix of a site without a host of its own).
pub fn valid_site_code(code: &str) -> bool {
    (2..=40).contains(&code.len())
        && code.starts_with(|c: char| c.is_ascii_lowercase())
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !code.ends_with('-')
        && !is_reserved_slug(code)
}

/// Host names as a site keeps them: lower case, without a port; `None`
/// when it is not a host name (letters, digits, '-' and '.').
pub fn clean_host(host: &str) -> Option<String> {
    let host = host.trim().to_ascii_lowercase();
    let valid = !host.is_empty()
        && host.len() <= 253
        && !host.starts_with(['.', '-'])
        && !host.ends_with(['.', '-'])
        && !host.contains("..")
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    valid.then_some(host)
}

impl Site {
    pub fn canonical_host(&self) -> &str {
        self.hosts.first().map_or("localhost", String::as_str)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Category {
    pub id: i64,
    pub site_id: SiteId,
    pub parent_id: Option<i64>,
    pub slug: String,
    pub name: String,
    pub position: i64,
    /// Main categories get a list of their own on the home page.
    pub on_home: bool,
}

impl Category {
    pub fn path(&self) -> String {
        format!("/{}", self.slug)
    }
}

/// A keyword with a page of its own, `/tu-khoa/{slug}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Tag {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

impl Tag {
    pub fn path(&self) -> String {
        tag_path(&self.slug)
    }
}

pub fn tag_path(slug: &str) -> String {
    format!("/tu-khoa/{slug}")
}

/// First path segments the portal itself uses: no category may take them.
pub const RESERVED_SLUGS: &[&str] = &[
    "api",
    "tu-khoa",
    "tim-kiem",
    "assets",
    "media",
    "quan-tri",
    "healthz",
    "rss.xml",
    "sitemap.xml",
    "robots.txt",
    "tin-bai",
    "cong-thanh-phan",
    "van-ban",
    "lich-cong-tac",
    "lich-cong-tac.ics",
    "so-do-cong",
    "co-cau-to-chuc",
    "hoi-dap",
    "lien-he-truc-tuyen",
    "tham-do",
    "lay-y-kien",
    PAGES_SLUG,
];

/// The section that stands for a site's documents base in people's
/// section limits (no article is placed in it; its address is the list's).
pub const DOCUMENTS_SLUG: &str = "van-ban";

/// The section that holds a site's standing pages (Giới thiệu, Liên hệ…):
/// its articles answer at `/{slug}` and stay out of every news list.
pub const PAGES_SLUG: &str = "trang";

pub fn is_reserved_slug(slug: &str) -> bool {
    RESERVED_SLUGS.contains(&slug)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArticleStatus {
    Draft,
    Submitted,
    Approved,
    Published,
    Unpublished,
    /// Deleted: out of every list but the trash, restorable, never purged
    /// by the portal itself.
    Trashed,
}

impl ArticleStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Approved => "approved",
            Self::Published => "published",
            Self::Unpublished => "unpublished",
            Self::Trashed => "trashed",
        }
    }

    /// The state the newsroom shows: the workflow status, with a
    /// published article told apart by its dates (scheduled until it goes
    /// out, expired once its end has passed).
    pub fn shown(self, publish_at: Option<i64>, expire_at: Option<i64>, now: i64) -> &'static str {
        match self {
            Self::Published if publish_at.is_some_and(|at| at > now) => "scheduled",
            Self::Published if expire_at.is_some_and(|at| at <= now) => "expired",
            status => status.as_str(),
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "draft" => Self::Draft,
            "submitted" => Self::Submitted,
            "approved" => Self::Approved,
            "published" => Self::Published,
            "unpublished" => Self::Unpublished,
            "trashed" => Self::Trashed,
            _ => return None,
        })
    }
}

/// What an editor writes, an import brings and every save keeps as a
/// revision: the one list of an article's content fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleContent {
    pub title: String,
    pub lead: String,
    pub body: Body,
    pub byline: String,
    pub source: String,
    /// The first is the primary category, which gives the article its path.
    pub category_ids: Vec<i64>,
    pub cover_media_id: Option<i64>,
    pub publish_at: Option<i64>,
    pub expire_at: Option<i64>,
    /// Keywords (từ khóa); absent from revisions saved before they existed.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// An article as it is stored: its content, where it is in the workflow,
/// and its sections read in full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    pub id: ArticleId,
    pub site_id: SiteId,
    pub slug: String,
    #[serde(flatten)]
    pub content: ArticleContent,
    pub status: ArticleStatus,
    pub created_at: i64,
    pub updated_at: i64,
    pub revision: i64,
    pub views: i64,
    /// `content.category_ids` read in full; the first is the primary one.
    pub categories: Vec<Category>,
    /// For a sub-site's article carried by its parent: the original, which
    /// the copy credits and names as canonical.
    pub origin_id: Option<ArticleId>,
    /// Why a reviewer sent it back, for its author until the next step;
    /// never part of what readers or the API get.
    #[serde(skip)]
    pub review_note: String,
}

impl Article {
    /// Whether a reader may see it at `now`.
    pub fn is_public(&self, now: i64) -> bool {
        self.status == ArticleStatus::Published
            && self.content.publish_at.is_some_and(|at| at <= now)
            && self.content.expire_at.is_none_or(|at| at > now)
    }

    pub fn primary_category(&self) -> Option<&Category> {
        self.categories.first()
    }

    pub fn path(&self) -> String {
        article_path(
            self.primary_category().map(|c| c.slug.as_str()),
            &self.slug,
            self.id,
        )
    }
}

/// What a list of articles shows of each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleSummary {
    pub id: ArticleId,
    pub slug: String,
    pub title: String,
    pub lead: String,
    pub byline: String,
    pub cover_media_id: Option<i64>,
    pub published_at: i64,
    pub views: i64,
    pub category_slug: Option<String>,
    pub category_name: Option<String>,
}

impl ArticleSummary {
    pub fn path(&self) -> String {
        article_path(self.category_slug.as_deref(), &self.slug, self.id)
    }
}

/// `/{category}/{slug}-{id}`: readable, and the id alone finds the article,
/// so a renamed title or a moved category still resolves (and redirects).
pub fn article_path(category_slug: Option<&str>, slug: &str, id: ArticleId) -> String {
    match category_slug {
        Some(PAGES_SLUG) => format!("/{slug}"),
        other => format!("/{}/{slug}-{id}", other.unwrap_or("tin-bai")),
    }
}

/// The article id at the end of a path segment like `giao-ban-thang-5-42`.
pub fn article_id_from_segment(segment: &str) -> Option<ArticleId> {
    let (_, id) = segment.rsplit_once('-').unwrap_or(("", segment));
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    id.parse::<i64>().ok().filter(|id| *id > 0).map(ArticleId)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_published_article_shows_as_scheduled_or_expired_by_its_dates() {
        let now = 1_000;
        let published = ArticleStatus::Published;
        assert_eq!(published.shown(Some(2_000), None, now), "scheduled");
        assert_eq!(published.shown(Some(500), None, now), "published");
        assert_eq!(published.shown(Some(500), Some(1_000), now), "expired");
        assert_eq!(published.shown(Some(500), Some(1_001), now), "published");
        assert_eq!(ArticleStatus::Draft.shown(Some(2_000), None, now), "draft");
        assert_eq!(ArticleStatus::Trashed.shown(None, Some(1), now), "trashed");
    }

    #[test]
    fn paths_carry_the_id() {
        assert_eq!(
            article_path(Some("tin-hoat-dong"), "giao-ban", ArticleId(7)),
            "/tin-hoat-dong/giao-ban-7"
        );
        // A standing page answers at its name alone.
        assert_eq!(
            article_path(Some(PAGES_SLUG), "gioi-thieu", ArticleId(7)),
            "/gioi-thieu"
        );
        assert_eq!(article_id_from_segment("giao-ban-7"), Some(ArticleId(7)));
        assert_eq!(article_id_from_segment("7"), Some(ArticleId(7)));
        assert_eq!(article_id_from_segment("giao-ban"), None);
        assert_eq!(article_id_from_segment("x-0"), None);
        assert_eq!(article_id_from_segment("x-+5"), None);
    }

    #[test]
    fn site_codes_and_hosts() {
        assert!(valid_site_code("xa-na-ri"));
        assert!(valid_site_code("so-tttt"));
        for bad in [
            "", "x", "Xa", "1xa", "xa_ri", "xa-", "quan-tri", "tim-kiem", "api", "media", "assets",
        ] {
            assert!(!valid_site_code(bad), "{bad}");
        }
        assert_eq!(clean_host(" NaRi.Gov.VN "), Some("nari.gov.vn".into()));
        for bad in ["", "a b", "a..b", ".a", "a:80", "a/b", "ả.vn"] {
            assert_eq!(clean_host(bad), None, "{bad}");
        }
        assert_eq!(SiteKind::parse("ward"), Some(SiteKind::Ward));
        assert_eq!(SiteKind::parse("district"), None);
    }

    #[test]
    fn publication_window() {
        let mut article = Article {
            id: ArticleId(1),
            site_id: SiteId(1),
            slug: "a".into(),
            content: ArticleContent {
                title: "A".into(),
                publish_at: Some(100),
                expire_at: Some(200),
                ..Default::default()
            },
            status: ArticleStatus::Published,
            created_at: 0,
            updated_at: 0,
            revision: 1,
            views: 0,
            categories: vec![],
            origin_id: None,
            review_note: String::new(),
        };
        assert!(!article.is_public(99));
        assert!(article.is_public(150));
        assert!(!article.is_public(200));
        article.status = ArticleStatus::Draft;
        assert!(!article.is_public(150));
    }
}
