//! The portal's HTTP side: public pages made of blocks, feeds, the sitemap,
//! the read API, embedded assets and media files.

mod accounts;
mod admin;
pub mod blocks;
pub mod cache;
pub mod citizens;
mod consultations;
mod contact;
mod documents;
mod error;
mod frame;
mod front;
pub mod i18n;
mod media;
mod news;
mod polls;
mod questions;
mod request;
mod schedule;
mod search;
pub mod server;
mod sites;
mod statistics;
pub mod theme;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use portal_core::Layout;
use portal_services::Store;
use portal_services::changes::Wake;
use portal_services::media::MediaFolder;
use portal_services::search::Search;
use portal_services::views::ViewCounter;
use tower_http::compression::CompressionLayer;

pub use error::WebError;
pub use front::App;
pub use request::ClientAddress;

#[derive(Debug, Clone, Default)]
pub struct WebConfig {
    /// A folder of templates that override the embedded theme's.
    pub theme_dir: Option<PathBuf>,
    /// Take the reader's address from `X-Forwarded-For` (behind a proxy).
    pub trust_forwarded_for: bool,
    /// `https` when a proxy in front terminates TLS.
    pub public_scheme: Option<String>,
    pub cache: cache::CacheConfig,
    /// How many public forms an address and a site may send.
    pub form_limits: citizens::guard::FormLimits,
}

pub struct AppState {
    pub store: Store,
    pub media: MediaFolder,
    pub views: ViewCounter,
    pub search: Search,
    /// Wakes this process's followers of the change feed.
    pub wake: Wake,
    pub pages: Arc<cache::PageCache>,
    /// By Host header (and `/code` for a sub-site under it).
    pub(crate) site_frames: cache::Memo<String, frame::SiteFrame>,
    /// By Host header: the codes of the sub-sites answering under it.
    pub(crate) site_prefixes: cache::Memo<String, Vec<String>>,
    pub(crate) placements: cache::Memo<(portal_core::SiteId, Layout), Vec<portal_core::Placement>>,
    pub(crate) media_rows: cache::Memo<i64, portal_core::Media>,
    /// Document number key → address, by site: what articles link to.
    pub(crate) document_links:
        cache::Memo<portal_core::SiteId, std::collections::HashMap<String, String>>,
    pub(crate) lists: cache::ListMemo<blocks::ListKey, Vec<portal_core::ArticleSummary>>,
    /// Related-article candidates by site and sections.
    pub(crate) related_pools:
        cache::ListMemo<(portal_core::SiteId, Vec<i64>), Vec<news::blocks::Candidate>>,
    /// Blocks that show the same on every page, rendered.
    pub(crate) fragments: cache::ListMemo<blocks::FragmentKey, blocks::Fragment>,
    pub theme: theme::Theme,
    pub blocks: blocks::Registry,
    /// Signs login forms; read from the database once.
    pub(crate) login_secret: tokio::sync::OnceCell<String>,
    /// Opens the first-run set-up screen from another machine than the
    /// server (`serve` prints it while nobody has an account).
    pub setup_token: String,
    /// Someone has an account: the first run's set-up is over for good
    /// (accounts are disabled, never deleted), so it is asked no more.
    pub(crate) set_up: std::sync::atomic::AtomicBool,
    /// Stands in front of every public form.
    pub(crate) forms: citizens::guard::FormGuard,
    /// Wakes the mail sender when a form queued a mail.
    pub mail_wake: portal_services::mail::MailWake,
    pub config: WebConfig,
}

pub type SharedState = Arc<AppState>;

impl AppState {
    /// Whether the installation still waits for its first administrator.
    pub async fn needs_setup(&self) -> Result<bool, portal_services::StoreError> {
        use std::sync::atomic::Ordering;
        if self.set_up.load(Ordering::Relaxed) {
            return Ok(false);
        }
        let needed = portal_services::sites::setup::needed(&self.store).await?;
        if !needed {
            self.set_up.store(true, Ordering::Relaxed);
        }
        Ok(needed)
    }

    pub fn new(
        store: Store,
        media: MediaFolder,
        views: ViewCounter,
        search: Search,
        wake: Wake,
        config: WebConfig,
    ) -> Self {
        Self {
            store,
            media,
            views,
            search,
            wake,
            pages: Arc::new(cache::PageCache::new(config.cache.clone())),
            site_frames: cache::Memo::default(),
            site_prefixes: cache::Memo::default(),
            placements: cache::Memo::default(),
            media_rows: cache::Memo::default(),
            document_links: cache::Memo::default(),
            lists: cache::ListMemo::default(),
            related_pools: cache::ListMemo::default(),
            fragments: cache::ListMemo::default(),
            theme: theme::Theme::new(config.theme_dir.clone()),
            blocks: blocks::Registry::default(),
            login_secret: tokio::sync::OnceCell::new(),
            setup_token: portal_services::accounts::random_token(),
            set_up: std::sync::atomic::AtomicBool::new(false),
            forms: citizens::guard::FormGuard::new(&config.form_limits),
            mail_wake: portal_services::mail::MailWake::default(),
            config,
        }
    }
}

/// Keeps this process's pages and memos following the change feed and the
/// clock, for as long as the portal runs.
pub fn follow_changes(state: &SharedState) -> tokio::task::JoinHandle<()> {
    let (feed, clock) = (state.clone(), state.clone());
    tokio::spawn(async move {
        tokio::join!(cache::follow_changes(feed), cache::watch_schedule(clock));
    })
}

/// Gives every site the theme's default blocks for each layout it has
/// none for (a new site; a layout added by a newer version).
pub async fn ensure_default_placements(store: &Store) -> anyhow::Result<()> {
    portal_services::sites::ensure_placements(store, blocks::default_placements).await?;
    Ok(())
}

/// Every newsroom path, for tests that must cover each state change.
pub fn newsroom_paths() -> Vec<&'static str> {
    admin::paths()
}

/// Every public form's path, for tests that must cover each of them.
pub fn public_form_paths() -> Vec<&'static str> {
    citizens::paths()
}

/// The whole portal: the router behind its front service.
pub fn app(state: SharedState) -> App {
    App::new(state.clone(), router(state))
}

fn router(state: SharedState) -> Router {
    // Pages readers load, kept rendered and compressed by the page cache.
    let pages = Router::new()
        .route("/", get(news::pages::home))
        .route("/rss.xml", get(news::feeds::site_feed))
        .route("/sitemap.xml", get(news::feeds::sitemap))
        .route("/tu-khoa/{tag}", get(news::pages::tag))
        .route("/tim-kiem", get(search::pages::page))
        .route("/van-ban", get(documents::pages::list))
        .route("/van-ban/{id}", get(documents::pages::document))
        .route(documents::pages::FEED_PATH, get(documents::pages::feed))
        .route("/van-ban/{id}/tep/{file}", get(documents::pages::download))
        .route(schedule::pages::PATH, get(schedule::pages::week))
        .route(portal_core::menu::SITE_MAP_PATH, get(sites::site_map::page))
        .route(
            portal_core::organisation::ORGANISATION_PATH,
            get(sites::organisation::tree),
        )
        .route("/co-cau-to-chuc/{id}", get(sites::organisation::unit))
        .route(questions::pages::PATH, get(questions::pages::list))
        .route("/hoi-dap/{id}", get(questions::pages::one))
        .route(portal_core::poll::POLLS_PATH, get(polls::pages::list))
        .route(
            portal_core::consultation::CONSULTATIONS_PATH,
            get(consultations::pages::list),
        )
        .route(schedule::ical::PATH, get(schedule::ical::feed))
        .route("/{category}", get(news::pages::category))
        .route("/{category}/rss.xml", get(news::feeds::category_feed))
        .route("/{category}/{article}", get(news::pages::article))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            cache::serve,
        ));
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/robots.txt", get(news::feeds::robots))
        .route("/assets/{file}", get(media::files::asset))
        .route("/media/{*key}", get(media::files::media))
        .route("/api/v1/articles", get(news::api::list_articles))
        .route("/api/v1/articles/{id}", get(news::api::article))
        .route("/api/{*rest}", get(news::api::not_found))
        .route("/cong-thanh-phan", get(sites::directory::directory))
        .merge(citizens::routes())
        .route("/api/v1/search", get(search::pages::api))
        .route("/api/v1/documents", get(documents::api::list))
        .route("/api/v1/documents/{id}", get(documents::api::document))
        .merge(
            admin::routes()
                .route_layer(axum::middleware::from_fn_with_state(
                    state.clone(),
                    admin::after_change,
                ))
                .route_layer(axum::middleware::from_fn(accounts::auth::same_origin_posts)),
        )
        .merge(pages)
        .fallback(news::pages::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            error::answer_failures,
        ))
        .layer(CompressionLayer::new())
        .with_state(state)
}
