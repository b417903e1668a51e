//! Citizens' questions and feedback on the web: the public pages and forms
//! (`pages`) and the office's queue (`newsroom`).

pub mod newsroom;
pub mod pages;
