//! The default theme, embedded in the binary: templates and assets. A theme
//! folder given at start-up overrides any template by name, so a province
//! can restyle its portal without rebuilding.

use std::collections::HashMap;
use std::path::PathBuf;

use minijinja::{Environment, State, Value};
use portal_core::time;
use sha2::{Digest, Sha256};

use crate::i18n::{Lang, t};

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../templates/", $name)))),*]
    };
}

const TEMPLATES: &[(&str, &str)] = embedded![
    "base.html",
    "macros.html",
    "error.html",
    "directory.html",
    "layouts/home.html",
    "layouts/category.html",
    "layouts/article.html",
    "layouts/search.html",
    "blocks/news_toolbar.html",
    "blocks/news_view.html",
    "blocks/body.html",
    "blocks/news_list.html",
    "blocks/news_by_category.html",
    "blocks/news_category_page.html",
    "blocks/menu_categories.html",
    "blocks/banner.html",
    "blocks/search_box.html",
    "blocks/search_results.html",
    "admin/base.html",
    "admin/login.html",
    "admin/message.html",
    "admin/desk.html",
    "admin/article.html",
    "admin/revision.html",
    "admin/compare.html",
    "admin/users.html",
    "admin/syndication.html",
    "admin/highlights.html",
    "admin/setup.html",
    "documents.html",
    "document.html",
    "schedule.html",
    "admin/schedule.html",
    "site_map.html",
    "admin/menus.html",
    "organisation.html",
    "unit.html",
    "admin/units.html",
    "admin/documents.html",
    "admin/document.html",
    "admin/estate.html",
    "admin/user.html",
    "admin/audit.html",
    "admin/library.html",
    "admin/settings.html",
    "admin/categories.html",
    "admin/placements.html",
    "admin/search.html",
    "questions.html",
    "question.html",
    "question_form.html",
    "question_received.html",
    "question_track.html",
    "admin/questions.html",
    "admin/question.html",
    "admin/question_settings.html",
    "contact_form.html",
    "contact_sent.html",
    "admin/contact.html",
    "admin/contact_message.html",
    "charts.html",
    "polls.html",
    "poll.html",
    "blocks/poll.html",
    "admin/polls.html",
    "consultations.html",
    "consultation_form.html",
    "consultation_sent.html",
    "admin/consultations.html",
    "admin/consultation.html",
    "blocks/visits.html",
    "admin/statistics.html",
];

pub struct Asset {
    pub url: String,
    pub mime: &'static str,
    pub bytes: &'static [u8],
    /// Compressed once at start, for every reader that takes them.
    pub gzip: axum::body::Bytes,
    pub brotli: axum::body::Bytes,
    /// The content hash the file name carries, as an ETag.
    pub etag: String,
}

const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "site.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/site.css"),
    ),
    (
        "portal.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/portal.js"),
    ),
    (
        "emblem.svg",
        "image/svg+xml",
        include_bytes!("../assets/emblem.svg"),
    ),
    (
        "editor.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/editor.js"),
    ),
    (
        "blocks.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/blocks.js"),
    ),
];

pub struct Theme {
    env: Environment<'static>,
    /// By hashed file name: `site.1a2b3c4d.css`.
    assets: HashMap<String, Asset>,
    /// Plain name to hashed URL.
    urls: HashMap<&'static str, String>,
}

impl Theme {
    pub fn new(override_dir: Option<PathBuf>) -> Self {
        let mut env = Environment::new();
        env.set_loader(move |name| {
            if let Some(dir) = &override_dir {
                let safe = !name.split('/').any(|part| part.is_empty() || part == "..");
                if safe {
                    match std::fs::read_to_string(dir.join(name)) {
                        Ok(source) => return Ok(Some(source)),
                        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                        Err(error) => {
                            return Err(minijinja::Error::new(
                                minijinja::ErrorKind::TemplateNotFound,
                                format!("cannot read theme template {name}: {error}"),
                            ));
                        }
                    }
                }
            }
            Ok(TEMPLATES
                .iter()
                .find(|(embedded, _)| *embedded == name)
                .map(|(_, source)| (*source).to_string()))
        });
        // The built-in HTML escaping also escapes `/`, which bloats every
        // link; `& < > " '` are all that HTML needs.
        env.set_formatter(|out, state, value| match value.as_str() {
            Some(text)
                if !value.is_safe() && state.auto_escape() == minijinja::AutoEscape::Html =>
            {
                out.write_str(&portal_core::body::escape_html(text))
                    .map_err(minijinja::Error::from)
            }
            _ => minijinja::escape_formatter(out, state, value),
        });
        env.add_function("t", |state: &State, key: &str| -> String {
            t(lang_of(state), key)
        });
        env.add_filter("date", |ts: i64| time::format_date(ts));
        env.add_filter("datetime", |ts: i64| time::format_date_time(ts));
        env.add_filter("iso", |ts: i64| time::format_iso(ts));
        env.add_filter("span", |state: &State, seconds: i64| {
            let (count, unit) = time::whole_span(seconds);
            t(lang_of(state), &format!("span.{unit}")).replace("{}", &count.to_string())
        });
        env.add_filter("thousands", |n: i64| group_thousands(n));

        let mut assets = HashMap::new();
        let mut urls = HashMap::new();
        for (name, mime, bytes) in ASSETS {
            let digest = Sha256::digest(bytes);
            let hash: String = digest[..5].iter().map(|b| format!("{b:02x}")).collect();
            let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
            let hashed = format!("{stem}.{hash}.{ext}");
            let url = format!("/assets/{hashed}");
            urls.insert(*name, url.clone());
            let text = mime.starts_with("text/") || mime.starts_with("image/svg");
            let (gzip, brotli) = if text {
                (crate::cache::gzip(bytes), crate::cache::brotli(bytes))
            } else {
                Default::default()
            };
            assets.insert(
                hashed,
                Asset {
                    url,
                    mime,
                    bytes,
                    gzip,
                    brotli,
                    etag: format!("\"{hash}\""),
                },
            );
        }
        let by_key: HashMap<String, &String> = urls
            .iter()
            .map(|(name, url)| (name.replace('.', "_"), url))
            .collect();
        env.add_global("assets", Value::from_serialize(&by_key));
        Self { env, assets, urls }
    }

    pub fn render(&self, name: &str, context: Value) -> Result<String, minijinja::Error> {
        self.env.get_template(name)?.render(context)
    }

    pub fn asset(&self, hashed_name: &str) -> Option<&Asset> {
        self.assets.get(hashed_name)
    }

    pub fn asset_url(&self, name: &str) -> Option<&str> {
        self.urls.get(name).map(String::as_str)
    }
}

fn lang_of(state: &State) -> Lang {
    state
        .lookup("lang")
        .and_then(|value| value.as_str().map(Lang::from_code))
        .unwrap_or(Lang::Vi)
}

/// `32735` → `32.735`, as Vietnamese readers group digits.
pub fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_digits_the_vietnamese_way() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(32735), "32.735");
        assert_eq!(group_thousands(1_234_567), "1.234.567");
    }

    #[test]
    fn every_embedded_template_parses() {
        let theme = Theme::new(None);
        for (name, _) in TEMPLATES {
            theme
                .env
                .get_template(name)
                .unwrap_or_else(|e| panic!("{name}: {e:#}"));
        }
    }

    #[test]
    fn assets_have_content_hashed_names() {
        let theme = Theme::new(None);
        let url = theme.asset_url("site.css").expect("site.css is embedded");
        assert!(
            url.starts_with("/assets/site.") && url.ends_with(".css"),
            "{url}"
        );
        let hashed = url.trim_start_matches("/assets/");
        assert!(theme.asset(hashed).is_some());
    }
}
