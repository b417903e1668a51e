//! Media files, kept through `object_store`: a local folder by default, and
//! the same code for S3-compatible storage when a province scales out. Also
//! the images the demo site draws for itself.

use std::io::Cursor;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use image::{ImageDecoder, ImageFormat, ImageReader, Limits, Rgb, RgbImage};
use portal_core::media::{FileKind, is_safe_media_key};
use portal_core::text::{normalize_inline, slugify};
use portal_core::{Media, MediaVariant, SiteId};

use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::prefix::PrefixStore;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

#[derive(Debug, Clone)]
pub struct MediaFolder {
    objects: Arc<dyn ObjectStore>,
    /// Megabytes of decoded pixels that may be held at once, shared by
    /// every upload: a small file can unpack to a hundred megabytes.
    decode_budget: Arc<tokio::sync::Semaphore>,
}

/// What decoding images may hold at once, in MiB.
pub const DECODE_BUDGET_MIB: u32 = 256;
/// How long an upload waits for room to decode before it is told to retry.
pub const DECODE_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// Widths of the copies made for `srcset`, narrowest first.
pub const VARIANT_WIDTHS: [u32; 2] = [480, 960];

impl MediaFolder {
    /// Files under `root` on this machine (created when missing).
    pub fn local(root: impl Into<PathBuf>) -> Result<Self> {
        let root = root.into();
        std::fs::create_dir_all(&root)
            .with_context(|| format!("cannot create the media folder {}", root.display()))?;
        let objects = LocalFileSystem::new_with_prefix(&root)
            .with_context(|| format!("cannot use the media folder {}", root.display()))?;
        Ok(Self::on(Arc::new(objects)))
    }

    /// `s3://BUCKET/FOLDER` (keys from the environment, see [`crate::cloud`])
    /// or a folder on this machine: several nodes share a bucket, so a
    /// picture uploaded on one is served by all.
    pub fn at(address: &str) -> Result<Self> {
        match crate::cloud::parse_address(address) {
            Some((bucket, "")) => Ok(Self::on(crate::cloud::bucket(bucket)?)),
            Some((bucket, folder)) => Ok(Self::on(Arc::new(PrefixStore::new(
                crate::cloud::bucket(bucket)?,
                folder,
            )))),
            None => Self::local(address),
        }
    }

    fn on(objects: Arc<dyn ObjectStore>) -> Self {
        Self {
            objects,
            decode_budget: Arc::new(tokio::sync::Semaphore::new(DECODE_BUDGET_MIB as usize)),
        }
    }

    /// The object behind a storage key, or `None` for a key that could
    /// reach outside the media (`..`, absolute paths, backslashes).
    fn location(key: &str) -> Option<ObjectPath> {
        if !is_safe_media_key(key) {
            return None;
        }
        ObjectPath::parse(key).ok()
    }

    pub async fn write(&self, key: &str, bytes: &[u8]) -> Result<()> {
        let location = Self::location(key).with_context(|| format!("unsafe media key {key:?}"))?;
        self.objects
            .put(&location, PutPayload::from(bytes.to_vec()))
            .await
            .with_context(|| format!("cannot store media {key}"))?;
        Ok(())
    }

    /// Removes a stored file; one already gone is no error.
    pub async fn delete(&self, key: &str) -> Result<()> {
        let Some(location) = Self::location(key) else {
            return Ok(());
        };
        match self.objects.delete(&location).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(error) => Err(error).with_context(|| format!("cannot remove media {key}")),
        }
    }

    /// Every stored file's key, sorted.
    pub async fn keys(&self) -> Result<Vec<String>> {
        use futures_util::TryStreamExt;
        let mut keys: Vec<String> = self
            .objects
            .list(None)
            .map_ok(|meta| meta.location.to_string())
            .try_collect()
            .await
            .context("cannot list the media files")?;
        keys.sort();
        Ok(keys)
    }

    /// A stored file's bytes; `None` when there is no such (safe) key.
    pub async fn read(&self, key: &str) -> Result<Option<bytes::Bytes>> {
        let Some(location) = Self::location(key) else {
            return Ok(None);
        };
        match self.objects.get(&location).await {
            Ok(found) => Ok(Some(found.bytes().await?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(error) => Err(error).with_context(|| format!("cannot read media {key}")),
        }
    }

    /// Stores a JPEG or PNG image with its narrower copies, and describes it.
    /// The bytes are checked by decoding them, never by their name.
    pub async fn store_image(&self, site_id: SiteId, stem: &str, bytes: &[u8]) -> Result<Media> {
        let kind = FileKind::sniff(bytes).context("not an image")?;
        if !matches!(kind, FileKind::Jpeg | FileKind::Png) {
            bail!("unsupported image format {kind:?}: use JPEG or PNG");
        }
        Ok(self.store_checked(site_id, stem, bytes, kind).await?)
    }

    /// Stores an upload after checking it by content: an allowed kind, within
    /// the size limit, an image not too large in pixels (read from its header
    /// before anything is decoded) and with alt text.
    pub async fn store_upload(&self, upload: &Upload<'_>) -> Result<Media, UploadError> {
        if upload.bytes.len() > MAX_UPLOAD_BYTES {
            return Err(UploadError::TooLarge);
        }
        if upload.bytes.is_empty() {
            return Err(UploadError::Empty);
        }
        let kind = FileKind::sniff(upload.bytes).ok_or(UploadError::NotAllowed)?;
        if kind.is_image() && upload.alt.trim().is_empty() {
            return Err(UploadError::AltRequired);
        }
        let stem = format!(
            "{}/{}-{}",
            upload.folder,
            &crate::accounts::random_token()[..8],
            slugify(
                upload
                    .name
                    .rsplit_once('.')
                    .map_or(upload.name, |(stem, _)| stem)
            )
        );
        let mut media = self
            .store_checked(upload.site_id, &stem, upload.bytes, kind)
            .await?;
        media.alt = normalize_inline(upload.alt);
        media.credit = normalize_inline(upload.credit);
        media.name = normalize_inline(upload.name);
        Ok(media)
    }

    async fn store_checked(
        &self,
        site_id: SiteId,
        stem: &str,
        bytes: &[u8],
        kind: FileKind,
    ) -> Result<Media, UploadError> {
        let header = read_header(bytes, kind)?;
        // Room in the decoding budget first; an image larger than the whole
        // budget waits until it has the budget to itself.
        let _room = match header.decoded_mib() {
            0 => None,
            mib => Some(
                tokio::time::timeout(
                    DECODE_WAIT,
                    self.decode_budget
                        .clone()
                        .acquire_many_owned(mib.min(DECODE_BUDGET_MIB)),
                )
                .await
                .map_err(|_| UploadError::Busy)?
                .map_err(|_| UploadError::Busy)?,
            ),
        };
        let owned = bytes.to_vec();
        let stem_owned = stem.to_string();
        // Decoding and resizing take tens of milliseconds: off the async threads.
        let prepared =
            tokio::task::spawn_blocking(move || prepare(&stem_owned, &owned, kind, header))
                .await
                .map_err(|_| UploadError::Broken)??;
        self.write(&prepared.media.key, bytes)
            .await
            .map_err(UploadError::Storage)?;
        for (key, encoded) in &prepared.variants {
            self.write(key, encoded)
                .await
                .map_err(UploadError::Storage)?;
        }
        Ok(Media {
            site_id,
            ..prepared.media
        })
    }
}

/// A file for the site's library: checked and stored by [`MediaFolder::store_upload`],
/// then recorded as `uploaded_by`'s (and in the audit log); returns its
/// library number.
pub async fn add_to_library(
    store: &portal_store::Store,
    folder: &MediaFolder,
    upload: &Upload<'_>,
    uploaded_by: &portal_core::account::User,
    now: i64,
) -> Result<i64, UploadError> {
    let media = folder.store_upload(upload).await?;
    let id = store
        .insert_upload(&media, Some(uploaded_by.id.get()), now)
        .await
        .map_err(|error| UploadError::Storage(error.into()))?;
    crate::audit::record_by(
        store,
        uploaded_by,
        "upload",
        &format!("media:{id}"),
        &media.name,
        now,
    )
    .await;
    Ok(id)
}

/// The site's library, newest first: `query` in names and alt text,
/// `images` to keep only pictures (or only documents).
pub async fn library(
    store: &portal_store::Store,
    site_id: SiteId,
    query: &str,
    images: Option<bool>,
    limit: i64,
) -> portal_store::Result<Vec<Media>> {
    store.search_media(site_id, query, images, limit).await
}

/// Files under this folder (citizens' attachments) are never served at
/// `/media`: only the staff who handle them read them.
pub const PRIVATE_PREFIX: &str = "private";

/// Whether readers may be given the stored file of `key`.
pub fn is_public_key(key: &str) -> bool {
    key.split('/').next() != Some(PRIVATE_PREFIX)
}

/// The largest upload taken.
pub const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;
/// Images larger than this (in pixels) are refused before decoding: a small
/// file can unpack to gigabytes.
pub const MAX_PIXELS: u64 = 40_000_000;
pub const MAX_SIDE: u32 = 12_000;

pub struct Upload<'a> {
    pub site_id: SiteId,
    /// Where it goes under the media root, e.g. `2026/11`.
    pub folder: &'a str,
    pub name: &'a str,
    pub bytes: &'a [u8],
    pub alt: &'a str,
    pub credit: &'a str,
}

/// Why an upload was refused; each maps to a message in the catalog.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("the file is larger than the limit")]
    TooLarge,
    #[error("the file is empty")]
    Empty,
    #[error("the file is not an image or document the library takes")]
    NotAllowed,
    #[error("the image is too large in pixels")]
    TooManyPixels,
    #[error("images need alt text")]
    AltRequired,
    #[error("the file is damaged")]
    Broken,
    #[error("the server is busy with other pictures")]
    Busy,
    #[error("the file could not be stored: {0:#}")]
    Storage(anyhow::Error),
}

impl UploadError {
    pub fn message_key(&self) -> &'static str {
        match self {
            Self::TooLarge => "media.too_large",
            Self::Empty => "media.empty",
            Self::NotAllowed => "media.not_allowed",
            Self::TooManyPixels => "media.too_many_pixels",
            Self::AltRequired => "media.alt_required",
            Self::Broken => "media.broken",
            Self::Busy => "media.busy",
            Self::Storage(_) => "error.server.body",
        }
    }
}

struct PreparedFile {
    media: Media,
    variants: Vec<(String, Vec<u8>)>,
}

/// What an image's header says, read before anything is decoded.
#[derive(Debug, Clone, Copy)]
struct ImageHeader {
    width: u32,
    height: u32,
    bytes_per_pixel: u8,
}

impl ImageHeader {
    /// The decoded picture and its copies, in MiB (0 for documents).
    fn decoded_mib(&self) -> u32 {
        let bytes =
            u64::from(self.width) * u64::from(self.height) * u64::from(self.bytes_per_pixel);
        // The copies made for srcset are a small fraction more.
        u32::try_from((bytes + bytes / 8).div_ceil(1 << 20)).unwrap_or(u32::MAX)
    }
}

fn read_header(bytes: &[u8], kind: FileKind) -> Result<ImageHeader, UploadError> {
    if !kind.is_image() {
        return Ok(ImageHeader {
            width: 0,
            height: 0,
            bytes_per_pixel: 0,
        });
    }
    let decoder = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| UploadError::Broken)?
        .into_decoder()
        .map_err(|_| UploadError::Broken)?;
    let (width, height) = decoder.dimensions();
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(UploadError::TooManyPixels);
    }
    Ok(ImageHeader {
        width,
        height,
        bytes_per_pixel: decoder.color_type().bytes_per_pixel(),
    })
}

fn prepare(
    stem: &str,
    bytes: &[u8],
    kind: FileKind,
    header: ImageHeader,
) -> Result<PreparedFile, UploadError> {
    let mut media = Media {
        id: 0,
        site_id: SiteId(0),
        mime: kind.mime().to_string(),
        key: format!("{stem}.{}", kind.extension()),
        width: header.width,
        height: header.height,
        byte_size: bytes.len() as i64,
        alt: String::new(),
        credit: String::new(),
        name: String::new(),
        variants: Vec::new(),
    };
    // Documents, animated GIFs and WebP are kept as they are; photos get
    // narrower copies.
    let format = match kind {
        FileKind::Jpeg => ImageFormat::Jpeg,
        FileKind::Png => ImageFormat::Png,
        _ => {
            return Ok(PreparedFile {
                media,
                variants: Vec::new(),
            });
        }
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    // The decoder may allocate what the header promised, and no more.
    limits.max_alloc = Some(u64::from(header.decoded_mib().max(1)) << 20);
    reader.limits(limits);
    let decoded = reader.decode().map_err(|_| UploadError::Broken)?;
    let mut variants = Vec::new();
    for variant_width in VARIANT_WIDTHS.into_iter().filter(|w| *w < decoded.width()) {
        let variant_height = (decoded.height() * variant_width / decoded.width()).max(1);
        // An area average straight into the small copy: no full-size
        // floating-point buffer beside the decoded picture.
        let resized = decoded.thumbnail_exact(variant_width, variant_height);
        let mut out = Cursor::new(Vec::new());
        resized
            .write_to(&mut out, format)
            .map_err(|_| UploadError::Broken)?;
        let key = format!("{stem}-{variant_width}.{}", kind.extension());
        media.variants.push(MediaVariant {
            width: variant_width,
            height: variant_height,
            key: key.clone(),
        });
        variants.push((key, out.into_inner()));
    }
    Ok(PreparedFile { media, variants })
}

/// A 16:9 picture for demo articles: a sky, hills and a sun whose colours
/// and shapes follow `seed`, encoded as JPEG.
pub fn draw_demo_picture(seed: u32, width: u32) -> Result<Vec<u8>> {
    let height = width * 9 / 16;
    let hue = |shift: u32| ((seed.wrapping_mul(2_654_435_761) >> shift) & 0x7f) as u8;
    let (r, g, b) = (hue(3), hue(11), hue(19));
    let sky_top = [40 + r, 110 + g / 2, 170 + b / 2];
    let hill = [30 + r / 3, 100 + g, 50 + b / 3];
    let sun_x = (width / 5) + (seed % 5) * width / 8;
    let sun_y = height / 4;
    let sun_radius = height / 9;
    let picture = RgbImage::from_fn(width, height, |x, y| {
        let fy = y as f32 / height as f32;
        let fx = x as f32 / width as f32;
        let ridge = 0.62 + 0.08 * ((fx * 6.0 + seed as f32).sin()) + 0.05 * (fx * 13.0).cos();
        let dx = x.abs_diff(sun_x);
        let dy = y.abs_diff(sun_y);
        if fy > ridge {
            let shade = 1.0 - (fy - ridge) * 0.8;
            Rgb(hill.map(|c| (c as f32 * shade) as u8))
        } else if dx * dx + dy * dy < sun_radius * sun_radius {
            Rgb([250, 220, 120])
        } else {
            Rgb(sky_top.map(|c| (c as f32 + fy * 60.0).min(255.0) as u8))
        }
    });
    let mut out = Cursor::new(Vec::new());
    picture.write_to(&mut out, ImageFormat::Jpeg)?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn stores_an_image_with_variants() {
        let dir = tempfile::tempdir().expect("temp dir");
        let folder = MediaFolder::local(dir.path()).expect("folder");
        let jpeg = draw_demo_picture(7, 1200).expect("drawn");
        let media = folder
            .store_image(SiteId(1), "demo/anh-1", &jpeg)
            .await
            .expect("stored");
        assert_eq!((media.width, media.height), (1200, 675));
        assert_eq!(media.variants.len(), 2);
        assert_eq!(media.variants[0].width, 480);
        for key in std::iter::once(&media.key).chain(media.variants.iter().map(|v| &v.key)) {
            let bytes = folder.read(key).await.expect("read").expect("written");
            assert_eq!(image::guess_format(&bytes).ok(), Some(ImageFormat::Jpeg));
            assert!(
                dir.path().join(key).is_file(),
                "a plain file in the data folder"
            );
        }
    }

    #[tokio::test]
    async fn refuses_what_is_not_an_image() {
        let dir = tempfile::tempdir().expect("temp dir");
        let folder = MediaFolder::local(dir.path().join("media")).expect("folder");
        assert!(folder.store_image(SiteId(1), "x", b"<svg>").await.is_err());
        assert!(folder.write("../escape", b"x").await.is_err());
        assert!(!dir.path().join("escape").exists());
        for key in ["../escape", "/etc/passwd", "a/../../b", "missing.jpg"] {
            assert!(folder.read(key).await.expect("no error").is_none(), "{key}");
        }
    }
}
