use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions, install_default_drivers};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};
use tokio::sync::Semaphore;

use crate::{Result, StoreError};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Self::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl(url.to_string()))
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct ConnectOptions {
    /// PostgreSQL only: keep every table in this schema (tests give each
    /// run its own).
    pub schema: Option<String>,
    pub max_connections: Option<u32>,
}

#[derive(Clone)]
pub struct Store {
    pub(crate) pool: AnyPool,
    backend: Backend,
    /// SQLite takes one writer at a time: writers here wait their turn in
    /// order, instead of in SQLite's busy handler, whose growing sleeps
    /// made the slowest writer of a burst wait far longer than the rest.
    writers: Arc<Semaphore>,
    /// PostgreSQL: where a listener for the change feed connects, and the
    /// channel it listens on (one per schema, so tests keep apart).
    listen_url: Option<String>,
    pub(crate) channel: String,
}

/// How long opening the database may take before it is called unreachable.
const PROBE_TIMEOUT: Duration = Duration::from_secs(10);

/// One connection and one read before the pool: a database that cannot be
/// opened is told once, with its cause, instead of a pool that retries
/// until it times out.
async fn probe(backend: Backend, connect: &AnyConnectOptions) -> Result<()> {
    use sqlx::Connection;
    let attempt = async {
        let mut connection = sqlx::AnyConnection::connect_with(connect).await?;
        let read = match backend {
            Backend::Sqlite => "SELECT count(*) FROM sqlite_master",
            Backend::Postgres => "SELECT 1",
        };
        connection.execute(read).await?;
        connection.close().await
    };
    match tokio::time::timeout(PROBE_TIMEOUT, attempt).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(error)) => Err(StoreError::Unopenable(Unopenable::of(backend, error))),
        Err(_) => Err(StoreError::Unopenable(Unopenable::TimedOut)),
    }
}

/// Why a database could not be opened at all.
#[derive(Debug, thiserror::Error)]
pub enum Unopenable {
    #[error("the SQLite file cannot be opened (is its folder there, and writable?)")]
    NoFile,
    #[error("the file is not an SQLite database")]
    NotADatabase,
    #[error("PostgreSQL refused the user or password")]
    LoginRefused,
    #[error("the PostgreSQL database does not exist")]
    NoSuchDatabase,
    #[error("nothing accepts connections at that address and port")]
    NoServer,
    #[error("no answer within {} seconds", PROBE_TIMEOUT.as_secs())]
    TimedOut,
    #[error(transparent)]
    Other(sqlx::Error),
}

impl Unopenable {
    fn of(backend: Backend, error: sqlx::Error) -> Self {
        let code = error
            .as_database_error()
            .and_then(|e| e.code())
            .map(|code| code.into_owned())
            .unwrap_or_default();
        let refused = matches!(&error, sqlx::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused);
        match (backend, code.as_str()) {
            (Backend::Sqlite, "14") => Self::NoFile,
            (Backend::Sqlite, "26") => Self::NotADatabase,
            (Backend::Postgres, "28P01" | "28000") => Self::LoginRefused,
            (Backend::Postgres, "3D000") => Self::NoSuchDatabase,
            _ if refused => Self::NoServer,
            _ => Self::Other(error),
        }
    }
}

impl Store {
    /// Opens the database and brings its schema up to date.
    pub async fn open(url: &str, options: ConnectOptions) -> Result<Self> {
        install_default_drivers();
        let backend = Backend::of_url(url)?;
        let connect = AnyConnectOptions::from_str(url)?;
        probe(backend, &connect).await?;
        let schema = options.schema.clone();
        let max = options.max_connections.unwrap_or(match backend {
            Backend::Sqlite => 4,
            Backend::Postgres => 10,
        });
        let pool = AnyPoolOptions::new()
            .max_connections(max)
            .acquire_timeout(Duration::from_secs(10))
            // A file cannot drop a connection the way a network can; a
            // check before each query would double SQLite's round trips.
            .test_before_acquire(backend == Backend::Postgres)
            .after_connect(move |conn, _meta| {
                let schema = schema.clone();
                Box::pin(async move {
                    match backend {
                        Backend::Sqlite => {
                            conn.execute(
                                // Pages read through a memory map and a 32 MB
                                // cache a connection, instead of a system call
                                // and a copy for every page a query reads.
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                                 PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; \
                                 PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -32768;",
                            )
                            .await?;
                        }
                        Backend::Postgres => {
                            if let Some(schema) = schema {
                                conn.execute(format!("SET search_path TO \"{schema}\"").as_str())
                                    .await?;
                            }
                        }
                    }
                    Ok(())
                })
            })
            .connect_with(connect)
            .await?;
        let channel = match &options.schema {
            Some(schema) => format!("portal_changes_{schema}"),
            None => "portal_changes".to_string(),
        };
        let store = Self {
            pool,
            backend,
            listen_url: (backend == Backend::Postgres).then(|| url.to_string()),
            channel,
            writers: Arc::new(Semaphore::new(1)),
        };
        store.migrate().await?;
        store.index_missing_document_words().await?;
        Ok(store)
    }

    /// Creates a PostgreSQL schema (if missing) to open a store in with
    /// [`ConnectOptions::schema`]: how tests get a database of their own.
    pub async fn create_postgres_schema(url: &str, schema: &str) -> Result<()> {
        install_default_drivers();
        if !schema
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            return Err(StoreError::Corrupt(format!(
                "invalid schema name {schema:?}"
            )));
        }
        let pool = AnyPoolOptions::new()
            .max_connections(1)
            .connect(url)
            .await?;
        pool.execute(format!("CREATE SCHEMA IF NOT EXISTS \"{schema}\"").as_str())
            .await?;
        pool.close().await;
        Ok(())
    }

    async fn migrate(&self) -> Result<()> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await?,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await?,
        }
        Ok(())
    }

    /// A transaction that will write. On SQLite it takes the write lock at
    /// once (`BEGIN IMMEDIATE`): a transaction that reads first and writes
    /// later would otherwise be refused ("database is locked") when another
    /// writer went first, instead of waiting its turn.
    pub(crate) async fn write_tx(&self) -> Result<WriteTx> {
        Ok(match self.backend {
            Backend::Sqlite => {
                let turn = self.writers.clone().acquire_owned().await.ok();
                WriteTx {
                    tx: self.pool.begin_with("BEGIN IMMEDIATE").await?,
                    _turn: turn,
                }
            }
            Backend::Postgres => WriteTx {
                tx: self.pool.begin().await?,
                _turn: None,
            },
        })
    }

    pub(crate) fn url_for_listening(&self) -> Option<&str> {
        self.listen_url.as_deref()
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    pub async fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar::<_, String>("SELECT value FROM settings WHERE key = $1")
                .bind(key)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    pub async fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Stores `value` unless the key already has one; returns the value kept.
    pub async fn setting_or_insert(&self, key: &str, value: &str) -> Result<String> {
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
        )
        .bind(key)
        .bind(value)
        .execute(&self.pool)
        .await?;
        Ok(self
            .setting(key)
            .await?
            .unwrap_or_else(|| value.to_string()))
    }
}

/// A transaction that writes, holding this process's turn to write on
/// SQLite until it ends. Reads and writes go through it as through the
/// connection (`&mut *tx`).
pub(crate) struct WriteTx {
    tx: sqlx::Transaction<'static, sqlx::Any>,
    _turn: Option<tokio::sync::OwnedSemaphorePermit>,
}

impl WriteTx {
    pub(crate) async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl std::ops::Deref for WriteTx {
    type Target = sqlx::AnyConnection;

    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}
