//! Where backups are kept: a folder on this machine, or a bucket of an
//! S3-compatible object store, so that a copy lives off the machine (the
//! province's cloud, a data centre's storage) without a script to copy it.
//!
//! A backup is always written and checked as a local file first; a bucket
//! then receives it in parts, and the bytes it holds are read back and
//! compared before the backup counts as made.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use futures_util::StreamExt;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, WriteMultipart};
use sha2::{Digest, Sha256};

/// Bytes sent per part of an upload (S3 asks at least 5 MiB but the last).
const PART_BYTES: usize = 8 * 1024 * 1024;
/// Parts in flight at once: bounds the memory an upload holds.
const PARTS_IN_FLIGHT: usize = 2;

#[derive(Debug, Clone)]
pub enum Place {
    Folder(PathBuf),
    Bucket(Bucket),
}

#[derive(Debug, Clone)]
pub struct Bucket {
    objects: Arc<dyn ObjectStore>,
    /// The folder inside the bucket, without slashes at either end.
    prefix: String,
    /// `s3://bucket/prefix`, for messages.
    address: String,
}

impl Place {
    /// `s3://BUCKET/FOLDER` (credentials and endpoint from the usual
    /// `AWS_*` variables) or a folder on this machine.
    pub fn parse(text: &str) -> Result<Self> {
        if let Some((bucket, prefix)) = crate::cloud::parse_address(text) {
            return Ok(Self::Bucket(Bucket::s3(bucket, prefix)?));
        }
        if text.contains("://") {
            bail!(
                "\"{text}\": chỉ hỗ trợ thư mục hoặc s3://BUCKET/THƯ-MỤC / only a folder or \
                 s3://BUCKET/FOLDER is supported"
            );
        }
        Ok(Self::Folder(PathBuf::from(text)))
    }

    /// A bucket reached through an object store already built (another
    /// cloud's, or one in memory).
    pub fn bucket(objects: Arc<dyn ObjectStore>, address: &str, prefix: &str) -> Self {
        Self::Bucket(Bucket {
            objects,
            prefix: prefix.trim_matches('/').to_string(),
            address: address.trim_end_matches('/').to_string(),
        })
    }

    /// Where a backup of this name is, as a person would write it.
    pub fn describe(&self, name: &str) -> String {
        match self {
            Self::Folder(dir) => dir.join(name).display().to_string(),
            Self::Bucket(bucket) => format!("{}/{name}", bucket.address),
        }
    }

    /// The names of the files directly in this place.
    pub async fn names(&self) -> Result<Vec<String>> {
        match self {
            Self::Folder(dir) => {
                let entries = match std::fs::read_dir(dir) {
                    Ok(entries) => entries,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
                    Err(e) => {
                        return Err(e).with_context(|| format!("cannot read {}", dir.display()));
                    }
                };
                Ok(entries
                    .filter_map(|e| e.ok()?.file_name().into_string().ok())
                    .collect())
            }
            Self::Bucket(bucket) => bucket.names().await,
        }
    }

    pub async fn remove(&self, name: &str) -> Result<()> {
        match self {
            Self::Folder(dir) => std::fs::remove_file(dir.join(name))
                .with_context(|| format!("cannot delete {}", self.describe(name))),
            Self::Bucket(bucket) => bucket
                .objects
                .delete(&bucket.key(name))
                .await
                .with_context(|| format!("cannot delete {}", self.describe(name))),
        }
    }
}

impl Bucket {
    fn s3(bucket: &str, prefix: &str) -> Result<Self> {
        let objects = crate::cloud::bucket(bucket)?;
        let address = match prefix {
            "" => format!("s3://{bucket}"),
            _ => format!("s3://{bucket}/{prefix}"),
        };
        Ok(Self {
            objects,
            prefix: prefix.to_string(),
            address,
        })
    }

    fn key(&self, name: &str) -> ObjectPath {
        match self.prefix.as_str() {
            "" => ObjectPath::from(name),
            prefix => ObjectPath::from(format!("{prefix}/{name}")),
        }
    }

    async fn names(&self) -> Result<Vec<String>> {
        let folder = (!self.prefix.is_empty()).then(|| ObjectPath::from(self.prefix.as_str()));
        let listed = self
            .objects
            .list_with_delimiter(folder.as_ref())
            .await
            .with_context(|| format!("cannot list {}", self.address))?;
        Ok(listed
            .objects
            .iter()
            .filter_map(|object| object.location.filename().map(str::to_string))
            .collect())
    }

    /// Sends `file` as `name` in parts, then reads the object back and
    /// compares its SHA-256 with the file's.
    pub(super) async fn upload(&self, file: &Path, name: &str) -> Result<()> {
        let key = self.key(name);
        let at = format!("{}/{name}", self.address);
        let mut source =
            std::fs::File::open(file).with_context(|| format!("cannot read {}", file.display()))?;
        let upload = self
            .objects
            .put_multipart(&key)
            .await
            .with_context(|| format!("cannot start the upload to {at}"))?;
        let mut parts = WriteMultipart::new_with_chunk_size(upload, PART_BYTES);
        let mut sent = Sha256::new();
        let mut buffer = vec![0; 1024 * 1024];
        let read = loop {
            let n = match source.read(&mut buffer) {
                Ok(0) => break Ok(()),
                Ok(n) => n,
                Err(e) => break Err(e),
            };
            if let Err(error) = parts.wait_for_capacity(PARTS_IN_FLIGHT).await {
                break Err(std::io::Error::other(error));
            }
            sent.update(&buffer[..n]);
            parts.write(&buffer[..n]);
        };
        if let Err(error) = read {
            let _ = parts.abort().await;
            return Err(error).with_context(|| format!("the upload to {at} stopped"));
        }
        parts
            .finish()
            .await
            .with_context(|| format!("the upload to {at} did not finish"))?;
        let held = self.download(name, &mut std::io::sink()).await?;
        if held != hex::encode(sent.finalize()) {
            bail!("{at} does not hold the bytes sent: the backup there is damaged");
        }
        Ok(())
    }

    /// Writes the object `name` into `into`; returns its SHA-256.
    pub(super) async fn download(
        &self,
        name: &str,
        into: &mut (dyn Write + Send),
    ) -> Result<String> {
        let at = format!("{}/{name}", self.address);
        let found = self
            .objects
            .get(&self.key(name))
            .await
            .map_err(|error| match error {
                object_store::Error::NotFound { .. } => {
                    anyhow::anyhow!("{at} không có / {at} does not exist")
                }
                other => anyhow::Error::new(other).context(format!("cannot read {at}")),
            })?;
        let mut stream = found.into_stream();
        let mut sum = Sha256::new();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.with_context(|| format!("reading {at} stopped"))?;
            sum.update(&chunk);
            into.write_all(&chunk)?;
        }
        into.flush()?;
        Ok(hex::encode(sum.finalize()))
    }
}
