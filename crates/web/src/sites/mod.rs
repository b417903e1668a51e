//! Sites: the blocks every page of a site shows (menu, banner), and the
//! newsroom's settings, sections and layout screens.

pub mod blocks;
pub mod settings;
