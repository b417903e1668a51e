//! News: the public pages (home, section, keyword, article), the feeds
//! and sitemap, the read API, the news blocks, and the newsroom's article
//! editor and revisions, and news flowing up from sub-sites.

pub mod api;
pub mod blocks;
pub mod compose;
pub mod feeds;
pub mod highlights;
pub mod newsroom;
pub mod pages;
pub mod revisions;
pub mod syndication;
