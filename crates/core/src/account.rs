//! Staff accounts: who may log in to the newsroom, and as what.

use serde::Serialize;

use crate::workflow::Role;
use crate::{SiteId, UserId};

/// A person as seen from one site: `role` is what they may do there (their
/// own role on it, or administrator when they administer a site above it)
/// and `category_ids` their limits among its sections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: UserId,
    pub login: String,
    pub display_name: String,
    pub role: Role,
    pub disabled: bool,
    /// When not empty, the only categories this user may touch.
    pub category_ids: Vec<i64>,
    /// Every site the person holds a role on.
    pub sites: Vec<SiteRole>,
    /// The site `role` and `category_ids` were worked out for; `None` for
    /// an account read as it is stored (the command line's lists), which
    /// acts on no site.
    pub acting_on: Option<SiteId>,
}

/// A role held on one site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SiteRole {
    pub site_id: SiteId,
    pub site_code: String,
    pub role: Role,
}

impl User {
    pub fn may_touch_category(&self, category_id: i64) -> bool {
        self.category_ids.is_empty() || self.category_ids.contains(&category_id)
    }

    /// Whether this is the person as seen from `site`: the services act
    /// only for someone read for the site they act on.
    pub fn acts_on(&self, site: SiteId) -> bool {
        self.acting_on == Some(site)
    }

    /// The role this person has on their own on a site, if any.
    pub fn own_role(&self, site_id: SiteId) -> Option<Role> {
        self.sites
            .iter()
            .find(|held| held.site_id == site_id)
            .map(|held| held.role)
    }

    /// What the person may do on a site whose parents, nearest first, are
    /// `ancestors`: their own role there, raised to administrator when
    /// they administer a site above it (the province's administrators
    /// manage every sub-site). None: the site is not theirs.
    pub fn role_on(&self, site_id: SiteId, ancestors: &[SiteId]) -> Option<Role> {
        let administers_above = ancestors
            .iter()
            .any(|above| self.own_role(*above) == Some(Role::Admin));
        if administers_above {
            return Some(Role::Admin);
        }
        self.own_role(site_id)
    }
}

/// Login names: 3 to 40 characters of `a-z 0-9 . _ -`, starting with a
/// letter or digit. Kept plain so they can be typed on any keyboard and
/// never look alike.
pub fn valid_login(login: &str) -> bool {
    (3..=40).contains(&login.len())
        && login
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && login.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        })
}

/// At least 10 characters: long beats complicated.
pub const MIN_PASSWORD_CHARS: usize = 10;

pub fn valid_password(password: &str) -> bool {
    password.chars().count() >= MIN_PASSWORD_CHARS && password.len() <= 1024
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_names() {
        assert!(valid_login("bientap.01"));
        assert!(!valid_login("ab"));
        assert!(!valid_login("Nguyễn"));
        assert!(!valid_login(".hidden"));
        assert!(!valid_login("a b c"));
    }

    fn person(sites: &[(i64, Role)]) -> User {
        User {
            id: UserId(1),
            login: "nguoi".into(),
            display_name: String::new(),
            role: Role::Author,
            disabled: false,
            category_ids: Vec::new(),
            sites: sites
                .iter()
                .map(|(id, role)| SiteRole {
                    site_id: SiteId(*id),
                    site_code: format!("s{id}"),
                    role: *role,
                })
                .collect(),
            acting_on: None,
        }
    }

    #[test]
    fn roles_are_per_site_and_administrators_reach_down() {
        let commune_editor = person(&[(2, Role::Editor)]);
        assert_eq!(
            commune_editor.role_on(SiteId(2), &[SiteId(1)]),
            Some(Role::Editor)
        );
        assert_eq!(commune_editor.role_on(SiteId(1), &[]), None);
        assert_eq!(commune_editor.role_on(SiteId(3), &[SiteId(1)]), None);
        let province_admin = person(&[(1, Role::Admin)]);
        assert_eq!(
            province_admin.role_on(SiteId(3), &[SiteId(1)]),
            Some(Role::Admin)
        );
        let province_editor = person(&[(1, Role::Editor)]);
        assert_eq!(province_editor.role_on(SiteId(3), &[SiteId(1)]), None);
    }

    #[test]
    fn passwords() {
        assert!(valid_password("mật khẩu đủ dài"));
        assert!(!valid_password("ngắn"));
    }
}
