//! The search box any page can carry, and the results on the search page.

use serde_json::{Value as Json, json};

use crate::blocks::{Block, BlockContext, Rendered, render_block};

/// A search form that takes readers to `/tim-kiem`.
pub struct SearchBox;

impl Block for SearchBox {
    fn render<'a>(&'a self, ctx: &'a BlockContext<'a>, _settings: &'a Json) -> Rendered<'a> {
        Box::pin(async move { render_block(ctx, "blocks/search_box.html", json!({})) })
    }

    fn same_across_a_section(&self) -> bool {
        true
    }
}

/// The results the search page found, with its filters and pages.
pub struct SearchResults;

impl Block for SearchResults {
    fn render<'a>(&'a self, ctx: &'a BlockContext<'a>, _settings: &'a Json) -> Rendered<'a> {
        Box::pin(async move {
            let Some(search) = ctx.search else {
                return Ok(String::new());
            };
            render_block(ctx, "blocks/search_results.html", search.clone())
        })
    }
}
