//! Vietnamese document numbers ("số ký hiệu") as they are written in
//! articles, and the one key they are known by however they are typed.
//!
//! The forms (Decree 30/2020/NĐ-CP; the Party's Hướng dẫn 36-HD/VPTW):
//! legal documents `số/năm/LOẠI-CƠQUAN` (`42/2022/NĐ-CP`), laws
//! `số/năm/QHkhóa` (`17/2008/QH12`), administrative documents
//! `số/LOẠI-CƠQUAN[-ĐƠNVỊ]` (`1234/QĐ-UBND`), official letters without a
//! type (`1234/UBND-KT`), Party documents `số-LOẠI/CƠQUAN` (`96-QĐ/TW`).
//! Spaces around the separators and any case are tolerated.

use std::sync::LazyLock;

use regex::Regex;

/// One pass over a text finds every candidate: the legal and law form
/// (a year), the administrative form (at least one `-` part), the Party
/// form (`số-LOẠI/…`). Digits alone after a slash (dates, fractions) and
/// numbers without a slash (telephones) are not numbers of documents.
///
/// The pattern has no context and no counted repetition of letters, so
/// it runs as a DFA (a linking pass is a few microseconds per kilobyte);
/// what stands before a match and the length of its parts are checked
/// after ([`whole`]).
static CANDIDATE: LazyLock<Regex> = LazyLock::new(|| {
    let part = r"[\p{L}\p{N}]+";
    let dash = r"\s?-\s?";
    let slash = r"\s?/\s?";
    let pattern = format!(
        r"\d{{1,5}}(?:{slash}\d{{4}}{slash}\p{{L}}+\d{{0,3}}(?:{dash}{part})*|{slash}\p{{L}}+(?:{dash}{part})+|{dash}\p{{L}}+{slash}\p{{L}}(?:{part})?(?:{dash}{part})*)"
    );
    Regex::new(&pattern).unwrap_or_else(|error| panic!("the document number pattern: {error}"))
});

/// The longest part of a number (a type, an agency, a unit): longer runs
/// of letters are words.
const MAX_PART: usize = 15;

/// Whether a candidate at `start..end` of `text` stands alone (not inside a
/// longer word or number, not after a `/` or `-`) with parts a number has.
fn whole(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    if before.is_some_and(|c| c.is_alphanumeric() || c == '/' || c == '-') {
        return false;
    }
    text[start..end]
        .split(|c: char| !c.is_alphanumeric())
        .all(|part| part.chars().count() <= MAX_PART)
}

/// The key a number is known by: its letters and digits, upper case,
/// without diacritics (`96-qđ/tw`, `96 QĐ TW` and `96-QĐ/TW` are one).
pub fn key(number: &str) -> String {
    number
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| match c {
            'đ' | 'Đ' => vec!['D'],
            c => deunicode::deunicode_char(c)
                .unwrap_or("")
                .chars()
                .flat_map(char::to_uppercase)
                .collect(),
        })
        .collect()
}

/// A document number found in a text: where it is (byte offsets) and its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub key: String,
}

/// Every document number in `text`, in order, in one pass.
pub fn find_all(text: &str) -> Vec<Found> {
    // A number has a digit and a `/`: most text runs between tags have
    // neither and cost one scan.
    if !text.contains('/') {
        return Vec::new();
    }
    CANDIDATE
        .find_iter(text)
        .filter(|number| whole(text, number.start(), number.end()))
        .map(|number| Found {
            start: number.start(),
            end: number.end(),
            key: key(number.as_str()),
        })
        .collect()
}

/// Links every document number in `html` (inline HTML, already clean)
/// that `target` knows to the address it gives; numbers inside a link are
/// left alone. One pass over the text; nothing else changes.
pub fn link(html: &str, target: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut in_link = 0_usize;
    let mut rest = html;
    while !rest.is_empty() {
        let (text, after) = match rest.find('<') {
            Some(at) => rest.split_at(at),
            None => (rest, ""),
        };
        if in_link == 0 {
            let mut written = 0;
            for found in find_all(text) {
                let Some(href) = target(&found.key) else {
                    continue;
                };
                out.push_str(&text[written..found.start]);
                out.push_str("<a class=\"doc-link\" href=\"");
                out.push_str(&href.replace('"', "%22"));
                out.push_str("\">");
                out.push_str(&text[found.start..found.end]);
                out.push_str("</a>");
                written = found.end;
            }
            out.push_str(&text[written..]);
        } else {
            out.push_str(text);
        }
        if after.is_empty() {
            break;
        }
        let end = after.find('>').map_or(after.len(), |at| at + 1);
        let tag = &after[..end];
        let name = tag.trim_start_matches('<').to_ascii_lowercase();
        if name.starts_with("a ") || name.starts_with("a>") {
            in_link += 1;
        } else if name.starts_with("/a>") || name.starts_with("/a ") {
            in_link = in_link.saturating_sub(1);
        }
        out.push_str(tag);
        rest = &after[end..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(text: &str) -> Vec<&str> {
        find_all(text)
            .into_iter()
            .map(|found| &text[found.start..found.end])
            .collect()
    }

    #[test]
    fn real_world_forms_are_found_whole() {
        for (text, number) in [
            (
                "theo Nghị định 42/2022/NĐ-CP của Chính phủ",
                "42/2022/NĐ-CP",
            ),
            (
                "Thông tư số 22/2023/TT-BTTTT ngày 31/12/2023",
                "22/2023/TT-BTTTT",
            ),
            ("Nghị quyết 18/2022/NQ-HĐND tỉnh", "18/2022/NQ-HĐND"),
            ("Luật 17/2008/QH12 đã hết hiệu lực", "17/2008/QH12"),
            ("Quyết định số 1234/QĐ-UBND ngày 5/3/2024", "1234/QĐ-UBND"),
            ("Công văn 1234/UBND-KT về việc", "1234/UBND-KT"),
            (
                "Quy định số 96-QĐ/TW ngày 2/2/2023 của Bộ Chính trị",
                "96-QĐ/TW",
            ),
            ("Hướng dẫn 36-HD/VPTW", "36-HD/VPTW"),
            (
                "Thông tư liên tịch 03/2015/TTLT-BTC-BNV",
                "03/2015/TTLT-BTC-BNV",
            ),
            ("Kế hoạch 56/KH-UBND-VX.", "56/KH-UBND-VX"),
            ("(số 96 - QĐ / TW)", "96 - QĐ / TW"),
            ("quyết định 1234 / qđ-ubnd", "1234 / qđ-ubnd"),
            ("Chương trình 12-CTr/TU,", "12-CTr/TU"),
        ] {
            assert_eq!(numbers(text), [number], "{text}");
        }
    }

    #[test]
    fn lookalikes_are_not_numbers() {
        for text in [
            "ngày 2/2/2023",
            "năm 2023-2024",
            "điện thoại 0209 3800 000",
            "tăng 16% so với",
            "tốc độ 60 km/h",
            "phục vụ 24/7",
            "tỷ lệ 3/4 diện tích",
            "mã số 12/34/56",
            "Tổ 5/Khu phố 2",
        ] {
            assert_eq!(numbers(text), Vec::<&str>::new(), "{text}");
        }
    }

    #[test]
    fn one_key_however_the_number_is_typed() {
        let keys: Vec<String> = ["96-QĐ/TW", "96-qd/tw", "96 QĐ TW", "96 - qđ / tw"]
            .into_iter()
            .map(key)
            .collect();
        assert!(keys.iter().all(|k| k == "96QDTW"), "{keys:?}");
        assert_eq!(key("42/2022/NĐ-CP"), "422022NDCP");
        assert_ne!(key("42/2022/NĐ-CP"), key("42/2021/NĐ-CP"));
    }

    #[test]
    fn known_numbers_become_links_and_links_stay_as_they_are() {
        let target = |key: &str| (key == "96QDTW").then(|| "/van-ban/7".to_string());
        assert_eq!(
            link(
                "Theo <strong>Quy định số 96-QĐ/TW</strong> và 42/2022/NĐ-CP.",
                target
            ),
            "Theo <strong>Quy định số <a class=\"doc-link\" href=\"/van-ban/7\">96-QĐ/TW</a></strong> và 42/2022/NĐ-CP."
        );
        let linked = r#"Xem <a href="https://x.gov.vn/">96-QĐ/TW</a>, rồi 96-QĐ/TW"#;
        assert_eq!(
            link(linked, target),
            r#"Xem <a href="https://x.gov.vn/">96-QĐ/TW</a>, rồi <a class="doc-link" href="/van-ban/7">96-QĐ/TW</a>"#
        );
        assert_eq!(link("ngày 2/2/2023", target), "ngày 2/2/2023");
    }

    #[test]
    fn several_in_one_text_each_with_its_place() {
        let text = "Căn cứ 42/2022/NĐ-CP và 96-QĐ/TW; thay thế 1234/QĐ-UBND.";
        let found = find_all(text);
        assert_eq!(found.len(), 3);
        assert_eq!(&text[found[1].start..found[1].end], "96-QĐ/TW");
        assert_eq!(found[2].key, "1234QDUBND");
    }
}
