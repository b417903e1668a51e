//! `portal import capture`, run as a user runs it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod support;

use portal_core::{Article, BodyBlock};
use portal_store::{ConnectOptions, Store};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/captures")
        .join(name)
}

fn import(data_dir: &Path, files: &[PathBuf]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_portal"))
        .args(["import", "capture", "--data-dir"])
        .arg(data_dir)
        .args(files)
        .env_remove("PORTAL_DATABASE_URL")
        .output()
        .expect("portal runs")
}

/// `(id, path)` of every `imported <id> <path>` line.
fn imported(output: &Output) -> Vec<(i64, String)> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| {
            let mut parts = line.split(' ');
            assert_eq!(parts.next(), Some("imported"), "{line}");
            let id = parts.next().and_then(|id| id.parse().ok()).expect("id");
            let path = parts.next().expect("path").to_string();
            assert!(
                path.starts_with('/') && path.ends_with(&format!("-{id}")),
                "{path}"
            );
            (id, path)
        })
        .collect()
}

async fn open(data_dir: &Path) -> Store {
    let url = format!("sqlite://{}?mode=rwc", data_dir.join("portal.db").display());
    Store::open(&url, ConnectOptions::default())
        .await
        .expect("database")
}

async fn article(store: &Store, id: i64) -> Article {
    let site = store.default_site().await.expect("query").expect("site");
    store
        .article(site.id, id)
        .await
        .expect("query")
        .expect("article")
}

async fn count(store: &Store) -> i64 {
    let site = store.default_site().await.expect("query").expect("site");
    let (_, total) = store
        .public_articles(
            site.id,
            Default::default(),
            portal_core::PageRequest::first(1),
            i64::MAX,
        )
        .await
        .expect("query");
    total
}

fn captions(article: &Article) -> Vec<String> {
    article
        .body
        .blocks()
        .iter()
        .filter_map(|b| match b {
            BodyBlock::Figure(f) => {
                assert_eq!(f.media_id, None, "the capture lost its images");
                Some(f.caption.plain_text())
            }
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn variants_land_in_their_fields() {
    let dir = tempfile::tempdir().expect("temp dir");
    let names = [
        "several_captions.txt",
        "lead_spanning_lines.txt",
        "nbsp_everywhere.txt",
        "no_trailing_newline.txt",
        "no_byline.txt",
    ];
    let output = import(dir.path(), &names.map(fixture));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let ids: Vec<i64> = imported(&output).into_iter().map(|(id, _)| id).collect();
    assert_eq!(ids.len(), 5);
    let store = open(dir.path()).await;

    let several = article(&store, ids[0]).await;
    assert_eq!(several.title, "Phường Sông Cầu ra quân làm sạch bờ sông");
    assert_eq!(
        portal_core::time::format_date(several.publish_at.expect("date")),
        "14/03/2024"
    );
    assert_eq!(
        captions(&several),
        [
            "Toàn cảnh buổi ra quân",
            "Đoàn viên thu gom rác thải ven bờ",
            "Lãnh đạo phường trao dụng cụ cho các chi đoàn (Ảnh: Đức Anh)"
        ]
    );
    assert_eq!(several.byline, "Đức Anh");
    assert!(several.is_public(portal_core::time::now()));
    assert_eq!(several.categories[0].name, "Tin hoạt động");

    let spanning = article(&store, ids[1]).await;
    assert_eq!(
        spanning.lead,
        "Điểm bưu điện văn hóa xã Quang Thuận được nâng cấp, trang bị máy tính kết nối mạng phục vụ người dân tra cứu thông tin."
    );

    let nbsp = article(&store, ids[2]).await;
    assert_eq!(
        nbsp.title,
        "Trường tiểu học Nà Phặc đón nhận bằng công nhận chuẩn quốc gia"
    );
    assert_eq!(nbsp.byline, "Hoàng Linh");
    assert_eq!(captions(&nbsp), ["Lễ đón nhận bằng công nhận"]);
    assert!(!format!("{} {} {}", nbsp.title, nbsp.lead, nbsp.body.to_json()).contains('\u{a0}'));

    let unterminated = article(&store, ids[3]).await;
    assert_eq!(unterminated.byline, "Ngọc Mai");

    let no_byline = article(&store, ids[4]).await;
    assert_eq!(no_byline.byline, "");
    assert!(matches!(
        no_byline.body.blocks().last(),
        Some(BodyBlock::Paragraph { .. })
    ));
}

#[tokio::test]
async fn importing_twice_updates_the_same_article() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = fixture("several_captions.txt");
    let first = imported(&import(dir.path(), std::slice::from_ref(&file)));
    let again = import(dir.path(), std::slice::from_ref(&file));
    assert!(again.status.success());
    assert_eq!(imported(&again), first);
    assert!(String::from_utf8_lossy(&again.stderr).contains("0 new, 1 updated, 0 failed"));
    let store = open(dir.path()).await;
    assert_eq!(count(&store).await, 1);
    assert_eq!(article(&store, first[0].0).await.revision, 2);
}

#[tokio::test]
async fn a_bad_file_is_named_and_the_others_still_land() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("khong-co.txt");
    let output = import(
        dir.path(),
        &[
            fixture("not_a_capture.txt"),
            fixture("no_byline.txt"),
            fixture("bad_date.txt"),
            missing,
        ],
    );
    assert_eq!(output.status.code(), Some(1), "the exit code tells");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("not_a_capture.txt:1: not a page capture"),
        "{stderr}"
    );
    assert!(
        stderr.contains("bad_date.txt:3: expected the publication date as dd/mm/yyyy"),
        "{stderr}"
    );
    assert!(
        stderr.contains("khong-co.txt: cannot read the file"),
        "{stderr}"
    );
    assert!(stderr.contains("1 new, 0 updated, 3 failed"), "{stderr}");
    assert_eq!(imported(&output).len(), 1);
    assert_eq!(
        count(&open(dir.path()).await).await,
        1,
        "nothing of the bad files was written"
    );
}

#[tokio::test]
async fn the_reference_capture_lands_in_its_fields() {
    let reference = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/seeds/000_2cc0a782e4e3f92f.txt");
    if !reference.exists() {
        println!(
            "NOTICE: skipped: the reference capture {} is absent",
            reference.display()
        );
        return;
    }
    // Expectations come from the file itself, read line by line.
    let text = std::fs::read_to_string(&reference).expect("readable");
    let lines: Vec<String> = text
        .lines()
        .map(portal_core::text::normalize_inline)
        .collect();
    let date = &lines[2];
    let title = &lines[4];
    let byline = lines
        .iter()
        .rev()
        .find(|l| !l.is_empty())
        .expect("last line");

    let dir = tempfile::tempdir().expect("temp dir");
    let output = import(dir.path(), std::slice::from_ref(&reference));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (id, path) = imported(&output).remove(0);
    assert!(path.starts_with("/tin-hoat-dong/"));
    let store = open(dir.path()).await;
    let article = article(&store, id).await;
    assert_eq!(
        &portal_core::time::format_date(article.publish_at.expect("date")),
        date
    );
    assert_eq!(&article.title, title);
    assert_eq!(article.lead, lines[5]);
    assert_eq!(&article.byline, byline);
    let figures = captions(&article);
    assert_eq!(figures.len(), 2, "two captions whose images were lost");
    assert!(figures.iter().all(|c| lines.contains(c)));
    let paragraphs = article
        .body
        .blocks()
        .iter()
        .filter(|b| matches!(b, BodyBlock::Paragraph { .. }))
        .count();
    assert_eq!(paragraphs, 8);
    assert!(article.body.plain_text().ends_with("…/."));
    assert!(!article.body.to_json().contains('\u{a0}'));
}
