//! Fields and analyzers. Bump [`SCHEMA_VERSION`] whenever either changes:
//! an index of another version is rebuilt at start.

use tantivy::Index;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};

pub(crate) const SCHEMA_VERSION: &str = "portal-search-3";

/// Lower case, diacritics kept.
pub(crate) const EXACT: &str = "vi_exact";
/// Lower case, diacritics and đ folded to ASCII.
pub(crate) const FOLDED: &str = "vi_folded";

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
    /// Stored only: lead, body and keywords as written, for snippets.
    pub body: Field,
}

pub(crate) fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = |analyzer: &str, stored: bool| {
        let options = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    let fields = Fields {
        id: builder.add_u64_field("id", INDEXED | STORED | FAST),
        site: builder.add_u64_field("site", INDEXED | FAST),
        status: builder.add_text_field("status", STRING | STORED),
        category: builder.add_u64_field("category", INDEXED),
        date: builder.add_i64_field("date", INDEXED | FAST),
        expire_at: builder.add_i64_field("expire_at", INDEXED | FAST),
        title: builder.add_text_field("title", STORED),
        text_exact: builder.add_text_field("text_exact", text(EXACT, false)),
        text_folded: builder.add_text_field("text_folded", text(FOLDED, false)),
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
}
