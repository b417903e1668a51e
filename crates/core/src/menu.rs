//! A site's menus: the main menu (two levels) and the footer links. Each
//! item points at something of the portal (a section, a standing page,
//! the documents list, the schedule, the site map, the directory of
//! sub-portals) or at an address the URL policy accepts. A site that has
//! not edited a menu shows the default one, built from its sections.

use serde::{Deserialize, Serialize};

use crate::Category;

pub const MAX_TOP_ITEMS: usize = 12;
pub const MAX_CHILDREN: usize = 20;
pub const MAX_LABEL: usize = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MenuKind {
    Main,
    Footer,
}

impl MenuKind {
    pub const ALL: [MenuKind; 2] = [MenuKind::Main, MenuKind::Footer];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Main => "main",
            Self::Footer => "footer",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// What an item leads to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Target {
    Home,
    /// A news section, by its slug.
    Section(String),
    /// A standing page, by its slug.
    Page(String),
    /// The documents list, optionally filtered (`loai=Quyết định`).
    Documents(String),
    Schedule,
    /// Hỏi đáp: the published answers and the forms.
    Questions,
    Organisation,
    SiteMap,
    Directory,
    /// An address the URL policy accepts (outside, or a path here).
    Address(String),
}

impl Target {
    /// `section`, `documents`, …: what the editor's select names it.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Home => "home",
            Self::Section(_) => "section",
            Self::Page(_) => "page",
            Self::Documents(_) => "documents",
            Self::Schedule => "schedule",
            Self::Questions => "questions",
            Self::Organisation => "organisation",
            Self::SiteMap => "site_map",
            Self::Directory => "directory",
            Self::Address(_) => "address",
        }
    }

    /// The slug, filter or address it carries ("" for none).
    pub fn value(&self) -> &str {
        match self {
            Self::Section(v) | Self::Page(v) | Self::Documents(v) | Self::Address(v) => v,
            _ => "",
        }
    }

    /// Reads what the editor chose: a kind and, where it needs one, a
    /// value. `None` for an unknown kind or a value the kind refuses.
    pub fn from_parts(kind: &str, value: &str) -> Option<Self> {
        let value = value.trim();
        Some(match kind {
            "home" => Self::Home,
            "section" if !value.is_empty() => Self::Section(value.to_string()),
            "page" if !value.is_empty() => Self::Page(value.to_string()),
            "documents" => Self::Documents(value.trim_start_matches('?').to_string()),
            "schedule" => Self::Schedule,
            "questions" => Self::Questions,
            "organisation" => Self::Organisation,
            "site_map" => Self::SiteMap,
            "directory" => Self::Directory,
            "address" => Self::Address(crate::address::safe_link(value)?),
            _ => return None,
        })
    }

    /// Its address on the site, or `None` when what it names is not there
    /// (a removed section, a page not written yet): such an item is not
    /// shown rather than leading to a 404.
    pub fn href(&self, exists: &dyn Fn(&Target) -> bool) -> Option<String> {
        if !exists(self) {
            return None;
        }
        Some(match self {
            Self::Home => "/".to_string(),
            Self::Section(slug) | Self::Page(slug) => format!("/{slug}"),
            Self::Documents(query) if query.is_empty() => "/van-ban".to_string(),
            Self::Documents(query) => {
                // Typed as words (`loai=Quyết định`): written as an address.
                let pairs = url::form_urlencoded::parse(query.as_bytes());
                let encoded = url::form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(pairs)
                    .finish();
                format!("/van-ban?{encoded}")
            }
            Self::Schedule => "/lich-cong-tac".to_string(),
            Self::Questions => "/hoi-dap".to_string(),
            Self::Organisation => crate::organisation::ORGANISATION_PATH.to_string(),
            Self::SiteMap => SITE_MAP_PATH.to_string(),
            Self::Directory => "/cong-thanh-phan".to_string(),
            Self::Address(address) => crate::address::safe_link(address)?,
        })
    }
}

pub const SITE_MAP_PATH: &str = "/so-do-cong";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenuItem {
    pub label: String,
    pub target: Target,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<MenuItem>,
}

impl MenuItem {
    pub fn new(label: &str, target: Target) -> Self {
        Self {
            label: label.to_string(),
            target,
            children: Vec::new(),
        }
    }
}

/// Why a menu cannot be kept (message catalog keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuError {
    NoLabel,
    LabelTooLong,
    TooMany,
    /// A second-level item with no first-level item above it.
    Orphan,
    /// The footer has one level.
    FooterNested,
    BadTarget,
}

impl MenuError {
    pub fn key(self) -> &'static str {
        match self {
            Self::NoLabel => "menu.no_label",
            Self::LabelTooLong => "menu.label_too_long",
            Self::TooMany => "menu.too_many",
            Self::Orphan => "menu.orphan",
            Self::FooterNested => "menu.footer_nested",
            Self::BadTarget => "menu.bad_target",
        }
    }
}

/// Whether a menu may be kept as it is.
pub fn check(kind: MenuKind, items: &[MenuItem]) -> Result<(), MenuError> {
    if items.len() > MAX_TOP_ITEMS {
        return Err(MenuError::TooMany);
    }
    for item in items {
        if kind == MenuKind::Footer && !item.children.is_empty() {
            return Err(MenuError::FooterNested);
        }
        if item.children.len() > MAX_CHILDREN {
            return Err(MenuError::TooMany);
        }
        for one in std::iter::once(item).chain(&item.children) {
            if one.label.trim().is_empty() {
                return Err(MenuError::NoLabel);
            }
            if one.label.chars().count() > MAX_LABEL {
                return Err(MenuError::LabelTooLong);
            }
            if !one.children.is_empty() && !std::ptr::eq(one, item) {
                return Err(MenuError::Orphan);
            }
        }
    }
    Ok(())
}

/// The menu a new site shows: the one every Vietnamese portal has, with
/// its top-level sections under "Tin tức" (Dịch vụ công leads to the
/// national public service portal).
pub fn default_main(sections: &[Category]) -> Vec<MenuItem> {
    let top: Vec<&Category> = sections.iter().filter(|c| c.parent_id.is_none()).collect();
    let mut news = MenuItem::new(
        "Tin tức",
        top.first()
            .map_or(Target::Home, |first| Target::Section(first.slug.clone())),
    );
    news.children = top
        .iter()
        .map(|c| MenuItem::new(&c.name, Target::Section(c.slug.clone())))
        .collect();
    let mut about = MenuItem::new("Giới thiệu", Target::Page("gioi-thieu".into()));
    about.children = vec![
        MenuItem::new(
            "Chức năng, nhiệm vụ",
            Target::Page("chuc-nang-nhiem-vu".into()),
        ),
        MenuItem::new("Cơ cấu tổ chức", Target::Organisation),
    ];
    vec![
        about,
        news,
        MenuItem::new("Văn bản", Target::Documents(String::new())),
        MenuItem::new("Lịch công tác", Target::Schedule),
        MenuItem::new("Hỏi đáp", Target::Questions),
        MenuItem::new(
            "Dịch vụ công",
            Target::Address("https://dichvucong.gov.vn".into()),
        ),
        MenuItem::new("Liên hệ", Target::Page("lien-he".into())),
        MenuItem::new("Sơ đồ cổng", Target::SiteMap),
    ]
}

/// The footer's links on a new site.
pub fn default_footer() -> Vec<MenuItem> {
    vec![
        MenuItem::new("Giới thiệu", Target::Page("gioi-thieu".into())),
        MenuItem::new("Liên hệ", Target::Page("lien-he".into())),
        MenuItem::new("Sơ đồ cổng", Target::SiteMap),
        MenuItem::new("Cổng thành phần", Target::Directory),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SiteId;

    fn section(id: i64, slug: &str, parent: Option<i64>) -> Category {
        Category {
            id,
            site_id: SiteId(1),
            parent_id: parent,
            slug: slug.into(),
            name: slug.to_uppercase(),
            position: 0,
            on_home: false,
        }
    }

    #[test]
    fn the_default_menu_is_the_one_every_portal_has() {
        let sections = [
            section(1, "thoi-su", None),
            section(2, "kinh-te", None),
            section(3, "nong-nghiep", Some(2)),
        ];
        let menu = default_main(&sections);
        let labels: Vec<&str> = menu.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Giới thiệu",
                "Tin tức",
                "Văn bản",
                "Lịch công tác",
                "Hỏi đáp",
                "Dịch vụ công",
                "Liên hệ",
                "Sơ đồ cổng"
            ]
        );
        let news: Vec<&str> = menu[1].children.iter().map(|i| i.target.value()).collect();
        assert_eq!(news, ["thoi-su", "kinh-te"]);
        assert_eq!(check(MenuKind::Main, &menu), Ok(()));
        assert_eq!(check(MenuKind::Footer, &default_footer()), Ok(()));
    }

    #[test]
    fn targets_read_back_and_lead_where_they_say() {
        let all = |_: &Target| true;
        for (kind, value, href) in [
            ("section", "thoi-su", "/thoi-su"),
            ("page", "gioi-thieu", "/gioi-thieu"),
            (
                "documents",
                "?loai=Quyết định",
                "/van-ban?loai=Quy%E1%BA%BFt+%C4%91%E1%BB%8Bnh",
            ),
            ("documents", "", "/van-ban"),
            ("schedule", "", "/lich-cong-tac"),
            ("organisation", "", "/co-cau-to-chuc"),
            ("site_map", "", "/so-do-cong"),
            (
                "address",
                " https://dichvucong.gov.vn ",
                "https://dichvucong.gov.vn",
            ),
            ("address", "/tim-kiem?q=a", "/tim-kiem?q=a"),
        ] {
            let target = Target::from_parts(kind, value).expect(kind);
            assert_eq!(target.kind(), kind);
            assert_eq!(target.href(&all).as_deref(), Some(href), "{kind} {value}");
        }
        for (kind, value) in [
            ("address", "javascript:alert(1)"),
            ("address", "//elsewhere.example"),
            ("section", " "),
            ("nowhere", "x"),
        ] {
            assert_eq!(Target::from_parts(kind, value), None, "{kind} {value}");
        }
        let none = |_: &Target| false;
        assert_eq!(Target::Page("gioi-thieu".into()).href(&none), None);
    }

    #[test]
    fn a_menu_is_refused_for_what_a_reader_could_not_use() {
        let item = MenuItem::new("Văn bản", Target::Documents(String::new()));
        let mut nested = item.clone();
        nested.children.push(item.clone());
        assert_eq!(check(MenuKind::Main, std::slice::from_ref(&nested)), Ok(()));
        assert_eq!(
            check(MenuKind::Footer, std::slice::from_ref(&nested)),
            Err(MenuError::FooterNested)
        );
        let mut deep = nested.clone();
        deep.children[0].children.push(item.clone());
        assert_eq!(check(MenuKind::Main, &[deep]), Err(MenuError::Orphan));
        let blank = MenuItem::new(" ", Target::Home);
        assert_eq!(check(MenuKind::Main, &[blank]), Err(MenuError::NoLabel));
        let long = MenuItem::new(&"x".repeat(MAX_LABEL + 1), Target::Home);
        assert_eq!(check(MenuKind::Main, &[long]), Err(MenuError::LabelTooLong));
        let many = vec![item; MAX_TOP_ITEMS + 1];
        assert_eq!(check(MenuKind::Main, &many), Err(MenuError::TooMany));
    }
}
