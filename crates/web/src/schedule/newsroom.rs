//! `/quan-tri/lich-cong-tac`: the office enters the leaders' work schedule
//! a week at a time: adds an entry, changes one (readers see it at once),
//! cancels one (it stays on the schedule, marked) or takes the mark off.
//! A refused entry comes back with what was typed and why.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use portal_core::schedule::{Entry, Week, split_leaders};
use portal_core::time::{format_date, parse_iso_date, parse_local_input};
use portal_services::news::newsroom::NewsroomError;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::SharedState;
use crate::accounts::auth::Staff;
use crate::accounts::guard::{Checked, csrf_field};
use crate::admin::{page, refusal};
use crate::frame::Frame;
use crate::news::newsroom::local_input;
use crate::{WebError, i18n::t};

pub const SCREEN: &str = "/quan-tri/lich-cong-tac";

#[derive(Debug, Deserialize, Default)]
pub struct ScreenQuery {
    #[serde(default)]
    tuan: String,
    /// The entry whose form is open.
    #[serde(default)]
    sua: Option<i64>,
}

/// The entry form as typed.
#[derive(Debug, Deserialize, Serialize, Default, Clone)]
pub struct EntryForm {
    #[serde(default, skip_serializing)]
    csrf: String,
    #[serde(default)]
    id: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    date: String,
    /// `HH:MM`; empty for the whole day.
    #[serde(default)]
    time: String,
    #[serde(default)]
    end_time: String,
    /// One per line, or separated by commas.
    #[serde(default)]
    leaders: String,
    #[serde(default)]
    content: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    participants: String,
    #[serde(default)]
    preparer: String,
    #[serde(default)]
    note: String,
}

csrf_field!(EntryForm);

impl EntryForm {
    fn of(entry: &Entry) -> Self {
        let clock = |at: i64| local_input(at)[11..].to_string();
        Self {
            csrf: String::new(),
            id: entry.id.to_string(),
            date: local_input(entry.starts_at)[..10].to_string(),
            time: if entry.all_day {
                String::new()
            } else {
                clock(entry.starts_at)
            },
            end_time: entry.ends_at.map(clock).unwrap_or_default(),
            leaders: entry.leaders.join("\n"),
            content: entry.content.clone(),
            place: entry.place.clone(),
            participants: entry.participants.clone(),
            preparer: entry.preparer.clone(),
            note: entry.note.clone(),
        }
    }

    /// The entry it describes, or the catalog key of what to fix.
    fn entry(&self, frame: &Frame, cancelled: bool) -> Result<Entry, &'static str> {
        let date = self.date.trim();
        let midnight = parse_iso_date(date).ok_or("schedule.bad_date")?;
        let at = |time: &str| {
            parse_local_input(&format!("{date}T{}", time.trim())).ok_or("schedule.bad_time")
        };
        let all_day = self.time.trim().is_empty();
        let starts_at = if all_day { midnight } else { at(&self.time)? };
        let ends_at = match self.end_time.trim() {
            "" => None,
            end => Some(at(end)?),
        };
        Ok(Entry {
            id: self.id.trim().parse().unwrap_or(0),
            site_id: frame.site.id,
            starts_at,
            ends_at,
            all_day,
            leaders: split_leaders(&self.leaders),
            content: self.content.clone(),
            place: self.place.clone(),
            participants: self.participants.clone(),
            preparer: self.preparer.clone(),
            note: self.note.clone(),
            cancelled,
            updated_at: 0,
        })
    }
}

/// The week's entries and the form, with a refusal's message when the
/// form comes back.
async fn render(
    state: &SharedState,
    frame: &Frame,
    staff: &Staff,
    week: Week,
    form: &EntryForm,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let entries = match portal_services::schedule::week(&state.store, &frame.site, week, None).await
    {
        Ok(entries) => entries,
        Err(error) => return refusal(state, frame, staff, WebError::from(error)),
    };
    let link = |week: Week| format!("{SCREEN}?tuan={}", week.label());
    page(
        state,
        frame,
        staff,
        "schedule.admin_title",
        "admin/schedule.html",
        json!({
            "week": week.label(),
            "number": week.number(),
            "from": format_date(week.starts_at()),
            "until": format_date(week.ends_at() - 1),
            "previous": link(week.previous()),
            "next": link(week.next()),
            "days": super::days(week, &entries),
            "form": form,
            "error": error,
        }),
        status,
    )
}

pub async fn screen(
    State(state): State<SharedState>,
    frame: Frame,
    staff: Staff,
    Query(query): Query<ScreenQuery>,
) -> Response {
    let mut week = match query.tuan.trim() {
        "" => Week::containing(frame.now),
        text => match Week::parse(text) {
            Some(week) => week,
            None => {
                return refusal(
                    &state,
                    &frame,
                    &staff,
                    WebError::BadRequest("schedule.bad_week"),
                );
            }
        },
    };
    let form = match query.sua {
        Some(id) => {
            match portal_services::schedule::entry(&state.store, &frame.site, &staff.user, id).await
            {
                Ok(entry) => {
                    week = Week::containing(entry.starts_at);
                    EntryForm::of(&entry)
                }
                Err(error) => return refusal(&state, &frame, &staff, error),
            }
        }
        None => EntryForm {
            date: local_input(week.starts_at().max(frame.now))[..10].to_string(),
            ..EntryForm::default()
        },
    };
    // Those who may not keep the schedule learn it here, not after typing.
    if let Err(error) =
        portal_services::schedule::may_keep(&frame.site, &staff.user).map_err(WebError::from)
    {
        return refusal(&state, &frame, &staff, error);
    }
    render(&state, &frame, &staff, week, &form, None, StatusCode::OK).await
}

pub async fn save(
    State(state): State<SharedState>,
    frame: Frame,
    Checked { staff, form }: Checked<EntryForm>,
) -> Response {
    let id: i64 = form.id.trim().parse().unwrap_or(0);
    let cancelled = if id == 0 {
        false
    } else {
        match portal_services::schedule::entry(&state.store, &frame.site, &staff.user, id).await {
            Ok(held) => held.cancelled,
            Err(error) => return refusal(&state, &frame, &staff, error),
        }
    };
    let saved = match form.entry(&frame, cancelled) {
        Ok(entry) => portal_services::schedule::save(
            &state.store,
            &frame.site,
            &staff.user,
            &entry,
            frame.now,
        )
        .await
        .map(|id| (id, entry.starts_at)),
        Err(key) => Err(NewsroomError::Invalid(key)),
    };
    match saved {
        Ok((_, starts_at)) => Redirect::to(&format!(
            "{SCREEN}?tuan={}&da-luu=1",
            Week::containing(starts_at).label()
        ))
        .into_response(),
        Err(NewsroomError::Invalid(key)) => {
            let week = parse_iso_date(&form.date)
                .map_or_else(|| Week::containing(frame.now), Week::containing);
            let message = t(frame.lang, key);
            render(
                &state,
                &frame,
                &staff,
                week,
                &form,
                Some(message),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

#[derive(Debug, Deserialize)]
pub struct CancelForm {
    #[serde(default)]
    csrf: String,
    /// `huy` to cancel, `khoi-phuc` to take the mark off.
    #[serde(default)]
    action: String,
}

csrf_field!(CancelForm);

pub async fn cancel(
    State(state): State<SharedState>,
    frame: Frame,
    Path(id): Path<i64>,
    Checked { staff, form }: Checked<CancelForm>,
) -> Response {
    let cancelled = match form.action.as_str() {
        "huy" => true,
        "khoi-phuc" => false,
        _ => {
            return refusal(
                &state,
                &frame,
                &staff,
                NewsroomError::Invalid("newsroom.unknown_action"),
            );
        }
    };
    let done = async {
        portal_services::schedule::cancel(
            &state.store,
            &frame.site,
            &staff.user,
            id,
            cancelled,
            frame.now,
        )
        .await?;
        portal_services::schedule::entry(&state.store, &frame.site, &staff.user, id).await
    };
    match done.await {
        Ok(entry) => Redirect::to(&format!(
            "{SCREEN}?tuan={}&da-luu=1",
            Week::containing(entry.starts_at).label()
        ))
        .into_response(),
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}
