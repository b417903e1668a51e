//! Site-wide blocks: the category menu and service banners.

use serde_json::{Value as Json, json};

use crate::blocks::{Block, BlockContext, Rendered, render_block};

pub struct CategoryMenu;

impl Block for CategoryMenu {
    fn render<'a>(&'a self, ctx: &'a BlockContext<'a>, _settings: &'a Json) -> Rendered<'a> {
        Box::pin(async move {
            let current = ctx.category.map(|c| c.id);
            let items: Vec<Json> = ctx
                .frame
                .categories
                .iter()
                .map(|c| json!({ "name": c.name, "url": c.path(), "current": Some(c.id) == current }))
                .collect();
            render_block(
                ctx,
                "blocks/menu_categories.html",
                json!({ "items": items }),
            )
        })
    }

    fn same_across_a_section(&self) -> bool {
        true
    }
}

/// Links to the province's services, drawn as banners (no images needed).
/// Settings: `items`: `[{ "title", "url", "tone": "red" | "blue" | "green" }]`.
pub struct Banner;

impl Block for Banner {
    fn render<'a>(&'a self, ctx: &'a BlockContext<'a>, settings: &'a Json) -> Rendered<'a> {
        Box::pin(async move {
            let items: Vec<Json> = settings
                .get("items")
                .and_then(Json::as_array)
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|item| {
                            let title = item.get("title")?.as_str()?;
                            let url = portal_core::address::safe_link(item.get("url")?.as_str()?)?;
                            let tone = item
                                .get("tone")
                                .and_then(Json::as_str)
                                .filter(|tone| matches!(*tone, "red" | "blue" | "green"))
                                .unwrap_or("red");
                            Some(json!({ "title": title, "url": url, "tone": tone }))
                        })
                        .collect()
                })
                .unwrap_or_default();
            if items.is_empty() {
                return Ok(String::new());
            }
            render_block(ctx, "blocks/banner.html", json!({ "items": items }))
        })
    }

    fn same_across_a_section(&self) -> bool {
        true
    }
}
