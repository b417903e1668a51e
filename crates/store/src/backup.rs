//! The database as portable rows, for backups: every table read in one
//! snapshot, and written back into an empty database of either backend in
//! an order its foreign keys accept.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use sqlx::any::AnyRow;
use sqlx::{Column, Executor, Row};

use crate::{Backend, Result, Store, StoreError};

/// The tables a backup carries: all but the migrations' own bookkeeping.
fn carried(name: &str) -> bool {
    // The change feed says what changed lately; a restored portal starts
    // with none (its caches are empty and its index is rebuilt).
    !name.starts_with("_sqlx") && !name.starts_with("sqlite_") && name != "changes"
}

/// One table's rows, each an object of column → value.
pub struct TableDump {
    pub name: String,
    pub rows: Vec<serde_json::Map<String, Value>>,
}

impl Store {
    /// The newest migration this database has had.
    pub async fn schema_version(&self) -> Result<i64> {
        Ok(
            sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(version) FROM _sqlx_migrations")
                .fetch_one(&self.pool)
                .await?
                .unwrap_or(0),
        )
    }

    /// Every table, read inside one read-only transaction: on SQLite (WAL)
    /// and on PostgreSQL (repeatable read) that is one snapshot, however
    /// much the portal writes meanwhile. `progress` hears of each table.
    pub async fn dump(&self, progress: &(dyn Fn(&str, usize) + Sync)) -> Result<Vec<TableDump>> {
        let mut tx = self.pool.begin().await?;
        if self.backend() == Backend::Postgres {
            tx.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                .await?;
        }
        let tables = self.tables_in(&mut tx).await?;
        let mut dumps = Vec::with_capacity(tables.len());
        for name in tables {
            let rows = sqlx::query(&format!("SELECT * FROM \"{name}\" ORDER BY 1"))
                .fetch_all(&mut *tx)
                .await?;
            let rows: Vec<_> = rows.iter().map(row_to_json).collect::<Result<_>>()?;
            progress(&name, rows.len());
            dumps.push(TableDump { name, rows });
        }
        tx.commit().await?;
        Ok(dumps)
    }

    /// Whether the database holds anything a person made: a restore will
    /// not write over it unless told.
    pub async fn has_content(&self) -> Result<bool> {
        for table in ["articles", "users", "media", "sites"] {
            let count: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(&self.pool)
                .await?;
            if count > 0 {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Replaces every table's rows with the dump's, in one transaction:
    /// a restore that fails leaves the database as it was.
    pub async fn load(
        &self,
        dumps: &[TableDump],
        progress: &(dyn Fn(&str, usize) + Sync),
    ) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        let order = self.insert_order(&mut conn).await?;
        let known: BTreeSet<&str> = order.iter().map(String::as_str).collect();
        if let Some(unknown) = dumps.iter().find(|d| !known.contains(d.name.as_str())) {
            return Err(StoreError::Corrupt(format!(
                "the backup has a table \"{}\" this version does not know",
                unknown.name
            )));
        }
        let mut tx = sqlx::Connection::begin(&mut *conn).await?;
        // References that go both ways (a site's logo, a picture's site) are
        // checked at the commit, when both rows are there.
        match self.backend() {
            Backend::Sqlite => tx.execute("PRAGMA defer_foreign_keys = ON").await?,
            Backend::Postgres => tx.execute("SET CONSTRAINTS ALL DEFERRED").await?,
        };
        for name in order.iter().rev() {
            tx.execute(format!("DELETE FROM \"{name}\"").as_str())
                .await?;
        }
        for name in &order {
            let Some(dump) = dumps.iter().find(|d| &d.name == name) else {
                continue;
            };
            for row in &dump.rows {
                // A NULL is left out rather than bound: a typed NULL of the
                // wrong type is an error on PostgreSQL, and a nullable
                // column's default is NULL.
                let columns: Vec<&String> = row
                    .iter()
                    .filter(|(_, value)| !value.is_null())
                    .map(|(column, _)| column)
                    .collect();
                let sql = format!(
                    "INSERT INTO \"{name}\" ({}) VALUES ({})",
                    columns
                        .iter()
                        .map(|c| format!("\"{c}\""))
                        .collect::<Vec<_>>()
                        .join(", "),
                    (1..=columns.len())
                        .map(|i| format!("${i}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                let mut query = sqlx::query(&sql);
                for column in &columns {
                    query = match &row[column.as_str()] {
                        Value::Null => query,
                        Value::Bool(b) => query.bind(i64::from(*b)),
                        Value::Number(n) => match n.as_i64() {
                            Some(i) => query.bind(i),
                            None => query.bind(n.as_f64().unwrap_or_default()),
                        },
                        Value::String(s) => query.bind(s.clone()),
                        other => query.bind(other.to_string()),
                    };
                }
                query.execute(&mut *tx).await?;
            }
            progress(name, dump.rows.len());
        }
        if self.backend() == Backend::Postgres {
            // Rows came with their ids: the next id must follow them.
            for name in &order {
                // Asked only of tables with an `id`: an error here would
                // spoil the whole transaction.
                let has_id: Option<String> = sqlx::query_scalar::<_, Option<String>>(
                    "SELECT pg_get_serial_sequence(quote_ident(table_name::text), 'id') \
                     FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name = $1 AND column_name = 'id'",
                )
                .bind(name)
                .fetch_optional(&mut *tx)
                .await?
                .flatten();
                if has_id.is_some() {
                    tx.execute(
                        format!(
                            "SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), \
                             COALESCE((SELECT MAX(id) FROM \"{name}\"), 0) + 1, false)"
                        )
                        .as_str(),
                    )
                    .await?;
                }
            }
        }
        tx.commit().await?;
        Ok(())
    }

    async fn tables_in(&self, conn: &mut sqlx::AnyConnection) -> Result<Vec<String>> {
        let sql = match self.backend() {
            Backend::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
            Backend::Postgres => {
                "SELECT table_name::text FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
                 ORDER BY table_name"
            }
        };
        let names: Vec<String> = sqlx::query_scalar(sql).fetch_all(&mut *conn).await?;
        Ok(names.into_iter().filter(|n| carried(n)).collect())
    }

    /// Tables ordered so that each comes after those its foreign keys name.
    async fn insert_order(&self, conn: &mut sqlx::AnyConnection) -> Result<Vec<String>> {
        let tables = self.tables_in(conn).await?;
        let mut needs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for table in &tables {
            let referenced: Vec<String> = match self.backend() {
                Backend::Sqlite => {
                    // Every reference is checked at the commit here; only a
                    // required one orders the tables (triggers read them).
                    sqlx::query_scalar(
                        "SELECT f.\"table\" FROM pragma_foreign_key_list($1) f \
                         JOIN pragma_table_info($1) c ON c.name = f.\"from\" WHERE c.\"notnull\" = 1",
                    )
                    .bind(table)
                        .fetch_all(&mut *conn)
                        .await?
                }
                Backend::Postgres => {
                    sqlx::query_scalar(
                        "SELECT DISTINCT ccu.table_name::text \
                         FROM information_schema.table_constraints tc \
                         JOIN information_schema.constraint_column_usage ccu \
                           ON tc.constraint_name = ccu.constraint_name \
                          AND tc.table_schema = ccu.table_schema \
                         WHERE tc.constraint_type = 'FOREIGN KEY' \
                           AND tc.table_schema = current_schema() AND tc.table_name = $1 \
                           AND tc.is_deferrable = 'NO'",
                    )
                    .bind(table)
                    .fetch_all(&mut *conn)
                    .await?
                }
            };
            needs.insert(
                table.clone(),
                referenced.into_iter().filter(|r| r != table).collect(),
            );
        }
        let mut order: Vec<String> = Vec::with_capacity(tables.len());
        while order.len() < tables.len() {
            let ready: Vec<String> = tables
                .iter()
                .filter(|t| !order.contains(t))
                .filter(|t| {
                    needs[*t]
                        .iter()
                        .all(|n| order.contains(n) || !needs.contains_key(n))
                })
                .cloned()
                .collect();
            if ready.is_empty() {
                // A circle (sites ⇄ media on SQLite, where every reference
                // waits for the commit): the table that waits on the fewest.
                let unmet = |t: &String| needs[t].iter().filter(|n| !order.contains(n)).count();
                let next = tables
                    .iter()
                    .filter(|t| !order.contains(t))
                    .min_by_key(|t| unmet(t))
                    .cloned();
                order.extend(next);
            } else {
                order.extend(ready);
            }
        }
        Ok(order)
    }
}

fn row_to_json(row: &AnyRow) -> Result<serde_json::Map<String, Value>> {
    let mut object = serde_json::Map::new();
    for (i, column) in row.columns().iter().enumerate() {
        let value = if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
            v.map_or(Value::Null, Value::from)
        } else if let Ok(v) = row.try_get::<Option<String>, _>(i) {
            v.map_or(Value::Null, Value::from)
        } else if let Ok(v) = row.try_get::<Option<f64>, _>(i) {
            v.map_or(Value::Null, Value::from)
        } else if let Ok(v) = row.try_get::<Option<bool>, _>(i) {
            v.map_or(Value::Null, |b| Value::from(i64::from(b)))
        } else {
            return Err(StoreError::Corrupt(format!(
                "column {} has a type backups do not carry",
                column.name()
            )));
        };
        object.insert(column.name().to_string(), value);
    }
    Ok(object)
}
