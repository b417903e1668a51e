//! The index on disk (or in memory for tests): writing documents, and
//! searching them with the reader's filters.

use std::collections::HashSet;
use std::ops::Bound;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use tantivy::collector::{Count, TopDocs};
use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::merge_policy::{LogMergePolicy, NoMergePolicy};
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, Searcher, TantivyDocument,
    TantivyError, Term,
};
use unicode_normalization::UnicodeNormalization;

use crate::query::{Part, UserQuery, Word};
use crate::schema::{Fields, SCHEMA_VERSION, register_analyzers, schema};
use crate::words::{Form, Splitter, WordTokenizer, is_common, pair};
use crate::{Result, SearchError};

/// Memory for the writer's buffers before it writes a segment: modest
/// while serving, generous for a rebuild (fewer, larger segments to merge).
const WRITER_MEMORY: usize = 96 * 1024 * 1024;
const BULK_WRITER_MEMORY: usize = 512 * 1024 * 1024;
const VERSION_FILE: &str = "portal-search-version";
/// Added per word found with the diacritics it was typed with: larger
/// than any text score, so exact matches rank first.
const EXACT_BONUS: f32 = 1000.0;
const SNIPPET_CHARS: usize = 240;

/// An article as the index keeps it.
#[derive(Debug, Clone)]
pub struct IndexDoc<'a> {
    pub id: i64,
    pub site_id: i64,
    pub status: &'a str,
    /// Publication time, or the last change for an article never published.
    pub date: i64,
    pub expire_at: Option<i64>,
    pub category_ids: &'a [i64],
    /// The account that created it, if any.
    pub owner: Option<i64>,
    pub title: &'a str,
    /// Lead, body and keywords.
    pub text: &'a str,
}

/// Who is searching.
#[derive(Debug, Clone)]
pub enum Scope {
    /// A reader at `now`: published, due and not expired only.
    Public { now: i64 },
    /// Staff: every status but the trash, except articles in any of these
    /// categories (those the person may not touch); with `only_owner`, of
    /// the unpublished only those this account created (authors).
    Newsroom {
        excluded_categories: Vec<i64>,
        only_owner: Option<i64>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Relevance,
    Newest,
}

#[derive(Debug, Clone)]
pub struct SearchRequest<'a> {
    pub query: &'a UserQuery,
    /// The sites searched: one, or a province and its sub-sites; empty for
    /// every site of the index (no filter to pay for).
    pub site_ids: Vec<i64>,
    pub scope: Scope,
    pub category_id: Option<i64>,
    /// Published at or after.
    pub from: Option<i64>,
    /// Published before.
    pub until: Option<i64>,
    pub sort: Sort,
    pub offset: usize,
    pub limit: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub id: i64,
    pub status: String,
    /// The title, HTML-escaped, matched words in `<mark>`.
    pub title_html: String,
    /// A passage of the text around the matched words, the same way.
    pub snippet_html: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<Hit>,
}

/// How the index was found at start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    Existing,
    /// Made empty where there was none (a new portal).
    New,
    /// Made empty in place of what was there; the reason says what was
    /// wrong with it.
    Replaced {
        reason: String,
    },
}

pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
}

impl SearchIndex {
    /// Opens the index in `dir`, or makes a new empty one there when it is
    /// missing, of another version or damaged.
    pub fn open(dir: &Path) -> Result<(Self, Opened)> {
        Self::open_with_memory(dir, WRITER_MEMORY)
    }

    /// Like [`open`](Self::open), with room to index a whole database
    /// quickly (`portal reindex`).
    pub fn open_for_rebuild(dir: &Path) -> Result<(Self, Opened)> {
        Self::open_with_memory(dir, BULK_WRITER_MEMORY)
    }

    fn open_with_memory(dir: &Path, memory: usize) -> Result<(Self, Opened)> {
        let folder_error = |source| SearchError::Folder {
            path: dir.display().to_string(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(folder_error)?;
        let opened = match usable_index(dir) {
            Ok(index) => return Ok((Self::from_index(index, memory)?, Opened::Existing)),
            Err(Unusable::Absent) => Opened::New,
            Err(Unusable::Because(reason)) => Opened::Replaced { reason },
        };
        std::fs::remove_dir_all(dir).map_err(folder_error)?;
        std::fs::create_dir_all(dir).map_err(folder_error)?;
        let index = Index::create_in_dir(dir, schema().0)?;
        std::fs::write(dir.join(VERSION_FILE), SCHEMA_VERSION).map_err(folder_error)?;
        Ok((Self::from_index(index, memory)?, opened))
    }

    /// An index that lives in memory (tests, benchmarks).
    pub fn in_memory() -> Result<Self> {
        Self::from_index(Index::create_in_ram(schema().0), WRITER_MEMORY)
    }

    fn from_index(index: Index, memory: usize) -> Result<Self> {
        register_analyzers(&index);
        // A query reads the segments side by side, one thread a core.
        let mut index = index;
        index.set_default_multithread_executor()?;
        let writer = index.writer(memory).map_err(|error| match error {
            TantivyError::LockFailure(..) => SearchError::Busy,
            other => SearchError::Index(other),
        })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Self {
            fields: schema().1,
            index,
            reader,
            writer: Mutex::new(writer),
        })
    }

    fn writer(&self) -> MutexGuard<'_, IndexWriter> {
        self.writer.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Replaces these articles and removes those; seen by searches after
    /// the next [`commit`](Self::commit).
    pub fn stage(&self, upserts: &[IndexDoc<'_>], removals: &[i64]) -> Result<()> {
        let writer = self.writer();
        for id in removals.iter().chain(upserts.iter().map(|doc| &doc.id)) {
            writer.delete_term(Term::from_field_u64(self.fields.id, unsigned(*id)));
        }
        for doc in upserts {
            writer.add_document(self.document(doc))?;
        }
        Ok(())
    }

    /// Removes every document and stops merging segments until
    /// [`finish_rebuild`](Self::finish_rebuild): a rebuild then writes each
    /// article once instead of again at every merge.
    pub fn begin_rebuild(&self) -> Result<()> {
        let writer = self.writer();
        writer.set_merge_policy(Box::new(NoMergePolicy));
        writer.delete_all_documents()?;
        Ok(())
    }

    /// Commits a rebuild, then merges its segments into one a core, of
    /// about the same size: a query reads them side by side, so all cores
    /// work on it. Merging resumes as usual afterwards.
    pub fn finish_rebuild(&self, payload: Option<&str>) -> Result<()> {
        self.commit(payload)?;
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let groups = balanced_groups(self.index.searchable_segment_metas()?, cores);
        let mut writer = self.writer();
        let merges: Vec<_> = groups
            .iter()
            .filter(|group| group.len() > 1)
            .map(|group| writer.merge(group))
            .collect();
        for merge in merges {
            merge.wait()?;
        }
        writer.set_merge_policy(Box::<LogMergePolicy>::default());
        drop(writer);
        self.reader.reload()?;
        Ok(())
    }

    /// Makes staged changes durable and visible; `payload` is kept with the
    /// commit (the feed's position) and read back by [`payload`](Self::payload).
    pub fn commit(&self, payload: Option<&str>) -> Result<()> {
        {
            let mut writer = self.writer();
            let mut commit = writer.prepare_commit()?;
            if let Some(payload) = payload {
                commit.set_payload(payload);
            }
            commit.commit()?;
        }
        self.reader.reload()?;
        Ok(())
    }

    /// What the last commit carried.
    pub fn payload(&self) -> Option<String> {
        self.index.load_metas().ok().and_then(|metas| metas.payload)
    }

    pub fn doc_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    fn document(&self, doc: &IndexDoc<'_>) -> TantivyDocument {
        let f = self.fields;
        let title = nfc(doc.title);
        let text = nfc(doc.text);
        let mut out = TantivyDocument::default();
        out.add_u64(f.id, unsigned(doc.id));
        out.add_u64(f.site, unsigned(doc.site_id));
        if let Some(owner) = doc.owner {
            out.add_u64(f.owner, unsigned(owner));
        }
        out.add_text(f.status, doc.status);
        for category in doc.category_ids {
            out.add_u64(f.category, unsigned(*category));
        }
        out.add_i64(f.date, doc.date);
        out.add_i64(f.expire_at, doc.expire_at.unwrap_or(i64::MAX));
        // The title twice: its words count double in the text's score, which
        // ranks title matches first without a second posting list to read.
        // Separate values, so no phrase runs from one into the next.
        for field in [f.text_exact, f.text_folded] {
            out.add_text(field, &title);
            out.add_text(field, &title);
            out.add_text(field, &text);
        }
        out.add_text(f.title, &title);
        out.add_text(f.body, &text);
        out
    }

    pub fn search(&self, request: &SearchRequest<'_>) -> Result<SearchResults> {
        if request.query.is_empty() {
            return Ok(SearchResults::default());
        }
        let searcher = self.reader.searcher();
        let query = self.query(request, self.filters(request, &searcher));
        let limit = request.limit.clamp(1, 100);
        let top = TopDocs::with_limit(limit).and_offset(request.offset);
        let (addresses, total): (Vec<DocAddress>, usize) = match request.sort {
            Sort::Newest => {
                let (top, total) = searcher.search(
                    &query,
                    &(top.order_by_fast_field::<i64>("date", Order::Desc), Count),
                )?;
                (top.into_iter().map(|(_, address)| address).collect(), total)
            }
            Sort::Relevance => {
                let (top, total) = searcher.search(&query, &(top.order_by_score(), Count))?;
                (top.into_iter().map(|(_, address)| address).collect(), total)
            }
        };
        let hits = self.hits(&searcher, request.query, &addresses)?;
        Ok(SearchResults { total, hits })
    }

    fn hits(
        &self,
        searcher: &Searcher,
        user_query: &UserQuery,
        addresses: &[DocAddress],
    ) -> Result<Vec<Hit>> {
        let f = self.fields;
        let words: HashSet<&str> = user_query
            .parts
            .iter()
            .flat_map(|part| match part {
                Part::Word(word) => std::slice::from_ref(word),
                Part::Phrase(words) => words.as_slice(),
            })
            .map(|word| word.folded.as_str())
            .collect();
        // Snippets mark every word of the query, phrases' words included,
        // rarer words weighing more in the choice of the passage.
        let mut weights = std::collections::BTreeMap::new();
        for word in &words {
            let found = searcher.doc_freq(&Term::from_field_text(f.text_folded, word))?;
            if found > 0 {
                weights.insert(word.to_string(), 1.0 / (1.0 + found as f32));
            }
        }
        let snippets = SnippetGenerator::new(
            weights,
            WordTokenizer::analyzer(Form::Folded),
            f.text_folded,
            SNIPPET_CHARS,
        );
        let mut hits = Vec::with_capacity(addresses.len());
        for address in addresses {
            let doc: TantivyDocument = searcher.doc(*address)?;
            let text_of = |field: Field| {
                doc.get_first(field)
                    .and_then(|value| value.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let id = doc
                .get_first(f.id)
                .and_then(|value| value.as_u64())
                .unwrap_or_default();
            let text = text_of(f.body);
            let mut snippet = snippets.snippet(&text);
            snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
            let snippet_html = if snippet.highlighted().is_empty() {
                escape(&opening(&text, SNIPPET_CHARS))
            } else {
                snippet.to_html()
            };
            hits.push(Hit {
                id: i64::try_from(id).unwrap_or_default(),
                status: text_of(f.status),
                title_html: highlight(&text_of(f.title), &words),
                snippet_html,
            });
        }
        Ok(hits)
    }

    /// The user's words and the filters.
    fn query(
        &self,
        request: &SearchRequest<'_>,
        filters: Vec<(Occur, BoxedQuery)>,
    ) -> BooleanQuery {
        let mut clauses: Vec<(Occur, BoxedQuery)> = request
            .query
            .parts
            .iter()
            .map(|part| (Occur::Must, self.part_query(part)))
            .collect();
        clauses.extend(filters);
        BooleanQuery::new(clauses)
    }

    /// Site, status, publication window, category and dates.
    fn filters(
        &self,
        request: &SearchRequest<'_>,
        searcher: &Searcher,
    ) -> Vec<(Occur, BoxedQuery)> {
        let f = self.fields;
        let mut clauses: Vec<(Occur, BoxedQuery)> = Vec::new();
        match request.site_ids.as_slice() {
            [] => {}
            [site] => clauses.push((Occur::Must, u64_term(f.site, *site))),
            sites => {
                let any: Vec<(Occur, BoxedQuery)> = sites
                    .iter()
                    .map(|site| (Occur::Should, u64_term(f.site, *site)))
                    .collect();
                clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
            }
        }
        match &request.scope {
            Scope::Public { now } => {
                clauses.push((Occur::Must, text_term(f.status, "published")));
                // Time filters cost a pass over a column: skip those that
                // cannot exclude anything (nothing scheduled, nothing expired).
                let (_, latest) = column_range(searcher, "date");
                if latest > *now {
                    clauses.push((Occur::Must, up_to(f.date, *now)));
                }
                let (soonest, _) = column_range(searcher, "expire_at");
                if soonest <= *now {
                    clauses.push((
                        Occur::Must,
                        Box::new(RangeQuery::new(
                            Bound::Excluded(Term::from_field_i64(f.expire_at, *now)),
                            Bound::Unbounded,
                        )),
                    ));
                }
            }
            Scope::Newsroom {
                excluded_categories,
                only_owner,
            } => {
                clauses.push((Occur::MustNot, text_term(f.status, "trashed")));
                if let Some(owner) = only_owner {
                    let either: Vec<(Occur, BoxedQuery)> = vec![
                        (Occur::Should, text_term(f.status, "published")),
                        (Occur::Should, u64_term(f.owner, *owner)),
                    ];
                    clauses.push((Occur::Must, Box::new(BooleanQuery::new(either))));
                }
                for category in excluded_categories {
                    clauses.push((Occur::MustNot, u64_term(f.category, *category)));
                }
            }
        }
        if let Some(category) = request.category_id {
            clauses.push((Occur::Must, u64_term(f.category, category)));
        }
        if request.from.is_some() || request.until.is_some() {
            let lower = request.from.map_or(Bound::Unbounded, |at| {
                Bound::Included(Term::from_field_i64(f.date, at))
            });
            let upper = request.until.map_or(Bound::Unbounded, |at| {
                Bound::Excluded(Term::from_field_i64(f.date, at))
            });
            clauses.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
        }
        clauses
    }

    /// A word (or phrase) must be in the text (title included); each word
    /// typed with diacritics and found with them adds [`EXACT_BONUS`].
    fn part_query(&self, part: &Part) -> BoxedQuery {
        let f = self.fields;
        let words: &[Word] = match part {
            Part::Word(word) => std::slice::from_ref(word),
            Part::Phrase(words) => words,
        };
        let folded: BoxedQuery = match words {
            [word] => text_term(f.text_folded, &word.folded),
            _ => phrase_query(f.text_folded, words),
        };
        let mut clauses = vec![(Occur::Must, folded)];
        for word in words.iter().filter(|word| word.has_marks()) {
            clauses.push((
                Occur::Should,
                Box::new(ConstScoreQuery::new(
                    Box::new(TermQuery::new(
                        Term::from_field_text(f.text_exact, &word.exact),
                        IndexRecordOption::Basic,
                    )),
                    EXACT_BONUS,
                )) as BoxedQuery,
            ));
        }
        if clauses.len() == 1 {
            return clauses.remove(0).1;
        }
        Box::new(BooleanQuery::new(clauses))
    }
}

type BoxedQuery = Box<dyn Query>;

/// The segments in `count` groups of about the same number of documents
/// (the largest first, each into the group with the fewest so far).
fn balanced_groups(mut segments: Vec<SegmentMeta>, count: usize) -> Vec<Vec<SegmentId>> {
    segments.sort_by_key(|segment| std::cmp::Reverse(segment.num_docs()));
    let mut groups: Vec<(u64, Vec<SegmentId>)> = vec![(0, Vec::new()); count.max(1)];
    for segment in segments {
        if let Some(lightest) = groups.iter_mut().min_by_key(|(docs, _)| *docs) {
            lightest.0 += u64::from(segment.num_docs());
            lightest.1.push(segment.id());
        }
    }
    groups.into_iter().map(|(_, ids)| ids).collect()
}

/// Words one after the other: two adjacent common words as their pair, the
/// words no pair covers as themselves, each at its place in the phrase. The
/// text has the same pairs at the same places, so this matches exactly the
/// texts with the phrase, without reading the positions of common words
/// (those between rarer words are read only in the few articles that have
/// the rarer words).
fn phrase_query(field: Field, words: &[Word]) -> BoxedQuery {
    let mut covered = vec![false; words.len()];
    let mut terms: Vec<(usize, Term)> = Vec::new();
    for (at, two) in words.windows(2).enumerate() {
        if is_common(&two[0].folded) && is_common(&two[1].folded) {
            terms.push((
                at,
                Term::from_field_text(field, &pair(&two[0].folded, &two[1].folded)),
            ));
            covered[at] = true;
            covered[at + 1] = true;
        }
    }
    for (at, word) in words.iter().enumerate() {
        if !covered[at] {
            terms.push((at, Term::from_field_text(field, &word.folded)));
        }
    }
    if terms.len() == 1 {
        let (_, term) = terms.remove(0);
        return Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
    }
    Box::new(PhraseQuery::new_with_offset(terms))
}

/// The smallest and largest value of an i64 column over all segments
/// (deleted documents included, which only makes filters kick in sooner).
/// A column that cannot be read gives the widest range, keeping filters on.
fn column_range(searcher: &Searcher, column: &str) -> (i64, i64) {
    let mut range = (i64::MAX, i64::MIN);
    for segment in searcher.segment_readers() {
        match segment.fast_fields().i64(column) {
            Ok(values) => {
                range.0 = range.0.min(values.min_value());
                range.1 = range.1.max(values.max_value());
            }
            Err(_) => return (i64::MIN, i64::MAX),
        }
    }
    range
}

fn text_term(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

fn u64_term(field: Field, value: i64) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_u64(field, unsigned(value)),
        IndexRecordOption::Basic,
    ))
}

fn up_to(field: Field, at: i64) -> Box<dyn Query> {
    Box::new(RangeQuery::new(
        Bound::Unbounded,
        Bound::Included(Term::from_field_i64(field, at)),
    ))
}

/// Text in composed form; most text already is, and is then only checked.
fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    match unicode_normalization::is_nfc_quick(text.chars()) {
        unicode_normalization::IsNormalized::Yes => std::borrow::Cow::Borrowed(text),
        _ => std::borrow::Cow::Owned(text.nfc().collect()),
    }
}

fn unsigned(id: i64) -> u64 {
    u64::try_from(id).unwrap_or_default()
}

/// Why there is no index to open in a folder.
enum Unusable {
    Absent,
    Because(String),
}

impl From<String> for Unusable {
    fn from(reason: String) -> Self {
        Self::Because(reason)
    }
}

/// The index in `dir` if it is ours and readable, else why not.
fn usable_index(dir: &Path) -> std::result::Result<Index, Unusable> {
    if !dir.join("meta.json").exists() {
        return Err(Unusable::Absent);
    }
    let version = std::fs::read_to_string(dir.join(VERSION_FILE)).unwrap_or_default();
    if version.trim() != SCHEMA_VERSION {
        return Err(Unusable::Because(format!(
            "made by another version ({:?})",
            version.trim()
        )));
    }
    let index = Index::open_in_dir(dir).map_err(|e| format!("unreadable: {e}"))?;
    if index.schema() != schema().0 {
        return Err(Unusable::Because("its fields differ".into()));
    }
    register_analyzers(&index);
    let reader = index.reader().map_err(|e| format!("unreadable: {e}"))?;
    // Reading every segment's documents and postings once finds most damage.
    let searcher = reader.searcher();
    searcher
        .search(&tantivy::query::AllQuery, &Count)
        .map_err(|e| format!("unreadable: {e}"))?;
    Ok(index)
}

/// `text` with the words of `words` (folded) in `<mark>`, HTML-escaped.
fn highlight(text: &str, words: &HashSet<&str>) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    Splitter::default().each_word(text, |word| {
        if words.contains(word.folded) {
            out.push_str(&escape(&text[at..word.from]));
            out.push_str("<mark>");
            out.push_str(&escape(&text[word.from..word.to]));
            out.push_str("</mark>");
            at = word.to;
        }
    });
    out.push_str(&escape(&text[at..]));
    out
}

/// The first `chars` characters, cut at a space, with an ellipsis.
fn opening(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(chars).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
