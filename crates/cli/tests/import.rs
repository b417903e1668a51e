//! `portal import capture`, run as a user runs it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod support;

use portal_core::{Article, ArticleId, BodyBlock};
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

/// `(outcome, id, path)` of every line `… / <outcome> <id> <path>[: why]`.
fn outcomes(output: &Output) -> Vec<(String, i64, String)> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| {
            let english = line.split_once(" / ").expect("Vietnamese / English").1;
            let mut parts = english.split(' ');
            let outcome = parts.next().expect("outcome").to_string();
            let id = parts.next().and_then(|id| id.parse().ok()).expect("id");
            let path = parts
                .next()
                .expect("path")
                .trim_end_matches(':')
                .to_string();
            assert!(
                path.starts_with('/') && path.ends_with(&format!("-{id}")),
                "{path}"
            );
            (outcome, id, path)
        })
        .collect()
}

/// `(id, path)` of every article the import names.
fn imported(output: &Output) -> Vec<(i64, String)> {
    outcomes(output)
        .into_iter()
        .map(|(_, id, path)| (id, path))
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
        .article(site.id, ArticleId(id))
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
        .content
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
    assert_eq!(
        several.content.title,
        "Phường Sông Cầu ra quân làm sạch bờ sông"
    );
    assert_eq!(
        portal_core::time::format_date(several.content.publish_at.expect("date")),
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
    assert_eq!(several.content.byline, "Đức Anh");
    assert!(several.is_public(portal_core::time::now()));
    assert_eq!(several.categories[0].name, "Tin hoạt động");

    let spanning = article(&store, ids[1]).await;
    assert_eq!(
        spanning.content.lead,
        "Điểm bưu điện văn hóa xã Quang Thuận được nâng cấp, trang bị máy tính kết nối mạng phục vụ người dân tra cứu thông tin."
    );

    let nbsp = article(&store, ids[2]).await;
    assert_eq!(
        nbsp.content.title,
        "Trường tiểu học Nà Phặc đón nhận bằng công nhận chuẩn quốc gia"
    );
    assert_eq!(nbsp.content.byline, "Hoàng Linh");
    assert_eq!(captions(&nbsp), ["Lễ đón nhận bằng công nhận"]);
    assert!(
        !format!(
            "{} {} {}",
            nbsp.content.title,
            nbsp.content.lead,
            nbsp.content.body.to_json()
        )
        .contains('\u{a0}')
    );

    let unterminated = article(&store, ids[3]).await;
    assert_eq!(unterminated.content.byline, "Ngọc Mai");

    let no_byline = article(&store, ids[4]).await;
    assert_eq!(no_byline.content.byline, "");
    assert!(matches!(
        no_byline.content.body.blocks().last(),
        Some(BodyBlock::Paragraph { .. })
    ));
}

#[tokio::test]
async fn importing_twice_finds_the_same_article_unchanged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = fixture("several_captions.txt");
    let first = imported(&import(dir.path(), std::slice::from_ref(&file)));
    let again = import(dir.path(), std::slice::from_ref(&file));
    assert!(again.status.success());
    assert_eq!(imported(&again), first);
    assert_eq!(outcomes(&again)[0].0, "unchanged");
    assert!(String::from_utf8_lossy(&again.stderr).contains("1 không đổi / unchanged"));
    let store = open(dir.path()).await;
    assert_eq!(count(&store).await, 1);
    assert_eq!(article(&store, first[0].0).await.revision, 1);
}

/// A copy of a fixture with `from` replaced by `to`, in `dir`.
fn variant(dir: &Path, name: &str, from: &str, to: &str) -> PathBuf {
    let text = std::fs::read_to_string(fixture("several_captions.txt")).expect("fixture");
    assert!(text.contains(from));
    let path = dir.join(name);
    std::fs::write(&path, text.replace(from, to)).expect("write");
    path
}

#[tokio::test]
async fn two_captures_of_one_day_under_one_title_are_two_articles() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files = [
        variant(dir.path(), "sang.txt", "gần 5 tấn", "gần 5 tấn"),
        variant(dir.path(), "chieu.txt", "gần 5 tấn", "gần 7 tấn"),
    ];
    let output = import(dir.path(), &files);
    assert!(output.status.success());
    let made = imported(&output);
    assert_eq!(made.len(), 2);
    assert_ne!(made[0].0, made[1].0, "two articles");
    assert_eq!(count(&open(dir.path()).await).await, 2);
}

#[tokio::test]
async fn a_reimport_keeps_what_editors_did_and_is_in_the_audit_log() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = fixture("several_captions.txt");
    let (id, _) = imported(&import(dir.path(), std::slice::from_ref(&file)))[0].clone();
    // Imported into another section: brought up to date, as a revision.
    let moved = Command::new(env!("CARGO_BIN_EXE_portal"))
        .args(["import", "capture", "--category", "Kinh tế", "--data-dir"])
        .arg(dir.path())
        .arg(&file)
        .env_remove("PORTAL_DATABASE_URL")
        .output()
        .expect("portal runs");
    assert_eq!(outcomes(&moved)[0].0, "updated");
    let store = open(dir.path()).await;
    assert_eq!(article(&store, id).await.revision, 2);
    assert_eq!(
        store
            .revisions(ArticleId(id))
            .await
            .expect("revisions")
            .len(),
        2
    );
    let logged: Vec<String> = store
        .audit_events(&portal_store::AuditFilter {
            limit: 10,
            ..Default::default()
        })
        .await
        .expect("audit")
        .into_iter()
        .map(|e| format!("{} {}", e.action, e.target))
        .collect();
    assert!(
        logged.contains(&format!("import article:{id}")),
        "{logged:?}"
    );
    assert!(
        logged.contains(&format!("reimport article:{id}")),
        "{logged:?}"
    );

    // An editor corrects the title; the capture imported again leaves it.
    let editor = store
        .create_user(
            "bientap",
            "",
            "!",
            portal_core::workflow::Role::Editor,
            edited_site(&store).await,
            1,
        )
        .await
        .expect("user");
    let edited = article(&store, id).await;
    let mut snapshot = portal_core::ArticleContent {
        title: "Tiêu đề biên tập viên đã sửa".into(),
        ..edited.content.clone()
    };
    store
        .save_content(ArticleId(id), 2, &snapshot, &edited.slug, editor, 2)
        .await
        .expect("edited");
    let again = import(dir.path(), std::slice::from_ref(&file));
    assert!(again.status.success());
    let said = String::from_utf8_lossy(&again.stdout);
    assert!(
        said.contains("skipped") && said.contains("edited in the newsroom"),
        "{said}"
    );
    let kept = article(&store, id).await;
    snapshot.title = kept.content.title.clone();
    assert_eq!(kept.content.title, "Tiêu đề biên tập viên đã sửa");
    assert_eq!(kept.revision, 3);
}

#[tokio::test]
async fn importers_of_the_same_capture_at_once_make_one_article() {
    let dir = tempfile::tempdir().expect("temp dir");
    // The database first, so that the importers race only on the article.
    assert!(
        import(dir.path(), &[fixture("no_byline.txt")])
            .status
            .success()
    );
    let file = fixture("several_captions.txt");
    let importers: Vec<_> = (0..4)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_portal"))
                .args(["import", "capture", "--data-dir"])
                .arg(dir.path())
                .arg(&file)
                .env_remove("PORTAL_DATABASE_URL")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("portal runs")
        })
        .collect();
    let mut ids = Vec::new();
    for importer in importers {
        let output = importer.wait_with_output().expect("importer");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        ids.extend(imported(&output).into_iter().map(|(id, _)| id));
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "{ids:?}");
    assert_eq!(count(&open(dir.path()).await).await, 2);
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
    assert!(
        stderr.contains("1 mới / new, 0 cập nhật / updated"),
        "{stderr}"
    );
    assert!(stderr.contains("3 lỗi / failed"), "{stderr}");
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
        support::notice(&format!(
            "skipped: the reference capture {} is absent",
            reference.display()
        ));
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
        &portal_core::time::format_date(article.content.publish_at.expect("date")),
        date
    );
    assert_eq!(&article.content.title, title);
    assert_eq!(article.content.lead, lines[5]);
    assert_eq!(&article.content.byline, byline);
    let figures = captions(&article);
    assert_eq!(figures.len(), 2, "two captions whose images were lost");
    assert!(figures.iter().all(|c| lines.contains(c)));
    let paragraphs = article
        .content
        .body
        .blocks()
        .iter()
        .filter(|b| matches!(b, BodyBlock::Paragraph { .. }))
        .count();
    assert_eq!(paragraphs, 8);
    assert!(article.content.body.plain_text().ends_with("…/."));
    assert!(!article.content.body.to_json().contains('\u{a0}'));
}

async fn edited_site(store: &portal_store::Store) -> portal_core::SiteId {
    store.default_site().await.expect("query").expect("site").id
}

#[test]
fn a_documents_spreadsheet_is_imported_with_a_report_of_every_row() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/documents/van-ban.csv");
    let file = file.to_str().expect("path");
    let first = support::portal(&["import", "documents", file], dir.path());
    let out = String::from_utf8_lossy(&first.stdout);
    let err = String::from_utf8_lossy(&first.stderr);
    assert_eq!(
        first.status.code(),
        Some(1),
        "refused rows: exit 1\n{out}\n{err}"
    );
    assert!(
        out.contains("dòng / row 2: đã nhập / imported 96-QĐ/TW /van-ban/"),
        "{out}"
    );
    assert!(
        out.contains("dòng / row 3: đã nhập / imported 1234/QĐ-UBND"),
        "{out}"
    );
    assert!(
        err.contains("dòng / row 4: bỏ qua / refused: Ngày ban hành \"31/02/2024\""),
        "{err}"
    );
    assert!(
        err.contains("dòng / row 5: bỏ qua / refused: loại văn bản \"Công điện\""),
        "{err}"
    );
    assert!(
        err.contains("dòng / row 6: bỏ qua / refused: số ký hiệu 96-qđ/tw đã có"),
        "{err}"
    );
    assert!(
        err.contains(
            "2 mới / new, 0 cập nhật / updated, 0 không đổi / unchanged, 3 bỏ qua / refused"
        ),
        "{err}"
    );

    // Again: the same two, unchanged.
    let again = support::portal(&["import", "documents", file], dir.path());
    let out = String::from_utf8_lossy(&again.stdout);
    assert_eq!(out.matches("không đổi / unchanged").count(), 2, "{out}");

    // Readers find them, the refused ones not at all.
    let server = support::Server::start(dir.path(), &[]);
    let (status, list) = server.get("/van-ban");
    assert_eq!(status, 200);
    assert!(
        list.contains("96-QĐ/TW") && list.contains("1234/QĐ-UBND"),
        "{list}"
    );
    assert!(!list.contains("56/KH-UBND") && !list.contains("Công điện"));
    let (_, found) = server.get("/van-ban?q=96+qd+tw");
    assert!(
        found.contains("96-QĐ/TW") && !found.contains("1234/QĐ-UBND"),
        "{found}"
    );
    assert!(server.interrupt().success());
}

/// The same from an XLSX workbook as a spreadsheet program saves it (made
/// with openpyxl): date cells as dates, a date typed as text, a type in
/// lower case, a row without a number.
#[test]
fn a_documents_workbook_is_read_with_its_date_cells() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/documents/van-ban.xlsx");
    let output = support::portal(
        &["import", "documents", file.to_str().expect("path")],
        dir.path(),
    );
    let out = String::from_utf8_lossy(&output.stdout);
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        out.contains("dòng / row 2: đã nhập / imported 42/2022/NĐ-CP"),
        "{out}\n{err}"
    );
    assert!(
        out.contains("dòng / row 3: đã nhập / imported 18/2022/NQ-HĐND"),
        "{out}"
    );
    assert!(
        err.contains("dòng / row 4: bỏ qua / refused: thiếu số ký hiệu"),
        "{err}"
    );
    let server = support::Server::start(dir.path(), &[]);
    let (_, api) = server.get("/api/v1/documents?q=42%2F2022%2FND-CP");
    assert!(api.contains("\"issued\":\"2022-06-24\""), "{api}");
    assert!(api.contains("\"effective\":\"2022-08-01\""), "{api}");
    let (_, api) = server.get("/api/v1/documents?q=18%2F2022");
    assert!(api.contains("\"type\":\"Nghị quyết\""), "{api}");
    assert!(api.contains("\"expires\":\"2025-12-31\""), "{api}");
    assert!(server.interrupt().success());
}
