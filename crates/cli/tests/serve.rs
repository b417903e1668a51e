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

#[test]
fn a_fresh_install_without_the_demo_leads_to_its_set_up() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut server = Server::start(dir.path(), &[]);
    let told = server.next_line();
    assert!(told.contains("/quan-tri/thiet-lap?ma="), "{told}");
    let client = Server::client(&server.address);

    // Readers are told the portal is being set up; nothing made up shows.
    let (status, home) = server.get("/");
    assert_eq!(status, 200);
    assert!(home.contains("đang được thiết lập"), "{home}");
    for placeholder in ["00/GP", "example.gov.vn", "0209 3800"] {
        assert!(
            !home.contains(placeholder),
            "{placeholder} shown to readers"
        );
    }

    // The newsroom's door leads to the set-up, open here on loopback.
    let door = client.request("GET", "/quan-tri/dang-nhap", &[], b"");
    assert_eq!(door.status, 303);
    assert!(
        door.head.contains("location: /quan-tri/thiet-lap"),
        "{}",
        door.head
    );
    let form = client.request("GET", "/quan-tri/thiet-lap", &[], b"");
    assert_eq!(form.status, 200, "{}", form.text());
    let cookie = form.cookie("portal_login_csrf").expect("form cookie");
    let csrf = support::hidden(&form.text(), "csrf");
    let send = |fields: &[(&str, &str)]| {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        client.request(
            "POST",
            "/quan-tri/thiet-lap",
            &[
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Cookie", &cookie),
            ],
            body.as_bytes(),
        )
    };
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("name", "Cổng thông tin điện tử tỉnh Hoa Ban"),
        ("agency", "Ủy ban nhân dân tỉnh Hoa Ban"),
        ("phone", "0214 3822 111"),
        ("login", "quantri"),
        ("display_name", "Quản trị cổng"),
        ("password", support::ADMIN_PASSWORD),
        ("password_again", "một mật khẩu khác hẳn"),
    ];
    let refused = send(&fields);
    assert_eq!(refused.status, 422);
    assert!(
        refused
            .text()
            .contains("Hai lần nhập mật khẩu không giống nhau")
    );
    assert!(
        refused.text().contains("tỉnh Hoa Ban"),
        "what was typed is kept"
    );
    fields.retain(|(name, _)| *name != "password_again");
    fields.push(("password_again", support::ADMIN_PASSWORD));
    let done = send(&fields);
    assert_eq!(done.status, 303, "{}", done.text());
    let session = done.cookie("portal_session").expect("logged in");
    let desk = client.request("GET", "/quan-tri", &[("Cookie", &session)], b"");
    assert_eq!(desk.status, 200);
    assert!(desk.text().contains("Quản trị cổng"));

    // Once only: the screen is gone, a second try makes nobody.
    let again = send(&fields);
    assert_eq!(again.status, 303);
    assert!(again.head.contains("location: /quan-tri/dang-nhap"));
    let (_, home) = server.get("/");
    assert!(home.contains("Cổng thông tin điện tử tỉnh Hoa Ban"));
    assert!(home.contains("0214 3822 111"));
    assert!(
        home.contains("đang cập nhật nội dung"),
        "no news yet: {home}"
    );
    assert!(server.interrupt().success());
}
