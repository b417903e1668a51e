//! Fields and analyzers. Bump [`SCHEMA_VERSION`] whenever either changes:
//! an index of another version is rebuilt at start.

use tantivy::Index;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

use crate::words::{Form, WordTokenizer};

pub(crate) const SCHEMA_VERSION: &str = "portal-search-6";

/// Lower case, diacritics kept: the words that have any.
pub(crate) const EXACT: &str = "vi_exact";
/// Lower case, diacritics and đ folded to ASCII, with the pairs of adjacent
/// common words ("hoi dong", "dong nhan", …): a phrase of common words
/// becomes a few rare pairs instead of long lists of positions.
pub(crate) const FOLDED: &str = "vi_folded";

#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub id: Field,
    pub site: Field,
    pub status: Field,
    pub category: Field,
    /// The account that created the article.
    pub owner: Field,
    /// Publication time, or the last change for what was never published.
    pub date: Field,
    pub expire_at: Field,
    /// Stored only: the title as written, for highlighting.
    pub title: Field,
    /// Title (twice, so its words weigh more), lead, body and keywords,
    /// diacritics kept: which articles have a word as typed.
    pub text_exact: Field,
    /// The same, folded, with positions and pairs: what decides a match,
    /// its score, and phrases.
    pub text_folded: Field,
    /// Stored only: lead, body and keywords as written, for snippets.
    pub body: Field,
}

pub(crate) fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
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
        owner: builder.add_u64_field("owner", INDEXED),
        date: builder.add_i64_field("date", INDEXED | FAST),
        expire_at: builder.add_i64_field("expire_at", INDEXED | FAST),
        title: builder.add_text_field("title", STORED),
        text_exact: builder.add_text_field("text_exact", text(EXACT, IndexRecordOption::Basic)),
        text_folded: builder.add_text_field(
            "text_folded",
            text(FOLDED, IndexRecordOption::WithFreqsAndPositions),
        ),
        body: builder.add_text_field("body", STORED),
    };
    (builder.build(), fields)
}

pub(crate) fn register_analyzers(index: &Index) {
    let tokenizers = index.tokenizers();
    tokenizers.register(EXACT, WordTokenizer::analyzer(Form::Exact));
    tokenizers.register(FOLDED, WordTokenizer::analyzer(Form::FoldedWithPairs));
}
