//! The portal's domain: what a site, a category and an article are, how an
//! article body is made of typed blocks, and the rules for Vietnamese text,
//! dates and slugs. Nothing here does I/O, SQL, HTTP or templating.

pub mod account;
pub mod address;
pub mod body;
pub mod capture;
pub mod change;
pub mod consultation;
pub mod contact;
pub mod content;
pub mod diff;
pub mod document;
pub mod document_number;
pub mod highlight;
pub mod id;
pub mod markup;
pub mod media;
pub mod menu;
pub mod organisation;
pub mod page;
pub mod paging;
pub mod poll;
pub mod question;
pub mod schedule;
pub mod syndication;
pub mod text;
pub mod time;
pub mod workflow;

pub use body::{Body, BodyBlock, Figure, InlineHtml};
pub use content::{
    Article, ArticleContent, ArticleStatus, ArticleSummary, Category, Site, SiteKind, Tag,
};
pub use id::{ArticleId, SiteId, UserId};
pub use media::{Media, MediaVariant};
pub use page::{Layout, Placement};
pub use paging::{PageRequest, PageRequestError};
