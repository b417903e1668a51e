//! `portal serve`: the portal, its followers of the change feed, and its
//! scheduled backups, until Ctrl-C or SIGTERM.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Args;
use clap::builder::BoolishValueParser;
use portal_services::changes::Wake;
use portal_services::search::Search;
use portal_services::views::ViewCounter;
use portal_services::{demo, sites};
use portal_web::{AppState, WebConfig};

use crate::data::{DataArgs, create_or_open_store, media_folder, search_dir};

#[derive(Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    pub(crate) data: DataArgs,
    /// Address to listen on.
    #[arg(long, env = "PORTAL_LISTEN", default_value = "127.0.0.1:8080", value_parser = parse_listen)]
    pub(crate) listen: SocketAddr,
    /// Fill an empty database with the demo site.
    #[arg(long, env = "PORTAL_DEMO", value_parser = BoolishValueParser::new())]
    pub(crate) demo: bool,
    /// Folder of templates that override the built-in theme's.
    #[arg(long, env = "PORTAL_THEME_DIR")]
    pub(crate) theme_dir: Option<PathBuf>,
    /// Take readers' addresses from X-Forwarded-For (only behind a proxy).
    #[arg(long, env = "PORTAL_TRUST_FORWARDED_FOR", value_parser = BoolishValueParser::new())]
    pub(crate) trust_forwarded_for: bool,
    /// Scheme of public links, `https` behind a TLS proxy.
    #[arg(long, env = "PORTAL_PUBLIC_SCHEME", default_value = "http")]
    pub(crate) public_scheme: String,
    /// Memory for rendered pages and their compressed forms, in MB.
    #[arg(long, env = "PORTAL_PAGE_CACHE_MB", default_value_t = 64)]
    pub(crate) page_cache_mb: usize,
    /// Seconds a cached page's view counts may lag behind.
    #[arg(long, env = "PORTAL_PAGE_FRESH_SECS", default_value_t = 5)]
    pub(crate) page_fresh_secs: u64,
    /// Seconds a client has to send a request's headers (and at most sits
    /// idle between requests) before its connection is closed.
    #[arg(long, env = "PORTAL_HEADER_TIMEOUT_SECS", default_value_t = 10)]
    pub(crate) header_timeout_secs: u64,
    /// Seconds a request body may pause before the request is dropped.
    #[arg(long, env = "PORTAL_BODY_TIMEOUT_SECS", default_value_t = 30)]
    pub(crate) body_timeout_secs: u64,
    /// Connections one address may hold open at once.
    #[arg(
        long,
        env = "PORTAL_MAX_CONNECTIONS_PER_ADDRESS",
        default_value_t = 256
    )]
    pub(crate) max_connections_per_address: usize,
    /// Back up by itself into this folder, or off the machine into
    /// s3://BUCKET/FOLDER (keys from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
    /// AWS_ENDPOINT_URL, AWS_REGION).
    #[arg(long, env = "PORTAL_BACKUP_DIR", value_parser = parse_backup_place)]
    pub(crate) backup_dir: Option<portal_services::backup::Place>,
    /// How often to back up: 24h, 6h, 30m…
    #[arg(long, env = "PORTAL_BACKUP_EVERY", default_value = "24h", value_parser = parse_interval)]
    pub(crate) backup_every: Duration,
    /// The mail server citizens' mails go through: smtp://host:port,
    /// smtps://user:password@host, or smtp://host?tls=required. Without it
    /// mails wait in the outbox.
    #[arg(long, env = "PORTAL_SMTP_URL")]
    pub(crate) smtp_url: Option<String>,
    /// Who the portal's mails are from.
    #[arg(
        long,
        env = "PORTAL_MAIL_FROM",
        default_value = "Cổng thông tin điện tử <no-reply@localhost>"
    )]
    pub(crate) mail_from: String,
    /// Public forms one address may send per hour.
    #[arg(long, env = "PORTAL_FORMS_PER_HOUR", default_value_t = 10)]
    pub(crate) forms_per_hour: u32,
    /// Public forms one site may take per minute, from everyone.
    #[arg(long, env = "PORTAL_SITE_FORMS_PER_MINUTE", default_value_t = 600)]
    pub(crate) site_forms_per_minute: u32,
    /// How many backups to keep in the folder.
    #[arg(long, env = "PORTAL_BACKUP_KEEP", default_value_t = 7)]
    pub(crate) backup_keep: usize,
}

fn parse_backup_place(text: &str) -> Result<portal_services::backup::Place, String> {
    portal_services::backup::Place::parse(text).map_err(|e| format!("{e:#}"))
}

/// An address and port to listen on; `localhost` is this machine's
/// loopback address.
fn parse_listen(text: &str) -> Result<SocketAddr, String> {
    let text = text.trim();
    let loopback = text
        .strip_prefix("localhost:")
        .map(|port| format!("127.0.0.1:{port}"));
    loopback.as_deref().unwrap_or(text).parse().map_err(|_| {
        format!(
            "\"{text}\" không phải địa chỉ nghe: hãy viết IP:cổng, ví dụ 127.0.0.1:8080 \
                 (chỉ máy này) hoặc 0.0.0.0:8080 (mọi máy) / is not an address to listen on: \
                 write IP:port, for example 127.0.0.1:8080 or 0.0.0.0:8080"
        )
    })
}

fn parse_interval(text: &str) -> Result<Duration, String> {
    humantime::parse_duration(text)
        .ok()
        .filter(|d| *d >= Duration::from_secs(1))
        .ok_or_else(|| {
            format!(
                "\"{text}\" không phải khoảng thời gian, hãy viết 24h, 6h hoặc 30m / \
                 is not an interval: write 24h, 6h or 30m"
            )
        })
}

pub(crate) async fn serve(args: ServeArgs) -> Result<ExitCode> {
    let store = create_or_open_store(&args.data).await?;
    let media = media_folder(&args.data)?;
    sites::site_or_default(&store, None).await?;
    if args.demo {
        let now = portal_core::time::now();
        let written = demo::seed_demo(&store, &media, now).await?;
        if written > 0 {
            tracing::info!(articles = written, "demo site written");
            let estate = demo::seed_demo_estate(&store, now).await?;
            tracing::info!(articles = estate, "demo sub-portals written");
        }
    }
    portal_web::ensure_default_placements(&store).await?;
    let (views, views_task) = ViewCounter::start(store.clone(), Duration::from_secs(2)).await?;
    let config = WebConfig {
        theme_dir: args.theme_dir,
        trust_forwarded_for: args.trust_forwarded_for,
        public_scheme: Some(args.public_scheme),
        cache: portal_web::cache::CacheConfig {
            max_bytes: args.page_cache_mb.saturating_mul(1024 * 1024),
            fresh_for: Duration::from_secs(args.page_fresh_secs),
        },
        form_limits: portal_web::citizens::guard::FormLimits {
            per_address_per_hour: args.forms_per_hour,
            per_site_per_minute: args.site_forms_per_minute,
        },
    };
    let (wake, wake_task) = Wake::start(&store);
    let (search, search_task) =
        Search::start(store.clone(), &search_dir(&args.data), wake.clone()).await?;
    let state = Arc::new(AppState::new(
        store.clone(),
        media,
        views.clone(),
        search,
        wake,
        config,
    ));
    let follow_task = portal_web::follow_changes(&state);
    let prune_task = tokio::spawn(portal_services::changes::prune_now_and_then(store.clone()));
    let erase_task = tokio::spawn(portal_services::questions::desk::erase_now_and_then(
        store.clone(),
        state.media.clone(),
    ));
    let mail_task = match args.smtp_url {
        Some(smtp_url) => Some(portal_services::mail::start(
            store.clone(),
            &portal_services::mail::MailConfig {
                smtp_url,
                from: args.mail_from,
            },
            state.mail_wake.clone(),
            Duration::from_secs(30),
        )?),
        None => {
            tracing::warn!(
                "chưa có --smtp-url: thư gửi người dân chờ trong hộp thư đi / no --smtp-url: mails wait in the outbox"
            );
            None
        }
    };
    let backup_task = args.backup_dir.map(|place| {
        tokio::spawn(portal_services::backup::run_schedule(
            store.clone(),
            state.media.clone(),
            portal_services::backup::Schedule {
                place,
                staging: args.data.data_dir.clone(),
                every: args.backup_every,
                keep: args.backup_keep,
            },
        ))
    });
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| {
            format!(
                "cannot listen on {}; is another program using it? Choose another with --listen",
                args.listen
            )
        })?;
    let address = listener.local_addr()?;
    // One write: whoever reads only the first line still gets it all.
    let setup = if portal_services::sites::setup::needed(&store).await? {
        // Loopback needs no code; from another machine the code opens it.
        format!(
            "\nChưa có tài khoản nào: mở http://{address}/quan-tri/thiet-lap?ma={code} để thiết lập cổng \
             (trên chính máy này không cần mã).\n\
             No account yet: open http://{address}/quan-tri/thiet-lap?ma={code} to set up the portal \
             (on this machine itself no code is needed).",
            code = state.setup_token
        )
    } else {
        String::new()
    };
    println!(
        "Cổng thông tin đang chạy / Portal running: http://{address}/  (Ctrl-C để dừng / to stop){setup}"
    );
    let limits = portal_web::server::ServerLimits {
        header_read_timeout: Duration::from_secs(args.header_timeout_secs.max(1)),
        body_read_timeout: Duration::from_secs(args.body_timeout_secs.max(1)),
        max_connections_per_address: args.max_connections_per_address.max(1),
        ..Default::default()
    };
    portal_web::server::serve(listener, portal_web::app(state), limits, shutdown_signal()).await;
    let written = views.flush().await;
    views_task.abort();
    search_task.abort();
    follow_task.abort();
    prune_task.abort();
    erase_task.abort();
    if let Some(task) = mail_task {
        task.abort();
    }
    wake_task.abort();
    if let Some(task) = backup_task {
        task.abort();
    }
    store.close().await;
    tracing::info!(views_written = written, "stopped cleanly");
    Ok(ExitCode::SUCCESS)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn localhost_listens_on_the_loopback_address() {
        assert_eq!(
            parse_listen("localhost:8080"),
            Ok("127.0.0.1:8080".parse().expect("address"))
        );
        assert_eq!(
            parse_listen("0.0.0.0:80"),
            Ok("0.0.0.0:80".parse().expect("address"))
        );
        assert!(parse_listen("localhost").is_err());
        assert!(parse_listen("8080").is_err());
    }
}
