//! The portal's use cases, tying the domain to the store and the media
//! folder: importing legacy page captures, the demo site, counting views.

pub mod accounts;
pub mod audit;
pub mod backup;
pub mod demo;
pub mod import;
pub mod media;
pub mod newsroom;
pub mod search;
pub mod sites;
pub mod views;
