//! Limits under abuse, on a real `portal serve` process: picture bombs
//! uploaded in parallel with the server's memory read from /proc, clients
//! that never finish their headers, and one address opening too many
//! connections.

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use support::{Client, Server, add_admin, log_in};

/// A real PNG of `side` × `side` grey pixels: about a hundred kilobytes that
/// decode to `side² × 3` bytes.
fn png_bomb(side: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFF_u32;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut typed = kind.to_vec();
        typed.extend_from_slice(data);
        out.extend_from_slice(&typed);
        out.extend_from_slice(&crc32(&typed).to_be_bytes());
    }
    let mut header = Vec::new();
    header.extend_from_slice(&side.to_be_bytes());
    header.extend_from_slice(&side.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let row = vec![128_u8; side as usize * 3 + 1];
    let mut row = row;
    row[0] = 0; // no filter
    for _ in 0..side {
        encoder.write_all(&row).expect("deflate");
    }
    let pixels = encoder.finish().expect("deflate");
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &header);
    chunk(&mut png, b"IDAT", &pixels);
    chunk(&mut png, b"IEND", &[]);
    png
}

fn upload(client: &Client, session: &str, csrf: &str, png: &[u8]) -> support::Answer {
    let boundary = "----portal-limits";
    let mut body = Vec::new();
    for (field, value) in [("csrf", csrf), ("alt", "Ảnh thử"), ("credit", "")] {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bom.png\"\r\nContent-Type: image/png\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(png);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    client.request(
        "POST",
        "/quan-tri/thu-vien",
        &[
            (
                "Content-Type",
                &format!("multipart/form-data; boundary={boundary}"),
            ),
            ("Cookie", session),
        ],
        &body,
    )
}

/// The largest resident size the process has had, in MiB.
fn peak_mib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("proc status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .expect("VmHWM")
        / 1024
}

#[test]
fn sixteen_picture_bombs_at_once_stay_within_the_decoding_budget() {
    let dir = tempfile::tempdir().expect("temp dir");
    add_admin(dir.path());
    let server = Server::start(dir.path(), &[]);
    let client = Server::client(&server.address);
    let (session, csrf) = log_in(&client);
    let png = std::sync::Arc::new(png_bomb(6300));
    assert!(png.len() < 200_000, "{} bytes", png.len());
    let before = peak_mib(server.pid());
    let uploads: Vec<_> = (0..16)
        .map(|_| {
            let (address, session, csrf, png) = (
                server.address.clone(),
                session.clone(),
                csrf.clone(),
                png.clone(),
            );
            std::thread::spawn(move || upload(&Server::client(&address), &session, &csrf, &png))
        })
        .collect();
    let answers: Vec<_> = uploads
        .into_iter()
        .map(|u| u.join().expect("upload"))
        .collect();
    let peak = peak_mib(server.pid());
    eprintln!("NOTICE: 16 parallel 6300×6300 uploads: peak {peak} MiB (from {before} MiB)");
    let stored = answers.iter().filter(|a| a.status == 303).count();
    for answer in &answers {
        assert!(
            answer.status == 303
                || (answer.status == 503 && answer.text().contains("Máy chủ đang xử lý nhiều ảnh")),
            "{} {}",
            answer.status,
            answer.text()
        );
    }
    assert!(stored > 0, "at least one picture is stored");
    assert!(peak < 600, "peak {peak} MiB with 16 parallel picture bombs");
}

#[test]
fn clients_that_never_finish_their_headers_are_closed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(dir.path(), &["--header-timeout-secs", "1"]);
    let mut slow: Vec<TcpStream> = (0..20)
        .map(|_| {
            let mut stream = TcpStream::connect(&server.address).expect("connects");
            stream
                .write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
                .expect("half a header");
            stream
                .set_read_timeout(Some(Duration::from_secs(10)))
                .expect("timeout");
            stream
        })
        .collect();
    for stream in &mut slow {
        let mut buffer = Vec::new();
        // Closed by the server (with a 408 or without a word): the read
        // ends, rather than running into its own 10 s limit.
        let ended = stream.read_to_end(&mut buffer);
        assert!(
            ended.is_ok(),
            "a half-sent request was held open: {ended:?}"
        );
    }
    assert_eq!(server.get("/healthz").0, 200, "readers still get in");
}

#[test]
fn one_address_cannot_hold_more_connections_than_its_share() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(dir.path(), &["--max-connections-per-address", "8"]);
    let held: Vec<TcpStream> = (0..8)
        .map(|_| TcpStream::connect(&server.address).expect("connects"))
        .collect();
    // Let the server take them in before the ninth arrives.
    std::thread::sleep(Duration::from_millis(300));
    let mut ninth = TcpStream::connect(&server.address).expect("connects");
    ninth
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let _ = ninth.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
    let mut answer = Vec::new();
    let _ = ninth.read_to_end(&mut answer);
    assert!(
        answer.is_empty(),
        "the ninth connection is closed unanswered"
    );
    drop(held);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(server.get("/healthz").0, 200, "room again once they close");
}
