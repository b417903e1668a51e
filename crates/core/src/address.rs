//! The one URL policy. Every address a person or an import gives (links in
//! text, embeds, banners, menu items, files) passes [`safe_link`] before it
//! is stored and again before it is shown: http, https, mailto and tel, or
//! an address on this site. Videos are embedded only from players named by
//! their exact host ([`embed_player`]).

use url::Url;

const SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// The address as it may stand in an `href`, or `None` when it may not.
/// Browsers drop surrounding spaces and control characters and read
/// schemes in any case, so the check reads the address as they do; the
/// answer is the address as given, less what surrounded it.
pub fn safe_link(input: &str) -> Option<String> {
    let trimmed = input.trim_matches(|c: char| c.is_whitespace() || c.is_control());
    if trimmed.is_empty()
        || trimmed.len() > 2048
        || trimmed
            .chars()
            .any(|c| c.is_control() || c == '\\' || c.is_whitespace() && c != ' ')
    {
        return None;
    }
    match scheme_of(trimmed) {
        Some(scheme) => {
            if !SCHEMES.contains(&scheme.to_ascii_lowercase().as_str()) {
                return None;
            }
            let url = Url::parse(trimmed).ok()?;
            if matches!(url.scheme(), "http" | "https") && url.host_str().is_none_or(str::is_empty)
            {
                return None;
            }
            Some(trimmed.replace(' ', "%20"))
        }
        // `//host/…` leaves the site; anything else without a scheme is a
        // path, query or fragment here.
        None if trimmed.starts_with("//") => None,
        None => Some(trimmed.replace(' ', "%20")),
    }
}

/// The scheme of an absolute address: what stands before a `:` that comes
/// ahead of any `/ ? #` (RFC 3986 §3.1, §4.2). A name that is no valid
/// scheme comes back as `?`, so it is refused rather than taken for a path.
fn scheme_of(address: &str) -> Option<&str> {
    let end = address.find([':', '/', '?', '#'])?;
    if !address[end..].starts_with(':') {
        return None;
    }
    let head = &address[..end];
    let valid = head.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && head
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    Some(if valid { head } else { "?" })
}

/// A web address fit for an embed or a link out: http or https only.
pub fn safe_web_address(input: &str) -> Option<String> {
    let link = safe_link(input)?;
    let scheme = scheme_of(&link)?.to_ascii_lowercase();
    matches!(scheme.as_str(), "http" | "https").then_some(link)
}

/// A video player a page may frame, with the address it is framed by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Player {
    pub provider: &'static str,
    pub src: String,
}

/// Hosts whose frames the page's Content-Security-Policy allows.
pub const PLAYER_ORIGINS: [&str; 2] = [
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
];

/// The player for a video address on a known provider (YouTube through its
/// no-cookie domain, Vimeo), judged by the exact host.
pub fn embed_player(input: &str) -> Option<Player> {
    let url = Url::parse(&safe_web_address(input)?).ok()?;
    let host = url.host_str()?;
    let mut segments = url.path_segments().into_iter().flatten();
    match host {
        "youtube.com" | "www.youtube.com" | "m.youtube.com" => {
            let id = match segments.next()? {
                "watch" => url
                    .query_pairs()
                    .find(|(k, _)| k == "v")
                    .map(|(_, v)| v.into_owned())?,
                "embed" | "shorts" | "live" => segments.next()?.to_string(),
                _ => return None,
            };
            youtube(&id)
        }
        "youtu.be" => youtube(segments.next()?),
        "www.youtube-nocookie.com" => match segments.next()? {
            "embed" => youtube(segments.next()?),
            _ => None,
        },
        "vimeo.com" | "www.vimeo.com" => vimeo(segments.next()?),
        "player.vimeo.com" => match segments.next()? {
            "video" => vimeo(segments.next()?),
            _ => None,
        },
        _ => None,
    }
}

fn youtube(id: &str) -> Option<Player> {
    (id.len() == 11
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
    .then(|| Player {
        provider: "youtube",
        src: format!("https://www.youtube-nocookie.com/embed/{id}"),
    })
}

fn vimeo(id: &str) -> Option<Player> {
    (!id.is_empty() && id.len() <= 12 && id.bytes().all(|b| b.is_ascii_digit())).then(|| Player {
        provider: "vimeo",
        src: format!("https://player.vimeo.com/video/{id}?dnt=1"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_addresses_are_refused_in_every_spelling() {
        for address in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "JAVASCRIPT:alert(1)",
            " javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "\tjavascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "java\u{0}script:alert(1)",
            "vbscript:msgbox(1)",
            "VBScript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "DATA:text/html;base64,PHNjcmlwdD4=",
            "file:///etc/passwd",
            "//evil.example/x",
            "/\\evil.example",
            "\\\\evil.example",
            "https:",
            ":alert(1)",
            "",
            "   ",
        ] {
            assert_eq!(safe_link(address), None, "{address:?}");
        }
    }

    #[test]
    fn ordinary_addresses_pass_cleaned() {
        assert_eq!(
            safe_link(" https://thainguyen.gov.vn/tin-tuc?id=1 ").as_deref(),
            Some("https://thainguyen.gov.vn/tin-tuc?id=1")
        );
        assert_eq!(
            safe_link("HTTPS://Example.VN").as_deref(),
            Some("HTTPS://Example.VN")
        );
        assert_eq!(
            safe_link("mailto:banbientap@example.vn").as_deref(),
            Some("mailto:banbientap@example.vn")
        );
        assert_eq!(
            safe_link("tel:+842083855555").as_deref(),
            Some("tel:+842083855555")
        );
        assert_eq!(
            safe_link("/tin-hoat-dong").as_deref(),
            Some("/tin-hoat-dong")
        );
        assert_eq!(safe_link("#phan-2").as_deref(), Some("#phan-2"));
        assert_eq!(safe_link("?page=2").as_deref(), Some("?page=2"));
        assert_eq!(safe_web_address("mailto:a@b.vn"), None);
        assert_eq!(safe_web_address("/tin"), None);
    }

    #[test]
    fn players_are_known_by_their_exact_host() {
        let id = "dQw4w9WgXcQ";
        for address in [
            format!("https://www.youtube.com/watch?v={id}"),
            format!("https://youtube.com/watch?feature=share&v={id}"),
            format!("https://m.youtube.com/watch?v={id}"),
            format!("https://youtu.be/{id}?t=3"),
            format!("https://www.youtube.com/embed/{id}"),
            format!("https://www.youtube-nocookie.com/embed/{id}"),
            format!("HTTPS://WWW.YOUTUBE.COM/watch?v={id}"),
        ] {
            assert_eq!(
                embed_player(&address).map(|p| p.src),
                Some(format!("https://www.youtube-nocookie.com/embed/{id}")),
                "{address}"
            );
        }
        assert_eq!(
            embed_player("https://vimeo.com/76979871").map(|p| p.src),
            Some("https://player.vimeo.com/video/76979871?dnt=1".to_string())
        );
        for address in [
            format!("https://www.youtube.com.evil.example/watch?v={id}"),
            format!("https://evil.example/www.youtube.com/watch?v={id}"),
            format!("https://notyoutube.com/watch?v={id}"),
            format!("https://www.youtube.com@evil.example/watch?v={id}"),
            "https://www.youtube.com/watch?v=short".to_string(),
            format!("javascript://www.youtube.com/watch?v={id}"),
            "https://vimeo.com/abc".to_string(),
        ] {
            assert_eq!(embed_player(&address), None, "{address}");
        }
    }
}
