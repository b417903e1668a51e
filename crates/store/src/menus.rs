//! A site's menus as its editors arranged them.

use portal_core::SiteId;
use portal_core::change::Change;
use portal_core::menu::{MenuItem, MenuKind};

use crate::rows::text;
use crate::{Result, Store, StoreError};

impl Store {
    /// The menus the site has arranged (a menu not here is the default).
    pub async fn menus(&self, site_id: SiteId) -> Result<Vec<(MenuKind, Vec<MenuItem>)>> {
        let rows = sqlx::query("SELECT menu, items FROM site_menus WHERE site_id = $1")
            .bind(site_id.get())
            .fetch_all(&self.pool)
            .await?;
        let mut menus = Vec::new();
        for row in &rows {
            let name = text(row, "menu")?;
            let kind = MenuKind::parse(&name)
                .ok_or_else(|| StoreError::Corrupt(format!("menu {name:?}")))?;
            let items = serde_json::from_str(&text(row, "items")?)
                .map_err(|e| StoreError::Corrupt(format!("menu items: {e}")))?;
            menus.push((kind, items));
        }
        Ok(menus)
    }

    /// Keeps the site's menu as given; every page shows it at once.
    pub async fn save_menu(
        &self,
        site_id: SiteId,
        kind: MenuKind,
        items: &[MenuItem],
        now: i64,
    ) -> Result<()> {
        let json = serde_json::to_string(items)
            .map_err(|e| StoreError::Corrupt(format!("menu items: {e}")))?;
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM site_menus WHERE site_id = $1 AND menu = $2")
            .bind(site_id.get())
            .bind(kind.as_str())
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO site_menus (site_id, menu, items, updated_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(site_id.get())
        .bind(kind.as_str())
        .bind(&json)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        crate::changes::record(&mut tx, self, site_id, &Change::Site, now).await?;
        tx.commit().await?;
        Ok(())
    }
}
