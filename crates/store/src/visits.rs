//! Visitor statistics: each site's visitors and page views per day, kept
//! for ever, and the reports a leader asks for (visits by day, the most
//! read articles, articles by author and by section over a time).

use std::collections::HashMap;

use portal_core::{ArticleId, SiteId};
use sqlx::any::AnyRow;

use crate::rows::{int, text};
use crate::{Result, Store};

/// One visitor on one site on one Vietnamese day.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VisitMark {
    pub site_id: SiteId,
    pub day: i64,
    /// A salted hash, never the address itself.
    pub visitor: String,
}

/// A day of a site's visits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayOfVisits {
    pub day: i64,
    pub visitors: i64,
    pub page_views: i64,
}

/// Visitors today, this month and since the site began.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VisitTotals {
    pub today: i64,
    pub month: i64,
    pub total: i64,
}

/// A line of a report: what it counts (an article, an author, a
/// section), how many articles, and their views in the time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportLine {
    pub label: String,
    pub article_id: Option<ArticleId>,
    pub articles: i64,
    pub views: i64,
}

impl Store {
    /// Counts each mark not seen before as a visitor and adds the page
    /// views, per site and day, in one transaction. Returns the new
    /// visitors.
    pub async fn record_visits(
        &self,
        marks: &[VisitMark],
        page_views: &HashMap<(SiteId, i64), i64>,
    ) -> Result<u64> {
        if marks.is_empty() && page_views.is_empty() {
            return Ok(0);
        }
        let mut tx = self.write_tx().await?;
        let mut visitors: HashMap<(SiteId, i64), i64> = HashMap::new();
        for mark in marks {
            let inserted = sqlx::query(
                "INSERT INTO visit_marks (site_id, day, visitor) VALUES ($1, $2, $3) \
                 ON CONFLICT (site_id, day, visitor) DO NOTHING",
            )
            .bind(mark.site_id.get())
            .bind(mark.day)
            .bind(&mark.visitor)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if inserted > 0 {
                *visitors.entry((mark.site_id, mark.day)).or_default() += 1;
            }
        }
        let mut days: Vec<(SiteId, i64)> =
            visitors.keys().chain(page_views.keys()).copied().collect();
        days.sort_unstable_by_key(|(site, day)| (site.get(), *day));
        days.dedup();
        for (site, day) in days {
            sqlx::query(
                "INSERT INTO daily_visits (site_id, day, visitors, page_views) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (site_id, day) DO UPDATE SET \
                 visitors = daily_visits.visitors + excluded.visitors, \
                 page_views = daily_visits.page_views + excluded.page_views",
            )
            .bind(site.get())
            .bind(day)
            .bind(visitors.get(&(site, day)).copied().unwrap_or(0))
            .bind(page_views.get(&(site, day)).copied().unwrap_or(0))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(visitors.values().map(|n| *n as u64).sum())
    }

    /// Forgets who visited before `day`: older marks can no longer collide.
    pub async fn forget_visit_marks_before(&self, day: i64) -> Result<u64> {
        Ok(sqlx::query("DELETE FROM visit_marks WHERE day < $1")
            .bind(day)
            .execute(&self.pool)
            .await?
            .rows_affected())
    }

    /// Visitors on `today`, since `month_start`, and ever, as of `today`.
    pub async fn visit_totals(
        &self,
        site_id: SiteId,
        today: i64,
        month_start: i64,
    ) -> Result<VisitTotals> {
        let row = sqlx::query(
            "SELECT CAST(COALESCE(SUM(CASE WHEN day = $2 THEN visitors ELSE 0 END), 0) AS BIGINT) AS today, \
             CAST(COALESCE(SUM(CASE WHEN day >= $3 AND day <= $2 THEN visitors ELSE 0 END), 0) AS BIGINT) AS month, \
             CAST(COALESCE(SUM(visitors), 0) AS BIGINT) AS total \
             FROM daily_visits WHERE site_id = $1 AND day <= $2",
        )
        .bind(site_id.get())
        .bind(today)
        .bind(month_start)
        .fetch_one(&self.pool)
        .await?;
        Ok(VisitTotals {
            today: int(&row, "today")?,
            month: int(&row, "month")?,
            total: int(&row, "total")?,
        })
    }

    /// The site's days from `from` up to `until` (excluded) that had visits.
    pub async fn visits_by_day(
        &self,
        site_id: SiteId,
        from: i64,
        until: i64,
    ) -> Result<Vec<DayOfVisits>> {
        sqlx::query(
            "SELECT day, visitors, page_views FROM daily_visits \
             WHERE site_id = $1 AND day >= $2 AND day < $3 ORDER BY day",
        )
        .bind(site_id.get())
        .bind(from)
        .bind(until)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| {
            Ok(DayOfVisits {
                day: int(row, "day")?,
                visitors: int(row, "visitors")?,
                page_views: int(row, "page_views")?,
            })
        })
        .collect()
    }

    /// The articles read most between the days, with their views then.
    pub async fn most_read(
        &self,
        site_id: SiteId,
        from: i64,
        until: i64,
        limit: i64,
    ) -> Result<Vec<ReportLine>> {
        sqlx::query(&format!(
            "SELECT a.id AS article_id, a.title AS label, 1 AS articles, \
             CAST(SUM(v.views) AS BIGINT) AS views \
             FROM daily_article_views v JOIN articles a ON a.id = v.article_id \
             WHERE a.site_id = $1 AND v.day >= $2 AND v.day < $3 \
             GROUP BY a.id, a.title ORDER BY views DESC, a.id LIMIT {limit}"
        ))
        .bind(site_id.get())
        .bind(from)
        .bind(until)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| line(row, true))
        .collect()
    }

    /// Articles published between the times, by author (their account's
    /// name, or the byline of an imported article), with their views in
    /// the days given.
    pub async fn articles_by_author(
        &self,
        site_id: SiteId,
        (from, until): (i64, i64),
        (from_day, until_day): (i64, i64),
    ) -> Result<Vec<ReportLine>> {
        self.articles_grouped(
            "COALESCE(NULLIF(u.display_name, ''), NULLIF(a.byline, ''), '—')",
            "LEFT JOIN users u ON u.id = a.created_by",
            site_id,
            (from, until),
            (from_day, until_day),
        )
        .await
    }

    /// The same by section (an article's first section).
    pub async fn articles_by_section(
        &self,
        site_id: SiteId,
        (from, until): (i64, i64),
        (from_day, until_day): (i64, i64),
    ) -> Result<Vec<ReportLine>> {
        self.articles_grouped(
            "COALESCE(c.name, '—')",
            "LEFT JOIN categories c ON c.id = a.category_id",
            site_id,
            (from, until),
            (from_day, until_day),
        )
        .await
    }

    async fn articles_grouped(
        &self,
        label: &str,
        join: &str,
        site_id: SiteId,
        (from, until): (i64, i64),
        (from_day, until_day): (i64, i64),
    ) -> Result<Vec<ReportLine>> {
        // Standing pages and the documents' section are not news.
        sqlx::query(&format!(
            "SELECT {label} AS label, NULL AS article_id, COUNT(*) AS articles, \
             CAST(COALESCE(SUM(v.views), 0) AS BIGINT) AS views \
             FROM articles a {join} \
             LEFT JOIN (SELECT article_id, SUM(views) AS views FROM daily_article_views \
                        WHERE day >= $4 AND day < $5 GROUP BY article_id) v ON v.article_id = a.id \
             WHERE a.site_id = $1 AND a.status = 'published' \
             AND COALESCE(a.publish_at, a.created_at) >= $2 AND COALESCE(a.publish_at, a.created_at) < $3 \
             AND NOT EXISTS (SELECT 1 FROM categories hidden WHERE hidden.id = a.category_id \
                             AND hidden.slug IN ('trang', 'van-ban')) \
             GROUP BY {label} ORDER BY articles DESC, views DESC, label LIMIT 500"
        ))
        .bind(site_id.get())
        .bind(from)
        .bind(until)
        .bind(from_day)
        .bind(until_day)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| line(row, false))
        .collect()
    }
}

fn line(row: &AnyRow, with_article: bool) -> Result<ReportLine> {
    Ok(ReportLine {
        label: text(row, "label")?,
        article_id: if with_article {
            Some(ArticleId(int(row, "article_id")?))
        } else {
            None
        },
        articles: int(row, "articles")?,
        views: int(row, "views")?,
    })
}
