//! The "Thống kê truy cập" block: readers on the site now, visitors today,
//! this month and ever. Fed by the view counter's memory, it costs a page
//! no query; kept pages show it at most the cache's freshness old.

use serde_json::{Value as Json, json};

use crate::blocks::{Block, BlockContext, Rendered, render_block};

pub struct VisitsBlock;

impl Block for VisitsBlock {
    fn render<'a>(&'a self, ctx: &'a BlockContext<'a>, _settings: &'a Json) -> Rendered<'a> {
        Box::pin(async move {
            let (state, site, now) = (ctx.state, ctx.frame.site.id, ctx.frame.now);
            let totals = state.views.totals(&state.store, site, now).await?;
            // The reader asking is on the site now, counted or not yet.
            let online = state.views.online(site, now).max(1);
            render_block(
                ctx,
                "blocks/visits.html",
                json!({
                    "online": online,
                    "today": totals.today,
                    "month": totals.month,
                    "total": totals.total,
                }),
            )
        })
    }
}
