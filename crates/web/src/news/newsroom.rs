//! Writing, reviewing and publishing articles.

use crate::accounts::guard::{Checked, csrf_field};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use portal_core::markup::{from_markup, to_markup};
use portal_core::workflow::{self, Action};
use portal_core::{Article, ArticleContent, ArticleId, Layout, PageRequest};
use portal_services::news::newsroom::{self, NewsroomError, Step};
use portal_services::news::syndication;
use serde::Deserialize;
use serde_json::json;

use crate::accounts::auth::Staff;
use crate::admin::{page, refusal};
use crate::blocks::BlockContext;
use crate::frame::{Frame, PageMeta, html_response, render_page};
use crate::i18n::t;
use crate::{SharedState, WebError};

pub async fn desk(State(state): State<SharedState>, frame: Frame, staff: Staff) -> Response {
    match newsroom::desk(&state.store, &frame.site, &staff.user, frame.now).await {
        Ok(desk) => {
            // Administrators see how the last scheduled backup went.
            let backup = match staff.user.role {
                portal_core::workflow::Role::Admin => {
                    portal_services::backup::last_outcome(&state.store).await
                }
                _ => None,
            };
            let restores = newsroom::pending_restores(&state.store, &frame.site, &staff.user)
                .await
                .unwrap_or_default();
            page(
                &state,
                &frame,
                &staff,
                "admin.desk.title",
                "admin/desk.html",
                json!({ "desk": desk, "backup": backup, "restores": restores }),
                StatusCode::OK,
            )
        }
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

pub async fn new_form(State(state): State<SharedState>, frame: Frame, staff: Staff) -> Response {
    let form = ArticleForm {
        byline: staff.user.display_name.clone(),
        ..Default::default()
    };
    editor(&state, &frame, &staff, None, &form, None, StatusCode::OK).await
}

pub async fn edit_form(
    State(state): State<SharedState>,
    frame: Frame,
    staff: Staff,
    Path(id): Path<ArticleId>,
) -> Response {
    match newsroom::article_for(&state.store, &frame.site, &staff.user, id).await {
        Ok(article) => {
            let form = ArticleForm::of(&article);
            editor(
                &state,
                &frame,
                &staff,
                Some(&article),
                &form,
                None,
                StatusCode::OK,
            )
            .await
        }
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

/// The editor form's fields. Times are `YYYY-MM-DDTHH:MM` in Vietnam time.
#[derive(Debug, Deserialize, Default, serde::Serialize, Clone)]
pub struct ArticleForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    revision: i64,
    #[serde(default)]
    title: String,
    #[serde(default)]
    lead: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    byline: String,
    #[serde(default)]
    source: String,
    /// The primary category, which gives the article its address.
    #[serde(default)]
    category_id: String,
    /// Further categories the article is listed in.
    #[serde(default)]
    also_category: Vec<String>,
    #[serde(default)]
    cover_media_id: String,
    /// Comma separated.
    #[serde(default)]
    tags: String,
    #[serde(default)]
    publish_at: String,
    #[serde(default)]
    expire_at: String,
}

impl ArticleForm {
    fn of(article: &Article) -> Self {
        Self {
            csrf: String::new(),
            revision: article.revision,
            title: article.content.title.clone(),
            lead: article.content.lead.clone(),
            body: to_markup(&article.content.body),
            byline: article.content.byline.clone(),
            source: article.content.source.clone(),
            tags: article.content.tags.join(", "),
            cover_media_id: article
                .content
                .cover_media_id
                .map(|id| id.to_string())
                .unwrap_or_default(),
            category_id: article
                .primary_category()
                .map(|c| c.id.to_string())
                .unwrap_or_default(),
            also_category: article
                .categories
                .iter()
                .skip(1)
                .map(|c| c.id.to_string())
                .collect(),
            publish_at: article
                .content
                .publish_at
                .map(local_input)
                .unwrap_or_default(),
            expire_at: article
                .content
                .expire_at
                .map(local_input)
                .unwrap_or_default(),
        }
    }

    fn input(&self) -> Result<ArticleContent, FormProblem> {
        let body = from_markup(&self.body).map_err(FormProblem::Body)?;
        Ok(ArticleContent {
            title: self.title.clone(),
            lead: self.lead.clone(),
            body,
            byline: self.byline.clone(),
            source: self.source.clone(),
            category_ids: self.category_ids(),
            cover_media_id: self.cover_media_id.trim().parse().ok(),
            tags: portal_core::text::parse_tags(&self.tags),
            publish_at: parse_local(&self.publish_at)?,
            expire_at: parse_local(&self.expire_at)?,
        })
    }
}

impl ArticleForm {
    /// The primary first, then the others in the form's order, once each.
    fn category_ids(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = Vec::new();
        let primary = self.category_id.trim().parse::<i64>().ok();
        for id in primary.into_iter().chain(
            self.also_category
                .iter()
                .filter_map(|v| v.trim().parse().ok()),
        ) {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        if primary.is_none() {
            // Without a primary category nothing may be saved: the service
            // refuses an empty list with its own message.
            ids.clear();
        }
        ids
    }
}

pub(crate) fn local_input(unix: i64) -> String {
    portal_core::time::format_iso(unix)
        .chars()
        .take(16)
        .collect()
}

/// What in the form could not be read, for a message naming it.
#[derive(Debug)]
enum FormProblem {
    Body(portal_core::markup::MarkupError),
    Time(String),
}

/// Why the body's text could not be read, naming its line.
pub(crate) fn markup_problem(
    lang: crate::i18n::Lang,
    error: &portal_core::markup::MarkupError,
) -> String {
    format!(
        "{} ({} {}: {})",
        t(lang, "newsroom.body_unreadable"),
        t(lang, "newsroom.line"),
        error.line,
        t(lang, error.problem.key()).replace("{}", error.problem.value())
    )
}

impl FormProblem {
    fn explain(&self, lang: crate::i18n::Lang) -> String {
        match self {
            Self::Body(error) => markup_problem(lang, error),
            Self::Time(text) => format!("{} (\"{text}\")", t(lang, "newsroom.bad_time")),
        }
    }
}

fn parse_local(text: &str) -> Result<Option<i64>, FormProblem> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    portal_core::time::parse_local_input(text)
        .map(Some)
        .ok_or_else(|| FormProblem::Time(text.to_string()))
}

pub async fn create(
    State(state): State<SharedState>,
    frame: Frame,
    headers: axum::http::HeaderMap,
    Checked { staff, form }: Checked<ArticleForm>,
) -> Response {
    let input = match form.input() {
        Ok(input) => input,
        Err(problem) => {
            if autosaving(&headers) {
                return json_refusal(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &problem.explain(frame.lang),
                );
            }
            return invalid_form(&state, &frame, &staff, None, &form, &problem).await;
        }
    };
    match newsroom::create_draft(&state.store, &frame.site, &staff.user, &input, frame.now).await {
        // A new article saving itself: where it now lives, to go on there.
        Ok(id) if autosaving(&headers) => axum::Json(json!({
            "id": id,
            "revision": 1,
            "action": format!("{}/quan-tri/bai-viet/{id}", frame.prefix),
        }))
        .into_response(),
        Ok(id) => Redirect::to(&format!("/quan-tri/bai-viet/{id}?da-luu=1")).into_response(),
        Err(error) if autosaving(&headers) => {
            let (status, message) = refused_because(error, &form, frame.lang);
            json_refusal(status, &message)
        }
        Err(error) => form_refused(&state, &frame, &staff, None, &form, error).await,
    }
}

/// The editor saving by itself while the person types (`X-Autosave: 1`).
fn autosaving(headers: &axum::http::HeaderMap) -> bool {
    headers.get("x-autosave").is_some_and(|v| v == "1")
}

fn json_refusal(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(json!({ "error": message }))).into_response()
}

/// Saves from the form; with `X-Autosave: 1` (the editor saving while the
/// person types) the answer is JSON: the new revision, or why not.
pub async fn save(
    State(state): State<SharedState>,
    frame: Frame,
    Path(id): Path<ArticleId>,
    headers: axum::http::HeaderMap,
    Checked { staff, form }: Checked<ArticleForm>,
) -> Response {
    if autosaving(&headers) {
        return autosave(&state, &frame, &staff, id.get(), &form).await;
    }
    let article = match newsroom::article_for(&state.store, &frame.site, &staff.user, id).await {
        Ok(article) => article,
        Err(error) => return refusal(&state, &frame, &staff, error),
    };
    let input = match form.input() {
        Ok(input) => input,
        Err(problem) => {
            return invalid_form(&state, &frame, &staff, Some(&article), &form, &problem).await;
        }
    };
    match newsroom::save(
        &state.store,
        &frame.site,
        &staff.user,
        id,
        form.revision,
        &input,
        frame.now,
    )
    .await
    {
        Ok(_) => Redirect::to(&format!("/quan-tri/bai-viet/{id}?da-luu=1")).into_response(),
        Err(error) => form_refused(&state, &frame, &staff, Some(&article), &form, error).await,
    }
}

async fn autosave(
    state: &SharedState,
    frame: &Frame,
    staff: &Staff,
    id: i64,
    form: &ArticleForm,
) -> Response {
    let input = match form.input() {
        Ok(input) => input,
        Err(problem) => {
            return json_refusal(
                StatusCode::UNPROCESSABLE_ENTITY,
                &problem.explain(frame.lang),
            );
        }
    };
    match newsroom::save(
        &state.store,
        &frame.site,
        &staff.user,
        ArticleId(id),
        form.revision,
        &input,
        frame.now,
    )
    .await
    {
        Ok(revision) => axum::Json(json!({ "revision": revision })).into_response(),
        Err(error) => {
            let (status, message) = refused_because(error, form, frame.lang);
            json_refusal(status, &message)
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct StepForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    publish_at: String,
}

pub async fn step(
    State(state): State<SharedState>,
    frame: Frame,
    Path(id): Path<ArticleId>,
    Checked { staff, form }: Checked<StepForm>,
) -> Response {
    let Some(action) = Action::parse(&form.action) else {
        return refusal(
            &state,
            &frame,
            &staff,
            NewsroomError::Invalid("newsroom.unknown_action"),
        );
    };
    let publish_at = match parse_local(&form.publish_at) {
        Ok(at) => at,
        Err(_) => {
            return refusal(
                &state,
                &frame,
                &staff,
                NewsroomError::Invalid("newsroom.bad_time"),
            );
        }
    };
    let step = Step {
        action,
        note: &form.note,
        publish_at,
    };
    match newsroom::act(&state.store, &frame.site, &staff.user, id, step, frame.now).await {
        Ok(_) => Redirect::to(&format!("/quan-tri/bai-viet/{id}?buoc={}", action.as_str()))
            .into_response(),
        Err(error) => refusal(&state, &frame, &staff, error),
    }
}

/// The article exactly as the public page will render it, whatever its state.
pub async fn preview(
    State(state): State<SharedState>,
    frame: Frame,
    staff: Staff,
    Path(id): Path<ArticleId>,
) -> Response {
    let article = match newsroom::article_for(&state.store, &frame.site, &staff.user, id).await {
        Ok(article) => article,
        Err(error) => return refusal(&state, &frame, &staff, error),
    };
    let ctx = BlockContext {
        state: &state,
        frame: &frame,
        article: Some(&article),
        category: article.primary_category(),
        tag: None,
        search: None,
        page: PageRequest::first(1),
        deps: Default::default(),
    };
    let meta = PageMeta {
        title: format!(
            "{} - {}",
            t(frame.lang, "admin.preview"),
            article.content.title
        ),
        noindex: true,
        ..Default::default()
    };
    match render_page(&state, &ctx, Layout::Article, &meta, &[]).await {
        Ok(html) => {
            let mut response = html_response(html);
            response.headers_mut().insert(
                axum::http::header::CACHE_CONTROL,
                axum::http::HeaderValue::from_static("no-store"),
            );
            response
        }
        Err(error) => error.into_response(),
    }
}

async fn editor(
    state: &SharedState,
    frame: &Frame,
    staff: &Staff,
    article: Option<&Article>,
    form: &ArticleForm,
    error: Option<&str>,
    status: StatusCode,
) -> Response {
    let steps: Vec<&str> = article
        .map(|a| {
            Action::ALL
                .into_iter()
                .filter(|action| workflow::apply(staff.user.role, a.status, *action, "x").is_ok())
                .map(Action::as_str)
                .collect()
        })
        .unwrap_or_default();
    // The pages section closes the list: what is placed there is a
    // standing page at `/{its name}`.
    let pages = portal_services::news::pages::section(&state.store, frame.site.id)
        .await
        .ok();
    let categories: Vec<_> = frame
        .categories
        .iter()
        .chain(pages.iter())
        .filter(|c| staff.user.may_touch_category(c.id))
        .map(|c| json!({ "id": c.id.to_string(), "name": c.name }))
        .collect();
    let revisions = match article {
        Some(a) => newsroom::history(&state.store, a).await.unwrap_or_default(),
        None => Vec::new(),
    };
    let flowing_up = match (article, frame.site.parent_id) {
        (Some(a), Some(_)) => Some(proposals(state, frame, staff, a).await),
        _ => None,
    };
    let highlights = match article {
        Some(a) => crate::news::highlights::edit_box(state, frame, staff, a).await,
        None => None,
    };
    let waiting_restore = match article {
        Some(a) => newsroom::pending_restore(&state.store, &frame.site, &staff.user, a.id)
            .await
            .ok()
            .flatten(),
        None => None,
    };
    let visual = crate::news::compose::visual_data(state, frame, &form.body).await;
    let data = json!({
        "visual": visual,
        "highlights": highlights,
        "waiting_restore": waiting_restore,
        "may_publish": workflow::may_publish(staff.user.role),
        "article": article.map(|a| json!({
            "id": a.id,
            "status": a.status.as_str(),
            "state": a.status.shown(a.content.publish_at, a.content.expire_at, frame.now),
            "review_note": a.review_note,
            "revision": a.revision,
            "public_url": a.path(),
            "is_public": a.is_public(frame.now),
        })),
        "form": form,
        "categories": categories,
        "steps": steps,
        "error": error,
        "revisions": revisions,
        "syndication": flowing_up,
    });
    let title = if article.is_some() {
        "admin.article.edit"
    } else {
        "admin.article.new"
    };
    page(
        state,
        frame,
        staff,
        title,
        "admin/article.html",
        data,
        status,
    )
}

/// What became of a sub-site article's proposals to the parent, and
/// whether it may be proposed now.
async fn proposals(
    state: &SharedState,
    frame: &Frame,
    staff: &Staff,
    article: &Article,
) -> serde_json::Value {
    let proposals = syndication::proposals_of(&state.store, &frame.site, &staff.user, article.id)
        .await
        .unwrap_or_default();
    let open = proposals.iter().any(|p| !p.status.may_propose_again());
    let may_propose = !open
        && article.is_public(frame.now)
        && portal_core::syndication::may_propose(staff.user.role);
    let listed: Vec<_> = proposals
        .iter()
        .map(|p| json!({ "status": p.status, "note": p.note, "at": p.decided_at.unwrap_or(p.proposed_at) }))
        .collect();
    json!({ "proposals": listed, "may_propose": may_propose })
}

async fn invalid_form(
    state: &SharedState,
    frame: &Frame,
    staff: &Staff,
    article: Option<&Article>,
    form: &ArticleForm,
    problem: &FormProblem,
) -> Response {
    let message = problem.explain(frame.lang);
    editor(
        state,
        frame,
        staff,
        article,
        form,
        Some(&message),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// The form comes back with the person's text in it, and the reason.
async fn form_refused(
    state: &SharedState,
    frame: &Frame,
    staff: &Staff,
    article: Option<&Article>,
    form: &ArticleForm,
    error: NewsroomError,
) -> Response {
    let (status, message) = refused_because(error, form, frame.lang);
    editor(state, frame, staff, article, form, Some(&message), status).await
}

/// Why the form was refused, in words: a library item that is not there
/// is named with the line of the body that asks for it.
fn refused_because(
    error: NewsroomError,
    form: &ArticleForm,
    lang: crate::i18n::Lang,
) -> (StatusCode, String) {
    let NewsroomError::MissingMedia(ids) = &error else {
        return WebError::from(error).explain(lang);
    };
    let told: Vec<String> = ids
        .iter()
        .map(|id| {
            let line = form.body.lines().position(|line| names_item(line, *id));
            match line {
                Some(at) => t(lang, "newsroom.missing_media_line")
                    .replace("{line}", &(at + 1).to_string())
                    .replace("{id}", &id.to_string()),
                None => t(lang, "newsroom.missing_cover").replace("{id}", &id.to_string()),
            }
        })
        .collect();
    (StatusCode::UNPROCESSABLE_ENTITY, told.join(" "))
}

/// Whether a line of the typed body is a picture or file naming `id`.
fn names_item(line: &str, id: i64) -> bool {
    let id = id.to_string();
    let line = line.trim();
    ["[[hình:", "[[tệp:"].iter().any(|start| {
        line.strip_prefix(start)
            .and_then(|rest| rest.strip_prefix(id.as_str()))
            .is_some_and(|rest| rest.starts_with('|') || rest.starts_with("]]"))
    })
}

csrf_field!(ArticleForm, StepForm);
