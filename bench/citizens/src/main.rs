//! Citizens' forms under load, and the statistics block's cost.
//!
//! ```sh
//! portal-bench-citizens submit --portal target/release/portal [--citizens 200] [--seconds 60] [--pause-ms 0]
//! portal-bench-citizens block [--requests 200000]
//! ```
//!
//! `submit` starts the portal (SQLite, demo content, limits raised so that
//! the limits are not what is measured) and lets N citizens, each from an
//! address of their own, open the question form, work out its sum and
//! send it, over and over, all at once, for the time given (each waiting
//! `--pause-ms` between two questions: 0 is as fast as the server takes
//! them, a load no province sees; 1000 is every citizen asking every
//! second). It prints the
//! sending's latencies (p50, p99, max), and checks that every question
//! answered with a tracking code is in the database, and nothing else.
//!
//! `block` serves the demo's home page from the page cache in this process,
//! side by side: with the statistics block and without, each answer for a
//! reader counted as a visit, and for a robot (not counted). The ratio is
//! the block's and the counting's cost on a kept page.

use std::collections::HashSet;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use tokio::sync::Mutex;

const READER: &str = "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36";
const WORDS: [&str; 9] = [
    "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

fn option(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|at| args.get(at + 1).cloned())
}

#[tokio::main]
async fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("submit") => {
            let portal =
                option(&args, "--portal").unwrap_or_else(|| "target/release/portal".into());
            let citizens: usize = option(&args, "--citizens").map_or(Ok(200), |v| v.parse())?;
            let seconds: u64 = option(&args, "--seconds").map_or(Ok(60), |v| v.parse())?;
            let pause: u64 = option(&args, "--pause-ms").map_or(Ok(0), |v| v.parse())?;
            submit(
                &portal,
                citizens,
                Duration::from_secs(seconds),
                Duration::from_millis(pause),
            )
            .await
        }
        Some("block") => {
            let requests: usize = option(&args, "--requests").map_or(Ok(200_000), |v| v.parse())?;
            block(requests).await
        }
        _ => bail!("usage: portal-bench-citizens submit|block [options]"),
    }
}

struct Portal(Child);

impl Drop for Portal {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

type HttpClient = Client<HttpConnector, Full<Bytes>>;

struct Answer {
    status: u16,
    cookie: Option<String>,
    body: String,
}

async fn send(client: &HttpClient, request: Request<Full<Bytes>>) -> Result<Answer> {
    let response = client.request(request).await?;
    let status = response.status().as_u16();
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .find(|pair| pair.starts_with("portal_login_csrf="))
        .map(str::to_string);
    let body = response.into_body().collect().await?.to_bytes();
    Ok(Answer {
        status,
        cookie,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

fn hidden(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    Some(html[start..start + html[start..].find('"')?].to_string())
}

fn sum(html: &str) -> Option<usize> {
    let at = html.find(" cộng ")?;
    let before = html[..at].rsplit(' ').next()?;
    let after = html[at + " cộng ".len()..].split(' ').next()?;
    let number = |w: &str| WORDS.iter().position(|x| *x == w).map(|i| i + 1);
    Some(number(before)? + number(after)?)
}

/// One citizen: open the form, send it; the sending's latency and the
/// code given, if one was.
async fn ask_once(
    client: &HttpClient,
    base: &str,
    address: &str,
    n: usize,
) -> Result<(Duration, Option<String>)> {
    let form = send(
        client,
        Request::get(format!("{base}/hoi-dap/dat-cau-hoi"))
            .header("user-agent", READER)
            .header("x-forwarded-for", address)
            .body(Full::default())?,
    )
    .await?;
    let (Some(cookie), Some(csrf), Some(token), Some(answer)) = (
        form.cookie,
        hidden(&form.body, "csrf"),
        hidden(&form.body, "challenge_token"),
        sum(&form.body),
    ) else {
        bail!("the form page was not a form ({})", form.status);
    };
    let boundary = "----bench";
    let fields = [
        ("csrf", csrf.as_str()),
        ("challenge_token", token.as_str()),
        ("challenge_answer", &answer.to_string()),
        ("website", ""),
        ("name", "Nguyễn Văn Thử"),
        ("email", "nguoidan@example.vn"),
        ("address", "Thôn 1, xã Na Rì"),
        ("title", &format!("Câu hỏi thử tải số {n} từ {address}")),
        ("body", "Xin hỏi thủ tục cấp đổi giấy chứng nhận quyền sử dụng đất cần những giấy tờ gì và nộp ở đâu?"),
    ]
    .iter()
    .map(|(k, v)| format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"))
    .chain([format!("--{boundary}--\r\n")])
    .collect::<String>();
    let started = Instant::now();
    let sent = send(
        client,
        Request::post(format!("{base}/hoi-dap/dat-cau-hoi"))
            .header("user-agent", READER)
            .header("x-forwarded-for", address)
            .header("cookie", cookie)
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Full::new(Bytes::from(fields)))?,
    )
    .await?;
    let took = started.elapsed();
    let code = sent
        .body
        .find("<strong>HD-")
        .map(|at| sent.body[at + 8..at + 8 + 11].to_string())
        .filter(|_| sent.status == 200);
    Ok((took, code))
}

async fn submit(portal: &str, citizens: usize, duration: Duration, pause: Duration) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let child = Command::new(portal)
        .args([
            "serve",
            "--demo",
            "--data-dir",
            &dir.path().to_string_lossy(),
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--trust-forwarded-for",
            "--forms-per-hour",
            "1000000",
            "--site-forms-per-minute",
            "1000000",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| format!("cannot start {portal}; build it with cargo build --release"))?;
    let _portal = Portal(child);
    let base = format!("http://127.0.0.1:{port}");
    let client: HttpClient = Client::builder(TokioExecutor::new()).build_http();
    let started = Instant::now();
    loop {
        let ready = Request::get(format!("{base}/healthz")).body(Full::default())?;
        if client.request(ready).await.is_ok() {
            break;
        }
        if started.elapsed() > Duration::from_secs(60) {
            bail!("the portal did not start");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let store = portal_store::Store::open(
        &format!("sqlite://{}", dir.path().join("portal.db").display()),
        portal_store::ConnectOptions::default(),
    )
    .await?;
    let site = portal_services::sites::site_or_default(&store, None).await?;
    let (_, before) = store
        .question_queue(site.id, &Default::default(), 1, 0)
        .await?;
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let codes = Arc::new(Mutex::new(Vec::new()));
    let failures = Arc::new(Mutex::new(0_usize));
    let until = Instant::now() + duration;
    let mut tasks = Vec::new();
    for citizen in 0..citizens {
        let (client, base) = (client.clone(), base.clone());
        let (latencies, codes, failures) = (latencies.clone(), codes.clone(), failures.clone());
        tasks.push(tokio::spawn(async move {
            let address = format!(
                "10.{}.{}.{}",
                citizen / 65_536,
                (citizen / 256) % 256,
                citizen % 256
            );
            let mut n = 0;
            while Instant::now() < until {
                n += 1;
                match ask_once(&client, &base, &address, n).await {
                    Ok((took, Some(code))) => {
                        latencies.lock().await.push(took);
                        codes.lock().await.push(code);
                    }
                    Ok((_, None)) | Err(_) => *failures.lock().await += 1,
                }
                if !pause.is_zero() {
                    tokio::time::sleep(pause).await;
                }
            }
        }));
    }
    for task in tasks {
        task.await?;
    }
    let elapsed = duration.as_secs_f64();
    let mut latencies = latencies.lock().await.clone();
    latencies.sort_unstable();
    let codes = codes.lock().await.clone();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    // Every code given is in the database, once; nothing else was stored.
    let (_, stored) = store
        .question_queue(site.id, &Default::default(), 1, 0)
        .await?;
    let given: HashSet<&String> = codes.iter().collect();
    let mut found = 0;
    for code in &given {
        if store.question_by_code(site.id, code).await?.is_some() {
            found += 1;
        }
    }
    println!(
        "citizens {citizens}, {elapsed:.0} s: {} questions sent ({:.0}/s), {} refused or failed",
        latencies.len(),
        latencies.len() as f64 / elapsed,
        failures.lock().await
    );
    println!(
        "sending: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        at(0.50).as_secs_f64() * 1000.0,
        at(0.99).as_secs_f64() * 1000.0,
        latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    );
    println!(
        "stored {} of {} codes given (distinct {}), {} new in the queue",
        found,
        codes.len(),
        given.len(),
        stored - before
    );
    if found != given.len()
        || given.len() != codes.len()
        || (stored - before) as usize != codes.len()
    {
        bail!("questions lost or doubled");
    }
    Ok(())
}

async fn block(requests: usize) -> Result<()> {
    use axum::body::Body;
    use tower::ServiceExt;
    let mut results = Vec::new();
    for with_block in [true, false] {
        let dir = tempfile::tempdir()?;
        let store = portal_store::testing::test_store(dir.path()).await;
        portal_services::sites::site_or_default(&store, None).await?;
        let media = portal_services::media::MediaFolder::local(dir.path().join("media"))?;
        portal_services::demo::seed_demo(&store, &media, portal_core::time::now()).await?;
        portal_web::ensure_default_placements(&store).await?;
        if !with_block {
            let site = portal_services::sites::site_or_default(&store, None).await?;
            let placements: Vec<_> = store
                .placements(site.id, portal_core::Layout::Home)
                .await?
                .into_iter()
                .filter(|p| p.block_type != "statistics.visits")
                .collect();
            store
                .replace_placements(site.id, portal_core::Layout::Home, &placements)
                .await?;
        }
        let (views, _) =
            portal_services::views::ViewCounter::start(store.clone(), Duration::from_secs(2))
                .await?;
        let (wake, _) = portal_services::changes::Wake::start(&store);
        let (search, _) = portal_services::search::Search::in_memory(store.clone(), wake.clone())?;
        let state = Arc::new(portal_web::AppState::new(
            store,
            media,
            views,
            search,
            wake,
            portal_web::WebConfig::default(),
        ));
        let app = portal_web::app(state);
        for agent in [READER, "Mozilla/5.0 (compatible; Googlebot/2.1)"] {
            let ask = || {
                axum::http::Request::get("/")
                    .header("host", "localhost")
                    .header("user-agent", agent)
                    .header("x-forwarded-for", "203.0.113.1")
                    .body(Body::empty())
            };
            // Rendered once; then every answer is the kept page.
            let first = app.clone().oneshot(ask()?).await?;
            let has_block = String::from_utf8_lossy(&first.into_body().collect().await?.to_bytes())
                .contains("visits-block");
            let started = Instant::now();
            for _ in 0..requests {
                let answer = app.clone().oneshot(ask()?).await?;
                let _ = answer.into_body().collect().await?;
            }
            let took = started.elapsed();
            results.push((with_block, has_block, agent == READER, took));
        }
    }
    let base = results[3].3.as_secs_f64();
    println!("{requests} answers of the kept home page each:");
    for (with_block, has_block, counted, took) in &results {
        println!(
            "  block {:<5} (on the page: {:<5}) reader counted {:<5} {:>8.3} s  {:>7.2} µs/answer  ratio {:.3}",
            with_block,
            has_block,
            counted,
            took.as_secs_f64(),
            took.as_secs_f64() * 1e6 / requests as f64,
            took.as_secs_f64() / base
        );
    }
    Ok(())
}
