//! The poll block: the site's current poll in a sidebar. It shows no
//! counts, so a vote changes no kept page; choosing leads to the poll's
//! page, where the vote is sealed like every public form.

use serde_json::{Value as Json, json};

use crate::blocks::{Block, BlockContext, Rendered, render_block};

pub struct PollBlock;

impl Block for PollBlock {
    fn render<'a>(&'a self, ctx: &'a BlockContext<'a>, _settings: &'a Json) -> Rendered<'a> {
        Box::pin(async move {
            let poll =
                portal_services::polls::current(&ctx.state.store, &ctx.frame.site, ctx.frame.now)
                    .await?;
            match poll {
                Some(poll) => render_block(
                    ctx,
                    "blocks/poll.html",
                    json!({ "poll": super::shown(&poll, ctx.frame.now, ctx.frame.lang) }),
                ),
                None => Ok(String::new()),
            }
        })
    }
}
