//! Change to visible. Starts `portal serve` nodes with pages kept for ten
//! minutes (only the change feed can make them fresh), then, 100 times,
//! retitles an article from this process (another process, another node:
//! it has its own connection to the database) and asks each node's kept
//! article page until it shows the new title. Prints p50 / p95 / max per
//! node.
//!
//!   portal-bench-feed --portal target/release/portal                 # SQLite, one node
//!   portal-bench-feed --portal target/release/portal --database-url postgres://… --nodes 2

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use portal_core::ArticleId;
use portal_store::{ConnectOptions, Store};

struct Options {
    portal: String,
    database_url: Option<String>,
    nodes: usize,
    changes: usize,
}

fn options() -> Result<Options> {
    let mut options = Options {
        portal: "target/release/portal".into(),
        database_url: None,
        nodes: 1,
        changes: 100,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--portal" => options.portal = value,
            "--database-url" => options.database_url = Some(value),
            "--nodes" => options.nodes = value.parse()?,
            "--changes" => options.changes = value.parse()?,
            other => bail!("unknown flag {other}"),
        }
    }
    Ok(options)
}

struct Node {
    child: Child,
    address: String,
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(options: &Options, data_dir: &std::path::Path, demo: bool) -> Result<Node> {
    let mut command = Command::new(&options.portal);
    command
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--page-fresh-secs",
            "600",
        ])
        .arg("--data-dir")
        .arg(data_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if demo {
        command.arg("--demo");
    }
    if let Some(url) = &options.database_url {
        command.args(["--database-url", url]);
    }
    let mut child = command.spawn().context("portal starts")?;
    let mut line = String::new();
    BufReader::new(child.stdout.take().context("stdout")?).read_line(&mut line)?;
    let start = line
        .find("http://")
        .context("the portal prints its address")?
        + 7;
    let address = line[start..]
        .split('/')
        .next()
        .context("address")?
        .to_string();
    Ok(Node { child, address })
}

fn get(address: &str, path: &str) -> Result<String> {
    let mut stream = TcpStream::connect(address)?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    Ok(answer)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at.min(sorted.len() - 1)]
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    let options = options()?;
    let dirs: Vec<tempfile::TempDir> = (0..options.nodes)
        .map(|_| tempfile::tempdir())
        .collect::<std::io::Result<_>>()?;
    let first = start(&options, dirs[0].path(), true)?;
    let mut nodes = vec![first];
    for dir in &dirs[1..] {
        nodes.push(start(&options, dir.path(), false)?);
    }
    let url = match &options.database_url {
        Some(url) => url.clone(),
        None => format!("sqlite://{}", dirs[0].path().join("portal.db").display()),
    };
    let store = Store::open(&url, ConnectOptions::default()).await?;
    let site = store.default_site().await?.context("no site")?;
    // The editor whose saves these are (no one logs in with it).
    let editor = store
        .create_user(
            "do-do-tre",
            "",
            "!",
            portal_core::workflow::Role::Editor,
            site.id,
            portal_core::time::now(),
        )
        .await?;
    let id = 1;
    let mut latencies = vec![Vec::new(); nodes.len()];
    let mut jitter = 0x9e37_79b9_u32;
    for round in 0..options.changes {
        // Changes come at any moment, not in step with the followers' polls.
        jitter ^= jitter << 13;
        jitter ^= jitter >> 17;
        jitter ^= jitter << 5;
        tokio::time::sleep(Duration::from_millis(u64::from(jitter % 250))).await;
        let article = store
            .article(site.id, ArticleId(id))
            .await?
            .context("no article 1")?;
        let path = article.path();
        // Every node keeps the page as it is now.
        for node in &nodes {
            get(&node.address, &path)?;
        }
        let title = format!("Đo độ trễ lần {round}");
        let snapshot = portal_core::ArticleContent {
            title: title.clone(),
            ..article.content.clone()
        };
        // The slug stays: the page is asked at the same address.
        store
            .save_content(
                ArticleId(id),
                article.revision,
                &snapshot,
                &article.slug,
                editor,
                portal_core::time::now(),
            )
            .await?;
        let saved = Instant::now();
        // Every node asked in turn until each shows it.
        let mut waiting: Vec<usize> = (0..nodes.len()).collect();
        while !waiting.is_empty() {
            let mut still = Vec::new();
            for n in waiting {
                if get(&nodes[n].address, &path)?.contains(&title) {
                    latencies[n].push(saved.elapsed());
                } else {
                    still.push(n);
                }
            }
            waiting = still;
            if saved.elapsed() > Duration::from_secs(30) {
                bail!("nodes {waiting:?} never showed the change");
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }
    for (n, seen) in latencies.iter_mut().enumerate() {
        seen.sort();
        println!(
            "node {n}: {} changes, change to visible p50 {:.0} ms, p95 {:.0} ms, max {:.0} ms",
            seen.len(),
            percentile(seen, 0.5).as_secs_f64() * 1000.0,
            percentile(seen, 0.95).as_secs_f64() * 1000.0,
            seen.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0),
        );
    }
    Ok(())
}
