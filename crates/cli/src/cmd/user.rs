//! `portal user`: accounts made and repaired from the command line.

use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use portal_core::workflow::Role;
use portal_services::{AuditEvent, Store, accounts, sites};

use crate::data::{DataArgs, open_store};

#[derive(Subcommand)]
pub(crate) enum UserCommand {
    /// Create an account; the password is read from standard input.
    Add(UserAddArgs),
    /// Set a new password (read from standard input) and end the user's sessions.
    Passwd(UserPasswdArgs),
    /// List the accounts with their roles, site by site.
    List(UserListArgs),
    /// Give someone a role on one more site (or change their role there).
    Grant(UserGrantArgs),
    /// Take someone's role on a site away (their sessions end).
    Revoke(UserRevokeArgs),
}

#[derive(Args)]
pub(crate) struct UserAddArgs {
    #[command(flatten)]
    pub(crate) data: DataArgs,
    /// Login name: a-z, 0-9, '.', '_', '-'.
    pub(crate) login: String,
    /// author, editor, publisher or admin.
    #[arg(long, value_parser = parse_role)]
    pub(crate) role: Role,
    /// The name shown in the newsroom (default: the login name).
    #[arg(long, default_value = "")]
    pub(crate) name: String,
    /// The site whose staff this person is (default: the province's site).
    #[arg(long)]
    pub(crate) site: Option<String>,
    /// Read the password from standard input (required: never on the command line).
    #[arg(long, required = true)]
    pub(crate) password_stdin: bool,
}

#[derive(Args)]
pub(crate) struct UserPasswdArgs {
    #[command(flatten)]
    pub(crate) data: DataArgs,
    pub(crate) login: String,
    #[arg(long, required = true)]
    pub(crate) password_stdin: bool,
}

#[derive(Args)]
pub(crate) struct UserGrantArgs {
    #[command(flatten)]
    pub(crate) data: DataArgs,
    pub(crate) login: String,
    /// author, editor, publisher or admin.
    #[arg(long, value_parser = parse_role)]
    pub(crate) role: Role,
    /// The site's code.
    #[arg(long)]
    pub(crate) site: String,
}

#[derive(Args)]
pub(crate) struct UserRevokeArgs {
    #[command(flatten)]
    pub(crate) data: DataArgs,
    pub(crate) login: String,
    /// The site's code.
    #[arg(long)]
    pub(crate) site: String,
}

#[derive(Args)]
pub(crate) struct UserListArgs {
    #[command(flatten)]
    pub(crate) data: DataArgs,
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text)
        .ok_or_else(|| format!("unknown role \"{text}\": use author, editor, publisher or admin"))
}

pub(crate) async fn users(command: UserCommand) -> Result<ExitCode> {
    let now = portal_core::time::now();
    match command {
        UserCommand::Add(args) => {
            let password = read_password()?;
            let store = open_store(&args.data).await?;
            let site = sites::site_or_default(&store, args.site.as_deref()).await?;
            let id = accounts::add_user_on(
                &store,
                site.id,
                &args.login,
                &args.name,
                args.role,
                &password,
                now,
            )
            .await?;
            let held = format!("{}@{}", args.role.as_str(), site.code);
            audit_cli(&store, "user_add", &format!("user:{id}"), &held, now).await?;
            println!("đã thêm / added {id} {} {held}", args.login);
        }
        UserCommand::Grant(args) => {
            let store = open_store(&args.data).await?;
            let site = sites::site_or_default(&store, Some(&args.site)).await?;
            let user = accounts::grant(&store, &args.login, site.id, Some(args.role), now).await?;
            let held = format!("{}@{}", args.role.as_str(), site.code);
            audit_cli(&store, "grant", &format!("user:{}", user.id), &held, now).await?;
            println!("đã cấp quyền / granted {} {held}", user.login);
        }
        UserCommand::Revoke(args) => {
            let store = open_store(&args.data).await?;
            let site = sites::site_or_default(&store, Some(&args.site)).await?;
            let user = accounts::grant(&store, &args.login, site.id, None, now).await?;
            audit_cli(
                &store,
                "revoke",
                &format!("user:{}", user.id),
                &site.code,
                now,
            )
            .await?;
            println!("đã thu hồi quyền / revoked {} @{}", user.login, site.code);
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
                let held: Vec<String> = user
                    .sites
                    .iter()
                    .map(|held| format!("{}@{}", held.role.as_str(), held.site_code))
                    .collect();
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    user.id,
                    user.login,
                    held.join(","),
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
