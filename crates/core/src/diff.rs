//! A readable comparison of two revisions: which paragraphs stayed, which
//! went, which came.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Same,
    Removed,
    Added,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffLine {
    pub change: Change,
    pub text: String,
}

/// Above this many lines on a side, the comparison shows the old text as
/// removed and the new as added rather than spending quadratic time.
const MAX_LINES: usize = 3_000;

/// Line by line, by longest common subsequence.
pub fn diff_lines(old: &str, new: &str) -> Vec<DiffLine> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let line = |change, text: &str| DiffLine {
        change,
        text: text.to_string(),
    };
    if a.len() > MAX_LINES || b.len() > MAX_LINES {
        return a
            .iter()
            .map(|t| line(Change::Removed, t))
            .chain(b.iter().map(|t| line(Change::Added, t)))
            .collect();
    }
    // lengths[i][j]: LCS length of a[i..] and b[j..]
    let mut lengths = vec![vec![0_u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lengths[i][j] = if a[i] == b[j] {
                lengths[i + 1][j + 1] + 1
            } else {
                lengths[i + 1][j].max(lengths[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            out.push(line(Change::Same, a[i]));
            i += 1;
            j += 1;
        } else if lengths[i + 1][j] >= lengths[i][j + 1] {
            out.push(line(Change::Removed, a[i]));
            i += 1;
        } else {
            out.push(line(Change::Added, b[j]));
            j += 1;
        }
    }
    out.extend(a[i..].iter().map(|t| line(Change::Removed, t)));
    out.extend(b[j..].iter().map(|t| line(Change::Added, t)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(diff: &[DiffLine]) -> Vec<(Change, &str)> {
        diff.iter().map(|d| (d.change, d.text.as_str())).collect()
    }

    #[test]
    fn shows_what_changed_between_paragraphs() {
        let diff = diff_lines("một\nhai\nba", "một\nhai sửa\nba\nbốn");
        assert_eq!(
            kinds(&diff),
            [
                (Change::Same, "một"),
                (Change::Removed, "hai"),
                (Change::Added, "hai sửa"),
                (Change::Same, "ba"),
                (Change::Added, "bốn"),
            ]
        );
    }

    #[test]
    fn identical_texts_have_no_changes() {
        assert!(
            diff_lines("a\nb", "a\nb")
                .iter()
                .all(|d| d.change == Change::Same)
        );
        assert!(diff_lines("", "").is_empty());
    }
}
