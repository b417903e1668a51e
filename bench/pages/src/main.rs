//! Data and in-process measures for `bench/pages/run.sh`.
//!
//! ```sh
//! portal-bench-pages generate --data-dir DIR --articles 100000 [--sites 120]
//! portal-bench-pages miss --data-dir DIR --count 2000 [--site xa-002]
//! ```
//!
//! `generate` writes a site with 12 sections, 24 pictures (with their
//! narrower copies) and N articles of synthetic Vietnamese news, each with
//! a cover picture, and a publisher account `bench` (password `bench-pages`).
//! With `--sites 120` the province gets 119 sub-portals under its host (99
//! communes and wards `xa-002`…`xa-100`, 20 departments `so-101`…`so-120`,
//! each with the three starting sections and the publisher's role) and the
//! articles are dealt out to all 120 in turn. `miss --site CODE` renders
//! that sub-portal's articles.
//! `miss` starts the portal in this process on that folder and renders
//! articles nobody asked for before, one after the other: the time of a
//! page that is not in the page cache, database included, network not.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use indicatif::{ProgressBar, ProgressStyle};
use portal_core::highlight::HighlightKind;
use portal_core::workflow::Role;
use portal_core::{ArticleContent, ArticleId, ArticleStatus, Body as ArticleBody, BodyBlock};
use portal_services::media::MediaFolder;
use portal_services::search::Search;
use portal_services::views::ViewCounter;
use portal_store::{ConnectOptions, NewArticle, Store};
use portal_web::{AppState, WebConfig};
use tower::ServiceExt;

#[path = "../../search/src/corpus.rs"]
#[allow(dead_code)]
mod corpus;

const SECTIONS: [&str; 12] = [
    "Tin hoạt động",
    "Kinh tế",
    "Văn hóa - Xã hội",
    "Giáo dục",
    "Y tế",
    "Nông nghiệp",
    "Du lịch",
    "Quốc phòng - An ninh",
    "Chuyển đổi số",
    "Chỉ đạo điều hành",
    "Thông báo",
    "Xây dựng Đảng",
];
const PICTURES: usize = 24;
pub const PUBLISHER: (&str, &str) = ("bench", "bench-pages");

struct Options {
    command: String,
    data_dir: PathBuf,
    articles: i64,
    count: usize,
    sites: i64,
    /// `miss`: the sub-portal whose pages are timed.
    site: Option<String>,
}

fn options() -> Result<Options> {
    let mut args = std::env::args().skip(1);
    let mut options = Options {
        command: args.next().unwrap_or_default(),
        data_dir: PathBuf::from("/tmp/portal-bench-pages/data"),
        articles: 100_000,
        count: 2_000,
        sites: 1,
        site: None,
    };
    while let Some(arg) = args.next() {
        let mut value = || args.next().with_context(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--data-dir" => options.data_dir = value()?.into(),
            "--articles" => options.articles = value()?.parse()?,
            "--count" => options.count = value()?.parse()?,
            "--sites" => options.sites = value()?.parse::<i64>()?.max(1),
            "--site" => options.site = Some(value()?),
            other => bail!("unknown option {other}; see the comment at the top of main.rs"),
        }
    }
    Ok(options)
}

#[tokio::main]
async fn main() -> Result<()> {
    let options = options()?;
    match options.command.as_str() {
        "generate" => generate(&options).await,
        "miss" => miss(&options).await,
        other => bail!("unknown command {other:?}: use generate or miss"),
    }
}

async fn open(options: &Options) -> Result<Store> {
    std::fs::create_dir_all(&options.data_dir)?;
    let url = format!(
        "sqlite://{}?mode=rwc",
        options.data_dir.join("portal.db").display()
    );
    Ok(Store::open(&url, ConnectOptions::default()).await?)
}

async fn generate(options: &Options) -> Result<()> {
    let store = open(options).await?;
    let site = portal_services::sites::site_or_default(&store, None).await?;
    portal_web::ensure_default_placements(&store).await?;
    portal_services::accounts::add_user(
        &store,
        PUBLISHER.0,
        "Bench",
        Role::Publisher,
        PUBLISHER.1,
        portal_core::time::now(),
    )
    .await
    .context("publisher account")?;
    let mut sections = Vec::new();
    for name in SECTIONS {
        sections.push(portal_services::sites::category_named(&store, site.id, name).await?);
    }
    // Each site's sections, the province's first.
    let mut estate = vec![(site.id, sections)];
    for number in 2..=options.sites {
        let (code, kind) = if number <= 100 {
            let kind = if number % 5 == 0 {
                portal_core::SiteKind::Ward
            } else {
                portal_core::SiteKind::Commune
            };
            (format!("xa-{number:03}"), kind)
        } else {
            (format!("so-{number:03}"), portal_core::SiteKind::Department)
        };
        let draft = portal_services::sites::estate::SiteDraft {
            name: format!("Cổng thành phần số {number}"),
            code: code.clone(),
            kind: Some(kind),
            ..Default::default()
        };
        let sub = portal_services::sites::estate::add_site(
            &store,
            "bench",
            &draft,
            portal_web::blocks::default_placements,
            portal_core::time::now(),
        )
        .await
        .map_err(|error| anyhow::anyhow!("site {code}: {error}"))?;
        portal_services::accounts::grant(
            &store,
            PUBLISHER.0,
            sub.id,
            Some(Role::Publisher),
            portal_core::time::now(),
        )
        .await?;
        estate.push((sub.id, store.categories(sub.id).await?));
    }
    let media = MediaFolder::local(options.data_dir.join("media"))?;
    let mut pictures = Vec::new();
    for number in 0..PICTURES {
        let jpeg = picture(number)?;
        let mut stored = media
            .store_image(site.id, &format!("anh-{number}"), &jpeg)
            .await
            .context("picture")?;
        stored.alt = format!("Ảnh minh họa số {number}");
        pictures.push(
            store
                .insert_media(&stored, portal_core::time::now())
                .await?,
        );
    }
    let mut corpus = corpus::Generator::new(2026);
    let progress = ProgressBar::new(u64::try_from(options.articles).unwrap_or_default());
    progress.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} articles {per_sec} {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    for id in 1..=options.articles {
        let article = corpus.article(id);
        let index = usize::try_from(id).unwrap_or_default();
        let (site_id, sections) = &estate[index % estate.len()];
        let index = index / estate.len();
        let paragraphs: Vec<BodyBlock> = article
            .text
            .split_inclusive(". ")
            .collect::<Vec<_>>()
            .chunks(6)
            .map(|sentences| BodyBlock::paragraph(sentences.concat().trim()))
            .collect();
        let lead = article
            .text
            .split_inclusive(". ")
            .next()
            .unwrap_or_default()
            .trim()
            .to_string();
        let created = store
            .create_article(
                &NewArticle {
                    site_id: *site_id,
                    slug: portal_core::text::slugify(&article.title),
                    status: ArticleStatus::Published,
                    content: ArticleContent {
                        category_ids: vec![sections[index % sections.len()].id],
                        title: article.title,
                        lead,
                        body: ArticleBody(paragraphs),
                        byline: "Phóng viên".into(),
                        source: String::new(),
                        cover_media_id: Some(pictures[index % pictures.len()]), // Spread over the past, the newest last.
                        publish_at: Some(portal_core::time::now() - (options.articles - id) * 600),
                        expire_at: None,
                        tags: vec![],
                    },
                },
                portal_core::time::now(),
            )
            .await
            .with_context(|| format!("article {id}"))?;
        if id % 97 == 0 {
            let now = portal_core::time::now();
            store
                .highlight(*site_id, HighlightKind::Featured, created, None, now)
                .await?;
        }
        progress.inc(1);
    }
    progress.finish();
    store.close().await;
    println!(
        "{} articles on {} sites, {PICTURES} pictures, publisher {}/{} in {}",
        options.articles,
        options.sites,
        PUBLISHER.0,
        PUBLISHER.1,
        options.data_dir.display()
    );
    Ok(())
}

/// A 1200×800 JPEG, different for each number.
fn picture(number: usize) -> Result<Vec<u8>> {
    let shade = u8::try_from(number * 9 % 200).unwrap_or_default();
    let image = image::RgbImage::from_fn(1200, 800, |x, y| {
        let x = u8::try_from(x % 256).unwrap_or_default();
        let y = u8::try_from(y % 256).unwrap_or_default();
        image::Rgb([x, y.wrapping_add(shade), shade])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Jpeg)?;
    Ok(out.into_inner())
}

async fn miss(options: &Options) -> Result<()> {
    let store = open(options).await?;
    let media = MediaFolder::local(options.data_dir.join("media"))?;
    let (views, _views_task) = ViewCounter::start(store.clone(), Duration::from_secs(2)).await?;
    let (wake, _wake_task) = portal_services::changes::Wake::start(&store);
    let (search, _search_task) = Search::start(
        store.clone(),
        &options.data_dir.join("search"),
        wake.clone(),
    )
    .await?;
    let state = Arc::new(AppState::new(
        store.clone(),
        media,
        views,
        search.clone(),
        wake,
        WebConfig::default(),
    ));
    // An index behind the feed catches up first: let that finish before
    // timing pages.
    search.settled().await;
    let app = portal_web::app(state);
    let site = match &options.site {
        Some(code) => store
            .site_by_code(code)
            .await?
            .with_context(|| format!("no site {code}: run generate with --sites"))?,
        None => store
            .default_site()
            .await?
            .context("no site: run generate first")?,
    };
    // A sub-portal without a host answers under the province's.
    let prefix = match site.parent_id {
        Some(_) => format!("/{}", site.code),
        None => String::new(),
    };
    let total = store.article_count().await?;
    if total == 0 {
        bail!("no articles: run generate first");
    }
    let mut paths = Vec::new();
    // Articles spread over the whole range, each asked once.
    let step = (total / i64::try_from(options.count).unwrap_or(1)).max(1);
    let mut id = 1;
    while paths.len() < options.count && id <= total {
        // Of this site's articles, the next one at or after `id`.
        for probe in id..(id + 400).min(total + 1) {
            if let Some(article) = store.article(site.id, ArticleId(probe)).await? {
                paths.push(format!("{prefix}{}", article.path()));
                break;
            }
        }
        id += step;
    }
    let get = |path: String, accept_encoding: &'static str| {
        let app = app.clone();
        async move {
            let request = Request::get(&path)
                .header("host", "localhost")
                .header("user-agent", "portal-bench-pages")
                .header("accept-encoding", accept_encoding)
                .body(Body::empty())?;
            let response = app.oneshot(request).await?;
            if response.status() != StatusCode::OK {
                bail!("{path}: {}", response.status());
            }
            axum::body::to_bytes(response.into_body(), usize::MAX).await?;
            Ok::<_, anyhow::Error>(())
        }
    };
    // The templates, the database's first pages and the home page warm.
    for path in paths.iter().take(20) {
        get(path.clone(), "identity").await?;
    }
    // Every other page asked the way a browser asks: its miss includes
    // making the brotli form the reader gets (and every later one).
    let askings = [("plain", "identity"), ("brotli", "gzip, deflate, br")];
    let mut times: [Vec<Duration>; 2] = Default::default();
    for (n, path) in paths.iter().skip(20).enumerate() {
        let started = Instant::now();
        get(path.clone(), askings[n % 2].1).await?;
        times[n % 2].push(started.elapsed());
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    for ((name, _), mut times) in askings.into_iter().zip(times) {
        times.sort_unstable();
        let at = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
        println!(
            "cache miss, {name} (article rendered, in process, {} articles): p50 {:.3} ms  p95 {:.3} ms  p99 {:.3} ms over {} pages",
            total,
            ms(at(0.50)),
            ms(at(0.95)),
            ms(at(0.99)),
            times.len()
        );
    }
    Ok(())
}
