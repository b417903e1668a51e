//! What a reader typed, as words and phrases. Never fails: quotes that do
//! not close, operators and symbols are read as well as they can be.

use unicode_normalization::UnicodeNormalization;

use crate::words::Splitter;

/// Longer input is cut: nobody types more, and it bounds the query's cost.
const MAX_INPUT_CHARS: usize = 400;
/// Words beyond this are dropped, for the same reason.
pub const MAX_WORDS: usize = 16;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Lower case, with the diacritics as typed.
    pub exact: String,
    /// Lower case, diacritics and đ folded away.
    pub folded: String,
}

impl Word {
    /// Typed with diacritics (or đ): then exact matches rank first.
    pub fn has_marks(&self) -> bool {
        self.exact != self.folded
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Word(Word),
    /// Words in quotes, which must appear in this order.
    Phrase(Vec<Word>),
}

impl Part {
    pub fn has_marks(&self) -> bool {
        match self {
            Self::Word(word) => word.has_marks(),
            Self::Phrase(words) => words.iter().any(Word::has_marks),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UserQuery {
    pub parts: Vec<Part>,
}

impl UserQuery {
    pub fn parse(input: &str) -> Self {
        let text: String = input
            .chars()
            .take(MAX_INPUT_CHARS)
            .collect::<String>()
            .nfc()
            .map(|c| if c == '\u{a0}' { ' ' } else { c })
            .collect();
        let mut parts = Vec::new();
        let mut budget = MAX_WORDS;
        // Odd segments are inside quotes; an unclosed quote runs to the end.
        for (number, segment) in text.split('"').enumerate() {
            let mut words = words_of(segment);
            words.truncate(budget);
            budget -= words.len();
            if number % 2 == 1 && words.len() > 1 {
                parts.push(Part::Phrase(words));
            } else {
                for word in words {
                    let part = Part::Word(word);
                    if !parts.contains(&part) {
                        parts.push(part);
                    }
                }
            }
        }
        Self { parts }
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }
}

fn words_of(segment: &str) -> Vec<Word> {
    let mut words = Vec::new();
    Splitter::default().each_word(segment, |word| {
        // Search-engine operators typed out of habit are not words here.
        if matches!(&segment[word.from..word.to], "AND" | "OR" | "NOT") {
            return;
        }
        words.push(Word {
            exact: word.exact.to_string(),
            folded: word.folded.to_string(),
        });
    });
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(exact: &str, folded: &str) -> Part {
        Part::Word(Word {
            exact: exact.into(),
            folded: folded.into(),
        })
    }

    #[test]
    fn words_fold_diacritics_and_d_with_stroke() {
        assert_eq!(
            UserQuery::parse("Tỉnh ủy ĐÀ NẴNG").parts,
            [
                word("tỉnh", "tinh"),
                word("ủy", "uy"),
                word("đà", "da"),
                word("nẵng", "nang"),
            ]
        );
    }

    #[test]
    fn decomposed_input_is_read_like_composed() {
        let decomposed: String = "Tỉnh ủy".nfd().collect();
        assert_ne!(decomposed, "Tỉnh ủy");
        assert_eq!(UserQuery::parse(&decomposed), UserQuery::parse("Tỉnh ủy"));
    }

    #[test]
    fn quotes_make_phrases_even_when_left_open() {
        assert_eq!(
            UserQuery::parse("\"kỳ họp\" thứ \"mười").parts,
            [
                Part::Phrase(vec![
                    Word {
                        exact: "kỳ".into(),
                        folded: "ky".into()
                    },
                    Word {
                        exact: "họp".into(),
                        folded: "hop".into()
                    },
                ]),
                word("thứ", "thu"),
                word("mười", "muoi"),
            ]
        );
    }

    #[test]
    fn odd_input_is_never_an_error() {
        for input in [
            "",
            "\"",
            "\"\"\"",
            "+-*/()[]{}:^~!",
            "AND OR NOT",
            "title:abc",
            "\u{0}\u{301}\u{300}",
            &"á".repeat(10_000),
        ] {
            let parsed = UserQuery::parse(input);
            assert!(
                parsed.parts.len() <= MAX_WORDS,
                "{input:?} gives {parsed:?}"
            );
        }
        assert!(UserQuery::parse("+-*/()").is_empty());
        assert_eq!(
            UserQuery::parse("title:abc").parts,
            [word("title", "title"), word("abc", "abc")]
        );
        assert_eq!(
            UserQuery::parse("lũ AND lụt").parts,
            [word("lũ", "lu"), word("lụt", "lut")]
        );
    }
}
