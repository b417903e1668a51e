//! A real `portal serve` process for end-to-end tests.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct Server {
    child: Child,
    pub address: String,
    /// Kept open: a server that prints more must not find the pipe closed.
    stdout: BufReader<std::process::ChildStdout>,
}

impl Server {
    pub fn start(data_dir: &std::path::Path, extra: &[&str]) -> Server {
        Self::start_with_env(data_dir, extra, &[])
    }

    /// Starts with these environment variables set for the server only.
    pub fn start_with_env(
        data_dir: &std::path::Path,
        extra: &[&str],
        env: &[(&str, &str)],
    ) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_portal"))
            .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
            .arg(data_dir)
            .args(extra)
            .envs(env.iter().copied())
            .env_remove("PORTAL_DATABASE_URL")
            .env_remove("PORTAL_LISTEN")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("portal starts");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        stdout.read_line(&mut line).expect("first line");
        let start = line.find("http://").expect("the portal prints its address") + 7;
        let address = line[start..]
            .split('/')
            .next()
            .expect("address")
            .to_string();
        Server {
            child,
            address,
            stdout,
        }
    }

    /// The next line the server printed.
    pub fn next_line(&mut self) -> String {
        let mut line = String::new();
        self.stdout.read_line(&mut line).expect("a line");
        line
    }

    /// The server process's id, to read its memory in /proc.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn get(&self, path: &str) -> (u16, String) {
        Client {
            address: self.address.clone(),
        }
        .get(path)
    }

    /// A client of this server's address, for another thread.
    pub fn client(address: &str) -> Client {
        Client {
            address: address.to_string(),
        }
    }
}

pub struct Client {
    pub address: String,
}

/// An answer read whole: status, header lines, body bytes.
pub struct Answer {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
}

impl Answer {
    /// The `name=value` a Set-Cookie of this answer gives `name`.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.head
            .lines()
            .filter_map(|l| {
                l.strip_prefix("set-cookie: ")
                    .or_else(|| l.strip_prefix("Set-Cookie: "))
            })
            .filter_map(|v| v.split(';').next())
            .find(|pair| pair.starts_with(&format!("{name}=")))
            .map(str::to_string)
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl Client {
    /// One request on its own connection, as a browser sends it from this
    /// site (`Origin` matches the host).
    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Answer {
        self.try_request(method, path, headers, body)
            .unwrap_or_else(|error| panic!("{method} {path}: {error}"))
    }

    /// The same, or what went wrong on the way (a server that was killed).
    pub fn try_request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> std::io::Result<Answer> {
        let mut stream = TcpStream::connect(&self.address)?;
        stream.set_read_timeout(Some(Duration::from_secs(120)))?;
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {0}\r\nOrigin: http://{0}\r\nConnection: close\r\n\
             User-Agent: Mozilla/5.0 test\r\nContent-Length: {1}\r\n",
            self.address,
            body.len()
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes())?;
        stream.write_all(body)?;
        let mut response = Vec::new();
        stream.read_to_end(&mut response)?;
        let split = response
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .ok_or_else(|| std::io::Error::other("the answer was cut off"))?;
        let head = String::from_utf8_lossy(&response[..split]).into_owned();
        let status = head
            .get(9..12)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other("no status line"))?;
        Ok(Answer {
            status,
            head,
            body: response[split + 4..].to_vec(),
        })
    }

    pub fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.address).expect("connects");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("timeout");
        write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nUser-Agent: Mozilla/5.0 test\r\n\r\n").expect("request");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("response");
        let status = response[9..12].parse().expect("status");
        (status, response)
    }
}

impl Server {
    /// `kill -9`: no chance to finish anything.
    pub fn kill_hard(mut self) {
        let _ = self.child.kill(); // SIGKILL on Unix
        let _ = self.child.wait();
    }

    /// Ctrl-C, and the exit status.
    pub fn interrupt(mut self) -> std::process::ExitStatus {
        Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        self.child.wait().expect("exits")
    }
}

/// The administrator `quantri`, made as the README makes the first one.
pub const ADMIN_PASSWORD: &str = "mật khẩu quản trị viên";

/// One `portal` command on `data_dir` (SQLite: any database address in
/// the environment is dropped), waited for.
pub fn portal(args: &[&str], data_dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_portal"))
        .args(args)
        .arg("--data-dir")
        .arg(data_dir)
        .env_remove("PORTAL_DATABASE_URL")
        .output()
        .expect("portal runs")
}

pub fn add_admin(data_dir: &Path) {
    add_user(data_dir, "quantri", "admin", ADMIN_PASSWORD);
}

/// `portal user add LOGIN --role ROLE --password-stdin`, as the README says.
pub fn add_user(data_dir: &Path, login: &str, role: &str, password: &str) {
    add_user_with(data_dir, &[], login, role, password);
}

/// The same with more arguments (`--database-url`).
pub fn add_user_with(data_dir: &Path, extra: &[&str], login: &str, role: &str, password: &str) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_portal"))
        .args([
            "user",
            "add",
            login,
            "--role",
            role,
            "--password-stdin",
            "--data-dir",
        ])
        .arg(data_dir)
        .args(extra)
        .env_remove("PORTAL_DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("portal runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(password.as_bytes())
        .expect("password");
    assert!(child.wait().expect("exits").success());
}

pub fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} in {html}"))
        + marker.len();
    html[start..start + html[start..].find('"').expect("quote")].to_string()
}

/// Logs in through the form; the session cookie and the page's CSRF token.
pub fn log_in(client: &Client) -> (String, String) {
    let form = client.request("GET", "/quan-tri/dang-nhap", &[], b"");
    let login_cookie = form.cookie("portal_login_csrf").expect("login cookie");
    let body = format!(
        "login=quantri&password={}&csrf={}",
        form_urlencoded::byte_serialize(ADMIN_PASSWORD.as_bytes()).collect::<String>(),
        hidden(&form.text(), "csrf")
    );
    let answer = client.request(
        "POST",
        "/quan-tri/dang-nhap",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Cookie", &login_cookie),
        ],
        body.as_bytes(),
    );
    assert_eq!(answer.status, 303, "{}", answer.text());
    let session = answer.cookie("portal_session").expect("session");
    let library = client.request("GET", "/quan-tri/thu-vien", &[("Cookie", &session)], b"");
    (session.clone(), hidden(&library.text(), "csrf"))
}

/// Uploads a picture to the library as a reporter does.
pub fn upload_picture(
    client: &Client,
    session: &str,
    csrf: &str,
    alt: &str,
    picture: &[u8],
) -> Answer {
    let mut form = Vec::new();
    for (field, value) in [("csrf", csrf), ("alt", alt), ("credit", "")] {
        form.extend_from_slice(
            format!("--b\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    form.extend_from_slice(
        b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"anh.jpg\"\r\n\r\n",
    );
    form.extend_from_slice(picture);
    form.extend_from_slice(b"\r\n--b--\r\n");
    client.request(
        "POST",
        "/quan-tri/thu-vien",
        &[
            ("Content-Type", "multipart/form-data; boundary=b"),
            ("Cookie", session),
        ],
        &form,
    )
}

/// Saves a new draft through the newsroom form, as a reporter does (an
/// error when the connection was cut, a killed server).
pub fn try_save_draft(
    client: &Client,
    session: &str,
    csrf: &str,
    title: &str,
    body: &str,
    category: &str,
) -> std::io::Result<Answer> {
    let encode = |text: &str| form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
    let form = format!(
        "csrf={csrf}&title={}&body={}&category_id={category}",
        encode(title),
        encode(body)
    );
    client.try_request(
        "POST",
        "/quan-tri/bai-viet",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Cookie", session),
        ],
        form.as_bytes(),
    )
}

/// The first section the article form offers, for saving drafts.
pub fn first_category(client: &Client, session: &str) -> String {
    client
        .request("GET", "/quan-tri/bai-viet/moi", &[("Cookie", session)], b"")
        .text()
        .split("name=\"category_id\"")
        .nth(1)
        .and_then(|rest| rest.split("<option value=\"").nth(1))
        .and_then(|rest| rest.split('"').next())
        .expect("a category")
        .to_string()
}

/// Prints a notice that `cargo test` shows even for a passing test: a skip
/// must never be silent.
pub fn notice(message: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr().lock(), "NOTICE: {message}");
}

fn find(candidates: &[&str]) -> Option<PathBuf> {
    candidates
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .or_else(|| {
            let name = Path::new(candidates[0]).file_name()?;
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|dir| dir.join(name))
                    .find(|p| p.exists())
            })
        })
}

pub struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Headless Chromium through chromedriver, or `None` (with a notice) where
/// they are not installed. With `PORTAL_TEST_BROWSER=1` a missing browser
/// fails the test instead.
pub async fn browser(window: &str) -> Option<(Driver, fantoccini::Client)> {
    let required = std::env::var("PORTAL_TEST_BROWSER").is_ok_and(|v| !v.is_empty() && v != "0");
    let (Some(driver_path), Some(chromium)) = (
        find(&["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]),
        find(&["/usr/bin/chromium", "/usr/bin/chromium-browser"]),
    ) else {
        assert!(
            !required,
            "PORTAL_TEST_BROWSER is set but chromium/chromedriver are not installed"
        );
        notice(
            "browser test skipped: no chromium + chromedriver; install Debian's chromium and chromium-driver to run it",
        );
        return None;
    };
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let driver = Driver(
        Command::new(&driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                     "--no-first-run", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", format!("--window-size={window}")],
        }),
    );
    let started = std::time::Instant::now();
    loop {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match fantoccini::ClientBuilder::new(connector)
            .capabilities(capabilities.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(client) => return Some((driver, client)),
            Err(_) if started.elapsed() < Duration::from_secs(20) => {
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            Err(error) => panic!("chromedriver did not answer: {error}"),
        }
    }
}

impl Drop for Server {
    /// A test that fails midway must not leave a portal running.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// With `PORTAL_TEST_SCREENSHOTS=DIR`, keeps a picture of the screen to
/// look at.
pub async fn keep_screenshot(client: &fantoccini::Client, name: &str) {
    if let Some(dir) = std::env::var_os("PORTAL_TEST_SCREENSHOTS")
        && let Ok(png) = client.screenshot().await
    {
        let _ = std::fs::write(Path::new(&dir).join(format!("{name}.png")), png);
    }
}

/// Waits for an element of the page just reached.
pub async fn wait_for(
    client: &fantoccini::Client,
    css: &str,
) -> Result<fantoccini::elements::Element, fantoccini::error::CmdError> {
    client
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(fantoccini::Locator::Css(css))
        .await
}

/// Logs in through the browser and waits for the desk: a page asked for
/// before it shows would race the login's own redirect.
pub async fn browser_log_in(
    client: &fantoccini::Client,
    base: &str,
    login: &str,
    password: &str,
) -> Result<(), fantoccini::error::CmdError> {
    use fantoccini::Locator;
    client.goto(&format!("{base}/quan-tri")).await?;
    wait_for(client, "input[name=login]")
        .await?
        .send_keys(login)
        .await?;
    client
        .find(Locator::Css("input[name=password]"))
        .await?
        .send_keys(password)
        .await?;
    client
        .find(Locator::Css("form button[type=submit]"))
        .await?
        .click()
        .await?;
    wait_for(client, ".desk-grid").await.map(|_| ())
}
