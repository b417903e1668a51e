//! The portal's block vocabulary. A block is a type plus its settings; from
//! the page it stands on and those settings it loads its data and renders
//! its template. Sites arrange blocks in their layouts' zones.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use minijinja::Value;
use portal_core::{
    Article, ArticleId, ArticleSummary, Category, Layout, Media, PageRequest, Placement, SiteId,
    Tag,
};
use portal_services::ArticleListFilter;
use portal_services::news as reading;
use serde::Serialize;
use serde_json::json;

use crate::cache::{Dep, Deps};
use crate::frame::Frame;
use crate::{SharedState, WebError};

pub type Rendered<'a> = Pin<Box<dyn Future<Output = Result<String, WebError>> + Send + 'a>>;

/// Everything a block may draw on.
pub struct BlockContext<'a> {
    pub state: &'a SharedState,
    pub frame: &'a Frame,
    /// On article pages.
    pub article: Option<&'a Article>,
    /// On category pages (and the article's primary category).
    pub category: Option<&'a Category>,
    /// On keyword pages.
    pub tag: Option<&'a Tag>,
    /// On the search page: the question and its answers, ready to show.
    pub search: Option<&'a serde_json::Value>,
    pub page: PageRequest,
    /// What the page shows, noted by its blocks as they load it.
    pub deps: Deps,
}

/// A page of the public articles a list shows, with their total for page
/// numbers, noting the list as shown.
pub async fn public_articles(
    ctx: &BlockContext<'_>,
    filter: ArticleListFilter,
    page: PageRequest,
) -> Result<(Vec<ArticleSummary>, i64), WebError> {
    note_list(ctx, &filter);
    let site = ctx.frame.site.id;
    Ok(reading::page_of_articles(&ctx.state.store, site, filter, page, ctx.frame.now).await?)
}

/// The same without the total, for lists without page numbers: counting
/// every article of a site costs more than the page.
pub async fn public_list(
    ctx: &BlockContext<'_>,
    filter: ArticleListFilter,
    page: PageRequest,
) -> Result<Vec<ArticleSummary>, WebError> {
    note_list(ctx, &filter);
    let site = ctx.frame.site.id;
    let state = ctx.state;
    let read = || async {
        Ok::<_, WebError>(
            reading::list_of_articles(&state.store, site, filter, page, ctx.frame.now).await?,
        )
    };
    // Lists around one article (older than it, without it) serve that
    // article alone: not worth keeping.
    if filter.exclude_id.is_some() || filter.published_before.is_some() {
        return read().await;
    }
    let key = ListKey::Latest {
        site,
        category: filter.category_id,
        tag: filter.tag_id,
        featured: filter.featured_only,
        carried: filter.carried_only,
        limit: page.limit(),
        offset: page.offset(),
    };
    let list = state.lists.get_or_read(&state.pages, key, read()).await?;
    Ok(list.as_ref().clone())
}

/// Which list of articles a memo holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ListKey {
    Latest {
        site: SiteId,
        category: Option<i64>,
        tag: Option<i64>,
        featured: bool,
        carried: bool,
        limit: i64,
        offset: i64,
    },
    MostViewed {
        site: SiteId,
        days: u32,
        limit: u32,
    },
}

fn note_list(ctx: &BlockContext<'_>, filter: &ArticleListFilter) {
    let site = ctx.frame.site.id;
    ctx.deps.note(match (filter.category_id, filter.tag_id) {
        (Some(category), _) => Dep::Category(category),
        (None, Some(_)) => Dep::Tags { site },
        (None, None) => Dep::Latest { site },
    });
}

pub trait Block: Send + Sync {
    fn render<'a>(
        &'a self,
        ctx: &'a BlockContext<'a>,
        settings: &'a serde_json::Value,
    ) -> Rendered<'a>;

    /// Whether the block shows the same on every page of a section (the
    /// most-read list, the section menu, a banner): then it is rendered
    /// once a section and kept like the lists it shows.
    fn same_across_a_section(&self) -> bool {
        false
    }
}

/// A block kept rendered: by site, language, section, type and settings.
pub type FragmentKey = (SiteId, &'static str, Option<i64>, String, String);

/// A rendered block and what it showed.
pub struct Fragment {
    html: String,
    deps: Vec<Dep>,
}

pub struct Registry {
    blocks: HashMap<&'static str, Box<dyn Block>>,
}

impl Default for Registry {
    fn default() -> Self {
        let mut blocks: HashMap<&'static str, Box<dyn Block>> = HashMap::new();
        blocks.insert("news.toolbar", Box::new(crate::news::blocks::Toolbar));
        blocks.insert("news.view", Box::new(crate::news::blocks::View));
        blocks.insert("news.related", Box::new(crate::news::blocks::Related));
        blocks.insert("news.list", Box::new(crate::news::blocks::List));
        blocks.insert("news.hot", Box::new(crate::news::blocks::Hot));
        blocks.insert(
            "news.by_category",
            Box::new(crate::news::blocks::ByCategory),
        );
        blocks.insert(
            "news.category_page",
            Box::new(crate::news::blocks::CategoryPage),
        );
        blocks.insert(
            "menu.categories",
            Box::new(crate::sites::blocks::CategoryMenu),
        );
        blocks.insert("banner", Box::new(crate::sites::blocks::Banner));
        blocks.insert("poll", Box::new(crate::polls::blocks::PollBlock));
        blocks.insert(
            "statistics.visits",
            Box::new(crate::statistics::blocks::VisitsBlock),
        );
        blocks.insert("search.box", Box::new(crate::search::blocks::SearchBox));
        blocks.insert(
            "search.results",
            Box::new(crate::search::blocks::SearchResults),
        );
        Self { blocks }
    }
}

impl Registry {
    /// A placement of an unknown type renders nothing (and is logged): a
    /// stale row must not take the page down.
    pub async fn render(
        &self,
        ctx: &BlockContext<'_>,
        placement: &Placement,
    ) -> Result<String, WebError> {
        match self.blocks.get(placement.block_type.as_str()) {
            Some(block) if block.same_across_a_section() => {
                let fragment = kept_fragment(ctx, block.as_ref(), placement).await?;
                ctx.deps.note_all(fragment.deps.iter().cloned());
                Ok(fragment.html.clone())
            }
            Some(block) => block.render(ctx, &placement.settings).await,
            None => {
                tracing::warn!(block = %placement.block_type, "unknown block type skipped");
                Ok(String::new())
            }
        }
    }

    pub fn knows(&self, block_type: &str) -> bool {
        self.blocks.contains_key(block_type)
    }

    /// Every block type, sorted, for the placement screen.
    pub fn type_names(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = self.blocks.keys().copied().collect();
        names.sort_unstable();
        names
    }
}

async fn kept_fragment(
    ctx: &BlockContext<'_>,
    block: &dyn Block,
    placement: &Placement,
) -> Result<Arc<Fragment>, WebError> {
    let key = (
        ctx.frame.site.id,
        ctx.frame.lang.code(),
        ctx.category.map(|c| c.id),
        placement.block_type.clone(),
        placement.settings.to_string(),
    );
    let render = async {
        // Rendered on a page of its own, so that what it notes is its own.
        let alone = BlockContext {
            state: ctx.state,
            frame: ctx.frame,
            article: None,
            category: ctx.category,
            tag: None,
            search: None,
            page: PageRequest::first(1),
            deps: Deps::default(),
        };
        let html = block.render(&alone, &placement.settings).await?;
        Ok::<_, WebError>(Fragment {
            html,
            deps: alone.deps.into_vec(),
        })
    };
    let state = ctx.state;
    state.fragments.get_or_read(&state.pages, key, render).await
}

/// The theme's default arrangement, stored for each new site.
pub fn default_placements(layout: Layout) -> Vec<Placement> {
    let aside = || {
        vec![
            Placement::new("aside", "search.box", json!({})),
            Placement::new("aside", "news.hot", json!({ "limit": 5, "days": 30 })),
            Placement::new("aside", "menu.categories", json!({})),
            Placement::new(
                "aside",
                "banner",
                json!({ "items": [
                    { "title": "Dịch vụ công trực tuyến", "url": "https://dichvucong.gov.vn/", "tone": "blue" },
                    { "title": "Văn bản chỉ đạo điều hành", "url": "/chi-dao-dieu-hanh", "tone": "red" },
                    { "title": "Hỏi đáp - Kiến nghị", "url": "/hoi-dap", "tone": "green" },
                ]}),
            ),
            Placement::new("aside", "poll", json!({})),
            Placement::new("aside", "statistics.visits", json!({})),
        ]
    };
    let mut placements = match layout {
        Layout::Home => vec![
            Placement::new(
                "top",
                "news.list",
                json!({ "source": "featured", "limit": 5, "style": "featured", "title_key": "home.featured" }),
            ),
            Placement::new(
                "main",
                "news.list",
                json!({ "source": "latest", "limit": 6, "style": "cards", "title_key": "home.latest" }),
            ),
            Placement::new(
                "main",
                "news.list",
                json!({ "source": "carried", "limit": 5, "style": "links", "title_key": "home.from_below" }),
            ),
            Placement::new("main", "news.by_category", json!({ "limit": 4 })),
        ],
        Layout::Category => vec![Placement::new(
            "main",
            "news.category_page",
            json!({ "per_page": 10 }),
        )],
        Layout::Search => vec![Placement::new("main", "search.results", json!({}))],
        Layout::Article => vec![
            Placement::new("main", "news.toolbar", json!({})),
            Placement::new("main", "news.view", json!({})),
            Placement::new("below", "news.related", json!({ "limit": 4 })),
            Placement::new(
                "below",
                "news.list",
                json!({ "source": "older_in_category", "limit": 8, "style": "links", "title_key": "article.others" }),
            ),
        ],
    };
    placements.extend(
        aside()
            .into_iter()
            // The search page has its own box, with filters.
            .filter(|p| !(layout == Layout::Search && p.block_type == "search.box")),
    );
    placements
}

/// An image as templates need it.
#[derive(Debug, Serialize)]
pub struct ImageView {
    pub src: String,
    pub srcset: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
    pub credit: String,
}

impl ImageView {
    pub fn of(media: &Media, thumb_width: u32, alt: &str) -> Self {
        Self {
            src: Media::url(media.key_for_width(thumb_width)),
            srcset: media.srcset(),
            width: media.width,
            height: media.height,
            alt: if alt.is_empty() {
                media.alt.clone()
            } else {
                alt.to_string()
            },
            credit: media.credit.clone(),
        }
    }
}

/// A list item as templates need it.
#[derive(Debug, Serialize)]
pub struct SummaryView {
    pub id: ArticleId,
    pub title: String,
    pub url: String,
    pub lead: String,
    pub published_at: i64,
    pub views: i64,
    pub category: Option<String>,
    pub image: Option<ImageView>,
}

/// The media of these ids, from memory when read before (the library
/// changing drops the memo with the cached pages).
pub async fn media_map(
    ctx: &BlockContext<'_>,
    ids: impl Iterator<Item = i64>,
) -> Result<HashMap<i64, Media>, WebError> {
    let state = ctx.state;
    let mut found = HashMap::new();
    let mut missing: Vec<i64> = Vec::new();
    for id in ids {
        match state.media_rows.get(&state.pages, &id) {
            Some(media) => {
                found.insert(id, media.as_ref().clone());
            }
            None => missing.push(id),
        }
    }
    missing.sort_unstable();
    missing.dedup();
    if !missing.is_empty() {
        let generation = state.pages.site_generation();
        for media in reading::media(&state.store, &missing).await? {
            state
                .media_rows
                .put(generation, media.id, Arc::new(media.clone()));
            found.insert(media.id, media);
        }
    }
    Ok(found)
}

pub async fn summary_views(
    ctx: &BlockContext<'_>,
    summaries: Vec<ArticleSummary>,
) -> Result<Vec<SummaryView>, WebError> {
    ctx.deps
        .note_all(summaries.iter().map(|s| Dep::Article(s.id)));
    let media = media_map(ctx, summaries.iter().filter_map(|s| s.cover_media_id)).await?;
    Ok(summaries
        .into_iter()
        .map(|s| SummaryView {
            id: s.id,
            url: s.path(),
            image: s
                .cover_media_id
                .and_then(|id| media.get(&id))
                .map(|m| ImageView::of(m, 480, &s.title)),
            title: s.title,
            lead: portal_core::text::excerpt(&s.lead, 220),
            published_at: s.published_at,
            views: s.views,
            category: s.category_name,
        })
        .collect())
}

/// An article body as HTML, as the view block shows it.
pub async fn news_body_html(ctx: &BlockContext<'_>, article: &Article) -> Result<String, WebError> {
    let media = media_map(ctx, article.content.body.media_ids()).await?;
    render_block(
        ctx,
        "blocks/body.html",
        json!({ "body": crate::news::blocks::body_view(article.content.body.blocks(), &media) }),
    )
}

pub fn render_block(
    ctx: &BlockContext<'_>,
    template: &str,
    data: serde_json::Value,
) -> Result<String, WebError> {
    let mut data = data;
    if let Some(object) = data.as_object_mut() {
        object.insert("lang".into(), json!(ctx.frame.lang.code()));
    }
    Ok(ctx
        .state
        .theme
        .render(template, Value::from_serialize(&data))?)
}

pub fn setting_u32(settings: &serde_json::Value, key: &str, default: u32, max: u32) -> u32 {
    settings
        .get(key)
        .and_then(serde_json::Value::as_u64)
        .map_or(default, |v| u32::try_from(v).unwrap_or(max).clamp(1, max))
}

pub fn setting_str<'a>(settings: &'a serde_json::Value, key: &str) -> Option<&'a str> {
    settings.get(key).and_then(serde_json::Value::as_str)
}
