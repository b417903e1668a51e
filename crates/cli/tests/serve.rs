//! `portal serve --demo`, run as a new user runs it: it starts, answers,
//! shows the demo site and stops cleanly on Ctrl-C.

mod support;

use support::Server;

#[test]
fn serves_the_demo_and_stops_cleanly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(dir.path(), &["--demo"]);
    let (status, _) = server.get("/healthz");
    assert_eq!(status, 200);
    let (status, home) = server.get("/");
    assert_eq!(status, 200);
    assert!(
        home.contains("Lễ hội mùa vàng thu hút đông đảo du khách"),
        "demo articles on the home page"
    );
    assert!(home.contains("Tin từ cơ sở"), "news carried from a commune");
    let (status, commune) = server.get("/xa-suoi-may/");
    assert_eq!(status, 200);
    assert!(
        commune.contains("UBND xã Suối Mây"),
        "a demo commune under the province"
    );
    let (status, missing) = server.get("/khong-co-trang-nay");
    assert_eq!(status, 404);
    assert!(missing.contains("Không tìm thấy trang"));
    assert!(server.interrupt().success(), "Ctrl-C stops it cleanly");
    assert!(
        dir.path().join("portal.db").exists(),
        "the database lives in the data folder"
    );
    assert!(
        dir.path().join("media/demo").is_dir(),
        "demo pictures live in the data folder"
    );

    // Started again, it keeps what it had and adds no second demo (asked
    // for the way a service file asks, PORTAL_DEMO=1).
    let server = Server::start_with_env(dir.path(), &[], &[("PORTAL_DEMO", "1")]);
    let (_, api) = server.get("/api/v1/articles");
    // The province's twelve and one carried from a commune.
    assert!(api.contains("\"total\":13"), "{api}");
    assert!(server.interrupt().success());
}

#[test]
fn an_address_it_cannot_listen_on_is_explained_in_one_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let refused = support::portal(&["serve", "--listen", "cong-8080"], dir.path());
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains(
            "\"cong-8080\" không phải địa chỉ nghe: hãy viết IP:cổng, ví dụ 127.0.0.1:8080"
        ),
        "{said}"
    );
}
