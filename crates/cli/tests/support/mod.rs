//! A real `portal serve` process for end-to-end tests.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct Server {
    child: Child,
    pub address: String,
}

impl Server {
    pub fn start(data_dir: &std::path::Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_portal"))
            .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
            .arg(data_dir)
            .args(extra)
            .env_remove("PORTAL_DATABASE_URL")
            .env_remove("PORTAL_LISTEN")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("portal starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("first line");
        let start = line.find("http://").expect("the portal prints its address") + 7;
        let address = line[start..]
            .split('/')
            .next()
            .expect("address")
            .to_string();
        Server { child, address }
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

    /// Ctrl-C, and the exit status.
    pub fn interrupt(mut self) -> std::process::ExitStatus {
        Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        self.child.wait().expect("exits")
    }
}

/// Prints a notice that `cargo test` shows even for a passing test: a skip
/// must never be silent.
pub fn notice(message: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr().lock(), "NOTICE: {message}");
}
