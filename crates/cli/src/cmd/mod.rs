//! One module per command, as the CLI lists them.

pub(crate) mod backup;
pub(crate) mod import;
pub(crate) mod reindex;
pub(crate) mod serve;
pub(crate) mod site;
pub(crate) mod user;
