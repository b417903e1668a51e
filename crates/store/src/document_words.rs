//! The words of each document, for keyword searches that read the few
//! documents holding the query's rarest word instead of the whole base.

use portal_core::SiteId;

use crate::rows::{int, text};
use crate::{Result, Store};

/// The folded words of a search text, each once.
pub(crate) fn words_of(search_text: &str) -> Vec<String> {
    let mut words: Vec<String> = search_text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && w.len() <= 40)
        .map(str::to_string)
        .collect();
    words.sort();
    words.dedup();
    words
}

/// Keeps the document's words (in the caller's transaction).
pub(crate) async fn index_words(
    tx: &mut crate::connect::WriteTx,
    site_id: SiteId,
    id: i64,
    search_text: &str,
) -> Result<()> {
    sqlx::query("DELETE FROM document_words WHERE document_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    // In batches: one statement per hundred words, not one per word.
    for batch in words_of(search_text).chunks(100) {
        let values = (0..batch.len())
            .map(|i| format!("($1, ${}, $2)", i + 3))
            .collect::<Vec<_>>()
            .join(", ");
        let sql =
            format!("INSERT INTO document_words (site_id, word, document_id) VALUES {values}");
        let mut query = sqlx::query(&sql).bind(site_id.get()).bind(id);
        for word in batch {
            query = query.bind(word.as_str());
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

impl Store {
    /// Fills in the words of documents saved before words were kept.
    pub(crate) async fn index_missing_document_words(&self) -> Result<()> {
        let rows = sqlx::query(
            "SELECT id, site_id, search_text FROM documents d \
             WHERE NOT EXISTS (SELECT 1 FROM document_words w WHERE w.document_id = d.id)",
        )
        .fetch_all(&self.pool)
        .await?;
        if rows.is_empty() {
            return Ok(());
        }
        let mut tx = self.write_tx().await?;
        for row in &rows {
            index_words(
                &mut tx,
                SiteId(int(row, "site_id")?),
                int(row, "id")?,
                &text(row, "search_text")?,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// How many of the site's documents hold `word`, up to `cap`.
    pub(crate) async fn documents_with_word(
        &self,
        site_id: SiteId,
        word: &str,
        cap: i64,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM (SELECT 1 FROM document_words \
             WHERE site_id = $1 AND word = $2 LIMIT $3) held",
        )
        .bind(site_id.get())
        .bind(word)
        .bind(cap)
        .fetch_one(&self.pool)
        .await?)
    }
}
