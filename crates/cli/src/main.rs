//! `portal`: runs the portal and its command-line jobs.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use portal_core::workflow::Role;
use portal_search::{SearchError, SearchIndex};
use portal_services::changes::Wake;
use portal_services::media::MediaFolder;
use portal_services::search::{self, Search};
use portal_services::views::ViewCounter;
use portal_services::{AuditEvent, ConnectOptions, Store, UpsertOutcome};
use portal_services::{accounts, demo, import, sites};
use portal_web::{AppState, WebConfig};
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(
    name = "portal",
    version,
    about = "Cổng thông tin điện tử: the portal of a province and its communes"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the portal.
    Serve(ServeArgs),
    /// Load content into the portal.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Manage newsroom accounts (the first admin, scripts).
    #[command(subcommand)]
    User(UserCommand),
    /// Rebuild the search index from the database (with `portal serve`
    /// stopped; a running portal rebuilds a damaged index by itself).
    Reindex(DataArgs),
    /// Write one archive of everything (database, media, settings) while
    /// the portal serves; the search index is rebuilt on restore.
    Backup(BackupArgs),
    /// Check a backup and restore it into an empty data folder (and
    /// database), then rebuild the search index.
    Restore(RestoreArgs),
}

#[derive(Args)]
struct BackupArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The archive to write: a file (portal-2026-12-01.tar.gz) or
    /// s3://BUCKET/FOLDER/portal-2026-12-01.tar.gz (keys from AWS_*).
    file: String,
}

#[derive(Args)]
struct RestoreArgs {
    #[command(flatten)]
    data: DataArgs,
    /// The archive `portal backup` wrote: a file or s3://BUCKET/FOLDER/NAME.
    file: String,
    /// Replace what the target already holds.
    #[arg(long)]
    force: bool,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account; the password is read from standard input.
    Add(UserAddArgs),
    /// Set a new password (read from standard input) and end the user's sessions.
    Passwd(UserPasswdArgs),
    /// List the accounts.
    List(UserListArgs),
}

#[derive(Args)]
struct UserAddArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Login name: a-z, 0-9, '.', '_', '-'.
    login: String,
    /// author, editor, publisher or admin.
    #[arg(long, value_parser = parse_role)]
    role: Role,
    /// The name shown in the newsroom (default: the login name).
    #[arg(long, default_value = "")]
    name: String,
    /// Read the password from standard input (required: never on the command line).
    #[arg(long, required = true)]
    password_stdin: bool,
}

#[derive(Args)]
struct UserPasswdArgs {
    #[command(flatten)]
    data: DataArgs,
    login: String,
    #[arg(long, required = true)]
    password_stdin: bool,
}

#[derive(Args)]
struct UserListArgs {
    #[command(flatten)]
    data: DataArgs,
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text)
        .ok_or_else(|| format!("unknown role \"{text}\": use author, editor, publisher or admin"))
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Import page captures of legacy "PublishingPortal" sites as published
    /// articles; the same capture imported again updates its article.
    Capture(CaptureArgs),
}

#[derive(Args, Clone)]
struct DataArgs {
    /// Folder for the database, media files and indexes.
    #[arg(long, env = "PORTAL_DATA_DIR", default_value = "./portal-data")]
    data_dir: PathBuf,
    /// Database URL: sqlite://PATH or postgres://USER@HOST/DB. Default: a
    /// SQLite file in the data folder.
    #[arg(long, env = "PORTAL_DATABASE_URL")]
    database_url: Option<String>,
    /// Where media files are kept: a folder, or s3://BUCKET/FOLDER that
    /// several nodes share (keys from AWS_*). Default: the data folder's
    /// `media`.
    #[arg(long, env = "PORTAL_MEDIA_URL")]
    media_url: Option<String>,
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Address to listen on.
    #[arg(long, env = "PORTAL_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Fill an empty database with the demo site.
    #[arg(long, env = "PORTAL_DEMO")]
    demo: bool,
    /// Folder of templates that override the built-in theme's.
    #[arg(long, env = "PORTAL_THEME_DIR")]
    theme_dir: Option<PathBuf>,
    /// Take readers' addresses from X-Forwarded-For (only behind a proxy).
    #[arg(long, env = "PORTAL_TRUST_FORWARDED_FOR")]
    trust_forwarded_for: bool,
    /// Scheme of public links, `https` behind a TLS proxy.
    #[arg(long, env = "PORTAL_PUBLIC_SCHEME", default_value = "http")]
    public_scheme: String,
    /// Memory for rendered pages and their compressed forms, in MB.
    #[arg(long, env = "PORTAL_PAGE_CACHE_MB", default_value_t = 64)]
    page_cache_mb: usize,
    /// Seconds a cached page's view counts may lag behind.
    #[arg(long, env = "PORTAL_PAGE_FRESH_SECS", default_value_t = 5)]
    page_fresh_secs: u64,
    /// Seconds a client has to send a request's headers (and at most sits
    /// idle between requests) before its connection is closed.
    #[arg(long, env = "PORTAL_HEADER_TIMEOUT_SECS", default_value_t = 10)]
    header_timeout_secs: u64,
    /// Seconds a request body may pause before the request is dropped.
    #[arg(long, env = "PORTAL_BODY_TIMEOUT_SECS", default_value_t = 30)]
    body_timeout_secs: u64,
    /// Connections one address may hold open at once.
    #[arg(
        long,
        env = "PORTAL_MAX_CONNECTIONS_PER_ADDRESS",
        default_value_t = 256
    )]
    max_connections_per_address: usize,
    /// Back up by itself into this folder, or off the machine into
    /// s3://BUCKET/FOLDER (keys from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
    /// AWS_ENDPOINT_URL, AWS_REGION).
    #[arg(long, env = "PORTAL_BACKUP_DIR", value_parser = parse_backup_place)]
    backup_dir: Option<portal_services::backup::Place>,
    /// How often to back up: 24h, 6h, 30m…
    #[arg(long, env = "PORTAL_BACKUP_EVERY", default_value = "24h", value_parser = parse_interval)]
    backup_every: Duration,
    /// How many backups to keep in the folder.
    #[arg(long, env = "PORTAL_BACKUP_KEEP", default_value_t = 7)]
    backup_keep: usize,
}

fn parse_backup_place(text: &str) -> Result<portal_services::backup::Place, String> {
    portal_services::backup::Place::parse(text).map_err(|e| format!("{e:#}"))
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

#[derive(Args)]
struct CaptureArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Capture files (UTF-8 text).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Code of the site to import into (default: the first site).
    #[arg(long)]
    site: Option<String>,
    /// Category for the imported articles, created if missing.
    #[arg(long, default_value = "Tin hoạt động")]
    category: String,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_env("PORTAL_LOG")
                .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Serve(args) => serve(args).await,
            Command::Import(ImportCommand::Capture(args)) => import_captures(args).await,
            Command::User(command) => users(command).await,
            Command::Reindex(args) => reindex(args).await,
            Command::Backup(args) => backup(args).await,
            Command::Restore(args) => restore(args).await,
        }
    });
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn open_store(data: &DataArgs) -> Result<Store> {
    std::fs::create_dir_all(&data.data_dir).with_context(|| {
        format!(
            "cannot create the data folder {}; choose another with --data-dir",
            data.data_dir.display()
        )
    })?;
    let url = match &data.database_url {
        Some(url) => url.clone(),
        None => format!(
            "sqlite://{}?mode=rwc",
            data.data_dir.join("portal.db").display()
        ),
    };
    Store::open(&url, ConnectOptions::default())
        .await
        .with_context(|| format!("cannot open the database {}", redact(&url)))
}

/// A database URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            let user = credentials.split(':').next().unwrap_or_default();
            format!("{}{user}:***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_string(),
    }
}

fn media_folder(data: &DataArgs) -> Result<MediaFolder> {
    match &data.media_url {
        Some(address) => MediaFolder::at(address),
        None => MediaFolder::local(data.data_dir.join("media")),
    }
}

async fn serve(args: ServeArgs) -> Result<ExitCode> {
    let store = open_store(&args.data).await?;
    let media = media_folder(&args.data)?;
    sites::site_or_default(&store, None).await?;
    if args.demo {
        let written = demo::seed_demo(&store, &media, portal_core::time::now()).await?;
        if written > 0 {
            tracing::info!(articles = written, "demo site written");
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
    println!(
        "Cổng thông tin đang chạy / Portal running: http://{address}/  (Ctrl-C để dừng / to stop)"
    );
    let limits = portal_web::server::ServerLimits {
        header_read_timeout: Duration::from_secs(args.header_timeout_secs.max(1)),
        body_read_timeout: Duration::from_secs(args.body_timeout_secs.max(1)),
        max_connections_per_address: args.max_connections_per_address.max(1),
        ..Default::default()
    };
    portal_web::server::serve(
        listener,
        portal_web::router(state),
        limits,
        shutdown_signal(),
    )
    .await;
    let written = views.flush().await;
    views_task.abort();
    search_task.abort();
    follow_task.abort();
    prune_task.abort();
    wake_task.abort();
    if let Some(task) = backup_task {
        task.abort();
    }
    store.close().await;
    tracing::info!(views_written = written, "stopped cleanly");
    Ok(ExitCode::SUCCESS)
}

fn search_dir(data: &DataArgs) -> std::path::PathBuf {
    data.data_dir.join("search")
}

fn spinner(template: &str) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

fn show_progress(bar: &ProgressBar, step: &portal_services::backup::Progress<'_>) {
    use portal_services::backup::Progress;
    match step {
        Progress::Table { name, rows } => bar.set_message(format!("bảng / table {name}: {rows}")),
        Progress::Media { done, total } => {
            bar.set_message(format!("tệp / media {done}/{total}"));
        }
        Progress::Checked { entry } => bar.set_message(format!("đã kiểm / checked {entry}")),
    }
}

async fn backup(args: BackupArgs) -> Result<ExitCode> {
    let location = portal_services::backup::Location::parse(&args.file)?;
    let store = open_store(&args.data).await?;
    let media = media_folder(&args.data)?;
    let bar = spinner("{spinner} {elapsed} {msg}");
    let manifest = portal_services::backup::write_checked(
        &store,
        &media,
        &location,
        &args.data.data_dir,
        portal_core::time::now(),
        &|step| show_progress(&bar, &step),
    )
    .await
    .with_context(|| {
        format!(
            "sao lưu vào {0} không thành, hãy giữ bản sao lưu trước / the backup to {0} \
             failed: keep the previous one",
            location.describe()
        )
    })?;
    bar.finish_and_clear();
    let rows: usize = manifest.tables.values().sum();
    println!(
        "đã sao lưu / backed up: {rows} rows in {} tables, {} files → {} (checked)",
        manifest.tables.len(),
        manifest.files.len() - manifest.tables.len(),
        location.describe()
    );
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

async fn restore(args: RestoreArgs) -> Result<ExitCode> {
    let location = portal_services::backup::Location::parse(&args.file)?;
    std::fs::create_dir_all(&args.data.data_dir)?;
    let bar = spinner("{spinner} {elapsed} {msg}");
    let checked = portal_services::backup::fetch_checked(&location, &args.data.data_dir, &|step| {
        show_progress(&bar, &step)
    })
    .await
    .with_context(|| {
        format!(
            "{0} không phải bản sao lưu nguyên vẹn, chưa ghi gì cả; hãy dùng bản sao lưu khác / \
                 {0} is not a whole backup; nothing was written. Take another backup file",
            location.describe()
        )
    })?;
    let store = open_store(&args.data).await?;
    let media = media_folder(&args.data)?;
    portal_services::backup::restore(&checked, &store, &media, args.force, &|step| {
        show_progress(&bar, &step)
    })
    .await?;
    bar.finish_and_clear();
    store.close().await;
    println!(
        "đã khôi phục / restored {} tables and {} media files from {}; rebuilding the search index",
        checked.tables.len(),
        checked.media_keys.len(),
        location.describe()
    );
    drop(checked);
    let _ = std::fs::remove_dir_all(search_dir(&args.data));
    reindex(args.data).await
}

async fn reindex(args: DataArgs) -> Result<ExitCode> {
    let store = open_store(&args).await?;
    let dir = search_dir(&args);
    let index = match SearchIndex::open_for_rebuild(&dir) {
        Ok((index, _)) => Arc::new(index),
        Err(SearchError::Busy) => anyhow::bail!(
            "the search index in {} is in use: stop `portal serve` first \
             (a running portal rebuilds a missing or damaged index by itself)",
            dir.display()
        ),
        Err(error) => return Err(error.into()),
    };
    let progress = ProgressBar::new(0);
    progress.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} articles {per_sec} {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let started = std::time::Instant::now();
    search::rebuild(&store, &index, &|done, total| {
        progress.set_length(total);
        progress.set_position(done);
    })
    .await?;
    progress.finish_and_clear();
    println!(
        "indexed {} articles in {:.1} s into {}",
        index.doc_count(),
        started.elapsed().as_secs_f64(),
        dir.display()
    );
    store.close().await;
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

async fn import_captures(args: CaptureArgs) -> Result<ExitCode> {
    let store = open_store(&args.data).await?;
    let site = sites::site_or_default(&store, args.site.as_deref()).await?;
    let category = sites::category_named(&store, site.id, &args.category).await?;
    let progress = ProgressBar::new(args.files.len() as u64);
    progress.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let (mut created, mut updated, mut unchanged, mut kept, mut failed) = (0, 0, 0, 0, 0);
    for file in &args.files {
        progress.set_message(short_name(file));
        match import::import_capture_file(&store, &site, &category, file, portal_core::time::now())
            .await
        {
            Ok(imported) => {
                let id = imported.outcome.id();
                let said = match imported.outcome {
                    UpsertOutcome::Created(_) => {
                        created += 1;
                        format!("đã nhập / imported {id} {}", imported.path)
                    }
                    UpsertOutcome::Updated(_) => {
                        updated += 1;
                        format!("đã cập nhật / updated {id} {}", imported.path)
                    }
                    UpsertOutcome::Unchanged(_) => {
                        unchanged += 1;
                        format!("không đổi / unchanged {id} {}", imported.path)
                    }
                    UpsertOutcome::EditedSince(_) => {
                        kept += 1;
                        format!(
                            "bỏ qua / skipped {id} {}: đã được sửa trong tòa soạn sau lần nhập trước, \
                             giữ bản đã sửa / edited in the newsroom since it was imported; the \
                             edited article is kept",
                            imported.path
                        )
                    }
                };
                progress.suspend(|| println!("{said}"));
            }
            Err(error) => {
                failed += 1;
                progress.suspend(|| eprintln!("error: {error}"));
            }
        }
        progress.inc(1);
    }
    progress.finish_and_clear();
    store.close().await;
    eprintln!(
        "{created} mới / new, {updated} cập nhật / updated, {unchanged} không đổi / unchanged, \
         {kept} bỏ qua / skipped, {failed} lỗi / failed"
    );
    if failed > 0 {
        eprintln!("Fix the files named above and import them again; the others are saved.");
        Ok(ExitCode::FAILURE)
    } else {
        Ok(ExitCode::SUCCESS)
    }
}

async fn users(command: UserCommand) -> Result<ExitCode> {
    let now = portal_core::time::now();
    match command {
        UserCommand::Add(args) => {
            let password = read_password()?;
            let store = open_store(&args.data).await?;
            let id = accounts::add_user(&store, &args.login, &args.name, args.role, &password, now)
                .await?;
            audit_cli(
                &store,
                "user_add",
                &format!("user:{id}"),
                args.role.as_str(),
                now,
            )
            .await?;
            println!("added {id} {} {}", args.login, args.role.as_str());
        }
        UserCommand::Passwd(args) => {
            let password = read_password()?;
            let store = open_store(&args.data).await?;
            let user = accounts::set_password(&store, &args.login, &password, now).await?;
            audit_cli(
                &store,
                "password_reset",
                &format!("user:{}", user.id),
                "",
                now,
            )
            .await?;
            println!(
                "password changed for {}; their sessions are ended",
                user.login
            );
        }
        UserCommand::List(args) => {
            let store = open_store(&args.data).await?;
            for user in accounts::all_users(&store).await? {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    user.id,
                    user.login,
                    user.role.as_str(),
                    if user.disabled { "disabled" } else { "active" },
                    user.display_name
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The first line of standard input, without its line ending.
fn read_password() -> Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    let password = line.trim_end_matches(['\n', '\r']).to_string();
    anyhow::ensure!(
        !password.is_empty(),
        "no password on standard input: pipe it in, e.g. `printf '%s' \"$PASSWORD\" | portal user add ...`"
    );
    Ok(password)
}

async fn audit_cli(
    store: &Store,
    action: &str,
    target: &str,
    detail: &str,
    now: i64,
) -> Result<()> {
    let operator = std::env::var("USER").unwrap_or_else(|_| "cli".into());
    portal_services::audit::write(
        store,
        &AuditEvent {
            at: now,
            login: format!("cli:{operator}"),
            action: action.to_string(),
            target: target.to_string(),
            detail: detail.to_string(),
            ..Default::default()
        },
    )
    .await?;
    Ok(())
}

fn short_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact("postgres://app:secret@db/portal"),
            "postgres://app:***@db/portal"
        );
        assert_eq!(
            redact("sqlite://./data/portal.db"),
            "sqlite://./data/portal.db"
        );
    }
}
