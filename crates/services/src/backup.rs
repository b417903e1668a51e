//! Backups: one `.tar.gz` with the whole database (every table, read in one
//! snapshot, as portable JSON lines), every media file, and a manifest of
//! SHA-256 sums written last. A restore checks every sum before it writes
//! anything, into an empty database of either backend; the search index is
//! not carried (it is rebuilt from the database).

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

/// Writes a backup of `store` and `media` to `path` (through a temporary
/// file beside it, renamed at the end: a cut-off backup never looks whole).
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
    let partial = partial_path(path);
    let file = std::fs::File::create(&partial)
        .with_context(|| format!("cannot write {}", partial.display()))?;
    // Password hashes and the installation's secrets are inside.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    let mut archive = tar::Builder::new(GzEncoder::new(
        std::io::BufWriter::new(file),
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
    std::fs::rename(&partial, path)
        .with_context(|| format!("cannot move the backup into {}", path.display()))?;
    Ok(manifest)
}

fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    path.with_file_name(name)
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

/// Where and how often `portal serve` backs up by itself.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub dir: PathBuf,
    pub every: std::time::Duration,
    /// How many backups to keep; older ones are deleted after a good one.
    pub keep: usize,
}

/// How the last scheduled backup went, for the administrators' desk.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Outcome {
    pub at: i64,
    pub file: String,
    /// Empty when the backup was written and read back whole.
    pub error: String,
}

const OUTCOME_SETTING: &str = "backup.last";

/// Backs up every `schedule.every`, checks each backup by reading it back,
/// keeps the newest `schedule.keep`, and records how it went; a failure is
/// logged and shown to administrators, and the next run tries again.
pub async fn run_schedule(store: Store, media: MediaFolder, schedule: Schedule) {
    let mut ticker =
        tokio::time::interval_at(tokio::time::Instant::now() + schedule.every, schedule.every);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        let outcome = scheduled_once(&store, &media, &schedule).await;
        match &outcome.error[..] {
            "" => tracing::info!(file = %outcome.file, "backup written and checked"),
            error => tracing::error!(file = %outcome.file, %error, "scheduled backup failed"),
        }
        if let Err(error) = record_outcome(&store, &outcome).await {
            tracing::error!(%error, "backup outcome not recorded");
        }
    }
}

async fn scheduled_once(store: &Store, media: &MediaFolder, schedule: &Schedule) -> Outcome {
    let now = portal_core::time::now();
    let name = format!(
        "portal-{}.tar.gz",
        portal_core::time::format_iso(now)
            .chars()
            .filter(char::is_ascii_digit)
            .take(14)
            .collect::<String>()
    );
    let path = schedule.dir.join(&name);
    let result = async {
        std::fs::create_dir_all(&schedule.dir)
            .with_context(|| format!("cannot create {}", schedule.dir.display()))?;
        write(store, media, &path, now, &|_| {}).await?;
        let checked_path = path.clone();
        tokio::task::spawn_blocking(move || read_checked(&checked_path, &|_| {}))
            .await
            .context("backup check stopped")?
            .context("the backup does not read back")?;
        prune(&schedule.dir, schedule.keep)
    }
    .await;
    Outcome {
        at: now,
        file: path.display().to_string(),
        error: result.err().map(|e| format!("{e:#}")).unwrap_or_default(),
    }
}

/// Deletes all but the newest `keep` scheduled backups in `dir`.
fn prune(dir: &Path, keep: usize) -> Result<()> {
    let mut backups: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("portal-") && n.ends_with(".tar.gz"))
        })
        .collect();
    // Their names carry the time: sorted by name, oldest first.
    backups.sort();
    let excess = backups.len().saturating_sub(keep.max(1));
    for old in &backups[..excess] {
        std::fs::remove_file(old).with_context(|| format!("cannot delete {}", old.display()))?;
    }
    Ok(())
}

async fn record_outcome(store: &Store, outcome: &Outcome) -> Result<()> {
    store
        .set_setting(OUTCOME_SETTING, &serde_json::to_string(outcome)?)
        .await?;
    Ok(())
}

/// The last scheduled backup's outcome, if one has run.
pub async fn last_outcome(store: &Store) -> Option<Outcome> {
    let text = store.setting(OUTCOME_SETTING).await.ok()??;
    serde_json::from_str(&text).ok()
}
