//! Comments on draft documents on the web: the drafts open for comment and
//! the comment form (`pages`), and the office's moderation and exports
//! (`newsroom`).

pub mod newsroom;
pub mod pages;
