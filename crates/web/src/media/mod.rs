//! Media: serving pictures, files and the embedded assets, and the
//! newsroom's library (upload, pick).

pub mod files;
pub mod library;
