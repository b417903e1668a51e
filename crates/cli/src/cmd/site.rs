//! `portal site`: the province's sites — its own portal and the
//! sub-portals of its communes, wards and departments.

use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, Subcommand};
use portal_core::SiteKind;
use portal_services::sites::estate::{self, SiteDraft, SiteError};
use portal_web::i18n::{Lang, t};

use crate::data::{DataArgs, open_store};

#[derive(Subcommand)]
pub(crate) enum SiteCommand {
    /// Add a site, ready to publish (sections, blocks, settings).
    Add(SiteAddArgs),
    /// List the sites: code, kind, name, host names, parent, state.
    List(DataArgs),
    /// Change a site's name, kind, parent, host names or language.
    Edit(SiteAddArgs),
    /// Take a site off the air; readers see a notice, nothing is deleted.
    Disable(SiteCodeArgs),
    /// Put a disabled site back on the air.
    Enable(SiteCodeArgs),
}

#[derive(Args)]
pub(crate) struct SiteAddArgs {
    #[command(flatten)]
    pub(crate) data: DataArgs,
    /// Short code: a-z, 0-9 and '-' (e.g. xa-na-ri); a site without a host
    /// name of its own answers at /CODE/ under its parent's.
    pub(crate) code: String,
    #[arg(long, default_value = "")]
    pub(crate) name: String,
    /// A host name the site answers at (repeat for more; the first is the
    /// canonical one). On edit, the whole list is replaced.
    #[arg(long = "host")]
    pub(crate) hosts: Vec<String>,
    /// The parent site's code (default: the province's site).
    #[arg(long)]
    pub(crate) parent: Option<String>,
    /// province, commune, ward, department or agency (default on add: commune).
    #[arg(long, value_parser = parse_kind)]
    pub(crate) kind: Option<SiteKind>,
    /// vi or en (default on add: vi).
    #[arg(long)]
    pub(crate) language: Option<String>,
}

#[derive(Args)]
pub(crate) struct SiteCodeArgs {
    #[command(flatten)]
    pub(crate) data: DataArgs,
    pub(crate) code: String,
}

fn parse_kind(text: &str) -> Result<SiteKind, String> {
    SiteKind::parse(text).ok_or_else(|| {
        format!(
            "loại cổng không rõ / unknown kind \"{text}\": province, commune, ward, department, agency"
        )
    })
}

impl SiteAddArgs {
    fn draft(&self) -> SiteDraft {
        SiteDraft {
            code: self.code.clone(),
            name: self.name.clone(),
            kind: self.kind,
            parent: self.parent.clone(),
            hosts: self.hosts.clone(),
            language: self.language.clone(),
        }
    }
}

pub(crate) async fn sites(command: SiteCommand) -> Result<ExitCode> {
    let now = portal_core::time::now();
    let by = format!(
        "cli:{}",
        std::env::var("USER").unwrap_or_else(|_| "cli".into())
    );
    let done = match command {
        SiteCommand::Add(args) => {
            let store = open_store(&args.data).await?;
            let added = estate::add_site(
                &store,
                &by,
                &args.draft(),
                portal_web::blocks::default_placements,
                now,
            )
            .await;
            added.map(|site| println!("đã thêm / added {} {}", site.code, site.name))
        }
        SiteCommand::Edit(args) => {
            let store = open_store(&args.data).await?;
            let edited = estate::edit_site(&store, &by, &args.draft(), now).await;
            edited.map(|site| println!("đã sửa / changed {} {}", site.code, site.name))
        }
        SiteCommand::Disable(args) => {
            let store = open_store(&args.data).await?;
            let changed = estate::set_disabled(&store, &by, &args.code, true, now).await;
            changed.map(|site| println!("đã tạm ngừng / disabled {}", site.code))
        }
        SiteCommand::Enable(args) => {
            let store = open_store(&args.data).await?;
            let changed = estate::set_disabled(&store, &by, &args.code, false, now).await;
            changed.map(|site| println!("đã mở lại / enabled {}", site.code))
        }
        SiteCommand::List(data) => {
            let store = open_store(&data).await?;
            let sites = estate::sites(&store).await?;
            for site in &sites {
                let parent = site
                    .parent_id
                    .and_then(|id| sites.iter().find(|s| s.id == id))
                    .map_or("-", |p| p.code.as_str());
                let state = if site.disabled { "disabled" } else { "serving" };
                let hosts = if site.hosts.is_empty() {
                    "-".to_string()
                } else {
                    site.hosts.join(",")
                };
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    site.code,
                    site.kind.as_str(),
                    site.name,
                    hosts,
                    parent,
                    state
                );
            }
            Ok(())
        }
    };
    match done {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(SiteError::Refused { key, subject }) => {
            eprintln!(
                "lỗi / error ({subject}): {}\n  {}",
                t(Lang::Vi, key),
                t(Lang::En, key)
            );
            Ok(ExitCode::from(2))
        }
        Err(SiteError::Store(error)) => Err(error.into()),
    }
}
