//! The organisation (Cơ cấu tổ chức): the agency's units as a tree, each
//! with its head, contacts and duties, in Vietnamese and, as Decree
//! 42/2022/NĐ-CP Art. 7 asks, in English.

use serde::Serialize;

use crate::SiteId;

pub const MAX_NAME: usize = 200;
pub const MAX_FIELD: usize = 300;
pub const MAX_DUTIES: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Unit {
    pub id: i64,
    pub site_id: SiteId,
    pub parent_id: Option<i64>,
    pub position: i64,
    pub name: String,
    pub name_en: String,
    /// The person who heads it and their title (Giám đốc, Chánh Văn phòng…).
    pub head: String,
    pub head_title: String,
    pub head_title_en: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    /// Chức năng, nhiệm vụ: plain text, paragraphs separated by blank lines.
    pub duties: String,
    pub duties_en: String,
}

impl Unit {
    pub fn path(&self) -> String {
        format!("{ORGANISATION_PATH}/{}", self.id)
    }

    /// Whether it may be kept as written (a catalog key when not).
    pub fn check(&self) -> Result<(), &'static str> {
        if self.name.trim().is_empty() {
            return Err("organisation.name_required");
        }
        let long = |text: &str, max: usize| text.chars().count() > max;
        if long(&self.name, MAX_NAME)
            || long(&self.name_en, MAX_NAME)
            || [
                &self.head,
                &self.head_title,
                &self.head_title_en,
                &self.address,
                &self.phone,
                &self.email,
            ]
            .into_iter()
            .any(|field| long(field, MAX_FIELD))
            || long(&self.duties, MAX_DUTIES)
            || long(&self.duties_en, MAX_DUTIES)
        {
            return Err("organisation.too_long");
        }
        if !self.phone.is_empty()
            && !self
                .phone
                .chars()
                .all(|c| c.is_ascii_digit() || " +().-".contains(c))
        {
            return Err("organisation.bad_phone");
        }
        if !self.email.is_empty() && !looks_like_email(&self.email) {
            return Err("organisation.bad_email");
        }
        Ok(())
    }
}

pub const ORGANISATION_PATH: &str = "/co-cau-to-chuc";

/// One `@`, something before it, a dotted host after it, no spaces: what a
/// reader's mail program needs (the address is shown, never mailed to).
fn looks_like_email(text: &str) -> bool {
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
            .any(|c| c.is_whitespace() || "<>\"'".contains(c))
}

/// Whether making `parent` the parent of unit `id` would put it under
/// itself.
pub fn makes_cycle(units: &[Unit], id: i64, parent: Option<i64>) -> bool {
    let mut cursor = parent;
    let mut steps = 0;
    while let Some(at) = cursor {
        if at == id || steps > units.len() {
            return true;
        }
        cursor = units.iter().find(|u| u.id == at).and_then(|u| u.parent_id);
        steps += 1;
    }
    false
}

/// The units in reading order, each with its depth: parents before their
/// children, siblings by position then name.
pub fn in_tree_order(units: &[Unit]) -> Vec<(usize, &Unit)> {
    fn walk<'a>(
        units: &'a [Unit],
        parent: Option<i64>,
        depth: usize,
        out: &mut Vec<(usize, &'a Unit)>,
    ) {
        let mut children: Vec<&Unit> = units.iter().filter(|u| u.parent_id == parent).collect();
        children.sort_by(|a, b| {
            a.position
                .cmp(&b.position)
                .then_with(|| a.name.cmp(&b.name))
        });
        for child in children {
            out.push((depth, child));
            if depth < 16 {
                walk(units, Some(child.id), depth + 1, out);
            }
        }
    }
    let mut out = Vec::with_capacity(units.len());
    walk(units, None, 0, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: i64, parent: Option<i64>, position: i64, name: &str) -> Unit {
        Unit {
            id,
            parent_id: parent,
            position,
            name: name.into(),
            ..Unit::default()
        }
    }

    #[test]
    fn the_tree_reads_parents_first_and_siblings_in_order() {
        let units = [
            unit(1, None, 0, "UBND tỉnh"),
            unit(2, Some(1), 2, "Sở Tài chính"),
            unit(3, Some(1), 1, "Văn phòng UBND tỉnh"),
            unit(4, Some(3), 0, "Phòng Hành chính - Tổ chức"),
        ];
        let order: Vec<(usize, i64)> = in_tree_order(&units)
            .iter()
            .map(|(d, u)| (*d, u.id))
            .collect();
        assert_eq!(order, [(0, 1), (1, 3), (2, 4), (1, 2)]);
        assert!(makes_cycle(&units, 1, Some(4)));
        assert!(makes_cycle(&units, 3, Some(3)));
        assert!(!makes_cycle(&units, 2, Some(3)));
        assert!(!makes_cycle(&units, 2, None));
    }

    #[test]
    fn a_unit_needs_a_name_and_contacts_a_reader_can_use() {
        let good = Unit {
            phone: "(0209) 3800-000".into(),
            email: "vanphong@example.gov.vn".into(),
            ..unit(1, None, 0, "Văn phòng")
        };
        assert_eq!(good.check(), Ok(()));
        assert_eq!(
            unit(1, None, 0, " ").check(),
            Err("organisation.name_required")
        );
        for email in ["khong-co-a-còng", "a@b", "a@@b.vn", "a b@c.vn", "<x>@c.vn"] {
            let bad = Unit {
                email: email.into(),
                ..good.clone()
            };
            assert_eq!(bad.check(), Err("organisation.bad_email"), "{email}");
        }
        let bad = Unit {
            phone: "gọi 113".into(),
            ..good.clone()
        };
        assert_eq!(bad.check(), Err("organisation.bad_phone"));
        let long = Unit {
            name: "x".repeat(MAX_NAME + 1),
            ..good
        };
        assert_eq!(long.check(), Err("organisation.too_long"));
    }
}
