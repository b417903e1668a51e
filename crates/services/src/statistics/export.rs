//! A statistics report as a spreadsheet (one sheet a table, written by
//! `rust_xlsxwriter`) or one table as CSV (UTF-8 with a byte-order mark).

use portal_core::time::{day_start, format_date};
use rust_xlsxwriter::{Format, Workbook};

use super::Report;

/// The words of the export, from the message catalog.
pub struct Wording {
    /// Sheet names: visits, most read, by author, by section.
    pub sheets: [String; 4],
    /// Day, visitors, page views.
    pub visit_columns: [String; 3],
    /// Article, views.
    pub read_columns: [String; 2],
    /// Author (or section), articles, views.
    pub author_columns: [String; 3],
    pub section_columns: [String; 3],
}

/// The table named `table` (`visits`, `most-read`, `authors`,
/// `sections`) as rows of text, its headings first.
pub fn table(report: &Report, wording: &Wording, table: &str) -> Option<Vec<Vec<String>>> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    match table {
        "visits" => {
            rows.push(wording.visit_columns.to_vec());
            rows.extend(report.days.iter().map(|d| {
                vec![
                    format_date(day_start(d.day)),
                    d.visitors.to_string(),
                    d.page_views.to_string(),
                ]
            }));
        }
        "most-read" => {
            rows.push(wording.read_columns.to_vec());
            rows.extend(
                report
                    .most_read
                    .iter()
                    .map(|line| vec![line.label.clone(), line.views.to_string()]),
            );
        }
        "authors" | "sections" => {
            let (columns, lines) = if table == "authors" {
                (&wording.author_columns, &report.by_author)
            } else {
                (&wording.section_columns, &report.by_section)
            };
            rows.push(columns.to_vec());
            rows.extend(lines.iter().map(|line| {
                vec![
                    line.label.clone(),
                    line.articles.to_string(),
                    line.views.to_string(),
                ]
            }));
        }
        _ => return None,
    }
    Some(rows)
}

pub const TABLES: [&str; 4] = ["visits", "most-read", "authors", "sections"];

pub fn xlsx(report: &Report, wording: &Wording) -> anyhow::Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    for (name, sheet_name) in TABLES.iter().zip(&wording.sheets) {
        let rows = table(report, wording, name).unwrap_or_default();
        let sheet = workbook.add_worksheet();
        sheet.set_name(sheet_name.chars().take(31).collect::<String>())?;
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                // Counts as numbers, so that the office can sum and chart
                // them; words as text.
                match cell.parse::<f64>() {
                    Ok(number) if r > 0 && c > 0 => {
                        sheet.write_number(r, c, number)?;
                    }
                    _ if r == 0 => {
                        sheet.write_string_with_format(r, c, cell, &bold)?;
                    }
                    _ => {
                        sheet.write_string(r, c, cell)?;
                    }
                }
            }
        }
        sheet.set_column_width(0, 60)?;
        sheet.set_freeze_panes(1, 0)?;
    }
    Ok(workbook.save_to_buffer()?)
}

pub fn csv(report: &Report, wording: &Wording, name: &str) -> anyhow::Result<Option<Vec<u8>>> {
    let Some(rows) = table(report, wording, name) else {
        return Ok(None);
    };
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut bytes);
        for row in rows {
            let row: Vec<String> = row
                .into_iter()
                .map(|cell| {
                    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                        format!("'{cell}")
                    } else {
                        cell
                    }
                })
                .collect();
            writer.write_record(&row)?;
        }
        writer.flush()?;
    }
    Ok(Some(bytes))
}
