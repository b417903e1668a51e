//! The portal's use cases, tying the domain to the store and the media
//! folder: importing legacy page captures, the demo site, counting views.

pub mod accounts;
pub mod audit;
pub mod backup;
pub mod changes;
pub mod cloud;
pub mod consultations;
pub mod contact;
pub mod demo;
pub mod documents;
pub mod mail;
pub mod media;
pub mod news;
pub mod polls;
pub mod questions;
pub mod schedule;
pub mod search;
pub mod sites;
pub mod statistics;
pub mod views;

/// The database handle and the plain values the other layers name; they
/// reach the store's queries only through the use cases above.
pub use portal_store::{
    ArticleListFilter, AuditEvent, AuditFilter, Backend, CitizenSettings, ConnectOptions,
    DocumentFile, DocumentFilter, DocumentLink, DocumentRevision, LoginWait, MAX_COUNTED, Mail,
    QuestionFilter, QueuedMail, ReportLine, RevisionInfo, Saved, Store, StoreError, Unopenable,
    UpsertOutcome,
};
