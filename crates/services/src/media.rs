//! Media files in a local folder (the default; object storage comes with
//! scale-out), and the images the demo site draws for itself.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use image::{ImageFormat, Rgb, RgbImage, imageops::FilterType};
use portal_core::media::is_safe_media_key;
use portal_core::{Media, MediaVariant};

#[derive(Debug, Clone)]
pub struct MediaFolder {
    root: PathBuf,
}

/// Widths of the copies made for `srcset`, narrowest first.
pub const VARIANT_WIDTHS: [u32; 2] = [480, 960];

impl MediaFolder {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The file behind a storage key, or `None` for a key that could reach
    /// outside the folder.
    pub fn path_of(&self, key: &str) -> Option<PathBuf> {
        is_safe_media_key(key).then(|| self.root.join(key))
    }

    pub async fn write(&self, key: &str, bytes: &[u8]) -> Result<()> {
        let path = self
            .path_of(key)
            .with_context(|| format!("unsafe media key {key:?}"))?;
        if let Some(parent) = path.parent() {
            tokio::fs::create_dir_all(parent)
                .await
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        tokio::fs::write(&path, bytes)
            .await
            .with_context(|| format!("cannot write {}", path.display()))
    }

    /// Stores a JPEG or PNG image with its narrower copies, and describes it.
    /// The bytes are checked by decoding them, never by their name.
    pub async fn store_image(&self, site_id: i64, stem: &str, bytes: &[u8]) -> Result<Media> {
        let owned = bytes.to_vec();
        let stem_owned = stem.to_string();
        // Decoding and resizing take tens of milliseconds: off the async threads.
        let prepared = tokio::task::spawn_blocking(move || prepare_image(&stem_owned, &owned))
            .await
            .context("image worker stopped")??;
        self.write(&prepared.media.key, bytes).await?;
        for (key, encoded) in &prepared.variants {
            self.write(key, encoded).await?;
        }
        Ok(Media {
            site_id,
            ..prepared.media
        })
    }
}

struct PreparedImage {
    media: Media,
    variants: Vec<(String, Vec<u8>)>,
}

fn prepare_image(stem: &str, bytes: &[u8]) -> Result<PreparedImage> {
    let format = image::guess_format(bytes).context("not an image")?;
    let (extension, mime) = match format {
        ImageFormat::Jpeg => ("jpg", "image/jpeg"),
        ImageFormat::Png => ("png", "image/png"),
        other => bail!("unsupported image format {other:?}: use JPEG or PNG"),
    };
    let decoded = image::load_from_memory_with_format(bytes, format)?;
    let mut variants = Vec::new();
    let mut described = Vec::new();
    for width in VARIANT_WIDTHS.into_iter().filter(|w| *w < decoded.width()) {
        let height = decoded.height() * width / decoded.width();
        let resized = decoded.resize_exact(width, height, FilterType::Triangle);
        let mut out = Cursor::new(Vec::new());
        resized.write_to(&mut out, format)?;
        let key = format!("{stem}-{width}.{extension}");
        described.push(MediaVariant {
            width,
            height,
            key: key.clone(),
        });
        variants.push((key, out.into_inner()));
    }
    Ok(PreparedImage {
        media: Media {
            id: 0,
            site_id: 0,
            mime: mime.to_string(),
            key: format!("{stem}.{extension}"),
            width: decoded.width(),
            height: decoded.height(),
            byte_size: bytes.len() as i64,
            alt: String::new(),
            credit: String::new(),
            variants: described,
        },
        variants,
    })
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
        let folder = MediaFolder::new(dir.path());
        let jpeg = draw_demo_picture(7, 1200).expect("drawn");
        assert!(folder.path_of("demo/anh-1.jpg").is_some());
        let media = folder
            .store_image(1, "demo/anh-1", &jpeg)
            .await
            .expect("stored");
        assert_eq!((media.width, media.height), (1200, 675));
        assert_eq!(media.variants.len(), 2);
        assert_eq!(media.variants[0].width, 480);
        for key in std::iter::once(&media.key).chain(media.variants.iter().map(|v| &v.key)) {
            let bytes = std::fs::read(folder.path_of(key).expect("safe")).expect("written");
            assert_eq!(image::guess_format(&bytes).ok(), Some(ImageFormat::Jpeg));
        }
    }

    #[tokio::test]
    async fn refuses_what_is_not_an_image() {
        let dir = tempfile::tempdir().expect("temp dir");
        let folder = MediaFolder::new(dir.path());
        assert!(folder.store_image(1, "x", b"<svg>").await.is_err());
        assert!(folder.write("../escape", b"x").await.is_err());
    }
}
