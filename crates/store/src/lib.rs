//! The portal's database. One [`Store`] speaks to SQLite (the embedded
//! default) or PostgreSQL through sqlx's `Any` driver: the queries are the
//! same SQL with `$1` placeholders, and each backend keeps its own
//! migrations folder for the few places where the dialects differ (identity
//! columns, integer widths).

mod articles;
mod audit;
mod backup;
mod blocks;
mod changes;
mod connect;
mod consultations;
mod contact;
mod document_desk;
mod document_words;
mod documents;
mod highlights;
mod media;
mod menus;
mod newsroom;
mod outbox;
mod pages;
mod polls;
mod questions;
mod restores;
mod rows;
mod schedule;
mod search_feed;
mod sites;
mod syndication;
mod tags;
#[doc(hidden)]
pub mod testing;
mod units;
mod users;
mod views;
mod visits;

pub use articles::{ArticleListFilter, NewArticle, SitemapEntry, UpsertOutcome};
pub use audit::{AuditEvent, AuditFilter};
pub use backup::TableDump;
pub use changes::ChangeSignals;
pub use connect::{Backend, ConnectOptions, Store, Unopenable};
pub use document_desk::{DocumentDraft, DocumentFile, DocumentLink, DocumentRevision};
pub use documents::{DocumentFilter, MAX_COUNTED, Saved};
pub use highlights::HighlightedArticle;
pub use newsroom::{DeskFilter, DeskItem, RevisionInfo};
pub use outbox::{Mail, QueuedMail};
pub use questions::{CitizenSettings, QuestionFilter, QuestionUpdate};
pub use restores::PendingRestore;
pub use search_feed::{FoundRow, IndexRow};
pub use sites::{NewCategory, NewSite};
pub use syndication::{Approval, Syndication};
pub use users::{LoginWait, ThrottleKey, ThrottleRule};
pub use views::ViewMark;
pub use visits::{DayOfVisits, ReportLine, VisitMark, VisitTotals};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// A uniqueness rule was broken; the message says which.
    #[error("{0}")]
    Conflict(String),
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    #[error("unsupported database URL \"{0}\": use sqlite://PATH or postgres://USER@HOST/DB")]
    UnsupportedUrl(String),
    /// The database cannot be opened at all.
    #[error("{0}")]
    Unopenable(#[from] connect::Unopenable),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
