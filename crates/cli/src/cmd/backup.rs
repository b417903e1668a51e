//! `portal backup` and `portal restore`: to and from a file or a bucket.

use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use indicatif::ProgressBar;

use crate::data::{DataArgs, create_or_open_store, media_folder, open_store, search_dir, spinner};

#[derive(Args)]
pub(crate) struct BackupArgs {
    #[command(flatten)]
    pub(crate) data: DataArgs,
    /// The archive to write: a file (portal-2026-12-01.tar.gz) or
    /// s3://BUCKET/FOLDER/portal-2026-12-01.tar.gz (keys from AWS_*).
    pub(crate) file: String,
}

#[derive(Args)]
pub(crate) struct RestoreArgs {
    #[command(flatten)]
    pub(crate) data: DataArgs,
    /// The archive `portal backup` wrote: a file or s3://BUCKET/FOLDER/NAME.
    pub(crate) file: String,
    /// Replace what the target already holds.
    #[arg(long)]
    pub(crate) force: bool,
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

pub(crate) async fn backup(args: BackupArgs) -> Result<ExitCode> {
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

pub(crate) async fn restore(args: RestoreArgs) -> Result<ExitCode> {
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
    let store = create_or_open_store(&args.data).await?;
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
    super::reindex::reindex(args.data).await
}
