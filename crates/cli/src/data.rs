//! What every command is given: the data folder, the database and the
//! media, and how they are opened; progress on the terminal.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use portal_services::media::MediaFolder;
use portal_services::{ConnectOptions, Store, StoreError, Unopenable};

#[derive(Args, Clone)]
pub(crate) struct DataArgs {
    /// Folder for the database, media files and indexes.
    #[arg(long, env = "PORTAL_DATA_DIR", default_value = "./portal-data")]
    pub(crate) data_dir: PathBuf,
    /// Database URL: sqlite://PATH or postgres://USER@HOST/DB. Default: a
    /// SQLite file in the data folder.
    #[arg(long, env = "PORTAL_DATABASE_URL")]
    pub(crate) database_url: Option<String>,
    /// Where media files are kept: a folder, or s3://BUCKET/FOLDER that
    /// several nodes share (keys from AWS_*). Default: the data folder's
    /// `media`.
    #[arg(long, env = "PORTAL_MEDIA_URL")]
    pub(crate) media_url: Option<String>,
}

/// Opens the portal in the data folder, which must be there: a mistyped
/// `--data-dir` must not quietly give an empty portal. Only `portal serve`
/// (a new portal) and `portal restore` make the folder.
pub(crate) async fn open_store(data: &DataArgs) -> Result<Store> {
    if data.database_url.is_none() && !data.data_dir.is_dir() {
        bail!(
            "không có thư mục dữ liệu {0}: hãy kiểm tra --data-dir (cổng mới được tạo bằng \
             `portal serve --data-dir {0}`) / there is no data folder {0}: check --data-dir \
             (`portal serve` makes a new portal)",
            data.data_dir.display()
        );
    }
    connect(data).await
}

/// Opens the portal, making its data folder first if it is new.
pub(crate) async fn create_or_open_store(data: &DataArgs) -> Result<Store> {
    std::fs::create_dir_all(&data.data_dir).with_context(|| {
        format!(
            "không tạo được thư mục dữ liệu {0}; hãy chọn thư mục khác bằng --data-dir / \
             cannot create the data folder {0}; choose another with --data-dir",
            data.data_dir.display()
        )
    })?;
    connect(data).await
}

async fn connect(data: &DataArgs) -> Result<Store> {
    let url = match &data.database_url {
        Some(url) => url.clone(),
        None => format!(
            "sqlite://{}?mode=rwc",
            data.data_dir.join("portal.db").display()
        ),
    };
    let opened = Store::open(&url, ConnectOptions::default()).await;
    let shown = redact(&url);
    match opened {
        Ok(store) => Ok(store),
        Err(StoreError::Unopenable(why)) => bail!(
            "không mở được cơ sở dữ liệu {shown}: {} / cannot open the database {shown}: {}",
            what_to_do(&why),
            why
        ),
        Err(other) => Err(other).with_context(|| {
            format!("không mở được cơ sở dữ liệu {shown} / cannot open the database {shown}")
        }),
    }
}

/// Why the database cannot be opened, and what to do, for a clerk.
fn what_to_do(why: &Unopenable) -> String {
    match why {
        Unopenable::NoFile => "không mở được tệp cơ sở dữ liệu: thư mục chứa nó có tồn tại và ghi được không?".into(),
        Unopenable::NotADatabase => "tệp này không phải cơ sở dữ liệu SQLite: hãy chỉ tới tệp portal.db của cổng".into(),
        Unopenable::LoginRefused => "máy chủ PostgreSQL từ chối người dùng hoặc mật khẩu trong --database-url".into(),
        Unopenable::NoSuchDatabase => "chưa có cơ sở dữ liệu này trên máy chủ PostgreSQL: hãy tạo bằng createdb".into(),
        Unopenable::NoServer => "máy chủ cơ sở dữ liệu không nhận kết nối ở địa chỉ và cổng này: máy chủ đã chạy chưa, địa chỉ trong --database-url có đúng không?".into(),
        Unopenable::TimedOut => "không kết nối được sau 10 giây: hãy kiểm tra máy chủ cơ sở dữ liệu và mạng".into(),
        Unopenable::Other(_) => "hãy kiểm tra địa chỉ trong --database-url".into(),
    }
}

/// A database URL without its password, for messages.
pub(crate) fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            let user = credentials.split(':').next().unwrap_or_default();
            format!("{}{user}:***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_string(),
    }
}

pub(crate) fn media_folder(data: &DataArgs) -> Result<MediaFolder> {
    match &data.media_url {
        Some(address) => MediaFolder::at(address),
        None => MediaFolder::local(data.data_dir.join("media")),
    }
}

pub(crate) fn search_dir(data: &DataArgs) -> std::path::PathBuf {
    data.data_dir.join("search")
}

pub(crate) fn spinner(template: &str) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
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
