//! News flowing up: proposals of a sub-site's articles to its parent, and
//! the copies the parent carries. Every write that shows on a page (a copy
//! made, refreshed or withdrawn) records its change in the same
//! transaction.

use portal_core::syndication::SyndicationStatus;
use portal_core::{ArticleContent, ArticleId, ArticleStatus, SiteId, UserId};
use serde::Serialize;
use sqlx::any::AnyRow;

use crate::articles::{Written, insert_article, update_content};
use crate::rows::{int, opt_int, text};
use crate::{NewArticle, Result, Store, StoreError};

/// A proposal as the two newsrooms see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Syndication {
    pub id: i64,
    pub origin_id: ArticleId,
    pub origin_site_id: SiteId,
    pub origin_site_name: String,
    pub target_site_id: SiteId,
    pub status: SyndicationStatus,
    /// The parent's copy, once approved.
    pub copy_id: Option<ArticleId>,
    pub category_id: Option<i64>,
    /// The origin's title and lead now.
    pub title: String,
    pub lead: String,
    /// Its title and lead when last approved ("" before).
    pub approved_title: String,
    pub approved_lead: String,
    /// The parent's note when it declined.
    pub note: String,
    pub proposed_at: i64,
    pub decided_at: Option<i64>,
}

/// What the parent approves: where the copy goes, how it is titled, and
/// the credit it carries (the origin site's name, as its source).
#[derive(Debug, Clone)]
pub struct Approval {
    pub category_id: i64,
    pub title: String,
    pub lead: String,
    pub slug: String,
    pub source: String,
}

const COLUMNS: &str = "s.id, s.origin_id, a.site_id AS origin_site_id, o.name AS origin_site_name, \
     s.target_site_id, s.status, s.copy_id, s.category_id, a.title, a.lead, s.origin_title, \
     s.origin_lead, s.note, s.proposed_at, s.decided_at";
const FROM: &str = "FROM syndications s JOIN articles a ON a.id = s.origin_id \
     JOIN sites o ON o.id = a.site_id";

impl Store {
    /// Proposes an article to a site; a declined or withdrawn proposal is
    /// made again, one that waits or is carried is a `Conflict`.
    pub async fn propose_syndication(
        &self,
        origin_id: ArticleId,
        target_site_id: SiteId,
        by: Option<UserId>,
        now: i64,
    ) -> Result<i64> {
        let mut tx = self.write_tx().await?;
        let existing = sqlx::query(
            "SELECT id, status FROM syndications WHERE origin_id = $1 AND target_site_id = $2",
        )
        .bind(origin_id.get())
        .bind(target_site_id.get())
        .fetch_optional(&mut *tx)
        .await?;
        let id = match existing {
            Some(row) => {
                let status = status_of(&row)?;
                if !status.may_propose_again() {
                    return Err(StoreError::Conflict(
                        "the article is already proposed or carried".into(),
                    ));
                }
                let id = int(&row, "id")?;
                sqlx::query(
                    "UPDATE syndications SET status = 'proposed', note = '', proposed_by = $2, \
                     proposed_at = $3, decided_by = NULL, decided_at = NULL WHERE id = $1",
                )
                .bind(id)
                .bind(by.map(UserId::get))
                .bind(now)
                .execute(&mut *tx)
                .await?;
                id
            }
            None => {
                sqlx::query_scalar(
                    "INSERT INTO syndications (origin_id, target_site_id, status, proposed_by, \
                     proposed_at) VALUES ($1, $2, 'proposed', $3, $4) RETURNING id",
                )
                .bind(origin_id.get())
                .bind(target_site_id.get())
                .bind(by.map(UserId::get))
                .bind(now)
                .fetch_one(&mut *tx)
                .await?
            }
        };
        tx.commit().await?;
        Ok(id)
    }

    pub async fn syndication(&self, id: i64) -> Result<Option<Syndication>> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} {FROM} WHERE s.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(syndication).transpose()
    }

    /// A site's proposals in one status, oldest first (a review queue).
    pub async fn syndications_to(
        &self,
        target_site_id: SiteId,
        status: SyndicationStatus,
        limit: i64,
    ) -> Result<Vec<Syndication>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} {FROM} WHERE s.target_site_id = $1 AND s.status = $2 \
             ORDER BY s.proposed_at, s.id LIMIT $3"
        ))
        .bind(target_site_id.get())
        .bind(status.as_str())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(syndication).collect()
    }

    /// Every proposal of one article (to its parent, in practice one).
    pub async fn syndications_of(&self, origin_id: ArticleId) -> Result<Vec<Syndication>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} {FROM} WHERE s.origin_id = $1 ORDER BY s.id"
        ))
        .bind(origin_id.get())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(syndication).collect()
    }

    /// The parent approves: a new copy of `origin` (published at `now`,
    /// credited to its origin) or the copy it has, refreshed and published
    /// again; all or nothing.
    pub async fn approve_syndication(
        &self,
        id: i64,
        origin: &ArticleContent,
        approval: &Approval,
        by: Option<UserId>,
        now: i64,
    ) -> Result<ArticleId> {
        let mut tx = self.write_tx().await?;
        let row = sqlx::query(
            "SELECT s.status, s.copy_id, s.target_site_id FROM syndications s WHERE s.id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreError::Conflict("the proposal is gone".into()))?;
        if status_of(&row)? != SyndicationStatus::Proposed {
            return Err(StoreError::Conflict(
                "the proposal was decided meanwhile; reload the queue".into(),
            ));
        }
        let target = SiteId(int(&row, "target_site_id")?);
        let content = ArticleContent {
            title: approval.title.clone(),
            lead: approval.lead.clone(),
            source: approval.source.clone(),
            category_ids: vec![approval.category_id],
            publish_at: Some(now),
            ..origin.clone()
        };
        let copy = match opt_int(&row, "copy_id")?.map(ArticleId) {
            Some(copy) => {
                // Approved again: it keeps its place in time.
                let held = crate::newsroom::current_content(&mut tx, copy).await?;
                let content = ArticleContent {
                    publish_at: held.and_then(|held| held.publish_at).or(Some(now)),
                    ..content
                };
                rewrite_copy(&mut tx, self, copy, &content, &approval.slug, now).await?;
                set_copy_status(&mut tx, self, copy, ArticleStatus::Published, now).await?;
                copy
            }
            None => {
                let new = NewArticle {
                    site_id: target,
                    slug: approval.slug.clone(),
                    status: ArticleStatus::Published,
                    content,
                };
                let copy = insert_article(&mut tx, self, &new, None, by, now).await?;
                sqlx::query(
                    "UPDATE articles SET origin_id = \
                     (SELECT origin_id FROM syndications WHERE id = $2) WHERE id = $1",
                )
                .bind(copy.get())
                .bind(id)
                .execute(&mut *tx)
                .await?;
                crate::newsroom::insert_revision(&mut tx, copy, 1, &new.content, by, now).await?;
                copy
            }
        };
        sqlx::query(
            "UPDATE syndications SET status = 'approved', copy_id = $2, category_id = $3, \
             origin_title = $4, origin_lead = $5, note = '', decided_by = $6, decided_at = $7 \
             WHERE id = $1",
        )
        .bind(id)
        .bind(copy.get())
        .bind(approval.category_id)
        .bind(&origin.title)
        .bind(&origin.lead)
        .bind(by.map(UserId::get))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(copy)
    }

    /// The parent declines, with a note for the origin; a copy it carried
    /// from before comes down.
    pub async fn decline_syndication(
        &self,
        id: i64,
        note: &str,
        by: Option<UserId>,
        now: i64,
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        let row = sqlx::query("SELECT status, copy_id FROM syndications WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::Conflict("the proposal is gone".into()))?;
        if status_of(&row)? != SyndicationStatus::Proposed {
            return Err(StoreError::Conflict(
                "the proposal was decided meanwhile; reload the queue".into(),
            ));
        }
        if let Some(copy) = opt_int(&row, "copy_id")?.map(ArticleId) {
            set_copy_status(&mut tx, self, copy, ArticleStatus::Unpublished, now).await?;
        }
        sqlx::query(
            "UPDATE syndications SET status = 'declined', note = $2, decided_by = $3, \
             decided_at = $4 WHERE id = $1",
        )
        .bind(id)
        .bind(note)
        .bind(by.map(UserId::get))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The origin changed: each carried copy takes its body, byline,
    /// cover, keywords and expiry (keeping the parent's title, lead and
    /// section); a changed title or lead puts the proposal back in the
    /// parent's queue. Returns how many were asked again.
    pub async fn follow_origin(
        &self,
        origin_id: ArticleId,
        origin: &ArticleContent,
        now: i64,
    ) -> Result<usize> {
        let mut tx = self.write_tx().await?;
        let rows = sqlx::query(
            "SELECT id, copy_id, origin_title, origin_lead FROM syndications \
             WHERE origin_id = $1 AND status = 'approved' AND copy_id IS NOT NULL",
        )
        .bind(origin_id.get())
        .fetch_all(&mut *tx)
        .await?;
        let mut asked_again = 0;
        for row in &rows {
            let copy = ArticleId(int(row, "copy_id")?);
            let Some(held) = crate::newsroom::current_content(&mut tx, copy).await? else {
                continue;
            };
            let content = ArticleContent {
                title: held.title.clone(),
                lead: held.lead.clone(),
                source: held.source.clone(),
                category_ids: held.category_ids.clone(),
                publish_at: held.publish_at,
                ..origin.clone()
            };
            if content != held {
                let slug: String = sqlx::query_scalar("SELECT slug FROM articles WHERE id = $1")
                    .bind(copy.get())
                    .fetch_one(&mut *tx)
                    .await?;
                rewrite_copy(&mut tx, self, copy, &content, &slug, now).await?;
            }
            let approved = (text(row, "origin_title")?, text(row, "origin_lead")?);
            if portal_core::syndication::asks_again(
                (&approved.0, &approved.1),
                (&origin.title, &origin.lead),
            ) {
                sqlx::query(
                    "UPDATE syndications SET status = 'proposed', proposed_at = $2, \
                     decided_at = NULL WHERE id = $1",
                )
                .bind(int(row, "id")?)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                asked_again += 1;
            }
        }
        tx.commit().await?;
        Ok(asked_again)
    }

    /// The origin came down: its proposals are withdrawn and the copies
    /// come down with it. Returns how many copies came down.
    pub async fn withdraw_syndications(&self, origin_id: ArticleId, now: i64) -> Result<usize> {
        let mut tx = self.write_tx().await?;
        let copies: Vec<Option<i64>> = sqlx::query_scalar(
            "SELECT copy_id FROM syndications WHERE origin_id = $1 \
             AND status IN ('proposed', 'approved')",
        )
        .bind(origin_id.get())
        .fetch_all(&mut *tx)
        .await?;
        let mut down = 0;
        for copy in copies.into_iter().flatten() {
            if set_copy_status(
                &mut tx,
                self,
                ArticleId(copy),
                ArticleStatus::Unpublished,
                now,
            )
            .await?
            {
                down += 1;
            }
        }
        sqlx::query(
            "UPDATE syndications SET status = 'withdrawn', decided_at = $2 \
             WHERE origin_id = $1 AND status IN ('proposed', 'approved')",
        )
        .bind(origin_id.get())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(down)
    }
}

/// Writes new content over a copy, as an unattributed save (no person
/// wrote it: the origin did).
async fn rewrite_copy(
    tx: &mut crate::changes::Tx<'_>,
    store: &Store,
    copy: ArticleId,
    content: &ArticleContent,
    slug: &str,
    now: i64,
) -> Result<i64> {
    let revision: i64 = sqlx::query_scalar("SELECT revision FROM articles WHERE id = $1")
        .bind(copy.get())
        .fetch_one(&mut **tx)
        .await?;
    let written = Written {
        id: copy,
        over_revision: revision,
        slug,
        by: None,
        now,
    };
    update_content(tx, store, &written, content).await
}

/// Puts a copy on the air or takes it off (never out of the trash);
/// whether it changed.
async fn set_copy_status(
    tx: &mut crate::changes::Tx<'_>,
    store: &Store,
    copy: ArticleId,
    status: ArticleStatus,
    now: i64,
) -> Result<bool> {
    let Some((site_id, before)) = crate::changes::article_place(tx, copy).await? else {
        return Ok(false);
    };
    let changed = sqlx::query(
        "UPDATE articles SET status = $2, updated_at = $3 WHERE id = $1 AND status <> $2 \
         AND status <> 'trashed'",
    )
    .bind(copy.get())
    .bind(status.as_str())
    .bind(now)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        > 0;
    if changed {
        crate::changes::record_article(tx, store, site_id, copy, Some(before), now).await?;
    }
    Ok(changed)
}

fn status_of(row: &AnyRow) -> Result<SyndicationStatus> {
    let status = text(row, "status")?;
    SyndicationStatus::parse(&status)
        .ok_or_else(|| StoreError::Corrupt(format!("syndication status \"{status}\"")))
}

fn syndication(row: &AnyRow) -> Result<Syndication> {
    Ok(Syndication {
        id: int(row, "id")?,
        origin_id: ArticleId(int(row, "origin_id")?),
        origin_site_id: SiteId(int(row, "origin_site_id")?),
        origin_site_name: text(row, "origin_site_name")?,
        target_site_id: SiteId(int(row, "target_site_id")?),
        status: status_of(row)?,
        copy_id: opt_int(row, "copy_id")?.map(ArticleId),
        category_id: opt_int(row, "category_id")?,
        title: text(row, "title")?,
        lead: text(row, "lead")?,
        approved_title: text(row, "origin_title")?,
        approved_lead: text(row, "origin_lead")?,
        note: text(row, "note")?,
        proposed_at: int(row, "proposed_at")?,
        decided_at: opt_int(row, "decided_at")?,
    })
}
