//! `portal`: runs the portal and its command-line jobs, one module per
//! command under `cmd/`.

mod cmd;
mod data;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;

use cmd::backup::{BackupArgs, RestoreArgs};
use cmd::import::ImportCommand;
use cmd::serve::ServeArgs;
use cmd::site::SiteCommand;
use cmd::user::UserCommand;
use data::DataArgs;

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
    /// Manage the province's sites: its own portal and the sub-portals of
    /// its communes, wards and departments.
    #[command(subcommand)]
    Site(SiteCommand),
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
            Command::Serve(args) => cmd::serve::serve(args).await,
            Command::Import(ImportCommand::Documents(args)) => {
                cmd::import::import_documents(args).await
            }
            Command::Import(ImportCommand::Capture(args)) => {
                cmd::import::import_captures(args).await
            }
            Command::Site(command) => cmd::site::sites(command).await,
            Command::User(command) => cmd::user::users(command).await,
            Command::Reindex(args) => cmd::reindex::reindex(args).await,
            Command::Backup(args) => cmd::backup::backup(args).await,
            Command::Restore(args) => cmd::backup::restore(args).await,
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
