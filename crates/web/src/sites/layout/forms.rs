//! Each block type's settings as a form an editor fills in: a Vietnamese
//! name and description, and one labelled input per setting, read back
//! and checked here (no JSON on the screen).

use serde_json::{Map, Value as Json, json};

/// What kind of value a setting takes.
pub enum Kind {
    /// A whole number within `min..=max`; `default` when left empty.
    Number { min: u64, max: u64, default: u64 },
    /// One of these values, each with its catalog label.
    Choice(&'static [(&'static str, &'static str)]),
    /// A section of the site, by its slug.
    Section,
    /// Text shown to readers, at most `max` characters; empty leaves it out.
    Text { max: usize },
    /// Service links: a title, an address and a colour each.
    Links,
}

pub struct Field {
    pub key: &'static str,
    /// Catalog key of the input's label.
    pub label: &'static str,
    pub kind: Kind,
}

/// How many service links a banner block holds.
pub const MAX_LINKS: usize = 6;
const TONES: &[(&str, &str)] = &[
    ("red", "blocks.tone.red"),
    ("blue", "blocks.tone.blue"),
    ("green", "blocks.tone.green"),
];
const LIST_SOURCES: &[(&str, &str)] = &[
    ("latest", "blocks.source.latest"),
    ("featured", "blocks.source.featured"),
    ("carried", "blocks.source.carried"),
    ("category", "blocks.source.category"),
    ("current_category", "blocks.source.current_category"),
    ("older_in_category", "blocks.source.older_in_category"),
];
const LIST_STYLES: &[(&str, &str)] = &[
    ("cards", "blocks.style.cards"),
    ("tiles", "blocks.style.tiles"),
    ("featured", "blocks.style.featured"),
    ("links", "blocks.style.links"),
    ("ranked", "blocks.style.ranked"),
];

const fn limit(max: u64, default: u64) -> Field {
    Field {
        key: "limit",
        label: "blocks.field.limit",
        kind: Kind::Number {
            min: 1,
            max,
            default,
        },
    }
}

const LIST: &[Field] = &[
    Field {
        key: "title",
        label: "blocks.field.title",
        kind: Kind::Text { max: 100 },
    },
    Field {
        key: "source",
        label: "blocks.field.source",
        kind: Kind::Choice(LIST_SOURCES),
    },
    Field {
        key: "category",
        label: "blocks.field.category",
        kind: Kind::Section,
    },
    limit(50, 6),
    Field {
        key: "style",
        label: "blocks.field.style",
        kind: Kind::Choice(LIST_STYLES),
    },
];
const HOT: &[Field] = &[
    limit(20, 5),
    Field {
        key: "days",
        label: "blocks.field.days",
        kind: Kind::Number {
            min: 1,
            max: 3650,
            default: 30,
        },
    },
];
const FEW: &[Field] = &[limit(20, 4)];
const BANNER: &[Field] = &[Field {
    key: "items",
    label: "blocks.field.items",
    kind: Kind::Links,
}];

/// The settings a block type takes, in the order the form shows them.
pub fn fields_of(block_type: &str) -> &'static [Field] {
    match block_type {
        "news.list" => LIST,
        "news.hot" => HOT,
        "news.by_category" | "news.related" => FEW,
        "banner" => BANNER,
        _ => &[],
    }
}

/// What is wrong with one input, for the message naming it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Not a whole number in the range (its bounds).
    Number { min: u64, max: u64 },
    /// Not one of the offered values.
    Choice,
    /// No section has this address.
    Section,
    /// Longer than allowed (the limit).
    TooLong(usize),
    /// A link's address the URL policy refuses.
    Address,
    /// A link with an address and no title, or the other way round.
    HalfLink,
}

/// A setting that could not be read, and which.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub field: &'static str,
    pub problem: Problem,
}

/// Reads the settings of one block from the inputs `input(name)` gives
/// (the field's key, or `items_{i}_{part}` for links), over `kept`: the
/// stored settings the form shows nothing of (a catalog title) stay.
pub fn read(
    block_type: &str,
    kept: &Json,
    sections: &[String],
    input: impl Fn(&str) -> String,
) -> Result<Json, Refused> {
    let mut settings: Map<String, Json> = kept.as_object().cloned().unwrap_or_default();
    for field in fields_of(block_type) {
        let refused = |problem| Refused {
            field: field.label,
            problem,
        };
        let text = input(field.key);
        let text = text.trim();
        match &field.kind {
            Kind::Number { min, max, default } => {
                let value = if text.is_empty() {
                    *default
                } else {
                    text.parse::<u64>()
                        .ok()
                        .filter(|n| (*min..=*max).contains(n))
                        .ok_or_else(|| {
                            refused(Problem::Number {
                                min: *min,
                                max: *max,
                            })
                        })?
                };
                settings.insert(field.key.into(), json!(value));
            }
            Kind::Choice(options) => {
                let value = if text.is_empty() { options[0].0 } else { text };
                if !options.iter().any(|(option, _)| *option == value) {
                    return Err(refused(Problem::Choice));
                }
                settings.insert(field.key.into(), json!(value));
            }
            Kind::Section => {
                if text.is_empty() {
                    settings.remove(field.key);
                } else if sections.iter().any(|slug| slug == text) {
                    settings.insert(field.key.into(), json!(text));
                } else {
                    return Err(refused(Problem::Section));
                }
            }
            Kind::Text { max } => {
                let text = portal_core::text::normalize_inline(text);
                if text.chars().count() > *max {
                    return Err(refused(Problem::TooLong(*max)));
                }
                if text.is_empty() {
                    settings.remove(field.key);
                } else {
                    // A title typed here replaces the catalog's.
                    settings.remove("title_key");
                    settings.insert(field.key.into(), json!(text));
                }
            }
            Kind::Links => {
                let mut links = Vec::new();
                for i in 0..MAX_LINKS {
                    let part = |name: &str| input(&format!("{}_{i}_{name}", field.key));
                    let (title, url) = (
                        portal_core::text::normalize_inline(&part("title")),
                        part("url").trim().to_string(),
                    );
                    match (title.is_empty(), url.is_empty()) {
                        (true, true) => continue,
                        (false, false) => {}
                        _ => return Err(refused(Problem::HalfLink)),
                    }
                    if title.chars().count() > 100 {
                        return Err(refused(Problem::TooLong(100)));
                    }
                    if portal_core::address::safe_link(&url).is_none() {
                        return Err(refused(Problem::Address));
                    }
                    let tone = part("tone");
                    let tone = if tone.is_empty() {
                        "red"
                    } else {
                        tone.as_str()
                    };
                    if !TONES.iter().any(|(option, _)| *option == tone) {
                        return Err(refused(Problem::Choice));
                    }
                    links.push(json!({ "title": title, "url": url, "tone": tone }));
                }
                settings.insert(field.key.into(), Json::Array(links));
            }
        }
    }
    Ok(Json::Object(settings))
}

/// The inputs of a block's form with their values, for the template.
pub fn inputs(block_type: &str, settings: &Json) -> Vec<Json> {
    fields_of(block_type)
        .iter()
        .map(|field| {
            let value = settings.get(field.key);
            let text = match value {
                Some(Json::String(text)) => text.clone(),
                Some(Json::Number(number)) => number.to_string(),
                _ => String::new(),
            };
            match &field.kind {
                Kind::Number { min, max, default } => json!({
                    "key": field.key, "label": field.label, "kind": "number",
                    "value": if text.is_empty() { default.to_string() } else { text },
                    "min": min, "max": max,
                }),
                Kind::Choice(options) => json!({
                    "key": field.key, "label": field.label, "kind": "choice", "value": text,
                    "options": options.iter().map(|(value, label)| json!({ "value": value, "label": label })).collect::<Vec<_>>(),
                }),
                Kind::Section => json!({
                    "key": field.key, "label": field.label, "kind": "section", "value": text,
                }),
                Kind::Text { max } => json!({
                    "key": field.key, "label": field.label, "kind": "text", "value": text, "max": max,
                }),
                Kind::Links => {
                    let mut links: Vec<Json> = value
                        .and_then(Json::as_array)
                        .cloned()
                        .unwrap_or_default();
                    links.truncate(MAX_LINKS);
                    links.resize(MAX_LINKS, json!({}));
                    json!({
                        "key": field.key, "label": field.label, "kind": "links", "links": links,
                        "tones": TONES.iter().map(|(value, label)| json!({ "value": value, "label": label })).collect::<Vec<_>>(),
                    })
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(pairs: &[(&str, &str)]) -> impl Fn(&str) -> String {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        }
    }

    #[test]
    fn a_list_reads_its_inputs_and_keeps_what_the_form_does_not_show() {
        let kept = json!({ "title_key": "home.featured", "source": "featured" });
        let sections = vec!["tin-hoat-dong".to_string()];
        let read = read(
            "news.list",
            &kept,
            &sections,
            from(&[
                ("source", "category"),
                ("category", "tin-hoat-dong"),
                ("limit", "8"),
            ]),
        )
        .expect("read");
        assert_eq!(read["source"], "category");
        assert_eq!(read["category"], "tin-hoat-dong");
        assert_eq!(read["limit"], 8);
        assert_eq!(read["style"], "cards");
        assert_eq!(read["title_key"], "home.featured");
    }

    #[test]
    fn bad_values_name_their_field_and_what_is_wrong() {
        let none: Vec<String> = Vec::new();
        let refused = |pairs: &[(&str, &str)]| {
            read("news.list", &json!({}), &none, from(pairs)).expect_err("refused")
        };
        assert_eq!(
            refused(&[("limit", "500")]),
            Refused {
                field: "blocks.field.limit",
                problem: Problem::Number { min: 1, max: 50 }
            }
        );
        assert_eq!(refused(&[("limit", "năm")]).field, "blocks.field.limit");
        assert_eq!(refused(&[("source", "all")]).problem, Problem::Choice);
        assert_eq!(
            refused(&[("category", "khong-co")]).problem,
            Problem::Section
        );
        let banner = |pairs: &[(&str, &str)]| read("banner", &json!({}), &none, from(pairs));
        assert_eq!(
            banner(&[
                ("items_0_title", "Dịch vụ công"),
                ("items_0_url", "javascript:alert(1)")
            ])
            .expect_err("refused")
            .problem,
            Problem::Address
        );
        assert_eq!(
            banner(&[("items_1_title", "Chỉ có tên")])
                .expect_err("refused")
                .problem,
            Problem::HalfLink
        );
        let links = banner(&[
            ("items_0_title", "Dịch vụ công"),
            ("items_0_url", "https://dichvucong.gov.vn/"),
            ("items_0_tone", "blue"),
        ])
        .expect("read");
        assert_eq!(links["items"][0]["tone"], "blue");
        assert_eq!(links["items"].as_array().map(Vec::len), Some(1));
    }
}
