//! Reads the plain-text page captures of legacy "PublishingPortal" sites: the
//! `Block_BanTin_Toolbar` block (date, font-size buttons, title, lead) and the
//! `Block_BanTin_ViewData` block (figures that lost their images but kept
//! their captions, paragraphs, and the byline as the last line).

use thiserror::Error;

use crate::body::{Body, BodyBlock, Figure, InlineHtml};
use crate::text::{normalize_inline, slugify};
use crate::time::{format_date, parse_vietnamese_date};

const TOOLBAR_MARKER: &str = "PublishingPortal - Block_BanTin_Toolbar";
const VIEW_MARKER: &str = "PublishingPortal - Block_BanTin_ViewData";
const FONT_BUTTONS: &str = "Tăng cỡ chữ";

/// Captions are short lines without final punctuation; longer lines are
/// paragraphs even when their punctuation was lost.
const MAX_CAPTION_CHARS: usize = 200;
const MAX_BYLINE_CHARS: usize = 60;
const MAX_BYLINE_WORDS: usize = 6;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapturedArticle {
    /// Midnight of the publication day, Vietnam time.
    pub published_at: i64,
    pub title: String,
    pub lead: String,
    pub body: Body,
    pub byline: Option<String>,
}

impl CapturedArticle {
    /// What the capture gives an article in section `category_id`.
    pub fn content(&self, category_id: i64) -> crate::ArticleContent {
        crate::ArticleContent {
            category_ids: vec![category_id],
            title: self.title.clone(),
            lead: self.lead.clone(),
            body: self.body.clone(),
            byline: self.byline.clone().unwrap_or_default(),
            publish_at: Some(self.published_at),
            ..Default::default()
        }
    }

    /// What identifies a capture: a fingerprint of all it says (day,
    /// title, lead, body, byline). Two captures that share a day and a
    /// title ("Thông báo") are two articles; the same capture imported
    /// again is the same one.
    pub fn import_key(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut content = Sha256::new();
        for part in [
            format_date(self.published_at),
            self.title.clone(),
            self.lead.clone(),
            self.body.to_json(),
            self.byline.clone().unwrap_or_default(),
        ] {
            content.update(part.as_bytes());
            content.update([0]);
        }
        format!("capture:sha256:{}", hex::encode(content.finalize()))
    }

    /// The key earlier versions gave a capture (its day and title), to find
    /// what they imported.
    pub fn legacy_import_key(&self) -> String {
        format!(
            "capture:{}:{}",
            format_date(self.published_at),
            slugify(&self.title)
        )
    }
}

/// `line` is 1-based, counted in the file as given.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("line {line}: {message}")]
pub struct CaptureError {
    pub line: usize,
    pub message: String,
}

fn error(line: usize, message: impl Into<String>) -> CaptureError {
    CaptureError {
        line,
        message: message.into(),
    }
}

struct Line {
    number: usize,
    text: String,
}

pub fn parse_capture(input: &str) -> Result<CapturedArticle, CaptureError> {
    let input = input.strip_prefix('\u{FEFF}').unwrap_or(input);
    let lines: Vec<Line> = input
        .lines()
        .enumerate()
        .map(|(index, raw)| Line {
            number: index + 1,
            text: normalize_inline(raw),
        })
        .collect();
    let last_line = lines.len().max(1);
    let mut cursor = lines.iter().filter(|line| !line.text.is_empty()).peekable();

    let header = cursor
        .next()
        .ok_or_else(|| error(1, "the file is empty, not a page capture"))?;
    if header.text != TOOLBAR_MARKER {
        return Err(error(
            header.number,
            format!("not a page capture: expected the header \"{TOOLBAR_MARKER}\""),
        ));
    }

    let date_line = cursor.next().ok_or_else(|| {
        error(
            last_line,
            "the capture ends before the publication date (dd/mm/yyyy)",
        )
    })?;
    let published_at = parse_vietnamese_date(&date_line.text).ok_or_else(|| {
        error(
            date_line.number,
            format!(
                "expected the publication date as dd/mm/yyyy, found \"{}\"",
                date_line.text
            ),
        )
    })?;

    if cursor
        .peek()
        .is_some_and(|line| line.text.starts_with(FONT_BUTTONS))
    {
        cursor.next();
    }

    let title = cursor
        .next()
        .filter(|line| line.text != VIEW_MARKER)
        .ok_or_else(|| error(date_line.number, "the capture has no title after the date"))?;

    // Everything between the title and the view block is the lead, however
    // many lines the capture broke it into.
    let lead_start = title.number;
    let view_marker = lines
        .iter()
        .find(|line| line.number > lead_start && line.text == VIEW_MARKER)
        .ok_or_else(|| {
            error(
                last_line,
                format!("the capture has no \"{VIEW_MARKER}\" block"),
            )
        })?;
    let lead = join_lines(
        lines
            .iter()
            .filter(|line| line.number > lead_start && line.number < view_marker.number),
    );

    let mut paragraphs = paragraphs_after(&lines, view_marker.number);
    if paragraphs.is_empty() {
        return Err(error(
            view_marker.number,
            "the view block has no text: a capture needs at least one paragraph",
        ));
    }
    let byline = match paragraphs.last() {
        Some(last) if paragraphs.len() > 1 && looks_like_byline(last) => paragraphs.pop(),
        _ => None,
    };

    let body = paragraphs
        .iter()
        .map(|text| {
            if looks_like_caption(text) {
                BodyBlock::Figure(Figure {
                    media_id: None,
                    alt: String::new(),
                    caption: InlineHtml::from_plain(text),
                })
            } else {
                BodyBlock::paragraph(text)
            }
        })
        .collect();

    Ok(CapturedArticle {
        published_at,
        title: title.text.clone(),
        lead,
        body: Body(body),
        byline,
    })
}

fn join_lines<'a>(lines: impl Iterator<Item = &'a Line>) -> String {
    lines
        .map(|line| line.text.as_str())
        .filter(|text| !text.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Blank lines separate paragraphs; lines inside one are joined.
fn paragraphs_after(lines: &[Line], after: usize) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in lines.iter().filter(|line| line.number > after) {
        if line.text.is_empty() {
            if !current.is_empty() {
                paragraphs.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(&line.text);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current.join(" "));
    }
    paragraphs
}

fn ends_a_sentence(text: &str) -> bool {
    text.ends_with(['.', '!', '?', '…', ':', ';'])
}

fn looks_like_caption(text: &str) -> bool {
    text.chars().count() <= MAX_CAPTION_CHARS && !ends_a_sentence(text)
}

fn looks_like_byline(text: &str) -> bool {
    text.chars().count() <= MAX_BYLINE_CHARS
        && text.split(' ').count() <= MAX_BYLINE_WORDS
        && !ends_a_sentence(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "PublishingPortal - Block_BanTin_Toolbar\n\n02/09/2025\nTăng cỡ chữ Giảm cỡ chữ\nXã Bản Thi khánh thành cầu treo\nSáng 2/9, xã Bản Thi tổ chức khánh thành cầu treo qua suối.\n\n\u{a0}PublishingPortal - Block_BanTin_ViewData\n\nCầu treo mới\n\nCây cầu dài 60 mét, rộng 1,5 mét.\n\nNgười dân qua cầu\n\nBà con phấn khởi…/.\n\nMinh Anh";

    fn figure_captions(article: &CapturedArticle) -> Vec<String> {
        article
            .body
            .blocks()
            .iter()
            .filter_map(|block| match block {
                BodyBlock::Figure(figure) => Some(figure.caption.plain_text()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn reads_every_field() {
        let article = parse_capture(SAMPLE).expect("valid capture");
        assert_eq!(format_date(article.published_at), "02/09/2025");
        assert_eq!(article.title, "Xã Bản Thi khánh thành cầu treo");
        assert_eq!(
            article.lead,
            "Sáng 2/9, xã Bản Thi tổ chức khánh thành cầu treo qua suối."
        );
        assert_eq!(
            figure_captions(&article),
            ["Cầu treo mới", "Người dân qua cầu"]
        );
        assert_eq!(article.body.blocks().len(), 4);
        assert!(matches!(article.body.blocks()[0], BodyBlock::Figure(_)));
        assert_eq!(article.byline.as_deref(), Some("Minh Anh"));
    }

    #[test]
    fn a_lead_may_span_lines() {
        let capture = SAMPLE.replace("tổ chức khánh thành", "tổ chức\nkhánh thành");
        let article = parse_capture(&capture).expect("valid capture");
        assert_eq!(
            article.lead,
            "Sáng 2/9, xã Bản Thi tổ chức khánh thành cầu treo qua suối."
        );
    }

    #[test]
    fn no_byline_when_the_last_paragraph_is_text() {
        let capture = SAMPLE.replace("\n\nMinh Anh", "");
        let article = parse_capture(&capture).expect("valid capture");
        assert_eq!(article.byline, None);
        assert!(matches!(
            article.body.blocks().last(),
            Some(BodyBlock::Paragraph { .. })
        ));
    }

    #[test]
    fn no_break_spaces_and_crlf_are_survived() {
        let capture = SAMPLE.replace(' ', "\u{a0}").replace('\n', "\r\n") + "\r\n";
        let article = parse_capture(&capture).expect("valid capture");
        assert_eq!(article.title, "Xã Bản Thi khánh thành cầu treo");
        assert_eq!(article.byline.as_deref(), Some("Minh Anh"));
    }

    #[test]
    fn errors_name_the_line() {
        let not_capture = parse_capture("Hello\nworld").expect_err("not a capture");
        assert_eq!(not_capture.line, 1);

        let bad_date = SAMPLE.replace("02/09/2025", "hôm qua");
        assert_eq!(parse_capture(&bad_date).expect_err("bad date").line, 3);

        let no_view = SAMPLE.replace("PublishingPortal - Block_BanTin_ViewData", "");
        let err = parse_capture(&no_view).expect_err("no view block");
        assert!(err.message.contains("Block_BanTin_ViewData"));

        assert_eq!(parse_capture("").expect_err("empty").line, 1);
    }

    #[test]
    fn a_capture_is_known_by_all_it_says() {
        let first = parse_capture(SAMPLE).expect("valid capture");
        let again = parse_capture(&SAMPLE.replace('\n', "\r\n")).expect("valid capture");
        assert_eq!(first.import_key(), again.import_key(), "the same capture");
        // Another notice of the same day under the same title is another article.
        let other = parse_capture(&SAMPLE.replace("60 mét", "62 mét")).expect("valid capture");
        assert_ne!(first.import_key(), other.import_key());
        assert_eq!(first.legacy_import_key(), other.legacy_import_key());
    }
}
