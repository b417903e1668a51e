//! Vietnamese text rules: NFC everywhere, no-break spaces folded, slugs.

use unicode_normalization::UnicodeNormalization;

/// Normalizes one line or paragraph of incoming text: NFC, U+00A0 and other
/// horizontal white space turned into plain spaces, runs of spaces folded,
/// ends trimmed. Captures from legacy portals scatter U+00A0 between words
/// and in front of lines; left alone they break search and comparisons.
pub fn normalize_inline(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut pending_space = false;
    for ch in input.nfc() {
        if ch.is_whitespace() || ch == '\u{00A0}' || ch == '\u{200B}' || ch == '\u{FEFF}' {
            pending_space = !out.is_empty();
            continue;
        }
        // NUL and the other controls are no text (PostgreSQL refuses NUL).
        if ch.is_control() {
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(ch);
    }
    out
}

/// Text of several paragraphs (a unit's duties, a document's full text):
/// paragraphs are separated by a blank line, each cleaned as one line
/// ([`normalize_inline`]), empty ones dropped.
pub fn normalize_paragraphs(input: &str) -> String {
    input
        .replace("\r\n", "\n")
        .split("\n\n")
        .map(|paragraph| normalize_inline(&paragraph.replace('\n', " ")))
        .filter(|paragraph| !paragraph.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A URL slug: `Đường Đinh Tiên Hoàng` → `duong-dinh-tien-hoang`.
pub fn slugify(input: &str) -> String {
    let ascii = deunicode::deunicode(&input.nfc().collect::<String>());
    let mut slug = String::with_capacity(ascii.len());
    for ch in ascii.chars() {
        if ch.is_ascii_alphanumeric() {
            slug.push(ch.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    const MAX: usize = 80;
    if slug.len() > MAX {
        let cut = slug[..MAX].rfind('-').unwrap_or(MAX);
        slug.truncate(cut);
    }
    if slug.is_empty() {
        slug.push_str("bai-viet");
    }
    slug
}

/// A plain-text excerpt of at most `max_chars` characters, cut at a word.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars).collect();
    let end = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..end].trim_end_matches([',', ';', ':', ' ']))
}

/// Keywords from what an editor typed: comma separated, trimmed, without
/// repeats (compared without diacritics' case), at most 20 of 60 characters.
pub fn parse_tags(input: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in input.split([',', ';', '\n']).map(normalize_inline) {
        let fits = !tag.is_empty() && tag.chars().count() <= 60;
        if fits && !tags.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) && tags.len() < 20 {
            tags.push(tag);
        }
    }
    tags
}

/// The pairs of neighbouring syllables of a text, diacritics folded:
/// Vietnamese words are mostly two syllables, so pairs compare meaning far
/// better than syllables. Kept as sorted hashes, so two sets are compared
/// in one pass without allocating (related articles compare dozens a page).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PairSet(Vec<u64>);

impl PairSet {
    pub fn of(text: &str) -> Self {
        let folded = deunicode::deunicode(&text.nfc().collect::<String>()).to_lowercase();
        let syllables: Vec<&str> = folded
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|s| !s.is_empty())
            .collect();
        let mut hashes: Vec<u64> = syllables
            .windows(2)
            .map(|pair| pair_hash(pair[0], pair[1]))
            .collect();
        hashes.sort_unstable();
        hashes.dedup();
        Self(hashes)
    }

    /// How many pairs the two texts share.
    pub fn shared_with(&self, other: &Self) -> usize {
        let (mine, theirs) = (&self.0, &other.0);
        let (mut i, mut j, mut shared) = (0, 0, 0);
        while i < mine.len() && j < theirs.len() {
            match mine[i].cmp(&theirs[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        shared
    }
}

/// FNV-1a of `first`, a space and `second`: stable and cheap; a collision
/// among a page's few hundred pairs is vanishingly rare and would only
/// nudge a related-articles score.
fn pair_hash(first: &str, second: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in first
        .bytes()
        .chain(std::iter::once(b' '))
        .chain(second.bytes())
    {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_kept_and_each_cleaned() {
        assert_eq!(
            normalize_paragraphs("Điều 1.\r\n  Ban hành.\r\n\r\n\r\n\u{a0}Điều 2. "),
            "Điều 1. Ban hành.\n\nĐiều 2."
        );
    }

    #[test]
    fn folds_no_break_spaces_and_trims() {
        assert_eq!(
            normalize_inline("\u{a0} Xem xét,\u{a0}bổ sung  kế hoạch\u{a0}"),
            "Xem xét, bổ sung kế hoạch"
        );
    }

    #[test]
    fn drops_control_characters_that_are_no_text() {
        assert_eq!(
            normalize_inline("<scr\u{0}ipt>\u{1}Tin\u{7f}\tmới"),
            "<script>Tin mới"
        );
    }

    #[test]
    fn composes_decomposed_vietnamese() {
        // "Tỉnh ủy" typed with combining marks.
        let decomposed = "Ti\u{0309}nh u\u{0309}y";
        assert_eq!(normalize_inline(decomposed), "Tỉnh ủy");
    }

    #[test]
    fn slugs_fold_vietnamese_letters() {
        assert_eq!(slugify("Đường Đinh Tiên Hoàng"), "duong-dinh-tien-hoang");
        assert_eq!(
            slugify("Thường trực Tỉnh ủy giao ban với các huyện, thành phố"),
            "thuong-truc-tinh-uy-giao-ban-voi-cac-huyen-thanh-pho"
        );
        assert_eq!(slugify("!!!"), "bai-viet");
    }

    #[test]
    fn long_slugs_are_cut_at_a_word() {
        let slug = slugify(&"hội nghị ".repeat(30));
        assert!(slug.len() <= 80, "{slug}");
        assert!(!slug.ends_with('-'));
    }

    #[test]
    fn syllable_pairs_fold_marks() {
        let pairs = PairSet::of("Tỉnh ủy giao ban, tỉnh ủy");
        let shares = |text: &str| pairs.shared_with(&PairSet::of(text));
        assert_eq!(shares("tinh uy"), 1);
        assert_eq!(shares("giao ban"), 1);
        assert_eq!(shares("tinh ban"), 0);
        // "tỉnh ủy" twice counts once.
        assert_eq!(pairs.shared_with(&pairs), 4);
        let other = PairSet::of("Ban thường vụ Tỉnh ủy họp giao ban");
        assert_eq!(pairs.shared_with(&other), 2);
        assert_eq!(other.shared_with(&pairs), 2);
        assert_eq!(pairs.shared_with(&PairSet::default()), 0);
    }

    #[test]
    fn tags_are_trimmed_and_unique() {
        assert_eq!(
            parse_tags(" Hội nghị, chuyển đổi số;hội nghị,, "),
            ["Hội nghị", "chuyển đổi số"]
        );
        assert!(parse_tags(&"x".repeat(61)).is_empty());
    }

    #[test]
    fn excerpts_cut_at_words() {
        assert_eq!(excerpt("một hai ba bốn", 9), "một hai…");
        assert_eq!(excerpt("ngắn", 10), "ngắn");
    }
}
