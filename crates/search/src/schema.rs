//! Fields and analyzers. Bump [`SCHEMA_VERSION`] whenever either changes:
//! an index of another version is rebuilt at start.

use tantivy::Index;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token,
    TokenStream, Tokenizer,
};

pub(crate) const SCHEMA_VERSION: &str = "portal-search-4";

/// Lower case, diacritics kept.
pub(crate) const EXACT: &str = "vi_exact";
/// Lower case, diacritics and đ folded to ASCII.
pub(crate) const FOLDED: &str = "vi_folded";
/// Folded words two by two ("hoi dong", "dong nhan", …): a phrase becomes a
/// few rare pairs, one after the other, instead of positions read for every
/// common word.
pub(crate) const PAIRS: &str = "vi_pairs";

#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub id: Field,
    pub site: Field,
    pub status: Field,
    pub category: Field,
    /// Publication time, or the last change for what was never published.
    pub date: Field,
    pub expire_at: Field,
    /// Stored only: the title as written, for highlighting.
    pub title: Field,
    /// Title (twice, so its words weigh more), lead, body and keywords,
    /// diacritics kept.
    pub text_exact: Field,
    /// The same, folded: what decides a match.
    pub text_folded: Field,
    /// The same, as pairs of adjacent folded words: what decides phrases.
    pub pairs: Field,
    /// Stored only: lead, body and keywords as written, for snippets.
    pub body: Field,
}

pub(crate) fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    // Positions only where phrases are matched: on the pairs.
    let text = |analyzer: &str, record: IndexRecordOption| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer)
                .set_index_option(record),
        )
    };
    let fields = Fields {
        id: builder.add_u64_field("id", INDEXED | STORED | FAST),
        site: builder.add_u64_field("site", INDEXED | FAST),
        status: builder.add_text_field("status", STRING | STORED),
        category: builder.add_u64_field("category", INDEXED),
        date: builder.add_i64_field("date", INDEXED | FAST),
        expire_at: builder.add_i64_field("expire_at", INDEXED | FAST),
        title: builder.add_text_field("title", STORED),
        text_exact: builder.add_text_field("text_exact", text(EXACT, IndexRecordOption::WithFreqs)),
        text_folded: builder
            .add_text_field("text_folded", text(FOLDED, IndexRecordOption::WithFreqs)),
        pairs: builder.add_text_field(
            "pairs",
            text(PAIRS, IndexRecordOption::WithFreqsAndPositions),
        ),
        body: builder.add_text_field("body", STORED),
    };
    (builder.build(), fields)
}

pub(crate) fn exact_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser)
        .build()
}

pub(crate) fn folded_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

pub(crate) fn register_analyzers(index: &Index) {
    index.tokenizers().register(EXACT, exact_analyzer());
    index.tokenizers().register(FOLDED, folded_analyzer());
    index
        .tokenizers()
        .register(PAIRS, TextAnalyzer::from(PairTokenizer::default()));
}

/// The text of the pair of `first` and `second` (folded words never
/// contain a space, so the pair is unambiguous).
pub(crate) fn pair(first: &str, second: &str) -> String {
    format!("{first} {second}")
}

/// Adjacent folded words as one token, at the first word's position.
/// Buffers are kept between texts: indexing calls it for every article.
#[derive(Clone)]
pub(crate) struct PairTokenizer {
    words: TextAnalyzer,
    pairs: Vec<Token>,
}

impl Default for PairTokenizer {
    fn default() -> Self {
        Self {
            words: folded_analyzer(),
            pairs: Vec::new(),
        }
    }
}

pub(crate) struct PairStream<'a> {
    pairs: &'a mut Vec<Token>,
    count: usize,
    next: usize,
}

impl Tokenizer for PairTokenizer {
    type TokenStream<'a> = PairStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PairStream<'a> {
        let mut count = 0;
        let mut stream = self.words.token_stream(text);
        let mut previous: Option<(usize, usize, usize)> = None;
        let mut previous_text = String::new();
        while stream.advance() {
            let word = stream.token();
            if let Some((from, _, position)) = previous {
                if count == self.pairs.len() {
                    self.pairs.push(Token::default());
                }
                let pair = &mut self.pairs[count];
                pair.offset_from = from;
                pair.offset_to = word.offset_to;
                pair.position = position;
                pair.position_length = 1;
                pair.text.clear();
                pair.text.push_str(&previous_text);
                pair.text.push(' ');
                pair.text.push_str(&word.text);
                count += 1;
            }
            previous = Some((word.offset_from, word.offset_to, word.position));
            previous_text.clear();
            previous_text.push_str(&word.text);
        }
        PairStream {
            pairs: &mut self.pairs,
            count,
            next: 0,
        }
    }
}

impl TokenStream for PairStream<'_> {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.count
    }

    fn token(&self) -> &Token {
        &self.pairs[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.pairs[self.next - 1]
    }
}
