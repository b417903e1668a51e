//! Stored files: images with their resized variants, and attachments.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaVariant {
    pub width: u32,
    pub height: u32,
    /// Storage key, relative to the media root: `2025/09/abc-480.jpg`.
    pub key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Media {
    pub id: i64,
    pub site_id: i64,
    pub mime: String,
    pub key: String,
    pub width: u32,
    pub height: u32,
    pub byte_size: i64,
    pub alt: String,
    pub credit: String,
    /// Smaller copies for `srcset`, narrowest first.
    pub variants: Vec<MediaVariant>,
}

impl Media {
    pub fn url(key: &str) -> String {
        format!("/media/{key}")
    }

    /// `srcset` of the variants and the original.
    pub fn srcset(&self) -> String {
        self.variants
            .iter()
            .map(|v| (v.key.as_str(), v.width))
            .chain(std::iter::once((self.key.as_str(), self.width)))
            .map(|(key, width)| format!("{} {width}w", Self::url(key)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The copy closest to `width` and at least as wide, for thumbnails.
    pub fn key_for_width(&self, width: u32) -> &str {
        self.variants
            .iter()
            .find(|v| v.width >= width)
            .map_or(self.key.as_str(), |v| v.key.as_str())
    }
}

/// A storage key is safe when it cannot leave the media root.
pub fn is_safe_media_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 200
        && !key.starts_with('/')
        && key.split('/').all(|part| {
            !part.is_empty()
                && part != "."
                && part != ".."
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_cannot_escape_the_media_root() {
        assert!(is_safe_media_key("2025/09/cau-treo-480.jpg"));
        for bad in [
            "../etc/passwd",
            "/etc/passwd",
            "a//b",
            "a/./b",
            "a\\b",
            "",
            "a/..",
            "x%2f..",
        ] {
            assert!(!is_safe_media_key(bad), "{bad}");
        }
    }

    #[test]
    fn srcset_lists_variants_then_original() {
        let media = Media {
            id: 1,
            site_id: 1,
            mime: "image/jpeg".into(),
            key: "a.jpg".into(),
            width: 1200,
            height: 800,
            byte_size: 1,
            alt: String::new(),
            credit: String::new(),
            variants: vec![MediaVariant {
                width: 480,
                height: 320,
                key: "a-480.jpg".into(),
            }],
        };
        assert_eq!(media.srcset(), "/media/a-480.jpg 480w, /media/a.jpg 1200w");
        assert_eq!(media.key_for_width(400), "a-480.jpg");
        assert_eq!(media.key_for_width(900), "a.jpg");
    }
}
