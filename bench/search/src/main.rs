//! Indexes N synthetic Vietnamese articles and measures query latency.
//!
//! ```sh
//! cargo run --release -p portal-bench-search -- --articles 1000000 --dir /tmp/bench-index
//! ```
//!
//! Prints indexing throughput, latency percentiles over a mixed query set,
//! and the process's memory (resident now, and its peak).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use portal_search::{IndexDoc, Scope, SearchIndex, SearchRequest, Sort, UserQuery};

mod corpus;

const BATCH: usize = 5_000;
/// Sites the articles are dealt out to; `BENCH_SITES=120` for a province
/// and its sub-portals.
fn sites() -> i64 {
    std::env::var("BENCH_SITES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3)
}
const CATEGORIES: i64 = 12;

struct Options {
    articles: usize,
    dir: PathBuf,
    queries: usize,
    reuse: bool,
}

fn options() -> Result<Options> {
    let mut options = Options {
        articles: 100_000,
        dir: std::env::temp_dir().join("portal-bench-search"),
        queries: 3_000,
        reuse: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().with_context(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--articles" => options.articles = value()?.parse()?,
            "--dir" => options.dir = value()?.into(),
            "--queries" => options.queries = value()?.parse()?,
            "--reuse" => options.reuse = true,
            other => {
                bail!("unknown option {other}; use --articles N --dir PATH --queries N [--reuse]")
            }
        }
    }
    Ok(options)
}

fn main() -> Result<()> {
    let options = options()?;
    if !options.reuse && options.dir.exists() {
        std::fs::remove_dir_all(&options.dir)?;
    }
    // As `portal reindex` opens it.
    let (index, _) = SearchIndex::open_for_rebuild(&options.dir)?;
    println!(
        "machine: {} cores; index in {}",
        std::thread::available_parallelism().map_or(1, usize::from),
        options.dir.display()
    );

    if !options.reuse || index.doc_count() == 0 {
        index_articles(&index, options.articles)?;
    }
    println!("documents: {}", index.doc_count());
    println!("memory after indexing: {}", memory());

    query_latency(&index, options.queries)?;
    println!("memory while querying: {}", memory());
    Ok(())
}

fn index_articles(index: &SearchIndex, count: usize) -> Result<()> {
    let mut generator = corpus::Generator::new(2026);
    println!(
        "corpus: {} syllables, Zipf-distributed",
        generator.vocabulary_size()
    );
    let started = Instant::now();
    index.begin_rebuild()?;
    let mut done = 0;
    let sites = sites();
    let mut next_report = 100_000;
    while done < count {
        let size = BATCH.min(count - done);
        let articles: Vec<corpus::Article> = (0..size)
            .map(|i| generator.article((done + i) as i64 + 1))
            .collect();
        let categories: Vec<[i64; 1]> = articles.iter().map(|a| [a.id % CATEGORIES + 1]).collect();
        let docs: Vec<IndexDoc<'_>> = articles
            .iter()
            .zip(&categories)
            .map(|(a, category)| IndexDoc {
                id: a.id,
                site_id: a.id % sites + 1,
                status: "published",
                date: a.date,
                expire_at: None,
                owner: None,
                category_ids: category,
                title: &a.title,
                text: &a.text,
            })
            .collect();
        index.stage(&docs, &[])?;
        done += size;
        if done >= next_report {
            let rate = done as f64 / started.elapsed().as_secs_f64();
            eprintln!("  {done} articles staged, {rate:.0}/s");
            next_report += 100_000;
        }
    }
    index.finish_rebuild(None)?;
    let elapsed = started.elapsed();
    println!(
        "indexing: {count} articles in {:.1} s = {:.0} articles/s (including the final commit and merge)",
        elapsed.as_secs_f64(),
        count as f64 / elapsed.as_secs_f64()
    );
    Ok(())
}

fn query_latency(index: &SearchIndex, count: usize) -> Result<()> {
    let set = corpus::query_set();
    let parsed: Vec<(String, UserQuery)> = set
        .iter()
        .map(|(text, _)| (text.to_string(), UserQuery::parse(text)))
        .collect();
    let now = corpus::NOW;
    // BENCH_SCOPE=staff: the newsroom's filters instead of the reader's.
    let staff_scope = std::env::var("BENCH_SCOPE").is_ok_and(|scope| scope == "staff");
    // BENCH_PROVINCE_WIDE=1: every query over all the sites at once, as
    // the province's search with its sub-portals.
    let sites = sites();
    let province_wide = std::env::var("BENCH_PROVINCE_WIDE").is_ok_and(|v| v == "1");
    let request = |i: usize| {
        let (_, kind) = set[i % set.len()];
        let query = &parsed[i % parsed.len()].1;
        SearchRequest {
            query,
            // The portal asks with no site filter when a province's search
            // covers every site of the installation, as here.
            site_ids: if province_wide {
                Vec::new()
            } else {
                vec![(i as i64 % sites) + 1]
            },
            scope: if staff_scope {
                Scope::Newsroom {
                    excluded_categories: vec![],
                    only_owner: None,
                }
            } else {
                Scope::Public { now }
            },
            category_id: (kind == corpus::Kind::Category).then_some(i as i64 % CATEGORIES + 1),
            from: (kind == corpus::Kind::Dated).then_some(now - 90 * 86_400),
            until: None,
            sort: if kind == corpus::Kind::Newest {
                Sort::Newest
            } else {
                Sort::Relevance
            },
            offset: if kind == corpus::Kind::SecondPage {
                10
            } else {
                0
            },
            limit: 10,
        }
    };
    // Warm the caches the way a running portal would be warm.
    for i in 0..set.len() * 2 {
        index.search(&request(i))?;
    }
    let mut latencies = Vec::with_capacity(count);
    let mut by_query: Vec<Vec<Duration>> = vec![Vec::new(); set.len()];
    let mut found = 0usize;
    for i in 0..count {
        let started = Instant::now();
        let results = index.search(&request(i))?;
        let took = started.elapsed();
        latencies.push(took);
        by_query[i % set.len()].push(took);
        found += results.hits.len();
    }
    if std::env::var_os("BENCH_BY_QUERY").is_some() {
        for ((text, kind), times) in set.iter().zip(&mut by_query) {
            times.sort_unstable();
            let median = times.get(times.len() / 2).copied().unwrap_or_default();
            println!(
                "  {:>8.2} ms  {text} ({kind:?})",
                median.as_secs_f64() * 1000.0
            );
        }
    }
    latencies.sort_unstable();
    let at = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "queries: {count} over {} kinds, {:.1} hits each on average",
        set.len(),
        found as f64 / count as f64
    );
    println!(
        "latency ms: p50 {:.2}  p95 {:.2}  p99 {:.2}  max {:.2}",
        ms(at(0.50)),
        ms(at(0.95)),
        ms(at(0.99)),
        ms(latencies[latencies.len() - 1])
    );
    println!(
        "goal: p95 under 20 ms -> ratio p95/goal {:.2}",
        ms(at(0.95)) / 20.0
    );
    Ok(())
}

/// Resident and peak memory of this process, from /proc.
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|line| line.starts_with(name))
            .map(|line| line[name.len()..].trim().to_string())
            .unwrap_or_else(|| "?".into())
    };
    format!("resident {} (peak {})", field("VmRSS:"), field("VmHWM:"))
}
