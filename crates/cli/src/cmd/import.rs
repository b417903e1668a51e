//! `portal import capture`: legacy page captures into articles;
//! `portal import documents`: a documents base from a spreadsheet.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use portal_services::news::import;
use portal_services::{UpsertOutcome, sites};

use crate::data::{DataArgs, open_store};

#[derive(Subcommand)]
pub(crate) enum ImportCommand {
    /// Import page captures of legacy "PublishingPortal" sites as published
    /// articles; the same capture imported again updates its article.
    Capture(CaptureArgs),
    /// Import a documents base (Văn bản) from a CSV or XLSX spreadsheet
    /// whose first row names the columns: Số ký hiệu, Loại, Cơ quan ban
    /// hành, Người ký, Ngày ban hành, Ngày hiệu lực, Ngày hết hiệu lực,
    /// Trích yếu, Lĩnh vực. A document already there (same number) is
    /// brought up to date.
    Documents(DocumentsArgs),
}

#[derive(Args)]
pub(crate) struct DocumentsArgs {
    #[command(flatten)]
    pub(crate) data: DataArgs,
    /// The spreadsheet (.csv in UTF-8, or .xlsx).
    pub(crate) file: PathBuf,
    /// Code of the site whose documents these are (default: the first site).
    #[arg(long)]
    pub(crate) site: Option<String>,
}

pub(crate) async fn import_documents(args: DocumentsArgs) -> Result<ExitCode> {
    use portal_services::documents::import::{RowOutcome, import_rows, read_table};
    let store = open_store(&args.data).await?;
    let site = sites::site_or_default(&store, args.site.as_deref()).await?;
    let table = read_table(&args.file)?;
    let progress = ProgressBar::new(table.len().saturating_sub(1) as u64);
    progress.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} dòng / rows")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let (mut created, mut updated, mut unchanged, mut refused) = (0, 0, 0, 0);
    let outcomes = import_rows(
        &store,
        &site,
        &short_name(&args.file),
        &table,
        portal_core::time::now(),
        |outcome| {
            let said = match outcome {
                RowOutcome::Saved { row, saved, number } => match saved {
                    portal_services::Saved::Created(id) => {
                        created += 1;
                        format!("dòng / row {row}: đã nhập / imported {number} /van-ban/{id}")
                    }
                    portal_services::Saved::Updated(id) => {
                        updated += 1;
                        format!("dòng / row {row}: đã cập nhật / updated {number} /van-ban/{id}")
                    }
                    portal_services::Saved::Unchanged(id) => {
                        unchanged += 1;
                        format!("dòng / row {row}: không đổi / unchanged {number} /van-ban/{id}")
                    }
                },
                RowOutcome::Refused { row, problem } => {
                    refused += 1;
                    format!("dòng / row {row}: bỏ qua / refused: {problem}")
                }
            };
            progress.suspend(|| match outcome {
                RowOutcome::Refused { .. } => eprintln!("{said}"),
                RowOutcome::Saved { .. } => println!("{said}"),
            });
            progress.inc(1);
        },
    )
    .await?;
    progress.finish_and_clear();
    store.close().await;
    eprintln!(
        "{created} mới / new, {updated} cập nhật / updated, {unchanged} không đổi / unchanged, \
         {refused} bỏ qua / refused ({} dòng / rows)",
        outcomes.len()
    );
    if refused > 0 {
        eprintln!(
            "Sửa các dòng nêu trên rồi nhập lại tệp; các dòng khác đã được lưu. / \
             Fix the rows named above and import the file again; the others are saved."
        );
        Ok(ExitCode::FAILURE)
    } else {
        Ok(ExitCode::SUCCESS)
    }
}

#[derive(Args)]
pub(crate) struct CaptureArgs {
    #[command(flatten)]
    pub(crate) data: DataArgs,
    /// Capture files (UTF-8 text).
    #[arg(required = true)]
    pub(crate) files: Vec<PathBuf>,
    /// Code of the site to import into (default: the first site).
    #[arg(long)]
    pub(crate) site: Option<String>,
    /// Category for the imported articles, created if missing.
    #[arg(long, default_value = "Tin hoạt động")]
    pub(crate) category: String,
}

pub(crate) async fn import_captures(args: CaptureArgs) -> Result<ExitCode> {
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

fn short_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
