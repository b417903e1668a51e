//! The organisation's units of each site.

use portal_core::SiteId;
use portal_core::change::Change;
use portal_core::organisation::Unit;
use sqlx::any::AnyRow;

use crate::rows::{int, opt_int, text};
use crate::{Result, Store};

const COLUMNS: &str = "id, site_id, parent_id, position, name, name_en, head, head_title, \
     head_title_en, address, phone, email, duties, duties_en";

impl Store {
    pub async fn units(&self, site_id: SiteId) -> Result<Vec<Unit>> {
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM units WHERE site_id = $1 ORDER BY position, id"
        ))
        .bind(site_id.get())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(unit_from_row)
        .collect()
    }

    /// Adds the unit (id 0) or changes the site's unit of that id; `None`
    /// when there is no such unit. Every page shows the change at once.
    pub async fn save_unit(&self, unit: &Unit, now: i64) -> Result<Option<i64>> {
        let mut tx = self.write_tx().await?;
        let id = if unit.id == 0 {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO units (site_id, parent_id, position, name, name_en, head, head_title, \
                 head_title_en, address, phone, email, duties, duties_en, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
            )
            .bind(unit.site_id.get())
            .bind(unit.parent_id)
            .bind(unit.position)
            .bind(&unit.name)
            .bind(&unit.name_en)
            .bind(&unit.head)
            .bind(&unit.head_title)
            .bind(&unit.head_title_en)
            .bind(&unit.address)
            .bind(&unit.phone)
            .bind(&unit.email)
            .bind(&unit.duties)
            .bind(&unit.duties_en)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?
        } else {
            let changed = sqlx::query(
                "UPDATE units SET parent_id = $3, position = $4, name = $5, name_en = $6, \
                 head = $7, head_title = $8, head_title_en = $9, address = $10, phone = $11, \
                 email = $12, duties = $13, duties_en = $14, updated_at = $15 \
                 WHERE site_id = $1 AND id = $2",
            )
            .bind(unit.site_id.get())
            .bind(unit.id)
            .bind(unit.parent_id)
            .bind(unit.position)
            .bind(&unit.name)
            .bind(&unit.name_en)
            .bind(&unit.head)
            .bind(&unit.head_title)
            .bind(&unit.head_title_en)
            .bind(&unit.address)
            .bind(&unit.phone)
            .bind(&unit.email)
            .bind(&unit.duties)
            .bind(&unit.duties_en)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Ok(None);
            }
            unit.id
        };
        crate::changes::record(&mut tx, self, unit.site_id, &Change::Site, now).await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    /// Removes a unit that has none under it; whether it was removed.
    pub async fn delete_unit(&self, site_id: SiteId, id: i64, now: i64) -> Result<bool> {
        let mut tx = self.write_tx().await?;
        let removed = sqlx::query(
            "DELETE FROM units WHERE site_id = $1 AND id = $2 \
             AND NOT EXISTS (SELECT 1 FROM units below WHERE below.parent_id = $2)",
        )
        .bind(site_id.get())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if removed > 0 {
            crate::changes::record(&mut tx, self, site_id, &Change::Site, now).await?;
        }
        tx.commit().await?;
        Ok(removed > 0)
    }
}

fn unit_from_row(row: &AnyRow) -> Result<Unit> {
    Ok(Unit {
        id: int(row, "id")?,
        site_id: SiteId(int(row, "site_id")?),
        parent_id: opt_int(row, "parent_id")?,
        position: int(row, "position")?,
        name: text(row, "name")?,
        name_en: text(row, "name_en")?,
        head: text(row, "head")?,
        head_title: text(row, "head_title")?,
        head_title_en: text(row, "head_title_en")?,
        address: text(row, "address")?,
        phone: text(row, "phone")?,
        email: text(row, "email")?,
        duties: text(row, "duties")?,
        duties_en: text(row, "duties_en")?,
    })
}
