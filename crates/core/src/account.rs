//! Staff accounts: who may log in to the newsroom, and as what.

use serde::Serialize;

use crate::UserId;
use crate::workflow::Role;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: UserId,
    pub login: String,
    pub display_name: String,
    pub role: Role,
    pub disabled: bool,
    /// When not empty, the only categories this user may touch.
    pub category_ids: Vec<i64>,
}

impl User {
    pub fn may_touch_category(&self, category_id: i64) -> bool {
        self.category_ids.is_empty() || self.category_ids.contains(&category_id)
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

    #[test]
    fn passwords() {
        assert!(valid_password("mật khẩu đủ dài"));
        assert!(!valid_password("ngắn"));
    }
}
