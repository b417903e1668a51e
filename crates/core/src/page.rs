//! Pages made of blocks: a layout names its zones, and each site stores which
//! blocks stand in which zone, in what order, with what settings.

use serde::{Deserialize, Serialize};

/// The page kinds the theme ships a layout for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    Home,
    Category,
    Article,
    Search,
}

impl Layout {
    pub const ALL: [Layout; 4] = [
        Layout::Home,
        Layout::Category,
        Layout::Article,
        Layout::Search,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Home => "home",
            Self::Category => "category",
            Self::Article => "article",
            Self::Search => "search",
        }
    }

    pub fn zones(self) -> &'static [&'static str] {
        match self {
            Self::Home => &["top", "main", "aside"],
            Self::Category | Self::Article | Self::Search => &["main", "below", "aside"],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Placement {
    pub zone: String,
    pub block_type: String,
    #[serde(default)]
    pub settings: serde_json::Value,
}

impl Placement {
    pub fn new(zone: &str, block_type: &str, settings: serde_json::Value) -> Self {
        Self {
            zone: zone.to_string(),
            block_type: block_type.to_string(),
            settings,
        }
    }
}
