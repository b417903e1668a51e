//! Contact on the web: the public form to a unit (`pages`) and the units'
//! inboxes in the newsroom (`newsroom`).

pub mod newsroom;
pub mod pages;
