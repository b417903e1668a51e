//! Every comment on a draft, for the drafting body's summary report
//! (báo cáo tổng hợp, giải trình, tiếp thu): a spreadsheet (XLSX, written
//! by `rust_xlsxwriter`) and CSV (UTF-8 with a byte-order mark, so that
//! spreadsheet programs read the Vietnamese right). Commenters' e-mails
//! are in it: every export is in the audit log.

use portal_core::Site;
use portal_core::account::User;
use portal_core::consultation::Comment;
use portal_core::time::format_date_time;
use rust_xlsxwriter::{Format, Workbook};

use crate::news::newsroom::NewsroomError;

/// The columns, from the message catalog.
pub struct Headings {
    pub sheet: String,
    pub columns: [String; 8],
    /// The label of each state: pending, published, rejected.
    pub states: [String; 3],
}

fn rows<'a>(
    comments: &'a [Comment],
    headings: &'a Headings,
) -> impl Iterator<Item = [String; 8]> + 'a {
    comments.iter().enumerate().map(|(i, c)| {
        let state = match c.status {
            Some(portal_core::consultation::CommentStatus::Published) => &headings.states[1],
            Some(portal_core::consultation::CommentStatus::Rejected) => &headings.states[2],
            _ => &headings.states[0],
        };
        [
            (i + 1).to_string(),
            format_date_time(c.created_at),
            c.name.clone(),
            c.organisation.clone(),
            c.email.clone(),
            c.article.clone(),
            c.body.clone(),
            state.clone(),
        ]
    })
}

pub fn xlsx(comments: &[Comment], headings: &Headings) -> anyhow::Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(headings.sheet.chars().take(31).collect::<String>())?;
    let bold = Format::new().set_bold();
    let wrapped = Format::new().set_text_wrap();
    for (column, heading) in headings.columns.iter().enumerate() {
        sheet.write_string_with_format(0, column as u16, heading, &bold)?;
    }
    for (row, cells) in rows(comments, headings).enumerate() {
        let row = row as u32 + 1;
        for (column, cell) in cells.iter().enumerate() {
            // Text as text: a comment starting with `=` is no formula.
            sheet.write_string_with_format(row, column as u16, cell, &wrapped)?;
        }
    }
    for (column, width) in [6, 18, 24, 28, 28, 16, 80, 14].iter().enumerate() {
        sheet.set_column_width(column as u16, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(workbook.save_to_buffer()?)
}

pub fn csv(comments: &[Comment], headings: &Headings) -> anyhow::Result<Vec<u8>> {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut bytes);
        writer.write_record(&headings.columns)?;
        for cells in rows(comments, headings) {
            // A cell a spreadsheet would run as a formula is written as text.
            let cells = cells.map(|cell| {
                if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                    format!("'{cell}")
                } else {
                    cell
                }
            });
            writer.write_record(&cells)?;
        }
        writer.flush()?;
    }
    Ok(bytes)
}

/// Every comment on the draft, for someone who runs consultations; the
/// export is recorded.
pub async fn comments(
    store: &portal_store::Store,
    site: &Site,
    actor: &User,
    document_id: i64,
    format: &str,
    now: i64,
) -> Result<Vec<Comment>, NewsroomError> {
    let view = super::moderation(store, site, actor, document_id, now).await?;
    crate::audit::record_by(
        store,
        actor,
        "consultation_export",
        &format!("document:{document_id}"),
        &format!("{} ({format})", view.document.number),
        now,
    )
    .await;
    Ok(view.comments)
}
