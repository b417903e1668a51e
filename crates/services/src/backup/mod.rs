//! Backups: one `.tar.gz` with the whole database (every table, read in one
//! snapshot, as portable JSON lines), every media file, and a manifest of
//! SHA-256 sums written last. A restore checks every sum before it writes
//! anything, into an empty database of either backend; the search index is
//! not carried (it is rebuilt from the database).
//!
//! Backups live in a [`Place`]: a folder, or an S3-compatible bucket.

mod place;
mod schedule;

pub use place::Place;
pub use schedule::{Outcome, Schedule, last_outcome, run_schedule, scheduled_once};

use std::collections::BTreeMap;
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use portal_store::{Store, TableDump};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::media::MediaFolder;
use place::Bucket;

pub const FORMAT: &str = "portal-backup-1";
const MANIFEST: &str = "manifest.json";
const DATABASE: &str = "database/";
const MEDIA: &str = "media/";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub format: String,
    pub created_at: i64,
    pub portal_version: String,
    /// The newest migration of the database it came from.
    pub schema_version: i64,
    pub backend: String,
    /// Rows per table.
    pub tables: BTreeMap<String, usize>,
    /// Every other entry of the archive: path → (bytes, SHA-256).
    pub files: BTreeMap<String, FileSum>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileSum {
    pub bytes: u64,
    pub sha256: String,
}

/// What a long backup or restore is doing, for a progress bar.
#[derive(Debug, Clone)]
pub enum Progress<'a> {
    Table { name: &'a str, rows: usize },
    Media { done: usize, total: usize },
    Checked { entry: &'a str },
}

pub type ProgressFn<'a> = &'a (dyn Fn(Progress<'_>) + Sync);

/// One backup: a file name in a place, written `s3://BUCKET/FOLDER/NAME`
/// or as a path.
#[derive(Debug, Clone)]
pub struct Location {
    pub place: Place,
    pub name: String,
}

impl Location {
    pub fn parse(text: &str) -> Result<Self> {
        let (place, name) = match text.rsplit_once('/') {
            Some((place, name)) if text.starts_with("s3://") => (Place::parse(place)?, name),
            _ => {
                let path = Path::new(text);
                let name = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default();
                let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
                (
                    Place::Folder(dir.unwrap_or(Path::new(".")).to_path_buf()),
                    name,
                )
            }
        };
        if name.is_empty() || name.starts_with("s3:") {
            bail!(
                "\"{text}\" không có tên tệp, hãy viết ví dụ portal-2026-12-01.tar.gz / \
                 names no file: write for example portal-2026-12-01.tar.gz"
            );
        }
        Ok(Self {
            place,
            name: name.to_string(),
        })
    }

    pub fn describe(&self) -> String {
        self.place.describe(&self.name)
    }
}

/// Writes a backup to `location` and reads it back whole before it counts.
/// A bucket's is first written and checked in `staging` (a folder on this
/// machine), then sent, and the bytes the bucket holds compared.
pub async fn write_checked(
    store: &Store,
    media: &MediaFolder,
    location: &Location,
    staging: &Path,
    now: i64,
    progress: ProgressFn<'_>,
) -> Result<Manifest> {
    let local = match &location.place {
        Place::Folder(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            Local::Kept(dir.join(&location.name))
        }
        Place::Bucket(_) => Local::Staged(staged_file(staging)?),
    };
    let manifest = write(store, media, local.path(), now, progress).await?;
    blocking(|| read_checked(local.path(), progress))
        .context("the backup does not read back whole")?;
    if let Place::Bucket(bucket) = &location.place {
        bucket.upload(local.path(), &location.name).await?;
    }
    Ok(manifest)
}

/// Brings a backup to be restored: a bucket's is downloaded into `staging`
/// (and deleted with the answer); then every entry is checked.
pub async fn fetch_checked(
    location: &Location,
    staging: &Path,
    progress: ProgressFn<'_>,
) -> Result<Checked> {
    match &location.place {
        Place::Folder(dir) => {
            let path = dir.join(&location.name);
            blocking(|| read_checked(&path, progress))
        }
        Place::Bucket(bucket) => {
            let download = staged_file(staging)?;
            download_into(bucket, &location.name, &download).await?;
            let mut checked = blocking(|| read_checked(&download, progress))?;
            checked._download = Some(download);
            Ok(checked)
        }
    }
}

async fn download_into(bucket: &Bucket, name: &str, path: &Path) -> Result<()> {
    let mut file = std::io::BufWriter::new(
        std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?,
    );
    bucket.download(name, &mut file).await?;
    Ok(())
}

/// Where a backup on its way to or from a bucket is kept meanwhile.
enum Local {
    Kept(PathBuf),
    Staged(tempfile::TempPath),
}

impl Local {
    fn path(&self) -> &Path {
        match self {
            Self::Kept(path) => path,
            Self::Staged(path) => path,
        }
    }
}

fn staged_file(staging: &Path) -> Result<tempfile::TempPath> {
    std::fs::create_dir_all(staging)
        .with_context(|| format!("cannot create {}", staging.display()))?;
    sweep_abandoned(staging);
    let file = tempfile::Builder::new()
        .prefix(".backup-")
        .suffix(".tar.gz")
        .tempfile_in(staging)
        .with_context(|| format!("cannot write in {}", staging.display()))?;
    Ok(file.into_temp_path())
}

/// Deletes staged backups a crash left behind (a day old: no backup or
/// restore running now is that slow).
fn sweep_abandoned(staging: &Path) {
    let Ok(entries) = std::fs::read_dir(staging) else {
        return;
    };
    let day_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(24 * 3600);
    for entry in entries.flatten() {
        let staged = entry.file_name().to_string_lossy().starts_with(".backup-");
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|at| at < day_ago);
        if staged && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Runs blocking file work without stalling the other tasks of a server's
/// worker thread (where the runtime allows it).
fn blocking<T>(work: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) if runtime.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(work)
        }
        _ => work(),
    }
}

/// Writes a backup of `store` and `media` to `path` (through a temporary
/// file beside it, renamed at the end: a cut-off backup never looks whole,
/// and leaves nothing behind).
pub async fn write(
    store: &Store,
    media: &MediaFolder,
    path: &Path,
    now: i64,
    progress: ProgressFn<'_>,
) -> Result<Manifest> {
    let dumps = store
        .dump(&|name, rows| progress(Progress::Table { name, rows }))
        .await
        .context("cannot read the database")?;
    // Media after the snapshot: a file is written before its row, so every
    // file the snapshot names is there.
    let keys = media.keys().await.context("cannot list the media files")?;
    // Written beside its place and moved there whole at the end; dropped
    // (deleted) if the backup stops half-way, the portal stopping included.
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // Readable by its owner only (tempfile's default): password hashes and
    // the installation's secrets are inside.
    let partial = tempfile::Builder::new()
        .prefix(".backup-")
        .suffix(".partial")
        .tempfile_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    let mut archive = tar::Builder::new(GzEncoder::new(
        std::io::BufWriter::new(partial.as_file()),
        Compression::fast(),
    ));
    let mut manifest = Manifest {
        format: FORMAT.into(),
        created_at: now,
        portal_version: env!("CARGO_PKG_VERSION").into(),
        schema_version: store.schema_version().await?,
        backend: format!("{:?}", store.backend()).to_lowercase(),
        tables: BTreeMap::new(),
        files: BTreeMap::new(),
    };
    for dump in &dumps {
        let mut lines = Vec::new();
        for row in &dump.rows {
            serde_json::to_writer(&mut lines, row)?;
            lines.push(b'\n');
        }
        manifest.tables.insert(dump.name.clone(), dump.rows.len());
        add_entry(
            &mut archive,
            &mut manifest,
            &format!("{DATABASE}{}.jsonl", dump.name),
            &lines,
        )?;
    }
    for (done, key) in keys.iter().enumerate() {
        let Some(bytes) = media.read(key).await? else {
            continue; // Gone since it was listed.
        };
        add_entry(
            &mut archive,
            &mut manifest,
            &format!("{MEDIA}{key}"),
            &bytes,
        )?;
        progress(Progress::Media {
            done: done + 1,
            total: keys.len(),
        });
    }
    let manifest_json = serde_json::to_vec_pretty(&manifest)?;
    append(&mut archive, MANIFEST, &manifest_json)?;
    let mut writer = archive.into_inner()?.finish()?;
    writer.flush()?;
    writer
        .into_inner()
        .map_err(|e| e.into_error())?
        .sync_all()?;
    partial
        .persist(path)
        .with_context(|| format!("cannot move the backup into {}", path.display()))?;
    Ok(manifest)
}

fn add_entry<W: Write>(
    archive: &mut tar::Builder<W>,
    manifest: &mut Manifest,
    name: &str,
    bytes: &[u8],
) -> Result<()> {
    manifest.files.insert(name.to_string(), sum_of(bytes));
    append(archive, name, bytes)
}

fn append<W: Write>(archive: &mut tar::Builder<W>, name: &str, bytes: &[u8]) -> Result<()> {
    let mut header = tar::Header::new_gnu();
    header.set_size(bytes.len() as u64);
    header.set_mode(0o644);
    header.set_cksum();
    archive.append_data(&mut header, name, bytes)?;
    Ok(())
}

/// A backup read back and checked: the manifest, the database's rows, and
/// the media keys, every entry's sum matching. Nothing is written anywhere;
/// media bytes are only hashed here (a province's media can be larger than
/// memory) and read again, one file at a time, by [`restore`].
pub struct Checked {
    pub path: PathBuf,
    pub manifest: Manifest,
    pub tables: Vec<TableDump>,
    pub media_keys: Vec<String>,
    /// A bucket's backup, downloaded for the restore; deleted with this.
    _download: Option<tempfile::TempPath>,
}

fn open_archive(path: &Path) -> Result<tar::Archive<GzDecoder<std::io::BufReader<std::fs::File>>>> {
    let file = std::fs::File::open(path)
        .with_context(|| format!("cannot open the backup {}", path.display()))?;
    Ok(tar::Archive::new(GzDecoder::new(std::io::BufReader::new(
        file,
    ))))
}

/// Reads a whole backup and checks every entry against the manifest: a
/// missing, extra, damaged or unsafe entry is an error that names it.
pub fn read_checked(path: &Path, progress: ProgressFn<'_>) -> Result<Checked> {
    let mut archive = open_archive(path)?;
    let mut sums: BTreeMap<String, FileSum> = BTreeMap::new();
    let mut database: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut manifest: Option<Manifest> = None;
    for entry in archive.entries().context("not a backup archive")? {
        let mut entry = entry.context("the backup archive is damaged")?;
        let name = entry.path()?.to_string_lossy().into_owned();
        if name == MANIFEST || name.starts_with(DATABASE) {
            let mut bytes = Vec::new();
            entry
                .read_to_end(&mut bytes)
                .with_context(|| format!("the backup entry {name} is damaged"))?;
            if name == MANIFEST {
                manifest = Some(serde_json::from_slice(&bytes).context("the manifest is damaged")?);
                continue;
            }
            sums.insert(name.clone(), sum_of(&bytes));
            database.insert(name, bytes);
        } else {
            let mut hasher = HashingWriter::default();
            std::io::copy(&mut entry, &mut hasher)
                .with_context(|| format!("the backup entry {name} is damaged"))?;
            sums.insert(name, hasher.finish());
        }
    }
    let manifest = manifest.context("the backup has no manifest: it is cut off or not ours")?;
    if manifest.format != FORMAT {
        bail!(
            "the backup's format is {:?}; this version reads {FORMAT:?}",
            manifest.format
        );
    }
    for (name, sum) in &manifest.files {
        let found = sums
            .get(name)
            .with_context(|| format!("the backup lacks {name}"))?;
        if found != sum {
            bail!("{name} in the backup does not match its checksum");
        }
        progress(Progress::Checked { entry: name });
    }
    if let Some(extra) = sums.keys().find(|n| !manifest.files.contains_key(*n)) {
        bail!("the backup holds {extra}, which its manifest does not list");
    }
    let mut tables = Vec::new();
    for (name, bytes) in database {
        let Some(table) = name
            .strip_prefix(DATABASE)
            .and_then(|n| n.strip_suffix(".jsonl"))
        else {
            bail!("the backup holds {name}, which is not ours");
        };
        let mut rows = Vec::new();
        for line in bytes.lines() {
            let line = line?;
            if !line.is_empty() {
                rows.push(
                    serde_json::from_str(&line).with_context(|| {
                        format!("a row of {table} in the backup cannot be read")
                    })?,
                );
            }
        }
        if manifest.tables.get(table) != Some(&rows.len()) {
            bail!("{table} in the backup does not have the rows its manifest says");
        }
        tables.push(TableDump {
            name: table.to_string(),
            rows,
        });
    }
    let mut media_keys = Vec::new();
    for name in sums.keys().filter(|n| !n.starts_with(DATABASE)) {
        let key = name
            .strip_prefix(MEDIA)
            .with_context(|| format!("the backup holds {name}, which is not ours"))?;
        if !portal_core::media::is_safe_media_key(key) {
            bail!("the backup names a media file outside the media folder: {key}");
        }
        media_keys.push(key.to_string());
    }
    Ok(Checked {
        path: path.to_path_buf(),
        manifest,
        tables,
        media_keys,
        _download: None,
    })
}

fn sum_of(bytes: &[u8]) -> FileSum {
    FileSum {
        bytes: bytes.len() as u64,
        sha256: hex::encode(Sha256::digest(bytes)),
    }
}

#[derive(Default)]
struct HashingWriter {
    hasher: Sha256,
    bytes: u64,
}

impl Write for HashingWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.hasher.update(buf);
        self.bytes += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl HashingWriter {
    fn finish(self) -> FileSum {
        FileSum {
            bytes: self.bytes,
            sha256: hex::encode(self.hasher.finalize()),
        }
    }
}

/// Restores a checked backup into `store` and `media`. Refuses a database
/// that already has content unless `overwrite`; refuses a backup from a
/// newer version than this one.
pub async fn restore(
    checked: &Checked,
    store: &Store,
    media: &MediaFolder,
    overwrite: bool,
    progress: ProgressFn<'_>,
) -> Result<()> {
    let ours = store.schema_version().await?;
    if checked.manifest.schema_version > ours {
        bail!(
            "bản sao lưu từ phiên bản cổng mới hơn (cơ sở dữ liệu {0}, bản này {ours}): hãy \
             khôi phục bằng phiên bản đó hoặc mới hơn / the backup comes from a newer portal \
             (database version {0}, this one has {ours}): restore it with that version or a later one",
            checked.manifest.schema_version
        );
    }
    if !overwrite && (store.has_content().await? || !media.keys().await?.is_empty()) {
        bail!(
            "nơi khôi phục đã có dữ liệu; hãy khôi phục vào thư mục hoặc cơ sở dữ liệu trống, \
             hoặc thêm --force để thay thế / the target already has content; restore into an \
             empty data folder or database, or add --force to replace what is there"
        );
    }
    store
        .load(&checked.tables, &|name, rows| {
            progress(Progress::Table { name, rows })
        })
        .await
        .context("cannot write the database")?;
    // The media again, one file at a time, each checked once more as it
    // is written (the file could have changed since it was checked).
    let mut archive = open_archive(&checked.path)?;
    let total = checked.media_keys.len();
    let mut done = 0;
    for entry in archive.entries()? {
        let mut entry = entry?;
        let name = entry.path()?.to_string_lossy().into_owned();
        let Some(key) = name.strip_prefix(MEDIA) else {
            continue;
        };
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes)?;
        if checked.manifest.files.get(&name) != Some(&sum_of(&bytes)) {
            bail!("{name} in the backup changed while it was being restored");
        }
        media.write(key, &bytes).await?;
        done += 1;
        progress(Progress::Media { done, total });
    }
    Ok(())
}
