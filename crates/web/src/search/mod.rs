//! Search: the readers' page and API, the search blocks, and the
//! newsroom's search of every article staff may see.

pub mod blocks;
pub mod newsroom;
pub mod pages;
