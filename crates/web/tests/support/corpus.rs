//! Our XSS corpus, one vector a line (`tests/corpus/xss.txt`).

/// The vectors of `tests/corpus/xss.txt`, escapes decoded.
pub fn corpus() -> Vec<String> {
    // Read from the web crate's folder by any crate's tests (the browser
    // run lives in the command line's).
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../web/tests/corpus/xss.txt");
    let text = std::fs::read_to_string(path).expect("the XSS corpus");
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(decode)
        .collect()
}

fn decode(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if let Some(after) = tail.strip_prefix("\\n") {
            out.push('\n');
            rest = after;
        } else if let Some(ch) = tail
            .get(2..6)
            .filter(|_| tail.starts_with("\\u"))
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .and_then(char::from_u32)
        {
            out.push(ch);
            rest = &tail[6..];
        } else {
            out.push('\\');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}
