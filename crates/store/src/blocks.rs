use portal_core::change::Change;
use portal_core::{Layout, Placement, SiteId};

use crate::rows::text;
use crate::{Result, Store, StoreError};

impl Store {
    /// The blocks of one page kind of a site, zone by zone in order.
    pub async fn placements(&self, site_id: SiteId, layout: Layout) -> Result<Vec<Placement>> {
        let rows = sqlx::query(
            "SELECT zone, block_type, settings FROM block_placements \
             WHERE site_id = $1 AND layout = $2 ORDER BY zone, position, id",
        )
        .bind(site_id.get())
        .bind(layout.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let settings = serde_json::from_str(&text(row, "settings")?)
                    .map_err(|e| StoreError::Corrupt(format!("block settings: {e}")))?;
                Ok(Placement {
                    zone: text(row, "zone")?,
                    block_type: text(row, "block_type")?,
                    settings,
                })
            })
            .collect()
    }

    /// Replaces a page kind's blocks at once.
    pub async fn replace_placements(
        &self,
        site_id: SiteId,
        layout: Layout,
        placements: &[Placement],
    ) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM block_placements WHERE site_id = $1 AND layout = $2")
            .bind(site_id.get())
            .bind(layout.as_str())
            .execute(&mut *tx)
            .await?;
        for (position, placement) in placements.iter().enumerate() {
            sqlx::query(
                "INSERT INTO block_placements (site_id, layout, zone, position, block_type, settings) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(site_id.get())
            .bind(layout.as_str())
            .bind(&placement.zone)
            .bind(position as i64)
            .bind(&placement.block_type)
            .bind(placement.settings.to_string())
            .execute(&mut *tx)
            .await?;
        }
        crate::changes::record(
            &mut tx,
            self,
            site_id,
            &Change::Site,
            portal_core::time::now(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
