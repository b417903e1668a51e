//! Vietnamese words, split, lower-cased and folded in one pass over the
//! text, and the tantivy tokenizers made of them.
//!
//! A word is a run of letters and digits (as `char::is_alphanumeric` says).
//! Its exact form is lower case with the diacritics kept; its folded form
//! has the diacritics and đ folded to ASCII (as tantivy's
//! `AsciiFoldingFilter` folds). Both come from one table built once, so
//! indexing pays a lookup per letter instead of the general Unicode case
//! and folding routines per letter and per field.

use std::sync::OnceLock;

use tantivy::tokenizer::{
    AsciiFoldingFilter, RawTokenizer, TextAnalyzer, Token, TokenStream, Tokenizer,
};

/// Longer runs of letters are not words anyone searches for (hashes,
/// pasted URLs without separators); they are skipped.
const MAX_WORD_BYTES: usize = 48;

/// The most frequent syllables of Vietnamese news, folded, sorted. Two of
/// them side by side are also indexed as a pair ("uy ban", "nhan dan"), and
/// a phrase is matched through its pairs: reading the positions of such
/// words in most articles is what made phrases slow. Pairs of rarer words
/// are not needed (their positions are few) and would make indexing slow.
const COMMON: &[&str] = &[
    "an", "ban", "bao", "bi", "bo", "cac", "can", "cao", "cap", "chat", "chi", "chinh", "cho",
    "chu", "chuc", "chung", "co", "con", "cong", "cua", "cung", "cuoc", "da", "dai", "dan", "dang",
    "dao", "dau", "de", "den", "di", "dia", "dien", "dinh", "do", "doan", "doc", "dong", "du",
    "dung", "duoc", "duong", "gia", "giai", "giam", "hai", "hanh", "hien", "hoach", "hoat", "hoc",
    "hoi", "hon", "hop", "huyen", "ket", "khai", "khi", "khong", "kinh", "ky", "la", "lam", "len",
    "luong", "ly", "moi", "mot", "nam", "nang", "nay", "nen", "ngay", "nghi", "nghiep", "nguoi",
    "nha", "nhan", "nhat", "nhiem", "nhieu", "nhu", "nhung", "nong", "nuoc", "pham", "phap",
    "phat", "pho", "phuong", "qua", "quan", "quoc", "quyen", "ra", "san", "sau", "se", "sinh",
    "so", "tac", "tai", "tang", "te", "thanh", "the", "theo", "thi", "thong", "thu", "thuc",
    "tien", "tin", "tinh", "to", "toan", "tren", "trien", "trinh", "trong", "truong", "tu", "tuc",
    "uy", "va", "van", "vao", "ve", "viec", "vien", "voi", "vu", "xa", "xay", "xuat",
];

/// Whether phrases through this folded word are matched by its pairs.
pub(crate) fn is_common(folded: &str) -> bool {
    // Asked for every word indexed: compared as numbers, not as strings.
    static PACKED: OnceLock<Vec<u64>> = OnceLock::new();
    let common = PACKED.get_or_init(|| COMMON.iter().filter_map(|word| packed(word)).collect());
    packed(folded).is_some_and(|word| common.binary_search(&word).is_ok())
}

/// A word of up to eight bytes as a number that sorts like the word.
fn packed(word: &str) -> Option<u64> {
    let bytes = word.as_bytes();
    if bytes.len() > 8 {
        return None;
    }
    let mut buffer = [0u8; 8];
    buffer[..bytes.len()].copy_from_slice(bytes);
    Some(u64::from_be_bytes(buffer))
}

/// The token of two adjacent folded words (folded words never contain a
/// space, so a pair never equals a word).
pub(crate) fn pair(first: &str, second: &str) -> String {
    format!("{first} {second}")
}

/// One word of a text: where it is, and its two forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Word<'a> {
    pub from: usize,
    pub to: usize,
    pub exact: &'a str,
    pub folded: &'a str,
}

/// Splits texts into [`Word`]s, reusing its buffers from text to text.
#[derive(Debug, Clone, Default)]
pub(crate) struct Splitter {
    exact: String,
    folded: String,
}

impl Splitter {
    pub fn each_word(&mut self, text: &str, mut visit: impl FnMut(Word<'_>)) {
        let mut start = None;
        for (at, c) in text.char_indices() {
            if start.is_none() {
                self.exact.clear();
                self.folded.clear();
            }
            if push_letter(c, &mut self.exact, &mut self.folded) {
                start.get_or_insert(at);
            } else if let Some(from) = start.take() {
                self.emit(from, at, &mut visit);
            }
        }
        if let Some(from) = start {
            self.emit(from, text.len(), &mut visit);
        }
    }

    fn emit(&self, from: usize, to: usize, visit: &mut impl FnMut(Word<'_>)) {
        if self.exact.len() < MAX_WORD_BYTES {
            visit(Word {
                from,
                to,
                exact: &self.exact,
                folded: &self.folded,
            });
        }
    }
}

/// Appends the letter's two forms; false for anything that separates words.
fn push_letter(c: char, exact: &mut String, folded: &mut String) -> bool {
    if c.is_ascii() {
        if !c.is_ascii_alphanumeric() {
            return false;
        }
        let lower = c.to_ascii_lowercase();
        exact.push(lower);
        folded.push(lower);
        return true;
    }
    if let Some(entry) = table().get(c) {
        return match entry {
            Some(forms) => {
                exact.push_str(forms.exact());
                folded.push_str(forms.folded());
                true
            }
            None => false,
        };
    }
    if !c.is_alphanumeric() {
        return false;
    }
    for lower in c.to_lowercase() {
        exact.push(lower);
        folded.push(lower);
    }
    true
}

/// The exact and folded forms of one letter, in one allocation.
#[derive(Debug)]
struct Forms {
    both: Box<str>,
    split: usize,
}

impl Forms {
    fn exact(&self) -> &str {
        &self.both[..self.split]
    }

    fn folded(&self) -> &str {
        &self.both[self.split..]
    }
}

/// Every non-ASCII character where letters with diacritics live (Latin,
/// Greek, Cyrillic, the Vietnamese block U+1EA0–U+1EF9, letter-like and
/// enclosed symbols) and the full-width forms: `None` for separators.
struct Table {
    low: Vec<Option<Forms>>,
    wide: Vec<Option<Forms>>,
}

const LOW: std::ops::Range<u32> = 0x80..0x2500;
const WIDE: std::ops::Range<u32> = 0xFF00..0xFFF0;

impl Table {
    fn build() -> Self {
        let mut folding = TextAnalyzer::builder(RawTokenizer::default())
            .filter(AsciiFoldingFilter)
            .build();
        let mut forms_of = |code: u32| -> Option<Forms> {
            let c = char::from_u32(code).filter(|c| c.is_alphanumeric())?;
            let exact: String = c.to_lowercase().collect();
            let mut stream = folding.token_stream(&exact);
            let folded = if stream.advance() {
                stream.token().text.clone()
            } else {
                exact.clone()
            };
            Some(Forms {
                split: exact.len(),
                both: format!("{exact}{folded}").into_boxed_str(),
            })
        };
        Self {
            low: LOW.map(&mut forms_of).collect(),
            wide: WIDE.map(&mut forms_of).collect(),
        }
    }

    fn get(&self, c: char) -> Option<&Option<Forms>> {
        let code = u32::from(c);
        if LOW.contains(&code) {
            self.low.get((code - LOW.start) as usize)
        } else if WIDE.contains(&code) {
            self.wide.get((code - WIDE.start) as usize)
        } else {
            None
        }
    }
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(Table::build)
}

/// Which tokens a [`WordTokenizer`] gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// Lower case, diacritics kept; only the words that have any (or đ):
    /// only words typed with diacritics are looked up in this form.
    Exact,
    /// Folded.
    Folded,
    /// Folded, and after each word its pair with the word before when both
    /// are common, at the position of the first: what phrases match.
    FoldedWithPairs,
}

#[derive(Debug, Clone)]
pub(crate) struct WordTokenizer {
    form: Form,
    splitter: Splitter,
    tokens: Vec<Token>,
}

impl WordTokenizer {
    pub fn new(form: Form) -> Self {
        Self {
            form,
            splitter: Splitter::default(),
            tokens: Vec::new(),
        }
    }

    pub fn analyzer(form: Form) -> TextAnalyzer {
        TextAnalyzer::from(Self::new(form))
    }
}

pub(crate) struct WordStream<'a> {
    tokens: &'a mut Vec<Token>,
    count: usize,
    next: usize,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        let form = self.form;
        let tokens = &mut self.tokens;
        let mut count = 0;
        let mut position = 0;
        // The word before: where it starts, and whether it is common.
        let mut previous: Option<(usize, bool)> = None;
        let mut previous_folded = String::new();
        let mut push = |from: usize, to: usize, position: usize, parts: &[&str]| {
            if count == tokens.len() {
                tokens.push(Token::default());
            }
            let token = &mut tokens[count];
            token.offset_from = from;
            token.offset_to = to;
            token.position = position;
            token.position_length = 1;
            token.text.clear();
            for part in parts {
                token.text.push_str(part);
            }
            count += 1;
        };
        self.splitter.each_word(text, |word| {
            let text = if form == Form::Exact {
                word.exact
            } else {
                word.folded
            };
            if form != Form::Exact || word.exact != word.folded {
                push(word.from, word.to, position, &[text]);
            }
            if form == Form::FoldedWithPairs {
                let common = is_common(word.folded);
                if let Some((from, previous_common)) = previous
                    && (common && previous_common)
                {
                    push(from, word.to, position - 1, &[&previous_folded, " ", text]);
                }
                previous = Some((word.from, common));
                previous_folded.clear();
                previous_folded.push_str(word.folded);
            }
            position += 1;
        });
        WordStream {
            tokens: &mut self.tokens,
            count,
            next: 0,
        }
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.count
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        Splitter::default().each_word(text, |word| {
            out.push((word.exact.to_string(), word.folded.to_string()))
        });
        out
    }

    fn tokens(form: Form, text: &str) -> Vec<(String, usize)> {
        let mut analyzer = WordTokenizer::analyzer(form);
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push((token.text.clone(), token.position));
        }
        out
    }

    #[test]
    fn common_words_are_sorted_and_folded() {
        assert!(COMMON.windows(2).all(|two| two[0] < two[1]));
        for word in COMMON {
            assert_eq!(words(word), [(word.to_string(), word.to_string())]);
            assert!(is_common(word), "{word}");
        }
        for word in ["", "a", "uyy", "dak", "nghiepp", "truongsa"] {
            assert!(!is_common(word), "{word}");
        }
    }

    #[test]
    fn words_are_lower_cased_and_folded_with_d_with_stroke() {
        assert_eq!(
            words("Đồng chí CHỦ TỊCH, ủy-ban (2026)!"),
            [
                ("đồng".into(), "dong".into()),
                ("chí".into(), "chi".into()),
                ("chủ".into(), "chu".into()),
                ("tịch".into(), "tich".into()),
                ("ủy".into(), "uy".into()),
                ("ban".into(), "ban".into()),
                ("2026".into(), "2026".into()),
            ]
        );
    }

    #[test]
    fn folding_agrees_with_tantivy_for_every_vietnamese_letter() {
        let mut reference = TextAnalyzer::builder(tantivy::tokenizer::SimpleTokenizer::default())
            .filter(tantivy::tokenizer::LowerCaser)
            .filter(AsciiFoldingFilter)
            .build();
        let letters = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ";
        for c in letters.chars().chain(letters.to_uppercase().chars()) {
            let text = c.to_string();
            let mut stream = reference.token_stream(&text);
            assert!(stream.advance(), "{c}");
            let expected = stream.token().text.clone();
            assert_eq!(words(&text)[0].1, expected, "{c}");
        }
    }

    #[test]
    fn other_scripts_and_symbols() {
        assert_eq!(words("Ｈà ① × ÷ — «x»").len(), 3);
        assert_eq!(words("Ｈà")[0].1, "ha");
        assert_eq!(words("Москва")[0].0, "москва");
        assert_eq!(words("北京")[0].0, "北京");
        assert!(words(&"a".repeat(MAX_WORD_BYTES)).is_empty());
    }

    #[test]
    fn pairs_are_made_of_common_words_only() {
        // "ủy" and "ban" are common; "Đắk" and "Lắk" are not.
        assert_eq!(
            tokens(Form::FoldedWithPairs, "Ủy ban Đắk Lắk"),
            [
                ("uy".into(), 0),
                ("ban".into(), 1),
                ("uy ban".into(), 0),
                ("dak".into(), 2),
                ("lak".into(), 3),
            ]
        );
        assert_eq!(
            tokens(Form::Exact, "Ủy ban Đắk Lắk"),
            [("ủy".into(), 0), ("đắk".into(), 2), ("lắk".into(), 3)]
        );
    }
}
