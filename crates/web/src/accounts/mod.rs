//! Accounts: logging in and out, the session and CSRF guards every
//! newsroom handler takes, and the administrators' people screens.

pub mod auth;
pub mod guard;
pub mod people;
