//! Sites: the blocks every page of a site shows (menu, banner), the
//! directory of its sub-portals, and the newsroom's settings, sections and
//! layout screens.

pub mod blocks;
pub mod directory;
pub mod estate;
pub mod layout;
pub mod menus;
pub mod organisation;
pub mod prefix;
pub mod settings;
pub mod setup;
pub mod site_map;
pub mod units;
