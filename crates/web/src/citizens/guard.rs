//! What stands in front of every public form: the CSRF token of a page
//! without a session, a honeypot field people never see, a sum to work out
//! that needs no third party and no mouse (a text field a screen reader
//! reads), and limits per address and per site. A refused form is never
//! stored.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::Mutex;

use axum::http::{HeaderMap, HeaderValue};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use portal_core::SiteId;
use serde::Serialize;

use crate::SharedState;
use crate::frame::Frame;
use crate::i18n::t;

/// The name of the field people leave empty (it is hidden from them).
pub const HONEYPOT: &str = "website";
/// How long a form's sum may be answered.
const CHALLENGE_SECONDS: i64 = 2 * 3600;
/// Sums answered, remembered so that one is not answered twice.
const MAX_REMEMBERED: usize = 200_000;

/// How many public forms one address and one site may send.
#[derive(Debug, Clone)]
pub struct FormLimits {
    /// Forms per address per hour (a burst of this many, then one every
    /// hour / this).
    pub per_address_per_hour: u32,
    /// Forms per site per minute: a flood from many addresses.
    pub per_site_per_minute: u32,
}

impl Default for FormLimits {
    fn default() -> Self {
        Self {
            per_address_per_hour: 10,
            per_site_per_minute: 600,
        }
    }
}

/// The limiters and the remembered sums, shared by every public form.
pub struct FormGuard {
    by_address: DefaultKeyedRateLimiter<String>,
    by_site: DefaultKeyedRateLimiter<i64>,
    answered: Mutex<HashMap<String, i64>>,
}

impl FormGuard {
    pub fn new(limits: &FormLimits) -> Self {
        let at_least_one = |n: u32| NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
        Self {
            by_address: RateLimiter::keyed(Quota::per_hour(at_least_one(
                limits.per_address_per_hour,
            ))),
            by_site: RateLimiter::keyed(Quota::per_minute(at_least_one(
                limits.per_site_per_minute,
            ))),
            answered: Mutex::new(HashMap::new()),
        }
    }

    /// Whether one more form may come from `address` to `site`.
    fn allows(&self, form: &str, address: &str, site: SiteId) -> bool {
        if self.by_address.len() > MAX_REMEMBERED {
            self.by_address.retain_recent();
        }
        self.by_address
            .check_key(&format!("{form}:{}:{address}", site.get()))
            .is_ok()
            && self.by_site.check_key(&site.get()).is_ok()
    }

    /// Whether the sum of `token` is answered for the first time.
    fn first_answer(&self, token: &str, now: i64) -> bool {
        let Ok(mut answered) = self.answered.lock() else {
            return false;
        };
        if answered.len() > MAX_REMEMBERED {
            answered.retain(|_, at| now - *at <= CHALLENGE_SECONDS);
        }
        answered.insert(token.to_string(), now).is_none()
    }
}

/// What a form page carries: its CSRF token and its sum.
#[derive(Debug, Serialize)]
pub struct FormSeal {
    pub csrf: String,
    pub challenge: String,
    pub challenge_token: String,
    pub honeypot: &'static str,
}

/// A fresh seal for a form page, and the cookie its token needs.
pub async fn seal(state: &SharedState, frame: &Frame) -> Option<(FormSeal, HeaderValue)> {
    let (cookie, csrf) = crate::accounts::auth::form_token(state, frame).await?;
    let secret = crate::accounts::auth::form_secret(state).await?;
    let nonce = portal_services::accounts::random_token();
    let (a, b) = (digit(&nonce, 0), digit(&nonce, 1));
    let challenge_token = format!(
        "{}.{}.{}",
        frame.now,
        &nonce[..16],
        sign(secret, frame.now, &nonce[..16], a + b)
    );
    let challenge = t(frame.lang, "forms.challenge")
        .replace("{a}", &t(frame.lang, &format!("forms.number.{a}")))
        .replace("{b}", &t(frame.lang, &format!("forms.number.{b}")));
    Some((
        FormSeal {
            csrf,
            challenge,
            challenge_token,
            honeypot: HONEYPOT,
        },
        cookie,
    ))
}

/// 1 to 9, from the nonce's hex digits.
fn digit(nonce: &str, at: usize) -> u32 {
    nonce
        .chars()
        .nth(at)
        .and_then(|c| c.to_digit(16))
        .map_or(1, |d| d % 9 + 1)
}

fn sign(secret: &str, issued: i64, nonce: &str, sum: u32) -> String {
    let answer = sum.to_string();
    portal_services::accounts::sign(secret, &["challenge", &issued.to_string(), nonce, &answer])
}

/// What a public form sends besides its own fields.
pub struct Seal<'a> {
    pub csrf: &'a str,
    pub challenge_token: &'a str,
    pub challenge_answer: &'a str,
    pub honeypot: &'a str,
}

/// Why a public form was refused: a catalog key, and whether the form may
/// be shown again as typed (a wrong sum) or not (a robot, a flood).
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The page was too old or not ours: the form comes back with a fresh
    /// token, as typed.
    Expired,
    /// The sum was wrong: the form comes back, as typed.
    WrongSum,
    /// Too many forms from here or to this site.
    TooMany,
    /// The hidden field was filled in: a robot.
    Robot,
}

impl Refusal {
    pub fn message_key(&self) -> &'static str {
        match self {
            Self::Expired => "forms.expired",
            Self::WrongSum => "forms.wrong_sum",
            Self::TooMany => "forms.too_many",
            Self::Robot => "forms.robot",
        }
    }
}

/// Checks a public form's seal: everything but its own fields. `form` names
/// the form for the per-address limit.
pub async fn check(
    state: &SharedState,
    frame: &Frame,
    headers: &HeaderMap,
    address: &str,
    form: &str,
    seal: &Seal<'_>,
) -> Result<(), Refusal> {
    if !seal.honeypot.is_empty() {
        return Err(Refusal::Robot);
    }
    if !crate::accounts::auth::form_token_ok(state, frame, headers, seal.csrf).await {
        return Err(Refusal::Expired);
    }
    if !state.forms.allows(form, address, frame.site.id) {
        return Err(Refusal::TooMany);
    }
    let Some(secret) = crate::accounts::auth::form_secret(state).await else {
        return Err(Refusal::Expired);
    };
    let mut parts = seal.challenge_token.splitn(3, '.');
    let (Some(issued), Some(nonce), Some(signature)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(Refusal::Expired);
    };
    let Ok(issued) = issued.parse::<i64>() else {
        return Err(Refusal::Expired);
    };
    if !(frame.now - CHALLENGE_SECONDS..=frame.now + 60).contains(&issued) {
        return Err(Refusal::Expired);
    }
    let Some(sum) = read_number(seal.challenge_answer) else {
        return Err(Refusal::WrongSum);
    };
    let expected = sign(secret, issued, nonce, sum);
    if !portal_services::accounts::constant_time_eq(&expected, signature) {
        return Err(Refusal::WrongSum);
    }
    if !state.forms.first_answer(seal.challenge_token, frame.now) {
        return Err(Refusal::Expired);
    }
    Ok(())
}

/// `7`, ` 7 `, or `bảy` / `Bay`: what people type for a small sum.
fn read_number(typed: &str) -> Option<u32> {
    let typed = typed.trim();
    if let Ok(number) = typed.parse::<u32>() {
        return Some(number);
    }
    let folded = portal_core::document::fold(typed);
    const WORDS: [&str; 19] = [
        "mot",
        "hai",
        "ba",
        "bon",
        "nam",
        "sau",
        "bay",
        "tam",
        "chin",
        "muoi",
        "muoi mot",
        "muoi hai",
        "muoi ba",
        "muoi bon",
        "muoi lam",
        "muoi sau",
        "muoi bay",
        "muoi tam",
        "muoi chin",
    ];
    WORDS
        .iter()
        .position(|word| *word == folded.trim())
        .and_then(|at| u32::try_from(at + 1).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_sum_as_people_type_it() {
        assert_eq!(read_number(" 12 "), Some(12));
        assert_eq!(read_number("Bảy"), Some(7));
        assert_eq!(read_number("mười lăm"), Some(15));
        assert_eq!(read_number("many"), None);
    }

    #[test]
    fn limits_each_address_and_each_site() {
        let guard = FormGuard::new(&FormLimits {
            per_address_per_hour: 2,
            per_site_per_minute: 3,
        });
        let site = SiteId(1);
        assert!(guard.allows("ask", "10.0.0.1", site));
        assert!(guard.allows("ask", "10.0.0.1", site));
        assert!(!guard.allows("ask", "10.0.0.1", site));
        assert!(guard.allows("ask", "10.0.0.2", site));
        assert!(!guard.allows("ask", "10.0.0.3", site));
        assert!(guard.allows("ask", "10.0.0.3", SiteId(2)));
    }

    #[test]
    fn a_sum_is_answered_once() {
        let guard = FormGuard::new(&FormLimits::default());
        assert!(guard.first_answer("t", 100));
        assert!(!guard.first_answer("t", 101));
    }
}
