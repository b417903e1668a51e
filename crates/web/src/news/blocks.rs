//! News blocks: the article toolbar and view, and the lists around them.

use std::collections::HashMap;

use portal_core::text::PairSet;
use portal_core::{Article, ArticleSummary, BodyBlock, Media, PageRequest};
use portal_services::ArticleListFilter;
use serde_json::{Value as Json, json};

use crate::WebError;
use crate::blocks::{
    Block, BlockContext, ImageView, Rendered, media_map, public_articles, public_list,
    render_block, setting_str, setting_u32, summary_views,
};
use crate::cache::Dep;
use crate::i18n::t;

fn article<'a>(ctx: &'a BlockContext<'a>) -> Option<&'a Article> {
    ctx.article
}

/// `Block_BanTin_Toolbar`: date, text size, print, share, views.
pub struct Toolbar;

impl Block for Toolbar {
    fn render<'a>(&'a self, ctx: &'a BlockContext<'a>, _settings: &'a Json) -> Rendered<'a> {
        Box::pin(async move {
            let Some(article) = article(ctx) else {
                return Ok(String::new());
            };
            let url = ctx.frame.url(&article.path());
            render_block(
                ctx,
                "blocks/news_toolbar.html",
                json!({
                    "published_at": article.content.publish_at.unwrap_or(article.created_at),
                    "views": article.views,
                    "url": url,
                    "title": article.content.title,
                }),
            )
        })
    }
}

/// `Block_BanTin_ViewData`: title, lead, body, byline.
pub struct View;

impl Block for View {
    fn render<'a>(&'a self, ctx: &'a BlockContext<'a>, _settings: &'a Json) -> Rendered<'a> {
        Box::pin(async move {
            let Some(article) = article(ctx) else {
                return Ok(String::new());
            };
            let media = media_map(ctx, article.content.body.media_ids()).await?;
            let origin = super::pages::origin_link(ctx.state, ctx.frame, article).await?;
            // Document numbers the base holds link to their pages (decided
            // now, so a document added later links older articles too).
            let targets = crate::documents::link_targets(ctx.state, ctx.frame).await?;
            let mut body = body_view(article.content.body.blocks(), &media);
            link_documents(&mut body, &targets);
            let lead = portal_core::body::InlineHtml::from_plain(&article.content.lead);
            render_block(
                ctx,
                "blocks/news_view.html",
                json!({
                    "title": article.content.title,
                    "lead": article.content.lead,
                    "lead_html": crate::documents::link_numbers(lead.as_html(), &targets),
                    "body": body,
                    "byline": article.content.byline,
                    "source": article.content.source,
                    "origin": origin.map(|(name, url)| json!({ "name": name, "url": url })),
                    "tags": article.content.tags.iter().map(|name| json!({
                        "name": name,
                        "url": portal_core::content::tag_path(&portal_core::text::slugify(name)),
                    })).collect::<Vec<_>>(),
                    "url": ctx.frame.url(&article.path()),
                }),
            )
        })
    }
}

/// The text of paragraphs, quotes, lists and tables with the document
/// numbers of `targets` linked; headings and captions are left alone.
fn link_documents(body: &mut [Json], targets: &HashMap<String, String>) {
    if targets.is_empty() {
        return;
    }
    let link = |value: &mut Json| {
        if let Some(html) = value.as_str() {
            *value = Json::String(crate::documents::link_numbers(html, targets));
        }
    };
    for block in body {
        match block.get("type").and_then(Json::as_str) {
            Some("paragraph" | "quote") => {
                if let Some(text) = block.get_mut("text") {
                    link(text);
                }
            }
            Some("list") => {
                if let Some(items) = block.get_mut("items").and_then(Json::as_array_mut) {
                    items.iter_mut().for_each(link);
                }
            }
            Some("table") => {
                if let Some(rows) = block.get_mut("rows").and_then(Json::as_array_mut) {
                    for row in rows {
                        if let Some(cells) = row.as_array_mut() {
                            cells.iter_mut().for_each(link);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// Body blocks with what they point at looked up: figures' images,
/// attachments' files, videos' players.
pub fn body_view(blocks: &[BodyBlock], media: &HashMap<i64, Media>) -> Vec<Json> {
    blocks
        .iter()
        .map(|block| {
            let mut value = serde_json::to_value(block).unwrap_or(Json::Null);
            let Some(object) = value.as_object_mut() else {
                return value;
            };
            match block {
                BodyBlock::Figure(figure) => {
                    if let Some(m) = figure.media_id.and_then(|id| media.get(&id)).filter(|m| m.is_image()) {
                        let image = ImageView::of(m, 960, &figure.alt);
                        object.insert("image".into(), serde_json::to_value(image).unwrap_or(Json::Null));
                    }
                }
                BodyBlock::Attachment { media_id, .. } => {
                    if let Some(m) = media.get(media_id) {
                        object.insert(
                            "file".into(),
                            json!({ "url": Media::url(&m.key), "kilobytes": m.byte_size / 1024, "mime": m.mime }),
                        );
                    }
                }
                BodyBlock::Embed { url, .. } => {
                    // Checked again on the way out: bodies stored before
                    // the policy, or written by another program.
                    object.remove("url");
                    if let Some(player) = portal_core::address::embed_player(url) {
                        object.insert("player".into(), json!(player.src));
                    }
                    if let Some(link) = portal_core::address::safe_web_address(url) {
                        object.insert("link".into(), json!(link));
                    }
                }
                _ => {}
            }
            value
        })
        .collect()
}

/// Articles that share the most word pairs with this one, among recent
/// articles of its categories and of the whole site.
pub struct Related;

impl Block for Related {
    fn render<'a>(&'a self, ctx: &'a BlockContext<'a>, settings: &'a Json) -> Rendered<'a> {
        Box::pin(async move {
            let Some(article) = article(ctx) else {
                return Ok(String::new());
            };
            let limit = setting_u32(settings, "limit", 4, 20) as usize;
            let related = related_articles(ctx, article, limit).await?;
            if related.is_empty() {
                return Ok(String::new());
            }
            render_block(
                ctx,
                "blocks/news_list.html",
                json!({
                    "title_key": "article.related",
                    "style": "cards",
                    "items": summary_views(ctx, related).await?,
                    "block": "news-related",
                }),
            )
        })
    }
}

/// An article that related lists may show, with its word pairs.
pub struct Candidate {
    summary: ArticleSummary,
    pairs: PairSet,
}

/// The candidates for the related articles of every article in these
/// sections: the newest of each, then of the whole site. Kept with their
/// word pairs like the lists they come from: one article page alone
/// would spend most of its time splitting the others' words.
async fn related_pool(
    ctx: &BlockContext<'_>,
    sections: Vec<i64>,
) -> Result<std::sync::Arc<Vec<Candidate>>, WebError> {
    let site = ctx.frame.site.id;
    for &section in &sections {
        ctx.deps.note(Dep::Category(section));
    }
    ctx.deps.note(Dep::Latest { site });
    let each = PageRequest::first(CANDIDATES_EACH);
    let read = async {
        let mut pool: Vec<Candidate> = Vec::new();
        for category_id in sections.iter().copied().map(Some).chain([None]) {
            let filter = ArticleListFilter {
                category_id,
                ..Default::default()
            };
            for summary in public_list(ctx, filter, each).await? {
                if !pool.iter().any(|c| c.summary.id == summary.id) {
                    let pairs = PairSet::of(&format!("{} {}", summary.title, summary.lead));
                    pool.push(Candidate { summary, pairs });
                }
            }
        }
        Ok::<_, WebError>(pool)
    };
    let state = ctx.state;
    state
        .related_pools
        .get_or_read(&state.pages, (site, sections.clone()), read)
        .await
}

/// How many of each list's newest articles may be related: forty, and
/// one more for the article itself.
const CANDIDATES_EACH: u32 = 41;

async fn related_articles(
    ctx: &BlockContext<'_>,
    article: &Article,
    limit: usize,
) -> Result<Vec<ArticleSummary>, WebError> {
    let sections = article.categories.iter().map(|c| c.id).collect();
    let pool = related_pool(ctx, sections).await?;
    let own = PairSet::of(&format!(
        "{} {}",
        article.content.title, article.content.lead
    ));
    let mut scored: Vec<(usize, &ArticleSummary)> = pool
        .iter()
        .filter(|c| c.summary.id != article.id)
        .map(|c| (own.shared_with(&c.pairs), &c.summary))
        .filter(|(score, _)| *score >= 2)
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.published_at.cmp(&a.1.published_at)));
    Ok(scored
        .into_iter()
        .take(limit)
        .map(|(_, c)| c.clone())
        .collect())
}

/// A list of articles. `source`: `latest`, `featured`, `carried`, `category` (with
/// `category`: slug), `current_category`, `older_in_category` (on article
/// pages: what the category published before this article).
pub struct List;

impl Block for List {
    fn render<'a>(&'a self, ctx: &'a BlockContext<'a>, settings: &'a Json) -> Rendered<'a> {
        Box::pin(async move {
            let limit = setting_u32(settings, "limit", 6, 50);
            let mut filter = ArticleListFilter::default();
            let mut more_url = None;
            match setting_str(settings, "source").unwrap_or("latest") {
                "featured" => filter.featured_only = true,
                // Copies approved from the sub-sites ("Tin từ cơ sở").
                "carried" => filter.carried_only = true,
                "category" => {
                    let slug = setting_str(settings, "category").unwrap_or_default();
                    let Some(category) = ctx.frame.categories.iter().find(|c| c.slug == slug)
                    else {
                        return Ok(String::new());
                    };
                    filter.category_id = Some(category.id);
                    more_url = Some(category.path());
                }
                "current_category" => {
                    let Some(category) = ctx.category else {
                        return Ok(String::new());
                    };
                    filter.category_id = Some(category.id);
                }
                "older_in_category" => {
                    let (Some(article), Some(category)) = (ctx.article, ctx.category) else {
                        return Ok(String::new());
                    };
                    filter.category_id = Some(category.id);
                    filter.exclude_id = Some(article.id.get());
                    filter.published_before = article.content.publish_at;
                    more_url = Some(category.path());
                }
                _ => {}
            }
            let items = public_list(ctx, filter, PageRequest::first(limit)).await?;
            if items.is_empty() {
                return Ok(String::new());
            }
            render_block(
                ctx,
                "blocks/news_list.html",
                json!({
                    "title_key": setting_str(settings, "title_key"),
                    "title": setting_str(settings, "title"),
                    "style": setting_str(settings, "style").unwrap_or("cards"),
                    "items": summary_views(ctx, items).await?,
                    "more_url": more_url,
                    "block": "news-list",
                }),
            )
        })
    }
}

/// The most read articles of the last `days` days.
pub struct Hot;

impl Block for Hot {
    fn render<'a>(&'a self, ctx: &'a BlockContext<'a>, settings: &'a Json) -> Rendered<'a> {
        Box::pin(async move {
            let limit = setting_u32(settings, "limit", 5, 20);
            let days = setting_u32(settings, "days", 30, 3650);
            let state = ctx.state;
            let site = ctx.frame.site.id;
            let key = crate::blocks::ListKey::MostViewed { site, days, limit };
            let read = async {
                let since = ctx.frame.now - i64::from(days) * 86_400;
                let most_read = portal_services::news::most_read(
                    &state.store,
                    site,
                    since,
                    limit,
                    ctx.frame.now,
                )
                .await?;
                Ok::<_, WebError>(most_read)
            };
            let items = state.lists.get_or_read(&state.pages, key, read).await?;
            let items = items.as_ref().clone();
            if items.is_empty() {
                return Ok(String::new());
            }
            render_block(
                ctx,
                "blocks/news_list.html",
                json!({
                    "title_key": "home.hot",
                    "style": "ranked",
                    "items": summary_views(ctx, items).await?,
                    "block": "news-hot",
                }),
            )
        })
    }

    fn same_across_a_section(&self) -> bool {
        true
    }
}

async fn category_articles(
    ctx: &BlockContext<'_>,
    category_id: i64,
    page: PageRequest,
) -> Result<Vec<ArticleSummary>, WebError> {
    let filter = ArticleListFilter {
        category_id: Some(category_id),
        ..Default::default()
    };
    public_list(ctx, filter, page).await
}

/// On the home page: the newest articles of every main category.
pub struct ByCategory;

impl Block for ByCategory {
    fn render<'a>(&'a self, ctx: &'a BlockContext<'a>, settings: &'a Json) -> Rendered<'a> {
        Box::pin(async move {
            let limit = setting_u32(settings, "limit", 4, 20);
            let mut sections = Vec::new();
            for category in ctx
                .frame
                .categories
                .iter()
                .filter(|c| c.on_home && c.parent_id.is_none())
            {
                let items = category_articles(ctx, category.id, PageRequest::first(limit)).await?;
                if !items.is_empty() {
                    sections.push(json!({
                        "name": category.name,
                        "url": category.path(),
                        "items": summary_views(ctx, items).await?,
                    }));
                }
            }
            render_block(
                ctx,
                "blocks/news_by_category.html",
                json!({ "sections": sections }),
            )
        })
    }
}

/// A category's (or a keyword's) articles, a page at a time.
pub struct CategoryPage;

impl Block for CategoryPage {
    fn render<'a>(&'a self, ctx: &'a BlockContext<'a>, _settings: &'a Json) -> Rendered<'a> {
        Box::pin(async move {
            let (name, url, filter) = match (ctx.category, ctx.tag) {
                (_, Some(tag)) => (
                    format!("{}: {}", t(ctx.frame.lang, "tag.title"), tag.name),
                    tag.path(),
                    ArticleListFilter {
                        tag_id: Some(tag.id),
                        ..Default::default()
                    },
                ),
                (Some(category), None) => (
                    category.name.clone(),
                    category.path(),
                    ArticleListFilter {
                        category_id: Some(category.id),
                        ..Default::default()
                    },
                ),
                (None, None) => return Ok(String::new()),
            };
            let (items, total) = public_articles(ctx, filter, ctx.page).await?;
            let pages = ctx.page.page_count(total);
            if ctx.page.page > pages {
                return Err(WebError::NotFound);
            }
            render_block(
                ctx,
                "blocks/news_category_page.html",
                json!({
                    "name": name,
                    "url": url,
                    "items": summary_views(ctx, items).await?,
                    "page": ctx.page.page,
                    "pages": pages,
                    "total": total,
                }),
            )
        })
    }
}
