//! `portal import documents`: a documents base from a spreadsheet (CSV or
//! XLSX) with the column headings a province keeps (Số ký hiệu, Loại, Cơ
//! quan ban hành, Người ký, Ngày ban hành, Ngày hiệu lực, Ngày hết hiệu
//! lực, Trích yếu, Lĩnh vực). A row that cannot be read is refused with
//! its number and why, and nothing of it is written.

use std::collections::HashSet;
use std::path::Path;

use portal_core::document::{Document, fold};
use portal_core::time::{from_spreadsheet_day, parse_vietnamese_date};
use portal_core::{Site, document_number};
use portal_store::{Saved, Store};

/// The columns, by their folded heading.
const COLUMNS: [(&str, Column); 10] = [
    ("so ky hieu", Column::Number),
    ("loai", Column::Kind),
    ("co quan ban hanh", Column::Issuer),
    ("nguoi ky", Column::Signer),
    ("ngay ban hanh", Column::Issued),
    ("ngay hieu luc", Column::Effective),
    ("ngay het hieu luc", Column::Expires),
    ("trich yeu", Column::Summary),
    ("linh vuc", Column::Fields),
    ("chuc vu nguoi ky", Column::SignerTitle),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Number,
    Kind,
    Issuer,
    Signer,
    SignerTitle,
    Issued,
    Effective,
    Expires,
    Summary,
    Fields,
}

#[derive(Debug, thiserror::Error)]
pub enum TableError {
    #[error(
        "không đọc được tệp {file}: {reason} / cannot read {file}: {reason}; \
         save it as CSV (UTF-8) or XLSX and try again"
    )]
    Unreadable { file: String, reason: String },
    #[error(
        "tệp {file} thiếu cột \"{column}\" ở dòng tiêu đề / {file} has no \"{column}\" column \
         in its heading row; the first row must name the columns"
    )]
    MissingColumn { file: String, column: &'static str },
}

/// Why a row was not imported (a catalog of the command line's words,
/// Vietnamese then English).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowProblem {
    NoNumber,
    /// The type typed, and the site's types.
    UnknownKind(String, String),
    BadDate {
        column: &'static str,
        value: String,
    },
    DuplicateNumber(String),
    NoSummary,
}

impl std::fmt::Display for RowProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoNumber => write!(f, "thiếu số ký hiệu / no number"),
            Self::UnknownKind(kind, known) => write!(
                f,
                "loại văn bản \"{kind}\" không có trong danh mục / unknown type \"{kind}\" \
                 (known: {known})"
            ),
            Self::BadDate { column, value } => write!(
                f,
                "{column} \"{value}\" không phải ngày dd/mm/yyyy / \"{value}\" is not a date \
                 (dd/mm/yyyy)"
            ),
            Self::DuplicateNumber(number) => write!(
                f,
                "số ký hiệu {number} đã có ở dòng trước trong tệp / {number} appears earlier \
                 in the file"
            ),
            Self::NoSummary => write!(f, "thiếu trích yếu / no summary"),
        }
    }
}

/// What became of each row (numbered as the spreadsheet shows them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowOutcome {
    Saved {
        row: usize,
        saved: Saved,
        number: String,
    },
    Refused {
        row: usize,
        problem: RowProblem,
    },
}

/// The cells of a CSV or XLSX file's first sheet, as text (dates as
/// `dd/mm/yyyy`).
pub fn read_table(file: &Path) -> Result<Vec<Vec<String>>, TableError> {
    let name = file.display().to_string();
    let unreadable = |reason: String| TableError::Unreadable {
        file: name.clone(),
        reason,
    };
    let extension = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if extension == "csv" {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_path(file)
            .map_err(|e| unreadable(e.to_string()))?;
        return reader
            .records()
            .map(|record| {
                record
                    .map(|r| {
                        r.iter()
                            .map(|cell| cell.trim_start_matches('\u{feff}').to_string())
                            .collect()
                    })
                    .map_err(|e| unreadable(e.to_string()))
            })
            .collect();
    }
    use calamine::Reader as _;
    let mut book = calamine::open_workbook_auto(file).map_err(|e| unreadable(e.to_string()))?;
    let sheet = book
        .worksheet_range_at(0)
        .ok_or_else(|| unreadable("no sheet".into()))?
        .map_err(|e| unreadable(e.to_string()))?;
    Ok(sheet
        .rows()
        .map(|row| row.iter().map(cell_text).collect())
        .collect())
}

fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::String(text) => text.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(at) => from_spreadsheet_day(at.as_f64())
            .map(portal_core::time::format_date)
            .unwrap_or_default(),
        Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

/// Reads the rows below the heading row into documents of `site`, and
/// saves each one that can be read.
pub async fn import_rows(
    store: &Store,
    site: &Site,
    file: &str,
    table: &[Vec<String>],
    now: i64,
    mut each: impl FnMut(&RowOutcome),
) -> Result<Vec<RowOutcome>, TableError> {
    let Some(heading) = table.first() else {
        return Err(TableError::MissingColumn {
            file: file.to_string(),
            column: "Số ký hiệu",
        });
    };
    let columns: Vec<Option<Column>> = heading
        .iter()
        .map(|title| {
            let folded = fold(title).split_whitespace().collect::<Vec<_>>().join(" ");
            COLUMNS
                .iter()
                .find(|(name, _)| *name == folded)
                .map(|(_, c)| *c)
        })
        .collect();
    for (required, name) in [
        (Column::Number, "Số ký hiệu"),
        (Column::Kind, "Loại"),
        (Column::Summary, "Trích yếu"),
    ] {
        if !columns.contains(&Some(required)) {
            return Err(TableError::MissingColumn {
                file: file.to_string(),
                column: name,
            });
        }
    }
    let types = super::types(store, site)
        .await
        .map_err(|e| TableError::Unreadable {
            file: file.to_string(),
            reason: e.to_string(),
        })?;
    let mut seen = HashSet::new();
    let mut outcomes = Vec::new();
    for (index, cells) in table.iter().enumerate().skip(1) {
        if cells.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let row = index + 1;
        let outcome = match read_row(site, &types, &columns, cells, &mut seen) {
            Ok(document) => {
                let saved = super::save(store, &document, now).await.map_err(|e| {
                    TableError::Unreadable {
                        file: file.to_string(),
                        reason: e.to_string(),
                    }
                })?;
                RowOutcome::Saved {
                    row,
                    saved,
                    number: document.number,
                }
            }
            Err(problem) => RowOutcome::Refused { row, problem },
        };
        each(&outcome);
        outcomes.push(outcome);
    }
    Ok(outcomes)
}

fn read_row(
    site: &Site,
    types: &[String],
    columns: &[Option<Column>],
    cells: &[String],
    seen: &mut HashSet<String>,
) -> Result<Document, RowProblem> {
    let cell = |wanted: Column| -> String {
        columns
            .iter()
            .position(|c| *c == Some(wanted))
            .and_then(|at| cells.get(at))
            .map(|text| portal_core::text::normalize_inline(text))
            .unwrap_or_default()
    };
    let date = |wanted: Column, name: &'static str| -> Result<Option<i64>, RowProblem> {
        let text = cell(wanted);
        if text.is_empty() {
            return Ok(None);
        }
        parse_vietnamese_date(&text)
            .map(Some)
            .ok_or(RowProblem::BadDate {
                column: name,
                value: text,
            })
    };
    let number = cell(Column::Number);
    if document_number::key(&number).is_empty() {
        return Err(RowProblem::NoNumber);
    }
    let kind_typed = cell(Column::Kind);
    let kind = types
        .iter()
        .find(|known| fold(known) == fold(&kind_typed))
        .ok_or_else(|| RowProblem::UnknownKind(kind_typed.clone(), types.join(", ")))?;
    let summary = cell(Column::Summary);
    if summary.is_empty() {
        return Err(RowProblem::NoSummary);
    }
    let document = Document {
        id: 0,
        site_id: site.id,
        number: number.clone(),
        kind: (*kind).to_string(),
        issuer: cell(Column::Issuer),
        signer: cell(Column::Signer),
        signer_title: cell(Column::SignerTitle),
        fields: cell(Column::Fields)
            .split([';', ','])
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .map(str::to_string)
            .collect(),
        issued_on: date(Column::Issued, "Ngày ban hành")?,
        effective_on: date(Column::Effective, "Ngày hiệu lực")?,
        expires_on: date(Column::Expires, "Ngày hết hiệu lực")?,
        validity_set: None,
        summary,
        full_text: String::new(),
        status: portal_core::document::DocumentStatus::Published,
        replaced_since: None,
        updated_at: 0,
    };
    if !seen.insert(document.key()) {
        return Err(RowProblem::DuplicateNumber(number));
    }
    Ok(document)
}
