//! The documents base at scale. Fills a database with N documents of the
//! forms Vietnamese agencies write (decisions, plans, letters, Party
//! documents, laws) over ten years, then measures, in one run:
//!
//! - the public list with its filters, uncached (a keyword, a number typed
//!   three ways, a type, an issuer, a field, a validity, a date range, a
//!   later page, and combinations), as the service answers `/van-ban`;
//! - linking one article's text against every number of the base, as an
//!   article page does (the map read once, then one pass over the text);
//!   beside it, copying the same text, for a ratio on this machine.
//!
//!   portal-bench-documents --documents 50000 [--queries 2000] [--database-url postgres://…]

use std::time::Instant;

use anyhow::{Context, Result, bail};
use portal_core::document::{Document, DocumentStatus, Validity};
use portal_core::{PageRequest, Site};
use portal_services::DocumentFilter;
use portal_store::{ConnectOptions, Store};

const KINDS: [(&str, &str); 8] = [
    ("Quyết định", "QĐ"),
    ("Kế hoạch", "KH"),
    ("Thông báo", "TB"),
    ("Công văn", ""),
    ("Báo cáo", "BC"),
    ("Chỉ thị", "CT"),
    ("Nghị quyết", "NQ"),
    ("Hướng dẫn", "HD"),
];
const ISSUERS: [(&str, &str); 6] = [
    ("UBND tỉnh", "UBND"),
    ("HĐND tỉnh", "HĐND"),
    ("Sở Tài chính", "STC"),
    ("Sở Nội vụ", "SNV"),
    ("Tỉnh ủy", "TU"),
    ("Sở Giáo dục và Đào tạo", "SGDĐT"),
];
const FIELDS: [&str; 8] = [
    "Tài chính",
    "Giáo dục",
    "Y tế",
    "Nông nghiệp",
    "Giao thông",
    "Đất đai",
    "Nội vụ",
    "Thông tin",
];
const WORDS: [&str; 24] = [
    "ban hành",
    "quy chế",
    "kế hoạch",
    "triển khai",
    "thực hiện",
    "phê duyệt",
    "dự toán",
    "ngân sách",
    "năm học",
    "chuyển đổi số",
    "phòng chống",
    "thiên tai",
    "đầu tư",
    "công",
    "cải cách",
    "hành chính",
    "tuyển dụng",
    "viên chức",
    "xây dựng",
    "nông thôn mới",
    "giải ngân",
    "vốn",
    "quy hoạch",
    "sử dụng đất",
];

struct Options {
    documents: usize,
    queries: usize,
    database_url: Option<String>,
    /// Keeps the SQLite database here between runs (filled once).
    dir: Option<String>,
}

fn options() -> Result<Options> {
    let mut options = Options {
        documents: 50_000,
        queries: 2_000,
        database_url: None,
        dir: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--documents" => options.documents = value.parse()?,
            "--queries" => options.queries = value.parse()?,
            "--database-url" => options.database_url = Some(value),
            "--dir" => options.dir = Some(value),
            other => bail!("unknown flag {other}"),
        }
    }
    Ok(options)
}

/// A small deterministic generator: the same base every run.
struct Draw(u64);

impl Draw {
    fn next(&mut self, below: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % below as u64) as usize
    }
}

const DAY: i64 = 86_400;
const START: i64 = 1_483_203_600; // 2017-01-01 in Vietnam

fn document(site: &Site, n: usize, draw: &mut Draw) -> Document {
    let (kind, short) = KINDS[draw.next(KINDS.len())];
    let (issuer, body) = ISSUERS[draw.next(ISSUERS.len())];
    let issued = START + (draw.next(3_650) as i64) * DAY;
    let year = 2017 + (issued - START) / (365 * DAY);
    let number = match (short, body) {
        ("", body) => format!("{n}/{body}-VP"),
        (short, "TU") => format!("{n}-{short}/TU"),
        (short, body) if draw.next(3) == 0 => format!("{n}/{year}/{short}-{body}"),
        (short, body) => format!("{n}/{short}-{body}"),
    };
    let summary = (0..8)
        .map(|_| WORDS[draw.next(WORDS.len())])
        .collect::<Vec<_>>()
        .join(" ");
    Document {
        id: 0,
        site_id: site.id,
        number,
        kind: kind.to_string(),
        issuer: issuer.to_string(),
        signer: format!("Người ký {}", draw.next(40)),
        signer_title: "Chủ tịch".into(),
        fields: vec![FIELDS[draw.next(FIELDS.len())].to_string()],
        issued_on: Some(issued),
        effective_on: Some(issued + 10 * DAY),
        expires_on: (draw.next(5) == 0).then_some(issued + 700 * DAY),
        validity_set: None,
        summary: format!("{} {summary}", kind),
        full_text: String::new(),
        status: DocumentStatus::Published,
        replaced_since: None,
        updated_at: 0,
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at.min(sorted.len() - 1)]
}

#[tokio::main]
async fn main() -> Result<()> {
    let options = options()?;
    let temporary = tempfile::tempdir()?;
    let dir = match &options.dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)?;
            std::path::PathBuf::from(dir)
        }
        None => temporary.path().to_path_buf(),
    };
    let url = options
        .database_url
        .clone()
        .unwrap_or_else(|| format!("sqlite://{}/bench.db?mode=rwc", dir.display()));
    let store = Store::open(&url, ConnectOptions::default()).await?;
    let site = portal_services::sites::site_or_default(&store, None).await?;
    let held = store
        .documents(site.id, &DocumentFilter::default(), 1, 0, 0)
        .await?
        .1 as usize;
    let mut draw = Draw(0x9E37_79B9_7F4A_7C15);
    let started = Instant::now();
    for n in 1..=options.documents {
        let document = document(&site, n, &mut draw);
        if n > held {
            portal_services::documents::save(&store, &document, START).await?;
        }
        if n % 10_000 == 0 {
            eprintln!("{n} documents ({:.0} s)", started.elapsed().as_secs_f64());
        }
    }
    let now = START + 3_650 * DAY;
    let filters: Vec<(&str, DocumentFilter)> = vec![
        ("no filter", DocumentFilter::default()),
        (
            "keyword",
            DocumentFilter {
                query: "chuyển đổi số".into(),
                ..Default::default()
            },
        ),
        (
            "keyword folded",
            DocumentFilter {
                query: "chuyen doi so".into(),
                ..Default::default()
            },
        ),
        (
            "number as written",
            DocumentFilter {
                query: "1234/QĐ-UBND".into(),
                ..Default::default()
            },
        ),
        (
            "number lower case",
            DocumentFilter {
                query: "1234/qd-ubnd".into(),
                ..Default::default()
            },
        ),
        (
            "number with spaces",
            DocumentFilter {
                query: "1234 QĐ UBND".into(),
                ..Default::default()
            },
        ),
        (
            "type",
            DocumentFilter {
                kind: "Kế hoạch".into(),
                ..Default::default()
            },
        ),
        (
            "issuer",
            DocumentFilter {
                issuer: "Sở Tài chính".into(),
                ..Default::default()
            },
        ),
        (
            "field",
            DocumentFilter {
                field: "Y tế".into(),
                ..Default::default()
            },
        ),
        (
            "validity expired",
            DocumentFilter {
                validity: Some(Validity::Expired),
                ..Default::default()
            },
        ),
        (
            "date range",
            DocumentFilter {
                from: Some(START + 800 * DAY),
                until: Some(START + 1_100 * DAY),
                ..Default::default()
            },
        ),
        (
            "type + issuer + dates",
            DocumentFilter {
                kind: "Quyết định".into(),
                issuer: "UBND tỉnh".into(),
                from: Some(START + 365 * DAY),
                until: Some(START + 2_000 * DAY),
                ..Default::default()
            },
        ),
        (
            "keyword + type",
            DocumentFilter {
                query: "ngân sách".into(),
                kind: "Quyết định".into(),
                ..Default::default()
            },
        ),
    ];
    let mut all = Vec::with_capacity(options.queries);
    let mut by_kind: Vec<Vec<f64>> = vec![Vec::new(); filters.len()];
    for i in 0..options.queries {
        let which = i % filters.len();
        let page = PageRequest::first(20);
        let page = if i % 7 == 3 {
            PageRequest::parse(Some("3"), None, 20, 20).unwrap_or(page)
        } else {
            page
        };
        let began = Instant::now();
        let (rows, _) =
            portal_services::documents::list(&store, &site, &filters[which].1, page, now).await?;
        let ms = began.elapsed().as_secs_f64() * 1_000.0;
        std::hint::black_box(rows);
        all.push(ms);
        by_kind[which].push(ms);
    }
    all.sort_by(f64::total_cmp);
    println!(
        "documents: {}; filtered list uncached, {} queries: p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        options.documents,
        options.queries,
        percentile(&all, 0.5),
        percentile(&all, 0.95),
        percentile(&all, 0.99),
        all[all.len() - 1]
    );
    for ((name, _), times) in filters.iter().zip(by_kind.iter_mut()) {
        times.sort_by(f64::total_cmp);
        println!(
            "  {name:<24} p50 {:.2} ms  p95 {:.2} ms",
            percentile(times, 0.5),
            percentile(times, 0.95)
        );
    }

    // Linking: one article of about 6,000 characters citing six numbers
    // (three held, three not) among dates, phone numbers and percentages.
    let targets = portal_services::documents::link_targets(&store, &site).await?;
    let (held, _) = store
        .documents(site.id, &DocumentFilter::default(), 3, 100, now)
        .await?;
    let cited: Vec<&str> = held.iter().map(|d| d.number.as_str()).collect();
    let paragraph = format!(
        "<p>Thực hiện Quyết định số {} ngày 2/2/2023 của UBND tỉnh và Kế hoạch {}, \
         Sở đã triển khai đến 16% đơn vị, liên hệ 0209 3800 000. Theo Quy định 96-QĐ/TW của Bộ Chính trị, \
         Công văn {}, Công văn 4622/BGDĐT-GDTrH và Nghị định 42/2022/NĐ-CP, các đơn vị báo cáo trước ngày 15/3.</p>",
        cited.first().unwrap_or(&""),
        cited.get(1).unwrap_or(&""),
        cited.get(2).unwrap_or(&"")
    );
    let html = paragraph.repeat(14);
    let rounds = 20_000;
    let began = Instant::now();
    for _ in 0..rounds {
        let linked = portal_core::document_number::link(std::hint::black_box(&html), |key| {
            targets.get(key).cloned()
        });
        std::hint::black_box(linked);
    }
    let link_us = began.elapsed().as_secs_f64() * 1e6 / f64::from(rounds);
    let began = Instant::now();
    for _ in 0..rounds {
        std::hint::black_box(std::hint::black_box(&html).to_string());
    }
    let copy_us = began.elapsed().as_secs_f64() * 1e6 / f64::from(rounds);
    let linked = portal_core::document_number::link(&html, |key| targets.get(key).cloned());
    println!(
        "linking one article ({} characters, {} links made, base of {} numbers): {:.1} µs \
         (copying the same text: {:.2} µs; ratio {:.0}×)",
        html.chars().count(),
        linked.matches("doc-link").count(),
        targets.len(),
        link_us,
        copy_us,
        link_us / copy_us.max(0.001)
    );
    Ok(())
}
