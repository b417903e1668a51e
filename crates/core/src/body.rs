//! An article body: an ordered list of typed blocks, stored as JSON and
//! rendered by the server. Inline text inside a block is a small sanitized
//! HTML subset; raw HTML from users never reaches a page unsanitized.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

/// Inline rich text, already sanitized to the subset
/// `strong, em, a[href], br, sub, sup`. Only the constructors below make one,
/// so a value of this type is always safe to put in a page as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct InlineHtml(String);

impl InlineHtml {
    /// Plain text, escaped.
    pub fn from_plain(text: &str) -> Self {
        Self(escape_html(text))
    }

    /// Untrusted HTML, cleaned to the inline subset. Control characters
    /// (which HTML cannot carry) are dropped and line ends made `\n`, as an
    /// HTML parser would; and what a parser would read differently (links
    /// the tree builder left nested) is cleaned again: cleaning what was
    /// cleaned changes nothing.
    pub fn sanitize(html: &str) -> Self {
        let mut cleaned = clean_once(html);
        for _ in 0..3 {
            let again = clean_once(&cleaned);
            if again == cleaned {
                break;
            }
            cleaned = again;
        }
        Self(cleaned)
    }

    pub fn as_html(&self) -> &str {
        &self.0
    }

    /// The text a reader sees, without markup: for feeds, descriptions and
    /// search.
    pub fn plain_text(&self) -> String {
        let mut out = String::with_capacity(self.0.len());
        let mut in_tag = false;
        for ch in self.0.chars() {
            match ch {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                _ if !in_tag => out.push(ch),
                _ => {}
            }
        }
        unescape_html(&out)
    }

    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

fn clean_once(html: &str) -> String {
    let html = carried_text(html);
    let tags: HashSet<&str> = ["strong", "em", "a", "br", "sub", "sup"].into();
    let cleaned = ammonia::Builder::default()
        .tags(tags)
        .link_rel(Some("noopener noreferrer"))
        .url_schemes(["http", "https", "mailto", "tel"].into())
        .attribute_filter(|_, attribute, value| match attribute {
            "href" => crate::address::safe_link(value).map(Into::into),
            _ => Some(value.into()),
        })
        .clean(&html)
        .to_string();
    // Character references (`&#3;`, `&#13;`) decode to controls too.
    carried_text(&cleaned).trim().to_string()
}

/// Text as HTML can carry it: line ends as `\n`, no other control
/// characters but the tab.
fn carried_text(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .map(|c| if c == '\r' { '\n' } else { c })
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

fn unescape_html(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// A figure: an image from the media library, or one the source lost, whose
/// caption is still worth showing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    /// `None` when the image is missing (as in legacy captures).
    #[serde(default)]
    pub media_id: Option<i64>,
    #[serde(default)]
    pub alt: String,
    #[serde(default)]
    pub caption: InlineHtml,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BodyBlock {
    Paragraph {
        text: InlineHtml,
    },
    Heading {
        level: u8,
        text: InlineHtml,
    },
    Figure(Figure),
    Quote {
        text: InlineHtml,
        #[serde(default)]
        cite: String,
    },
    List {
        ordered: bool,
        items: Vec<InlineHtml>,
    },
    Table {
        #[serde(default)]
        header: bool,
        rows: Vec<Vec<InlineHtml>>,
    },
    /// A video from a known provider, shown in a sandboxed frame.
    Embed {
        url: String,
        #[serde(default)]
        title: String,
    },
    Attachment {
        media_id: i64,
        name: String,
    },
}

impl BodyBlock {
    pub fn paragraph(text: &str) -> Self {
        Self::Paragraph {
            text: InlineHtml::from_plain(text),
        }
    }

    fn plain_text(&self) -> String {
        match self {
            Self::Paragraph { text } | Self::Heading { text, .. } | Self::Quote { text, .. } => {
                text.plain_text()
            }
            Self::Figure(figure) => figure.caption.plain_text(),
            Self::List { items, .. } => items
                .iter()
                .map(InlineHtml::plain_text)
                .collect::<Vec<_>>()
                .join("\n"),
            Self::Table { rows, .. } => rows
                .iter()
                .map(|row| {
                    row.iter()
                        .map(InlineHtml::plain_text)
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect::<Vec<_>>()
                .join("\n"),
            Self::Embed { title, .. } => title.clone(),
            Self::Attachment { name, .. } => name.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct Body(pub Vec<BodyBlock>);

impl Body {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "[]".to_string())
    }

    pub fn from_json(json: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(json)
    }

    pub fn blocks(&self) -> &[BodyBlock] {
        &self.0
    }

    /// The whole text, one block a paragraph.
    pub fn plain_text(&self) -> String {
        self.0
            .iter()
            .map(BodyBlock::plain_text)
            .filter(|text| !text.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    /// The same body with every embed address passed through the URL
    /// policy again (one that fails it is emptied): for bodies handed to
    /// other programs, which may have been stored before the policy.
    pub fn with_safe_addresses(&self) -> Body {
        Body(
            self.0
                .iter()
                .map(|block| match block {
                    BodyBlock::Embed { url, title } => BodyBlock::Embed {
                        url: crate::address::safe_web_address(url).unwrap_or_default(),
                        title: title.clone(),
                    },
                    other => other.clone(),
                })
                .collect(),
        )
    }

    pub fn media_ids(&self) -> impl Iterator<Item = i64> + '_ {
        self.0.iter().filter_map(|block| match block {
            BodyBlock::Figure(Figure {
                media_id: Some(id), ..
            })
            | BodyBlock::Attachment { media_id: id, .. } => Some(*id),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_escaped() {
        let text = InlineHtml::from_plain("a < b & \"c\"");
        assert_eq!(text.as_html(), "a &lt; b &amp; &quot;c&quot;");
        assert_eq!(text.plain_text(), "a < b & \"c\"");
    }

    #[test]
    fn sanitize_keeps_the_inline_subset_only() {
        let html = InlineHtml::sanitize(
            r#"<strong>Tỉnh ủy</strong> <script>alert(1)</script><a href="javascript:x">x</a><a href="https://example.vn" onclick="y">y</a><img src=x onerror=z>"#,
        );
        let out = html.as_html();
        assert!(out.contains("<strong>Tỉnh ủy</strong>"));
        assert!(!out.contains("script"));
        assert!(!out.contains("javascript"));
        assert!(!out.contains("onclick"));
        assert!(!out.contains("<img"));
        assert!(out.contains(r#"href="https://example.vn""#));
    }

    #[test]
    fn body_round_trips_through_json() {
        let body = Body(vec![
            BodyBlock::paragraph("Đoạn một."),
            BodyBlock::Figure(Figure {
                media_id: None,
                alt: String::new(),
                caption: InlineHtml::from_plain("Toàn cảnh"),
            }),
        ]);
        let json = body.to_json();
        assert!(json.contains(r#""type":"figure""#));
        assert_eq!(Body::from_json(&json).expect("valid json"), body);
        assert_eq!(body.plain_text(), "Đoạn một.\n\nToàn cảnh");
    }
}
