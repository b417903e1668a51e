//! The documents base: each site's documents, one per number however
//! typed, listed newest first with the filters of the public list.

use portal_core::SiteId;
use portal_core::change::Change;
use portal_core::document::{Document, DocumentStatus, Validity, fold};
use sqlx::any::AnyRow;
use sqlx::{Column, Row};

use crate::rows::{int, opt_int, opt_text, text};
use crate::{Result, Store, StoreError};

/// What the list asks for; empty fields ask nothing.
#[derive(Debug, Clone, Default)]
pub struct DocumentFilter {
    /// Words or a number, typed any way.
    pub query: String,
    pub kind: String,
    pub issuer: String,
    pub signer: String,
    pub field: String,
    pub validity: Option<Validity>,
    /// Issued on or after / before (midnights in Vietnam).
    pub from: Option<i64>,
    pub until: Option<i64>,
    /// Staff see every state; readers only what is published.
    pub any_status: bool,
}

/// When a published document replacing `{alias}` came into force (its
/// effective date, else its issue date): a column of a select.
pub(crate) fn replaced_since(alias: &str) -> String {
    format!(
        "(SELECT MIN(COALESCE(r.effective_on, r.issued_on, 0)) FROM document_links rl \
         JOIN documents r ON r.id = rl.document_id \
         WHERE rl.target_id = {alias}.id AND rl.relation = 'replaces' AND r.status = 'published') \
         AS replaced_since"
    )
}

/// Writes a new document's row (revision 1); its id.
pub(crate) async fn insert_row(
    tx: &mut crate::connect::WriteTx,
    document: &Document,
    created_by: Option<portal_core::UserId>,
    now: i64,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO documents (site_id, number, number_key, kind, issuer, signer, \
         signer_title, fields, issued_on, effective_on, expires_on, validity_set, summary, \
         search_text, full_text, status, created_by, revision, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
         1, $18, $18) RETURNING id",
    )
    .bind(document.site_id.get())
    .bind(&document.number)
    .bind(document.key())
    .bind(&document.kind)
    .bind(&document.issuer)
    .bind(&document.signer)
    .bind(&document.signer_title)
    .bind(serde_json::to_string(&document.fields).unwrap_or_else(|_| "[]".into()))
    .bind(document.issued_on)
    .bind(document.effective_on)
    .bind(document.expires_on)
    .bind(document.validity_set.map(Validity::as_str))
    .bind(&document.summary)
    .bind(document.search_text())
    .bind(&document.full_text)
    .bind(document.status.as_str())
    .bind(created_by.map(portal_core::UserId::get))
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

/// Writes the document over the row of its id, a revision further on.
pub(crate) async fn update_row(
    tx: &mut crate::connect::WriteTx,
    document: &Document,
    now: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE documents SET number = $3, number_key = $4, kind = $5, issuer = $6, \
         signer = $7, signer_title = $8, fields = $9, issued_on = $10, effective_on = $11, \
         expires_on = $12, validity_set = $13, summary = $14, search_text = $15, \
         full_text = $16, status = $17, revision = revision + 1, updated_at = $18 \
         WHERE site_id = $1 AND id = $2",
    )
    .bind(document.site_id.get())
    .bind(document.id)
    .bind(&document.number)
    .bind(document.key())
    .bind(&document.kind)
    .bind(&document.issuer)
    .bind(&document.signer)
    .bind(&document.signer_title)
    .bind(serde_json::to_string(&document.fields).unwrap_or_else(|_| "[]".into()))
    .bind(document.issued_on)
    .bind(document.effective_on)
    .bind(document.expires_on)
    .bind(document.validity_set.map(Validity::as_str))
    .bind(&document.summary)
    .bind(document.search_text())
    .bind(&document.full_text)
    .bind(document.status.as_str())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A list counts its matches up to this many.
pub const MAX_COUNTED: i64 = 1_000;
/// A keyword narrows the list to the documents holding its rarest word
/// when that word is in at most this many; a commoner word matches so
/// many that reading newest first finds a page at once.
const NARROW_BELOW: i64 = 5_000;

/// What an import did with a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Created(i64),
    Updated(i64),
    Unchanged(i64),
}

pub(crate) const COLUMNS: &str = "id, site_id, number, kind, issuer, signer, signer_title, fields, \
     issued_on, effective_on, expires_on, validity_set, summary, full_text, status, updated_at";

impl Store {
    /// Creates the document, or brings the one of the same number up to
    /// date. Pages that cite it are dropped (a change of the site).
    pub async fn save_document(&self, document: &Document, now: i64) -> Result<Saved> {
        let mut tx = self.write_tx().await?;
        let existing = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM documents WHERE site_id = $1 AND number_key = $2"
        ))
        .bind(document.site_id.get())
        .bind(document.key())
        .fetch_optional(&mut *tx)
        .await?;
        let held = existing.as_ref().map(document_from_row).transpose()?;
        // A spreadsheet carries neither the full text nor the state: what
        // staff gave a document stays.
        let document = &match &held {
            Some(held) => Document {
                full_text: held.full_text.clone(),
                status: held.status,
                ..document.clone()
            },
            None => document.clone(),
        };
        let saved = match held {
            Some(held) if same(&held, document) => return Ok(Saved::Unchanged(held.id)),
            Some(held) => {
                let document = Document {
                    id: held.id,
                    ..document.clone()
                };
                update_row(&mut tx, &document, now).await?;
                Saved::Updated(held.id)
            }
            None => Saved::Created(insert_row(&mut tx, document, None, now).await?),
        };
        let id = match saved {
            Saved::Created(id) | Saved::Updated(id) | Saved::Unchanged(id) => id,
        };
        crate::document_words::index_words(&mut tx, document.site_id, id, &document.search_text())
            .await?;
        // Articles citing the number link to it from now on.
        crate::changes::record(&mut tx, self, document.site_id, &Change::Site, now).await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// The site's document of that id, in any state.
    pub async fn document(&self, site_id: SiteId, id: i64) -> Result<Option<Document>> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS}, {} FROM documents WHERE site_id = $1 AND id = $2",
            replaced_since("documents")
        ))
        .bind(site_id.get())
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(document_from_row).transpose()
    }

    /// A page of the site's documents, newest first, and how many match.
    pub async fn documents(
        &self,
        site_id: SiteId,
        filter: &DocumentFilter,
        limit: i64,
        offset: i64,
        now: i64,
    ) -> Result<(Vec<Document>, i64)> {
        let mut wanted = Wanted::default();
        if !filter.any_status {
            wanted.clause("status = 'published'");
        }
        let query = filter.query.trim();
        if !query.is_empty() {
            self.keyword(site_id, query, &mut wanted).await?;
        }
        for (value, column) in [
            (&filter.kind, "kind"),
            (&filter.issuer, "issuer"),
            (&filter.signer, "signer"),
        ] {
            if !value.trim().is_empty() {
                let at = wanted.text(value.trim().to_string());
                wanted.clause(&format!("{column} = {at}"));
            }
        }
        if !filter.field.trim().is_empty() {
            let json = serde_json::to_string(filter.field.trim()).unwrap_or_default();
            let at = wanted.text(format!("%{json}%"));
            wanted.clause(&format!("fields LIKE {at}"));
        }
        if let Some(from) = filter.from {
            let at = wanted.number(from);
            wanted.clause(&format!("issued_on >= {at}"));
        }
        if let Some(until) = filter.until {
            let at = wanted.number(until);
            wanted.clause(&format!("issued_on <= {at}"));
        }
        if let Some(validity) = filter.validity {
            let now = wanted.number(now);
            // Replaced by a published document in force: no longer in force.
            let replaced = format!(
                "EXISTS (SELECT 1 FROM document_links rl JOIN documents r ON r.id = rl.document_id \
                 WHERE rl.target_id = documents.id AND rl.relation = 'replaces' \
                 AND r.status = 'published' AND COALESCE(r.effective_on, r.issued_on, 0) <= {now})"
            );
            let by_dates = match validity {
                Validity::Expired => {
                    format!("((expires_on IS NOT NULL AND expires_on <= {now}) OR {replaced})")
                }
                Validity::NotYetInForce => format!(
                    "effective_on IS NOT NULL AND effective_on > {now} \
                     AND (expires_on IS NULL OR expires_on > {now}) AND NOT {replaced}"
                ),
                Validity::InForce => format!(
                    "(expires_on IS NULL OR expires_on > {now}) \
                     AND (effective_on IS NULL OR effective_on <= {now}) AND NOT {replaced}"
                ),
                Validity::PartlyInForce => "1 = 0".to_string(),
            };
            wanted.clause(&format!(
                "(validity_set = '{}' OR (validity_set IS NULL AND {by_dates}))",
                validity.as_str()
            ));
        }
        // Counted up to a bound: "more than a thousand" is what a reader
        // needs to know, and counting a whole base would cost more than
        // the page.
        let cap = wanted.number(MAX_COUNTED + 1);
        let count_sql = format!(
            "SELECT COUNT(*) AS n FROM (SELECT 1 FROM documents WHERE site_id = $1{} LIMIT {cap}) matched",
            wanted.sql
        );
        let total = int(
            &wanted
                .bind(sqlx::query(&count_sql).bind(site_id.get()))
                .fetch_one(&self.pool)
                .await?,
            "n",
        )?;
        let limit_at = wanted.number(limit);
        let offset_at = wanted.number(offset);
        let list_sql = format!(
            "SELECT {COLUMNS}, {} FROM documents WHERE site_id = $1{} \
             ORDER BY issued_on DESC, id DESC LIMIT {limit_at} OFFSET {offset_at}",
            replaced_since("documents"),
            wanted.sql
        );
        let rows = wanted
            .bind(sqlx::query(&list_sql).bind(site_id.get()))
            .fetch_all(&self.pool)
            .await?;
        let documents = rows.iter().map(document_from_row).collect::<Result<_>>()?;
        Ok((documents, total))
    }

    /// The site's document of that number key, in any state.
    pub async fn document_by_key(&self, site_id: SiteId, key: &str) -> Result<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT id FROM documents WHERE site_id = $1 AND number_key = $2")
                .bind(site_id.get())
                .bind(key)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// The site's documents' ids and last changes, newest first.
    pub async fn document_dates(&self, site_id: SiteId, limit: i64) -> Result<Vec<(i64, i64)>> {
        sqlx::query(
            "SELECT id, updated_at FROM documents WHERE site_id = $1 AND status = 'published' \
             ORDER BY issued_on DESC, id DESC LIMIT $2",
        )
        .bind(site_id.get())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| Ok((int(row, "id")?, int(row, "updated_at")?)))
        .collect()
    }

    /// Narrows `wanted` to the documents matching the words or the number
    /// typed. The words' order is checked on the search text; where one of
    /// them is rare, only the documents holding it are read.
    async fn keyword(&self, site_id: SiteId, query: &str, wanted: &mut Wanted) -> Result<()> {
        let folded = fold(query);
        // Words of letters and digits: what is typed is matched as text
        // (`%` and `_` are never wildcards, no word holds them).
        let words: Vec<&str> = folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() {
            // Only signs were typed (`%`, `/`): nothing is named.
            wanted.clause("1 = 0");
            return Ok(());
        }
        let pattern = words.join("%");
        let pattern = wanted.text(format!("%{pattern}%"));
        let mut clause = format!("search_text LIKE {pattern} ESCAPE '\\'");
        // The last word may be half typed; the others are whole words.
        let whole: &[&str] = if words.len() > 1 {
            &words[..words.len() - 1]
        } else {
            &words
        };
        let mut rarest: Option<(&str, i64)> = None;
        for word in whole {
            let held = self
                .documents_with_word(site_id, word, NARROW_BELOW + 1)
                .await?;
            if rarest.is_none_or(|(_, fewest)| held < fewest) {
                rarest = Some((word, held));
            }
        }
        let key = portal_core::document_number::key(query);
        let key = key
            .chars()
            .any(|c| c.is_ascii_digit())
            .then(|| wanted.text(key));
        if let Some(key) = &key {
            clause = format!("({clause} OR number_key = {key})");
        }
        if let Some((word, held)) = rarest
            && held > 0
            && held <= NARROW_BELOW
        {
            // Only the documents holding the rare word (or the number)
            // are read, by their index.
            let word = wanted.text(word.to_string());
            let numbered = key
                .as_ref()
                .map(|key| {
                    format!(
                        " UNION SELECT id FROM documents WHERE site_id = $1 AND number_key = {key}"
                    )
                })
                .unwrap_or_default();
            clause = format!(
                "{clause} AND id IN (SELECT document_id FROM document_words \
                 WHERE site_id = $1 AND word = {word}{numbered})"
            );
        }
        wanted.clause(&clause);
        Ok(())
    }

    /// Every document number key of these sites, with the document it
    /// names: what articles' text is linked against.
    pub async fn document_keys(&self, site_ids: &[SiteId]) -> Result<Vec<(String, SiteId, i64)>> {
        if site_ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT number_key, site_id, id FROM documents \
             WHERE status = 'published' AND site_id IN ({})",
            crate::rows::placeholders(site_ids.len())
        );
        let mut query = sqlx::query(&sql);
        for site in site_ids {
            query = query.bind(site.get());
        }
        query
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| {
                Ok((
                    text(row, "number_key")?,
                    SiteId(int(row, "site_id")?),
                    int(row, "id")?,
                ))
            })
            .collect()
    }
}

/// The conditions of a list and the values they name, bound in order
/// after the site (`$1`).
#[derive(Default)]
struct Wanted {
    sql: String,
    values: Vec<Bound>,
}

enum Bound {
    Text(String),
    Number(i64),
}

impl Wanted {
    fn placeholder(&mut self, value: Bound) -> String {
        self.values.push(value);
        format!("${}", self.values.len() + 1)
    }

    fn text(&mut self, value: String) -> String {
        self.placeholder(Bound::Text(value))
    }

    fn number(&mut self, value: i64) -> String {
        self.placeholder(Bound::Number(value))
    }

    fn clause(&mut self, clause: &str) {
        self.sql.push_str(" AND ");
        self.sql.push_str(clause);
    }

    fn bind<'q>(
        &'q self,
        mut query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        for value in &self.values {
            query = match value {
                Bound::Text(text) => query.bind(text.as_str()),
                Bound::Number(number) => query.bind(*number),
            };
        }
        query
    }
}

/// Whether saving `new` over `held` would change nothing.
fn same(held: &Document, new: &Document) -> bool {
    Document {
        id: held.id,
        updated_at: held.updated_at,
        ..new.clone()
    } == *held
}

pub(crate) fn document_from_row(row: &AnyRow) -> Result<Document> {
    let validity = opt_text(row, "validity_set")?;
    Ok(Document {
        id: int(row, "id")?,
        site_id: SiteId(int(row, "site_id")?),
        number: text(row, "number")?,
        kind: text(row, "kind")?,
        issuer: text(row, "issuer")?,
        signer: text(row, "signer")?,
        signer_title: text(row, "signer_title")?,
        fields: serde_json::from_str(&text(row, "fields")?)
            .map_err(|e| StoreError::Corrupt(format!("document fields: {e}")))?,
        issued_on: opt_int(row, "issued_on")?,
        effective_on: opt_int(row, "effective_on")?,
        expires_on: opt_int(row, "expires_on")?,
        validity_set: match validity {
            Some(text) => Some(
                Validity::parse(&text)
                    .ok_or_else(|| StoreError::Corrupt(format!("document validity {text:?}")))?,
            ),
            None => None,
        },
        summary: text(row, "summary")?,
        full_text: text(row, "full_text")?,
        replaced_since: if row.columns().iter().any(|c| c.name() == "replaced_since") {
            opt_int(row, "replaced_since")?
        } else {
            None
        },
        status: {
            let status = text(row, "status")?;
            DocumentStatus::parse(&status)
                .ok_or_else(|| StoreError::Corrupt(format!("document status {status:?}")))?
        },
        updated_at: int(row, "updated_at")?,
    })
}
