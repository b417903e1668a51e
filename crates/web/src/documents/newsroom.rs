//! `/quan-tri/van-ban`: staff enter the documents base. The list shows
//! every document and its state; the form has every field of Decree 42,
//! the links to other documents (typed as their numbers), the files from
//! the library, and the versions kept. Authors save drafts and send them
//! for review, publishers publish; administrators keep the site's types.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use portal_core::PageRequest;
use portal_core::document::{Document, DocumentStatus, Relation, Validity};
use portal_core::time::{format_date, format_date_time, parse_iso_date};
use portal_services::documents::desk::{self, DeskError, Intent, Written};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::SharedState;
use crate::accounts::auth::Staff;
use crate::accounts::guard::{Checked, Fields, csrf_field};
use crate::admin::{page, refusal};
use crate::frame::Frame;
use crate::i18n::t;

pub const SCREEN: &str = "/quan-tri/van-ban";
const PER_PAGE: u32 = 30;

#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: Option<String>,
}

pub async fn list(
    State(state): State<SharedState>,
    frame: Frame,
    staff: Staff,
    Query(query): Query<ListQuery>,
) -> Response {
    let Ok(page_asked) = PageRequest::parse(query.page.as_deref(), None, PER_PAGE, PER_PAGE) else {
        return refusal(
            &state,
            &frame,
            &staff,
            crate::WebError::BadRequest("error.bad_page"),
        );
    };
    let listed = desk::list(
        &state.store,
        &frame.site,
        &staff.user,
        &query.q,
        page_asked,
        frame.now,
    )
    .await;
    let (documents, total) = match listed {
        Ok(found) => found,
        Err(error) => return refusal(&state, &frame, &staff, web_error(error)),
    };
    let types = portal_services::documents::types(&state.store, &frame.site)
        .await
        .unwrap_or_default();
    let rows: Vec<Value> = documents
        .iter()
        .map(|d| {
            json!({
                "id": d.id,
                "number": d.number,
                "kind": d.kind,
                "summary": d.summary,
                "issued": d.issued_on.map(format_date),
                "status": d.status.as_str(),
            })
        })
        .collect();
    page(
        &state,
        &frame,
        &staff,
        "documents.admin_title",
        "admin/documents.html",
        json!({
            "rows": rows,
            "total": total,
            "q": query.q,
            "types": types.join("\n"),
            "page": page_asked.page,
            "pages": u32::try_from(total.max(0)).unwrap_or(0).div_ceil(PER_PAGE),
        }),
        StatusCode::OK,
    )
}

/// The form as typed.
#[derive(Debug, Deserialize, Serialize, Default, Clone)]
pub struct DocumentForm {
    #[serde(default, skip_serializing)]
    csrf: String,
    #[serde(default)]
    revision: String,
    #[serde(default)]
    number: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    issuer: String,
    #[serde(default)]
    signer: String,
    #[serde(default)]
    signer_title: String,
    /// Separated by commas or semicolons.
    #[serde(default)]
    fields: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    issued: String,
    #[serde(default)]
    effective: String,
    #[serde(default)]
    expires: String,
    /// Empty: from the dates.
    #[serde(default)]
    validity: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    full_text: String,
    /// Numbers, separated by commas or semicolons.
    #[serde(default)]
    replaces: String,
    #[serde(default)]
    amends: String,
    #[serde(default)]
    related: String,
    /// Library items, in order.
    #[serde(default)]
    files: Vec<String>,
    /// `luu`, `gui-duyet` or `dang`.
    #[serde(default, skip_serializing)]
    intent: String,
}

csrf_field!(DocumentForm);

fn day(at: Option<i64>) -> String {
    at.map(|at| crate::news::newsroom::local_input(at)[..10].to_string())
        .unwrap_or_default()
}

impl DocumentForm {
    fn of(
        document: &Document,
        revision: i64,
        links: &[portal_services::DocumentLink],
        files: &[i64],
    ) -> Self {
        let numbers = |relation: Relation| {
            links
                .iter()
                .filter(|l| l.outgoing && l.relation == relation)
                .map(|l| l.other.number.clone())
                .collect::<Vec<_>>()
                .join(", ")
        };
        Self {
            csrf: String::new(),
            revision: revision.to_string(),
            number: document.number.clone(),
            kind: document.kind.clone(),
            issuer: document.issuer.clone(),
            signer: document.signer.clone(),
            signer_title: document.signer_title.clone(),
            fields: document.fields.join(", "),
            issued: day(document.issued_on),
            effective: day(document.effective_on),
            expires: day(document.expires_on),
            validity: document
                .validity_set
                .map(|v| v.as_str().to_string())
                .unwrap_or_default(),
            summary: document.summary.clone(),
            full_text: document.full_text.clone(),
            replaces: numbers(Relation::Replaces),
            amends: numbers(Relation::Amends),
            related: numbers(Relation::Related),
            files: files.iter().map(i64::to_string).collect(),
            intent: String::new(),
        }
    }

    /// What was typed, or the catalog key of the first field to fix.
    fn written(&self, frame: &Frame, id: i64) -> Result<Written, &'static str> {
        let date = |text: &str| -> Result<Option<i64>, &'static str> {
            match text.trim() {
                "" => Ok(None),
                text => parse_iso_date(text).map(Some).ok_or("documents.bad_date"),
            }
        };
        let list = |text: &str| -> Vec<String> {
            text.split([',', ';', '\n'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        };
        let validity_set = match self.validity.trim() {
            "" => None,
            text => Some(Validity::parse(text).ok_or("documents.bad_validity")?),
        };
        let mut files = Vec::new();
        for file in &self.files {
            if !file.trim().is_empty() {
                files.push(file.trim().parse().map_err(|_| "documents.bad_file")?);
            }
        }
        let mut links = Vec::new();
        for (relation, text) in [
            (Relation::Replaces, &self.replaces),
            (Relation::Amends, &self.amends),
            (Relation::Related, &self.related),
        ] {
            links.extend(list(text).into_iter().map(|number| (relation, number)));
        }
        Ok(Written {
            document: Document {
                id,
                site_id: frame.site.id,
                number: self.number.clone(),
                kind: self.kind.clone(),
                issuer: self.issuer.clone(),
                signer: self.signer.clone(),
                signer_title: self.signer_title.clone(),
                fields: list(&self.fields),
                issued_on: date(&self.issued)?,
                effective_on: date(&self.effective)?,
                expires_on: date(&self.expires)?,
                validity_set,
                summary: self.summary.clone(),
                full_text: self.full_text.clone(),
                status: DocumentStatus::Draft,
                replaced_since: None,
                updated_at: 0,
            },
            links,
            files,
        })
    }
}

fn web_error(error: DeskError) -> crate::WebError {
    match error {
        DeskError::Newsroom(error) => error.into(),
        DeskError::UnknownNumber(_) => crate::WebError::BadRequest("documents.unknown_number"),
    }
}

/// The form, for a new document (`held` none) or one kept; with a
/// refusal's message when the form comes back.
async fn render(
    state: &SharedState,
    frame: &Frame,
    staff: &Staff,
    held: Option<&desk::Held>,
    form: &DocumentForm,
    error: Option<String>,
) -> Response {
    let types = portal_services::documents::types(&state.store, &frame.site)
        .await
        .unwrap_or_default();
    let library =
        portal_services::media::library(&state.store, frame.site.id, "", Some(false), 200)
            .await
            .unwrap_or_default();
    let files: Vec<Value> = library
        .iter()
        .map(|m| {
            json!({
                "id": m.id.to_string(),
                "name": if m.name.is_empty() { m.key.clone() } else { m.name.clone() },
                "chosen": form.files.contains(&m.id.to_string()),
            })
        })
        .collect();
    let revisions: Vec<Value> = held
        .map(|h| {
            h.revisions
                .iter()
                .map(|r| json!({ "revision": r.revision, "at": format_date_time(r.saved_at) }))
                .collect()
        })
        .unwrap_or_default();
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    page(
        state,
        frame,
        staff,
        if held.is_some() {
            "documents.edit"
        } else {
            "documents.new"
        },
        "admin/document.html",
        json!({
            "document": held.map(|h| json!({
                "id": h.document.id,
                "status": h.document.status.as_str(),
                "public": h.document.status == DocumentStatus::Published,
                "url": h.document.path(),
                "downloads": h.files.iter().map(|f| json!({ "name": f.media.name, "downloads": f.downloads })).collect::<Vec<_>>(),
            })),
            "form": form,
            "types": types,
            "validities": Validity::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>(),
            "files": files,
            "revisions": revisions,
            "may_publish": portal_core::workflow::may_publish(staff.user.role),
            "error": error,
        }),
        status,
    )
}

pub async fn new_form(State(state): State<SharedState>, frame: Frame, staff: Staff) -> Response {
    let form = DocumentForm {
        revision: "0".into(),
        ..DocumentForm::default()
    };
    render(&state, &frame, &staff, None, &form, None).await
}

#[derive(Debug, Deserialize, Default)]
pub struct EditQuery {
    /// A kept version to bring back into the form.
    #[serde(default, rename = "phien-ban")]
    revision: Option<i64>,
}

pub async fn edit_form(
    State(state): State<SharedState>,
    frame: Frame,
    staff: Staff,
    Path(id): Path<i64>,
    Query(query): Query<EditQuery>,
) -> Response {
    let held = match desk::held(&state.store, &frame.site, &staff.user, id).await {
        Ok(held) => held,
        Err(error) => return refusal(&state, &frame, &staff, web_error(error)),
    };
    let files: Vec<i64> = held.files.iter().map(|f| f.media.id).collect();
    let mut form = DocumentForm::of(&held.document, held.revision, &held.links, &files);
    if let Some(wanted) = query.revision {
        match held.revisions.iter().find(|r| r.revision == wanted) {
            // The old version's fields, saved over the current revision.
            Some(old) => {
                form = DocumentForm {
                    revision: held.revision.to_string(),
                    ..DocumentForm::of(&old.document, held.revision, &held.links, &files)
                };
            }
            None => return refusal(&state, &frame, &staff, crate::WebError::NotFound),
        }
    }
    render(&state, &frame, &staff, Some(&held), &form, None).await
}

async fn keep(
    state: &SharedState,
    frame: &Frame,
    staff: &Staff,
    id: i64,
    form: DocumentForm,
) -> Response {
    let intent = match form.intent.as_str() {
        "gui-duyet" => Intent::Submit,
        "dang" => Intent::Publish,
        _ => Intent::Save,
    };
    // What the edit page shows around the form is read only when the form
    // comes back refused.
    let form = &form;
    let refused = |message: String| async move {
        let held = match id {
            0 => None,
            id => desk::held(&state.store, &frame.site, &staff.user, id)
                .await
                .ok(),
        };
        render(state, frame, staff, held.as_ref(), form, Some(message)).await
    };
    let written = match form.written(frame, id) {
        Ok(written) => written,
        Err(key) => return refused(t(frame.lang, key)).await,
    };
    let revision = form.revision.trim().parse().unwrap_or(0);
    match desk::save(
        &state.store,
        &frame.site,
        &staff.user,
        &written,
        revision,
        intent,
        frame.now,
    )
    .await
    {
        Ok(id) => Redirect::to(&format!("{SCREEN}/{id}?da-luu=1")).into_response(),
        Err(DeskError::UnknownNumber(number)) => {
            refused(format!(
                "{}: {number}",
                t(frame.lang, "documents.unknown_number")
            ))
            .await
        }
        Err(DeskError::Newsroom(portal_services::news::newsroom::NewsroomError::Invalid(key))) => {
            refused(t(frame.lang, key)).await
        }
        Err(DeskError::Newsroom(portal_services::news::newsroom::NewsroomError::Conflict(_))) => {
            refused(t(frame.lang, "documents.conflict")).await
        }
        Err(error) => refusal(state, frame, staff, web_error(error)),
    }
}

pub async fn create(
    State(state): State<SharedState>,
    frame: Frame,
    Checked { staff, form }: Checked<DocumentForm>,
) -> Response {
    keep(&state, &frame, &staff, 0, form).await
}

pub async fn save(
    State(state): State<SharedState>,
    frame: Frame,
    Path(id): Path<i64>,
    Checked { staff, form }: Checked<DocumentForm>,
) -> Response {
    keep(&state, &frame, &staff, id, form).await
}

pub async fn unpublish(
    State(state): State<SharedState>,
    frame: Frame,
    Path(id): Path<i64>,
    Checked { staff, .. }: Checked<Fields>,
) -> Response {
    match desk::unpublish(&state.store, &frame.site, &staff.user, id, frame.now).await {
        Ok(()) => Redirect::to(&format!("{SCREEN}/{id}?da-go=1")).into_response(),
        Err(error) => refusal(&state, &frame, &staff, web_error(error)),
    }
}

#[derive(Debug, Deserialize)]
pub struct TypesForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    types: String,
}

csrf_field!(TypesForm);

pub async fn save_types(
    State(state): State<SharedState>,
    frame: Frame,
    Checked { staff, form }: Checked<TypesForm>,
) -> Response {
    match desk::save_types(
        &state.store,
        &frame.site,
        &staff.user,
        &form.types,
        frame.now,
    )
    .await
    {
        Ok(()) => Redirect::to(&format!("{SCREEN}?da-luu=1")).into_response(),
        Err(error) => refusal(&state, &frame, &staff, web_error(error)),
    }
}
