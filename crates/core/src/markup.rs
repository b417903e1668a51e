//! A plain-text form of an article body, for the form-based editor: one
//! block per paragraph of text, blank lines between blocks.
//!
//! ```text
//! A paragraph, with <strong>inline</strong> markup.
//!
//! ## A heading
//!
//! > A quotation
//!
//! - a list item
//! - another
//!
//! | Huyện | Dân số |                (a table; a `|---|` line under the
//! |---|---|                           first row makes it the header)
//! | Xã A | 12 000 |
//!
//! [[hình:12|alt text|Caption]]      (a figure; `-` for a lost image)
//! [[video:https://youtu.be/…|Title]] (a video)
//! [[tệp:31|Kế hoạch.pdf]]            (a file to download)
//! [[khối:{"type":"table",...}]]     (any block the lines above cannot say)
//! ```
//!
//! Every block survives a round trip, so saving from this form loses
//! nothing the richer editor made.

use crate::body::{Body, BodyBlock, Figure, InlineHtml};

const FIGURE: &str = "[[hình:";
const VIDEO: &str = "[[video:";
const FILE: &str = "[[tệp:";
const BLOCK: &str = "[[khối:";

pub fn to_markup(body: &Body) -> String {
    body.blocks()
        .iter()
        .map(|block| {
            // The plain lines only where they read back as this very block
            // (a paragraph that starts with `|` or `## ` would not); the
            // JSON form otherwise, so a save loses and changes nothing.
            plain_form(block)
                .filter(|text| from_markup(text).is_ok_and(|read| read.blocks() == [block.clone()]))
                .unwrap_or_else(|| {
                    format!(
                        "{BLOCK}{}]]",
                        serde_json::to_string(block).unwrap_or_default()
                    )
                })
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A block as the lines a person would type, where there is such a form.
fn plain_form(block: &BodyBlock) -> Option<String> {
    Some(match block {
        BodyBlock::Paragraph { text } => text.as_html().to_string(),
        BodyBlock::Heading { level, text } => {
            format!(
                "{} {}",
                "#".repeat(usize::from((*level).clamp(2, 3))),
                text.as_html()
            )
        }
        BodyBlock::Quote { text, cite } if cite.is_empty() => format!("> {}", text.as_html()),
        BodyBlock::List { ordered, items } => items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                if *ordered {
                    format!("{}. {}", i + 1, item.as_html())
                } else {
                    format!("- {}", item.as_html())
                }
            })
            .collect::<Vec<_>>()
            .join("\n"),
        BodyBlock::Figure(figure) => format!(
            "{FIGURE}{}|{}|{}]]",
            figure.media_id.map_or("-".to_string(), |id| id.to_string()),
            figure.alt,
            figure.caption.as_html()
        ),
        BodyBlock::Embed { url, title } if plain_field(url) && plain_field(title) => {
            format!("{VIDEO}{url}|{title}]]")
        }
        BodyBlock::Attachment { media_id, name } if !name.contains("]]") => {
            format!("{FILE}{media_id}|{name}]]")
        }
        BodyBlock::Table { header, rows } if pipe_table_fits(rows) => pipe_table(*header, rows),
        _ => return None,
    })
}

/// A value that can sit between `|` and `]]` without changing the line.
fn plain_field(value: &str) -> bool {
    !value.contains('|') && !value.contains("]]") && !value.contains('\n')
}

/// Cells with a `|` of their own (or no rows at all) keep the JSON form.
fn pipe_table_fits(rows: &[Vec<InlineHtml>]) -> bool {
    !rows.is_empty()
        && rows.iter().all(|row| {
            !row.is_empty()
                && row
                    .iter()
                    .all(|cell| !cell.as_html().contains('|') && !cell.as_html().contains('\n'))
        })
}

fn pipe_table(header: bool, rows: &[Vec<InlineHtml>]) -> String {
    let mut lines: Vec<String> = rows
        .iter()
        .map(|row| {
            let cells: Vec<&str> = row.iter().map(InlineHtml::as_html).collect();
            format!("| {} |", cells.join(" | "))
        })
        .collect();
    if header {
        let columns = rows[0].len();
        lines.insert(1, format!("|{}", "---|".repeat(columns)));
    }
    lines.join("\n")
}

/// Why a line of the form could not be read, and which line (from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkupError {
    pub line: usize,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A `[[…` line without its closing `]]`.
    Unclosed,
    NotAnImageNumber(String),
    NotAFileNumber(String),
    NotAWebAddress(String),
    UnreadableBlock,
}

impl Problem {
    /// The message catalog's key; its `{}` takes [`Problem::value`].
    pub fn key(&self) -> &'static str {
        match self {
            Self::Unclosed => "markup.unclosed",
            Self::NotAnImageNumber(_) => "markup.not_an_image_number",
            Self::NotAFileNumber(_) => "markup.not_a_file_number",
            Self::NotAWebAddress(_) => "markup.not_a_web_address",
            Self::UnreadableBlock => "markup.unreadable_block",
        }
    }

    pub fn value(&self) -> &str {
        match self {
            Self::NotAnImageNumber(v) | Self::NotAFileNumber(v) | Self::NotAWebAddress(v) => v,
            Self::Unclosed | Self::UnreadableBlock => "",
        }
    }
}

fn fail(line: usize, problem: Problem) -> MarkupError {
    MarkupError { line, problem }
}

/// Parses the form back into blocks. An unreadable `[[…]]` line is an
/// error naming its line, so nothing is dropped silently.
pub fn from_markup(text: &str) -> Result<Body, MarkupError> {
    let mut blocks = Vec::new();
    let mut chunk: Vec<(usize, &str)> = Vec::new();
    let lines = text.lines().enumerate().map(|(i, l)| (i + 1, l.trim_end()));
    for (number, line) in lines.chain(std::iter::once((0, ""))) {
        if line.trim().is_empty() {
            if !chunk.is_empty() {
                blocks.push(parse_chunk(&chunk)?);
                chunk.clear();
            }
        } else {
            chunk.push((number, line));
        }
    }
    Ok(Body(blocks))
}

fn parse_chunk(chunk: &[(usize, &str)]) -> Result<BodyBlock, MarkupError> {
    let (first_line, first) = chunk[0];
    let joined = chunk
        .iter()
        .map(|(_, l)| l.trim())
        .collect::<Vec<_>>()
        .join(" ");
    if let Some(rest) = first.trim().strip_prefix(FIGURE) {
        let inner = rest
            .strip_suffix("]]")
            .ok_or(fail(first_line, Problem::Unclosed))?;
        let mut parts = inner.splitn(3, '|');
        let id = parts.next().unwrap_or_default().trim();
        let media_id = match id {
            "-" | "" => None,
            id => Some(
                id.parse::<i64>()
                    .map_err(|_| fail(first_line, Problem::NotAnImageNumber(id.to_string())))?,
            ),
        };
        return Ok(BodyBlock::Figure(Figure {
            media_id,
            alt: parts.next().unwrap_or_default().trim().to_string(),
            caption: InlineHtml::sanitize(parts.next().unwrap_or_default().trim()),
        }));
    }
    if let Some(rest) = first.trim().strip_prefix(VIDEO) {
        let (url, title) = fields(rest, first_line)?;
        let url = crate::address::safe_web_address(url)
            .filter(|url| !url.contains(' '))
            .ok_or_else(|| fail(first_line, Problem::NotAWebAddress(url.to_string())))?;
        return Ok(BodyBlock::Embed {
            url,
            title: title.to_string(),
        });
    }
    if let Some(rest) = first.trim().strip_prefix(FILE) {
        let (id, name) = fields(rest, first_line)?;
        let media_id = id
            .parse::<i64>()
            .map_err(|_| fail(first_line, Problem::NotAFileNumber(id.to_string())))?;
        return Ok(BodyBlock::Attachment {
            media_id,
            name: name.to_string(),
        });
    }
    if chunk.iter().all(|(_, l)| l.trim_start().starts_with('|')) {
        return Ok(table(chunk));
    }
    if let Some(rest) = first.trim().strip_prefix(BLOCK) {
        let json = rest
            .strip_suffix("]]")
            .ok_or(fail(first_line, Problem::Unclosed))?;
        let block: BodyBlock =
            serde_json::from_str(json).map_err(|_| fail(first_line, Problem::UnreadableBlock))?;
        return sanitized(block).map_err(|problem| fail(first_line, problem));
    }
    if let Some(text) = joined.strip_prefix("### ") {
        return Ok(BodyBlock::Heading {
            level: 3,
            text: InlineHtml::sanitize(text),
        });
    }
    if let Some(text) = joined.strip_prefix("## ") {
        return Ok(BodyBlock::Heading {
            level: 2,
            text: InlineHtml::sanitize(text),
        });
    }
    if let Some(text) = joined.strip_prefix("> ") {
        return Ok(BodyBlock::Quote {
            text: InlineHtml::sanitize(text),
            cite: String::new(),
        });
    }
    if chunk.iter().all(|(_, l)| l.trim_start().starts_with("- ")) {
        return Ok(BodyBlock::List {
            ordered: false,
            items: chunk
                .iter()
                .map(|(_, l)| InlineHtml::sanitize(l.trim_start()[2..].trim()))
                .collect(),
        });
    }
    if chunk.iter().all(|(_, l)| ordered_item(l).is_some()) {
        return Ok(BodyBlock::List {
            ordered: true,
            items: chunk
                .iter()
                .filter_map(|(_, l)| ordered_item(l))
                .map(InlineHtml::sanitize)
                .collect(),
        });
    }
    Ok(BodyBlock::Paragraph {
        text: InlineHtml::sanitize(&joined),
    })
}

/// `ID|text]]` → (`ID`, `text`), both trimmed.
fn fields(rest: &str, line: usize) -> Result<(&str, &str), MarkupError> {
    let inner = rest
        .strip_suffix("]]")
        .ok_or(fail(line, Problem::Unclosed))?;
    let (first, second) = inner.split_once('|').unwrap_or((inner, ""));
    Ok((first.trim(), second.trim()))
}

fn table(chunk: &[(usize, &str)]) -> BodyBlock {
    let cells = |line: &str| -> Vec<String> {
        let line = line.trim();
        let line = line.strip_prefix('|').unwrap_or(line);
        let line = line.strip_suffix('|').unwrap_or(line);
        line.split('|')
            .map(|cell| cell.trim().to_string())
            .collect()
    };
    let is_rule = |row: &[String]| {
        row.iter().all(|cell| {
            let dashes = cell.trim_matches(':');
            !dashes.is_empty() && dashes.chars().all(|c| c == '-')
        })
    };
    let mut rows: Vec<Vec<String>> = chunk.iter().map(|(_, line)| cells(line)).collect();
    let header = rows.len() > 1 && is_rule(&rows[1]);
    if header {
        rows.remove(1);
    }
    rows.retain(|row| !is_rule(row));
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    BodyBlock::Table {
        header,
        rows: rows
            .into_iter()
            .map(|mut row| {
                row.resize(columns, String::new());
                row.iter().map(|cell| InlineHtml::sanitize(cell)).collect()
            })
            .collect(),
    }
}

fn ordered_item(line: &str) -> Option<&str> {
    let line = line.trim_start();
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0)
        .then(|| line[digits..].strip_prefix(". "))
        .flatten()
        .map(str::trim)
}

/// Blocks that arrive as JSON get their inline text cleaned and their
/// addresses checked like the rest.
fn sanitized(block: BodyBlock) -> Result<BodyBlock, Problem> {
    let clean = |text: InlineHtml| InlineHtml::sanitize(text.as_html());
    Ok(match block {
        BodyBlock::Paragraph { text } => BodyBlock::Paragraph { text: clean(text) },
        BodyBlock::Heading { level, text } => BodyBlock::Heading {
            level: level.clamp(2, 3),
            text: clean(text),
        },
        BodyBlock::Quote { text, cite } => BodyBlock::Quote {
            text: clean(text),
            cite,
        },
        BodyBlock::List { ordered, items } => BodyBlock::List {
            ordered,
            items: items.into_iter().map(clean).collect(),
        },
        BodyBlock::Table { header, rows } => BodyBlock::Table {
            header,
            rows: rows
                .into_iter()
                .map(|row| row.into_iter().map(clean).collect())
                .collect(),
        },
        BodyBlock::Figure(figure) => BodyBlock::Figure(Figure {
            caption: clean(figure.caption),
            ..figure
        }),
        BodyBlock::Embed { url, title } => BodyBlock::Embed {
            url: crate::address::safe_web_address(&url).ok_or(Problem::NotAWebAddress(url))?,
            title,
        },
        other @ BodyBlock::Attachment { .. } => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_that_looks_like_another_block_stays_a_paragraph() {
        for text in [
            "|)",
            "## không phải tiêu đề",
            "> không phải trích dẫn",
            "- không phải danh sách",
            "1. không phải",
            "[[hình:-|x|y]]",
        ] {
            let body = Body(vec![BodyBlock::Paragraph {
                text: InlineHtml::from_plain(text),
            }]);
            let written = to_markup(&body);
            assert_eq!(
                from_markup(&written).expect("reads back"),
                body,
                "{text} → {written}"
            );
        }
        // Inputs the fuzzer found: control characters, also as character
        // references, and a paragraph that read back as a table.
        for input in [
            "\0|)",
            "&#3",
            "|sp;\u{5c}\u{d}<em\u{0}><A>\u{d}|\u{1f}p<table\u{d}\u{d}\u{0}6\u{0}\u{a}\u{d}\u{0}\u{0}>\u{9}\u{0}##\u{1c}V\u{d}VX\u{1}\u{e}\u{0}\u{0}\u{0}\u{1c}V><<A>??\u{d}<V*<\u{1c}3&sp<table\u{d}\u{d}\u{0}6\u{0}\u{a}\u{d}\u{0}\u{0}>\u{9}\u{0}\u{9}{-\u{d}##",
            "\u{8}+<A>YY<&#13\0\u{6}RA\rM<A>\u{96}|",
        ] {
            let body = from_markup(input).expect("reads");
            let again = from_markup(&to_markup(&body)).expect("reads back");
            assert_eq!(to_markup(&again), to_markup(&body), "{input:?}");
        }
        // A caption with a `|` is no longer cut at it.
        let figure = Body(vec![BodyBlock::Figure(Figure {
            media_id: Some(3),
            alt: "a|b".into(),
            caption: InlineHtml::from_plain("Chú thích | có gạch"),
        })]);
        assert_eq!(
            from_markup(&to_markup(&figure)).expect("reads back"),
            figure
        );
    }

    #[test]
    fn every_kind_of_block_round_trips() {
        let body = Body(vec![
            BodyBlock::Paragraph {
                text: InlineHtml::sanitize("Đoạn <strong>đậm</strong> &amp; thường."),
            },
            BodyBlock::Heading {
                level: 2,
                text: InlineHtml::from_plain("Tiêu đề phụ"),
            },
            BodyBlock::Quote {
                text: InlineHtml::from_plain("Trích dẫn"),
                cite: String::new(),
            },
            BodyBlock::List {
                ordered: false,
                items: vec![InlineHtml::from_plain("một"), InlineHtml::from_plain("hai")],
            },
            BodyBlock::List {
                ordered: true,
                items: vec![InlineHtml::from_plain("bước 1")],
            },
            BodyBlock::Figure(Figure {
                media_id: Some(12),
                alt: "Cầu".into(),
                caption: InlineHtml::from_plain("Cầu treo mới"),
            }),
            BodyBlock::Figure(Figure {
                media_id: None,
                alt: String::new(),
                caption: InlineHtml::from_plain("Ảnh đã mất"),
            }),
            BodyBlock::Table {
                header: true,
                rows: vec![vec![
                    InlineHtml::from_plain("A"),
                    InlineHtml::from_plain("B"),
                ]],
            },
            BodyBlock::Table {
                header: false,
                rows: vec![vec![InlineHtml::from_plain("a | b")]],
            },
            BodyBlock::Embed {
                url: "https://www.youtube-nocookie.com/embed/x".into(),
                title: "Video".into(),
            },
            BodyBlock::Attachment {
                media_id: 31,
                name: "Kế hoạch | 2026.pdf".into(),
            },
        ]);
        let text = to_markup(&body);
        assert_eq!(from_markup(&text).expect("parses"), body, "{text}");
    }

    #[test]
    fn lines_of_a_paragraph_join_and_markup_is_cleaned() {
        let body = from_markup("Dòng một\ndòng hai <script>x</script>\n\n\n<em>nghiêng</em>")
            .expect("parses");
        assert_eq!(body.blocks().len(), 2);
        assert_eq!(
            body.blocks()[0],
            BodyBlock::Paragraph {
                text: InlineHtml::sanitize("Dòng một dòng hai")
            }
        );
        assert_eq!(
            body.blocks()[1],
            BodyBlock::Paragraph {
                text: InlineHtml::sanitize("<em>nghiêng</em>")
            }
        );
    }

    #[test]
    fn tables_videos_and_files_have_lines_of_their_own() {
        let body = from_markup(
            "| Xã | Dân số |\n|---|:---:|\n| Xã A | <strong>12 000</strong> |\n| Xã B |\n\n\
             [[video:https://youtu.be/dQw4w9WgXcQ|Toàn cảnh]]\n\n[[tệp:31|Kế hoạch.pdf]]",
        )
        .expect("parses");
        let text = |s: &str| InlineHtml::sanitize(s);
        assert_eq!(
            body.blocks(),
            [
                BodyBlock::Table {
                    header: true,
                    rows: vec![
                        vec![text("Xã"), text("Dân số")],
                        vec![text("Xã A"), text("<strong>12 000</strong>")],
                        vec![text("Xã B"), text("")],
                    ],
                },
                BodyBlock::Embed {
                    url: "https://youtu.be/dQw4w9WgXcQ".into(),
                    title: "Toàn cảnh".into(),
                },
                BodyBlock::Attachment {
                    media_id: 31,
                    name: "Kế hoạch.pdf".into(),
                },
            ]
        );
        let written = to_markup(&body);
        assert!(
            written.starts_with("| Xã | Dân số |\n|---|---|\n"),
            "{written}"
        );
        assert!(!written.contains("[[khối:"), "{written}");
    }

    #[test]
    fn broken_special_lines_name_their_line() {
        let cases = [
            (
                "[[video:javascript:alert(1)|x]]",
                1,
                Problem::NotAWebAddress("javascript:alert(1)".into()),
            ),
            ("a\n\n[[tệp:x|y]]", 3, Problem::NotAFileNumber("x".into())),
            (
                "a\n\n[[hình:abc|x|y]]",
                3,
                Problem::NotAnImageNumber("abc".into()),
            ),
            ("[[khối:{nope}]]", 1, Problem::UnreadableBlock),
            ("a\nb\n\n[[hình:1|x|y]", 4, Problem::Unclosed),
        ];
        for (text, line, problem) in cases {
            assert_eq!(
                from_markup(text).expect_err(text),
                MarkupError { line, problem },
                "{text}"
            );
        }
    }
}
