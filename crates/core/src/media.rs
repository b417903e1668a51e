//! Stored files: images with their resized variants, and attachments.

use crate::SiteId;
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
    pub site_id: SiteId,
    pub mime: String,
    pub key: String,
    pub width: u32,
    pub height: u32,
    pub byte_size: i64,
    pub alt: String,
    pub credit: String,
    /// The name the file was uploaded with, for finding it again.
    pub name: String,
    /// Smaller copies for `srcset`, narrowest first.
    pub variants: Vec<MediaVariant>,
}

impl Media {
    pub fn is_image(&self) -> bool {
        self.mime.starts_with("image/")
    }

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

/// The kinds of file the media library takes, known by their first bytes,
/// never by their names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Jpeg,
    Png,
    Webp,
    Gif,
    Pdf,
    /// Word or Excel 97-2003 (OLE2 compound file).
    LegacyOffice,
    Docx,
    Xlsx,
}

impl FileKind {
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        let starts = |magic: &[u8]| bytes.starts_with(magic);
        if starts(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if starts(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
            Some(Self::Webp)
        } else if starts(b"GIF87a") || starts(b"GIF89a") {
            Some(Self::Gif)
        } else if starts(b"%PDF-") {
            Some(Self::Pdf)
        } else if starts(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            Some(Self::LegacyOffice)
        } else if starts(b"PK\x03\x04") {
            // An Office Open XML file is a zip whose entries name its kind.
            let head = &bytes[..bytes.len().min(64 * 1024)];
            let has = |name: &[u8]| head.windows(name.len()).any(|w| w == name);
            if !has(b"[Content_Types].xml") {
                None
            } else if has(b"word/") {
                Some(Self::Docx)
            } else if has(b"xl/") {
                Some(Self::Xlsx)
            } else {
                None
            }
        } else {
            None
        }
    }

    pub fn is_image(self) -> bool {
        matches!(self, Self::Jpeg | Self::Png | Self::Webp | Self::Gif)
    }

    pub fn mime(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Webp => "image/webp",
            Self::Gif => "image/gif",
            Self::Pdf => "application/pdf",
            Self::LegacyOffice => "application/msword",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Jpeg => "jpg",
            Self::Png => "png",
            Self::Webp => "webp",
            Self::Gif => "gif",
            Self::Pdf => "pdf",
            Self::LegacyOffice => "doc",
            Self::Docx => "docx",
            Self::Xlsx => "xlsx",
        }
    }

    /// The type to serve a stored file with, from its (our own) extension.
    pub fn from_extension(extension: &str) -> Option<Self> {
        [
            Self::Jpeg,
            Self::Png,
            Self::Webp,
            Self::Gif,
            Self::Pdf,
            Self::LegacyOffice,
            Self::Docx,
            Self::Xlsx,
        ]
        .into_iter()
        .find(|kind| kind.extension().eq_ignore_ascii_case(extension))
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
    fn files_are_known_by_their_bytes() {
        assert_eq!(
            FileKind::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(FileKind::Jpeg)
        );
        assert_eq!(FileKind::sniff(b"%PDF-1.7\n"), Some(FileKind::Pdf));
        assert_eq!(FileKind::sniff(b"<?php system($_GET['c']); ?>"), None);
        assert_eq!(
            FileKind::sniff(b"PK\x03\x04....[Content_Types].xml....word/document.xml"),
            Some(FileKind::Docx)
        );
        assert_eq!(
            FileKind::sniff(b"PK\x03\x04....evil.php"),
            None,
            "a plain zip is not a document"
        );
        assert_eq!(FileKind::from_extension("JPG"), Some(FileKind::Jpeg));
    }

    #[test]
    fn srcset_lists_variants_then_original() {
        let media = Media {
            id: 1,
            site_id: SiteId(1),
            mime: "image/jpeg".into(),
            key: "a.jpg".into(),
            width: 1200,
            height: 800,
            byte_size: 1,
            alt: String::new(),
            credit: String::new(),
            name: String::new(),
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
