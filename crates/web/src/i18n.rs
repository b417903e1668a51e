//! The message catalog: every string a reader sees, Vietnamese first,
//! English second.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    pub fn from_code(code: &str) -> Self {
        if code.eq_ignore_ascii_case("en") {
            Self::En
        } else {
            Self::Vi
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Vi => "vi",
            Self::En => "en",
        }
    }
}

/// (key, Vietnamese, English)
const MESSAGES: &[(&str, &str, &str)] = &[
    ("site.home", "Trang chủ", "Home"),
    (
        "site.skip",
        "Bỏ qua, đến nội dung chính",
        "Skip to main content",
    ),
    ("site.menu", "Chuyên mục", "Sections"),
    ("site.open_menu", "Mở danh mục", "Open menu"),
    ("site.breadcrumb", "Đường dẫn", "Breadcrumb"),
    ("toolbar.label", "Công cụ bài viết", "Article tools"),
    ("toolbar.published", "Ngày đăng", "Published"),
    ("toolbar.bigger", "Tăng cỡ chữ", "Larger text"),
    ("toolbar.smaller", "Giảm cỡ chữ", "Smaller text"),
    ("toolbar.reset", "Cỡ chữ mặc định", "Default text size"),
    ("toolbar.font_size", "Cỡ chữ", "Text size"),
    ("toolbar.print", "In bài viết", "Print"),
    (
        "toolbar.share_facebook",
        "Chia sẻ lên Facebook",
        "Share on Facebook",
    ),
    ("toolbar.share_zalo", "Chia sẻ qua Zalo", "Share on Zalo"),
    ("toolbar.copy_link", "Sao chép liên kết", "Copy link"),
    ("toolbar.copied", "Đã sao chép liên kết", "Link copied"),
    (
        "toolbar.paste_in_zalo",
        "Đã sao chép liên kết, hãy dán vào Zalo để chia sẻ",
        "Link copied: paste it in Zalo to share",
    ),
    ("toolbar.views", "lượt xem", "views"),
    ("article.byline", "Tác giả", "Author"),
    ("article.source", "Nguồn", "Source"),
    (
        "article.image_missing",
        "Ảnh không còn lưu trữ",
        "Image no longer available",
    ),
    ("article.related", "Tin liên quan", "Related news"),
    (
        "article.others",
        "Tin khác cùng chuyên mục",
        "More from this section",
    ),
    ("article.address", "Địa chỉ bài viết", "Article address"),
    ("home.featured", "Tin nổi bật", "Top stories"),
    ("home.latest", "Tin mới", "Latest news"),
    (
        "home.from_below",
        "Tin từ cơ sở",
        "From the communes and departments",
    ),
    ("home.hot", "Đọc nhiều", "Most read"),
    ("home.more", "Xem thêm", "More"),
    ("home.services", "Dịch vụ", "Services"),
    (
        "category.empty",
        "Chuyên mục chưa có bài viết.",
        "No articles in this section yet.",
    ),
    ("search.title", "Tìm kiếm", "Search"),
    ("search.label", "Từ khóa tìm kiếm", "Search for"),
    (
        "search.placeholder",
        "Tìm bài viết, ví dụ: tinh uy",
        "Find articles, for example: tinh uy",
    ),
    ("search.submit", "Tìm", "Search"),
    ("search.filters", "Lọc và sắp xếp", "Filter and sort"),
    ("search.category", "Chuyên mục", "Section"),
    ("search.sites", "Tìm trên", "Search in"),
    ("search.this_site", "Cổng này", "This site"),
    (
        "search.my_sites",
        "Mọi cổng tôi làm việc",
        "Every site I work on",
    ),
    (
        "search.all_sites",
        "Toàn tỉnh (cả các cổng thành phần)",
        "The whole province (with the sub-portals)",
    ),
    ("search.any_category", "Tất cả chuyên mục", "All sections"),
    ("search.from", "Từ ngày", "From"),
    ("search.to", "Đến ngày", "To"),
    ("search.sort", "Sắp xếp", "Sort by"),
    ("search.sort_relevance", "Phù hợp nhất", "Best match"),
    ("search.sort_newest", "Mới nhất", "Newest"),
    ("search.found", "Tìm thấy", "Found"),
    ("search.results", "kết quả", "results"),
    (
        "search.none",
        "Không tìm thấy bài viết nào. Hãy thử từ khác, hoặc gõ không dấu.",
        "No articles found. Try other words, or type without diacritics.",
    ),
    (
        "search.unknown_category",
        "Không có chuyên mục này; đã tìm trong tất cả chuyên mục.",
        "No such section; searched all sections.",
    ),
    (
        "search.bad_date",
        "Ngày không hợp lệ, đã bỏ qua:",
        "Invalid date, ignored:",
    ),
    (
        "search.rebuilding",
        "Chỉ mục tìm kiếm đang được xây dựng lại; kết quả có thể chưa đầy đủ.",
        "The search index is being rebuilt; results may be incomplete.",
    ),
    (
        "admin.search.title",
        "Tìm trong tòa soạn",
        "Search the newsroom",
    ),
    ("tag.title", "Từ khóa", "Keyword"),
    (
        "admin.article.also_categories",
        "Đăng cả trong chuyên mục",
        "Also list in sections",
    ),
    ("pager.label", "Phân trang", "Pages"),
    ("pager.prev", "Trang trước", "Previous page"),
    ("pager.next", "Trang sau", "Next page"),
    ("pager.page", "Trang", "Page"),
    ("pager.of", "trên", "of"),
    ("footer.address", "Địa chỉ", "Address"),
    ("footer.phone", "Điện thoại", "Phone"),
    ("footer.email", "Thư điện tử", "Email"),
    ("footer.rss", "Tin RSS", "RSS feed"),
    ("footer.sitemap", "Sơ đồ trang", "Sitemap"),
    ("footer.managed_by", "Cơ quan chủ quản", "Managed by"),
    (
        "error.not_found.title",
        "Không tìm thấy trang",
        "Page not found",
    ),
    (
        "error.not_found.body",
        "Trang bạn tìm không tồn tại, đã được gỡ bỏ hoặc đường dẫn bị sai.",
        "The page you are looking for does not exist, was removed, or the address is wrong.",
    ),
    (
        "error.bad_request.title",
        "Yêu cầu không hợp lệ",
        "Bad request",
    ),
    (
        "error.bad_page",
        "Số trang phải là số nguyên từ 1 trở lên.",
        "The page number must be a whole number from 1 up.",
    ),
    (
        "error.server.title",
        "Hệ thống đang gặp sự cố",
        "Something went wrong",
    ),
    (
        "error.server.body",
        "Xin vui lòng thử lại sau ít phút. Nếu lỗi còn lặp lại, xin báo cho ban biên tập.",
        "Please try again in a few minutes. If it keeps happening, tell the editors.",
    ),
    ("error.back_home", "Về trang chủ", "Back to the home page"),
    (
        "site.disabled.title",
        "Cổng thông tin tạm ngừng hoạt động",
        "This portal is not serving for now",
    ),
    (
        "site.disabled.body",
        "Cổng thông tin này đang tạm ngừng. Nội dung vẫn được lưu giữ đầy đủ; xin vui lòng quay lại sau.",
        "This portal is paused. Everything it published is kept; please come back later.",
    ),
    (
        "site.bad_code",
        "Mã cổng gồm 2 đến 40 ký tự a-z, 0-9 hoặc '-', bắt đầu bằng chữ, và không trùng địa chỉ dành riêng của cổng (quan-tri, tim-kiem, api, media, assets…). Hãy chọn mã khác, ví dụ xa-na-ri",
        "A site code is 2 to 40 characters of a-z, 0-9 or '-', starting with a letter, and not one of the portal's own addresses (quan-tri, tim-kiem, api, media, assets…). Choose another, e.g. xa-na-ri",
    ),
    (
        "site.code_taken",
        "Mã cổng này đã có cổng khác dùng; hãy chọn mã khác",
        "Another site already has this code; choose another",
    ),
    (
        "site.name_required",
        "Hãy đặt tên cho cổng (--name)",
        "Give the site a name (--name)",
    ),
    (
        "site.no_parent",
        "Không có cổng nào mang mã cổng cha này; xem danh sách bằng 'portal site list'",
        "No site has this parent code; see them with 'portal site list'",
    ),
    (
        "site.parent_cycle",
        "Cổng không thể trực thuộc chính nó hoặc một cổng con của nó; hãy chọn cổng cha khác",
        "A site cannot hang under itself or one of its own sub-sites; choose another parent",
    ),
    (
        "site.code_is_a_section",
        "Mã cổng trùng với một chuyên mục của cổng cha (địa chỉ /mã/ sẽ bị lẫn); hãy chọn mã khác",
        "The code is a section of the parent site (the /code/ address would clash); choose another",
    ),
    (
        "site.bad_host",
        "Tên miền chỉ gồm chữ, số, '-' và '.', không có cổng hay đường dẫn, ví dụ nari.example.gov.vn",
        "A host name is letters, digits, '-' and '.', without a port or path, e.g. nari.example.gov.vn",
    ),
    (
        "site.host_taken",
        "Tên miền này đã thuộc một cổng khác; gỡ nó khỏi cổng kia trước (portal site edit)",
        "This host name belongs to another site; take it off that site first (portal site edit)",
    ),
    (
        "site.bad_language",
        "Ngôn ngữ của cổng là vi hoặc en",
        "A site's language is vi or en",
    ),
    (
        "settings.slug_is_a_sub_site",
        "Đường dẫn này là địa chỉ của một cổng thành phần; hãy chọn đường dẫn khác cho chuyên mục.",
        "This address belongs to a sub-portal; choose another one for the section.",
    ),
    (
        "site.province_admins_only",
        "Chỉ quản trị cổng tỉnh quản lý các cổng thành phần, từ trang quản trị của cổng tỉnh.",
        "Only the province's administrators manage the sub-portals, from the province's newsroom.",
    ),
    (
        "site.not_this_one",
        "Không thể tạm ngừng chính cổng đang quản trị.",
        "The site you are working in cannot be taken off the air from here.",
    ),
    ("estate.title", "Cổng thành phần", "Sub-portals"),
    (
        "estate.intro",
        "Các cổng của xã, phường, sở, ngành trong tỉnh. Cổng chưa có tên miền riêng được phục vụ dưới địa chỉ của cổng cấp trên.",
        "The portals of the province's communes, wards and departments. A portal without a host name of its own answers under its parent's address.",
    ),
    ("estate.code", "Mã", "Code"),
    ("estate.name", "Tên", "Name"),
    ("estate.kind", "Loại", "Kind"),
    (
        "estate.hosts",
        "Tên miền (cách nhau bởi dấu cách)",
        "Host names (separated by spaces)",
    ),
    ("estate.parent", "Cổng cấp trên (mã)", "Parent (code)"),
    ("estate.address", "Địa chỉ", "Address"),
    ("estate.state", "Trạng thái", "State"),
    ("estate.serving", "Đang hoạt động", "Serving"),
    ("estate.disabled", "Tạm ngừng", "Off the air"),
    ("estate.add", "Thêm cổng thành phần", "Add a sub-portal"),
    ("estate.save", "Lưu", "Save"),
    ("estate.disable", "Tạm ngừng", "Take off the air"),
    ("estate.enable", "Mở lại", "Put back on the air"),
    ("estate.edit", "Sửa", "Edit"),
    (
        "site.no_such_site",
        "Không có cổng nào mang mã này; xem danh sách bằng 'portal site list'",
        "No site has this code; see them with 'portal site list'",
    ),
    ("directory.title", "Cổng thành phần", "Sub-portals"),
    ("directory.communes", "Xã, phường", "Communes and wards"),
    ("directory.departments", "Sở, ban, ngành", "Departments"),
    (
        "directory.agencies",
        "Cơ quan, đơn vị khác",
        "Other agencies",
    ),
    (
        "directory.empty",
        "Chưa có cổng thành phần nào.",
        "No sub-portals yet.",
    ),
    ("site.kind.province", "Cổng tỉnh", "Province"),
    ("site.kind.commune", "Xã", "Commune"),
    ("site.kind.ward", "Phường", "Ward"),
    ("site.kind.department", "Sở, ban, ngành", "Department"),
    ("site.kind.agency", "Đơn vị", "Agency"),
    ("site.state.serving", "đang hoạt động", "serving"),
    ("site.state.disabled", "tạm ngừng", "disabled"),
    ("feed.latest", "Tin mới", "Latest news"),
    ("admin.name", "Quản trị", "Newsroom"),
    ("admin.login.title", "Đăng nhập", "Log in"),
    ("admin.login.login", "Tên đăng nhập", "Login name"),
    ("admin.login.password", "Mật khẩu", "Password"),
    ("admin.login.submit", "Đăng nhập", "Log in"),
    (
        "admin.login.wrong",
        "Sai tên đăng nhập hoặc mật khẩu.",
        "Wrong login name or password.",
    ),
    (
        "newsroom.not_your_site",
        "Bạn không có quyền trên cổng này.",
        "You have no role on this site.",
    ),
    (
        "syndication.queue.title",
        "Tin từ cơ sở",
        "News from sub-sites",
    ),
    (
        "syndication.queue.intro",
        "Tin bài các cổng thành phần đề xuất đăng lên cổng này. Duyệt vào một chuyên mục (có thể sửa tiêu đề và sapo; nội dung giữ nguyên của đơn vị gửi) hoặc từ chối kèm lý do.",
        "Articles the sub-sites propose to this site. Approve one into a section (the title and lead may be adjusted; the body stays the sender's) or decline it with a reason.",
    ),
    (
        "syndication.queue.empty",
        "Không có tin bài nào đang chờ duyệt.",
        "Nothing is waiting.",
    ),
    ("syndication.from", "Nguồn", "From"),
    (
        "syndication.asked_again",
        "đơn vị gửi đã sửa tiêu đề hoặc sapo",
        "the sender changed its title or lead",
    ),
    (
        "syndication.carried_as",
        "Đang đăng với tiêu đề",
        "Carried as",
    ),
    (
        "syndication.category",
        "Đăng vào chuyên mục",
        "Into the section",
    ),
    (
        "syndication.title",
        "Tiêu đề trên cổng này",
        "Title on this site",
    ),
    (
        "syndication.lead",
        "Sapo trên cổng này",
        "Lead on this site",
    ),
    ("syndication.approve", "Duyệt đăng", "Approve"),
    ("syndication.decline", "Từ chối", "Decline"),
    ("syndication.note", "Lý do", "Reason"),
    (
        "syndication.propose.title",
        "Đăng lên cổng cấp trên",
        "On the parent site",
    ),
    (
        "syndication.propose",
        "Đề xuất đăng lên cổng tỉnh",
        "Propose to the province's portal",
    ),
    (
        "syndication.propose.when",
        "Tin bài đã xuất bản có thể được lãnh đạo duyệt tin hoặc quản trị đề xuất đăng lên cổng tỉnh.",
        "Once published, a publisher or administrator can propose the article to the province's portal.",
    ),
    (
        "syndication.status.proposed",
        "Đã đề xuất, chờ cổng tỉnh duyệt",
        "Proposed, waiting for the province",
    ),
    (
        "syndication.status.approved",
        "Cổng tỉnh đã đăng",
        "Carried by the province",
    ),
    (
        "syndication.status.declined",
        "Cổng tỉnh từ chối",
        "Declined by the province",
    ),
    (
        "syndication.status.withdrawn",
        "Đã rút (tin bài đã gỡ)",
        "Withdrawn (the article came down)",
    ),
    (
        "syndication.publishers_only",
        "Chỉ lãnh đạo duyệt tin hoặc quản trị được đề xuất tin bài lên cổng tỉnh.",
        "Only publishers and administrators propose articles to the province.",
    ),
    (
        "syndication.reviewers_only",
        "Chỉ biên tập viên, lãnh đạo duyệt tin hoặc quản trị được duyệt tin từ cơ sở.",
        "Only editors, publishers and administrators decide on proposals.",
    ),
    (
        "syndication.no_parent",
        "Cổng này không có cổng cấp trên để đề xuất.",
        "This site has no parent site to propose to.",
    ),
    (
        "syndication.not_published",
        "Chỉ đề xuất được tin bài đang xuất bản.",
        "Only a published article can be proposed.",
    ),
    (
        "syndication.already_proposed",
        "Tin bài này đã được đề xuất hoặc đang được cổng tỉnh đăng.",
        "This article is already proposed or carried.",
    ),
    (
        "syndication.already_decided",
        "Đề xuất này đã được người khác xử lý; hãy tải lại danh sách.",
        "Someone decided on this proposal meanwhile; reload the list.",
    ),
    (
        "syndication.origin_gone",
        "Tin bài gốc không còn xuất bản; không thể duyệt đăng.",
        "The original article is no longer published; it cannot be approved.",
    ),
    (
        "syndication.note_required",
        "Hãy ghi lý do từ chối để đơn vị gửi biết cần làm gì.",
        "Give the reason, so the sender knows what to do.",
    ),
    (
        "syndication.note_too_long",
        "Lý do quá dài (tối đa 2.000 ký tự).",
        "The reason is too long (2,000 characters at most).",
    ),
    ("syndication.source", "Nguồn", "Source"),
    (
        "admin.users.not_yours",
        "Người này còn làm việc trên cổng khác mà bạn không quản trị; hãy nhờ quản trị cổng tỉnh thay đổi.",
        "This person also works on a site you do not administer; ask the province's administrators to make the change.",
    ),
    (
        "admin.login.not_on_site",
        "Tài khoản này không có quyền trên cổng này. Hãy đăng nhập tại cổng của đơn vị mình, hoặc nhờ quản trị cổng tỉnh cấp quyền.",
        "This account has no role on this site. Log in at your own unit's portal, or ask the province's administrators for a role here.",
    ),
    (
        "admin.login.throttled",
        "Đã nhập sai quá nhiều lần. Vui lòng thử lại sau",
        "Too many failed attempts. Please try again after",
    ),
    ("admin.logout", "Đăng xuất", "Log out"),
    (
        "admin.csrf_refused",
        "Yêu cầu bị từ chối vì phiên làm việc không khớp. Hãy tải lại trang rồi thử lại.",
        "Request refused: the form does not match your session. Reload the page and try again.",
    ),
    ("admin.desk.title", "Bàn làm việc", "Desk"),
    ("admin.desk.my_drafts", "Bài nháp của tôi", "My drafts"),
    ("admin.desk.waiting", "Đang chờ tôi xử lý", "Waiting for me"),
    (
        "admin.desk.mine_waiting",
        "Bài của tôi đang chờ duyệt",
        "My articles waiting for review",
    ),
    ("admin.desk.waited", "đã chờ", "waiting for"),
    ("span.minutes", "{} phút", "{} min"),
    ("span.hours", "{} giờ", "{} h"),
    ("span.days", "{} ngày", "{} days"),
    ("admin.desk.scheduled", "Hẹn giờ đăng", "Scheduled"),
    ("admin.desk.published", "Mới đăng", "Recently published"),
    ("audit.login", "Đăng nhập", "Logged in"),
    ("audit.login_failed", "Đăng nhập sai", "Failed login"),
    (
        "audit.login_unlock",
        "Gỡ chờ đăng nhập",
        "Login waits lifted",
    ),
    (
        "audit.login_throttled",
        "Đăng nhập bị tạm chặn",
        "Login throttled",
    ),
    ("audit.create", "Tạo bài", "Article created"),
    ("audit.restore", "Khôi phục phiên bản", "Revision restored"),
    ("audit.submit", "Gửi biên tập", "Submitted"),
    ("audit.approve", "Duyệt", "Approved"),
    ("audit.send_back", "Trả lại", "Sent back"),
    ("audit.publish", "Đăng bài", "Published"),
    ("audit.schedule", "Hẹn giờ đăng", "Scheduled"),
    ("audit.unpublish", "Gỡ bài", "Unpublished"),
    ("audit.trash", "Xóa bài", "Deleted"),
    (
        "audit.recover",
        "Khôi phục bài đã xóa",
        "Recovered from trash",
    ),
    ("audit.user_add", "Tạo tài khoản", "Account created"),
    ("audit.role", "Đổi vai trò", "Role changed"),
    ("audit.disable", "Khóa tài khoản", "Account disabled"),
    ("audit.enable", "Mở khóa tài khoản", "Account enabled"),
    (
        "audit.categories",
        "Đổi chuyên mục được phép",
        "Allowed sections changed",
    ),
    ("audit.password_reset", "Đặt lại mật khẩu", "Password reset"),
    (
        "audit.site_settings",
        "Sửa thông tin trang",
        "Site settings changed",
    ),
    ("audit.category", "Sửa chuyên mục", "Section changed"),
    ("audit.delete_category", "Xóa chuyên mục", "Section deleted"),
    (
        "audit.placements",
        "Sửa bố cục trang",
        "Page blocks changed",
    ),
    ("audit.save", "Sửa bài", "Article edited"),
    ("audit.upload", "Tải tệp lên thư viện", "File uploaded"),
    ("audit.import", "Nhập bài", "Article imported"),
    ("audit.reimport", "Nhập lại bài", "Article imported again"),
    (
        "audit.propose",
        "Đề xuất lên cổng cấp trên",
        "Proposed to the parent portal",
    ),
    (
        "audit.syndication_approve",
        "Nhận tin từ cơ sở",
        "Carried from a sub-portal",
    ),
    (
        "audit.syndication_decline",
        "Từ chối tin từ cơ sở",
        "Declined from a sub-portal",
    ),
    ("audit.site_add", "Thêm cổng thành phần", "Sub-portal added"),
    (
        "audit.site_edit",
        "Sửa cổng thành phần",
        "Sub-portal changed",
    ),
    ("audit.site_disable", "Tạm dừng cổng", "Portal disabled"),
    ("audit.site_enable", "Mở lại cổng", "Portal enabled"),
    ("audit.target.article", "Bài viết số {}", "Article {}"),
    ("audit.target.user", "Tài khoản số {}", "Account {}"),
    ("audit.target.category", "Chuyên mục số {}", "Section {}"),
    (
        "audit.target.media",
        "Tệp số {} trong thư viện",
        "Library file {}",
    ),
    ("audit.target.site", "Cổng số {}", "Portal {}"),
    (
        "audit.target.layout",
        "Bố cục trang “{}”",
        "Page layout “{}”",
    ),
    ("audit.detail.revision", "phiên bản {}", "revision {}"),
    ("admin.audit.any_action", "Mọi hành động", "Any action"),
    ("status.trashed", "Trong thùng rác", "In the trash"),
    (
        "admin.step.trash",
        "Xóa bài (vào thùng rác)",
        "Delete (to the trash)",
    ),
    (
        "admin.step.recover",
        "Khôi phục bài đã xóa",
        "Recover from the trash",
    ),
    ("admin.desk.trash", "Thùng rác", "Trash"),
    (
        "newsroom.unpublish_first",
        "Bài đang đăng: hãy gỡ bài trước khi xóa.",
        "This article is on the site: unpublish it before deleting it.",
    ),
    ("admin.desk.empty", "Không có bài nào.", "Nothing here."),
    ("admin.article.new", "Viết bài mới", "New article"),
    ("admin.article.edit", "Sửa bài viết", "Edit article"),
    ("admin.article.title", "Tiêu đề", "Title"),
    ("admin.article.lead", "Sapo (tóm tắt)", "Lead"),
    ("admin.article.body", "Nội dung", "Body"),
    (
        "admin.article.body_help",
        "Mỗi đoạn cách nhau một dòng trống. ## Tiêu đề phụ, > Trích dẫn, - Danh sách, | ô | ô | cho bảng. Ảnh, tệp, video và bảng: dùng các nút phía trên.",
        "Blank lines between paragraphs. ## Subheading, > Quote, - List, | cell | cell | for tables. Images, files, videos and tables: use the buttons above.",
    ),
    ("admin.article.byline", "Tác giả (bút danh)", "Byline"),
    ("admin.article.source", "Nguồn", "Source"),
    ("admin.article.category", "Chuyên mục", "Category"),
    ("admin.article.publish_at", "Thời gian đăng", "Publish at"),
    ("admin.article.expire_at", "Thời gian hết hạn", "Expires at"),
    ("admin.article.save", "Lưu", "Save"),
    ("admin.article.tags", "Từ khóa", "Tags"),
    (
        "admin.article.tags_help",
        "cách nhau bởi dấu phẩy",
        "separated by commas",
    ),
    ("article.tags", "Từ khóa", "Tags"),
    (
        "admin.article.cover",
        "Ảnh đại diện (số ảnh trong thư viện)",
        "Cover image (library number)",
    ),
    ("article.attachment", "Tệp đính kèm", "Attachment"),
    ("admin.article.saved", "Đã lưu.", "Saved."),
    ("admin.article.status", "Trạng thái", "Status"),
    ("admin.article.revision", "Phiên bản", "Revision"),
    (
        "admin.article.view_public",
        "Xem trên cổng",
        "View on the site",
    ),
    ("admin.preview", "Xem trước", "Preview"),
    ("admin.tools.label", "Định dạng nội dung", "Formatting"),
    ("admin.tools.bold", "Chữ đậm", "Bold"),
    ("admin.tools.italic", "Chữ nghiêng", "Italic"),
    ("admin.tools.link", "Liên kết", "Link"),
    (
        "admin.tools.link_ask",
        "Địa chỉ liên kết (bắt đầu bằng https://)",
        "Link address (starting with https://)",
    ),
    ("admin.tools.figure", "Chèn ảnh", "Insert image"),
    ("admin.tools.file", "Đính kèm tệp", "Attach a file"),
    ("admin.tools.video", "Chèn video", "Insert a video"),
    (
        "admin.tools.video_ask",
        "Địa chỉ video YouTube",
        "YouTube video address",
    ),
    ("admin.tools.table", "Chèn bảng", "Insert a table"),
    (
        "admin.tools.table_ask",
        "Số cột và số hàng, ví dụ 3x4",
        "Columns and rows, for example 3x4",
    ),
    (
        "admin.picker.image_title",
        "Chọn ảnh trong thư viện",
        "Pick an image from the library",
    ),
    (
        "admin.picker.file_title",
        "Chọn tệp trong thư viện",
        "Pick a file from the library",
    ),
    (
        "admin.picker.cover_title",
        "Chọn ảnh đại diện",
        "Pick the cover image",
    ),
    (
        "admin.picker.search",
        "Tìm theo tên hoặc mô tả",
        "Search by name or description",
    ),
    (
        "admin.picker.caption",
        "Chú thích ảnh (không bắt buộc)",
        "Caption (optional)",
    ),
    ("admin.picker.close", "Đóng", "Close"),
    (
        "admin.picker.empty",
        "Không có gì phù hợp. Hãy tải lên ở Thư viện ảnh, tệp.",
        "Nothing matches. Upload it in the media library.",
    ),
    ("admin.picker.pick_cover", "Chọn ảnh…", "Pick…"),
    (
        "admin.autosave.saved",
        "Đã tự lưu lúc",
        "Saved automatically at",
    ),
    (
        "admin.autosave.failed",
        "Chưa tự lưu được; nội dung vẫn còn trên trang, hãy bấm Lưu.",
        "Could not save automatically; your text is still here, press Save.",
    ),
    (
        "admin.step.note",
        "Ghi chú cho tác giả (bắt buộc khi trả lại)",
        "Note to the author (required to send back)",
    ),
    ("admin.step.submit", "Gửi biên tập", "Submit for editing"),
    ("admin.step.approve", "Duyệt, chờ đăng", "Approve"),
    ("admin.step.publish", "Đăng bài", "Publish"),
    ("admin.step.send_back", "Trả lại tác giả", "Send back"),
    ("admin.step.unpublish", "Gỡ bài", "Unpublish"),
    ("admin.step.done", "Đã thực hiện.", "Done."),
    ("admin.refused", "Không thực hiện được", "Could not be done"),
    ("admin.revision.title", "Phiên bản", "Revision"),
    (
        "admin.revision.history",
        "Lịch sử phiên bản",
        "Revision history",
    ),
    ("admin.revision.view", "Xem", "View"),
    (
        "admin.revision.compare",
        "So sánh phiên bản",
        "Compare revisions",
    ),
    (
        "admin.revision.compare_current",
        "So với bản hiện tại",
        "Compare with current",
    ),
    ("admin.revision.restore", "Khôi phục", "Restore"),
    ("admin.revision.added", "Thêm", "Added"),
    ("admin.revision.removed", "Bỏ", "Removed"),
    (
        "admin.revision.pick_two",
        "Hãy chọn hai phiên bản để so sánh.",
        "Pick two revisions to compare.",
    ),
    (
        "admin.admins_only",
        "Chỉ quản trị viên được làm việc này.",
        "Only administrators may do this.",
    ),
    ("admin.users.title", "Tài khoản", "Accounts"),
    ("admin.users.edit", "Tài khoản", "Account"),
    ("admin.users.new", "Tạo tài khoản", "New account"),
    ("admin.users.create", "Tạo tài khoản", "Create account"),
    ("admin.users.name", "Họ tên", "Name"),
    ("admin.users.role", "Vai trò", "Role"),
    ("admin.users.state", "Tình trạng", "State"),
    ("admin.users.active", "Đang hoạt động", "Active"),
    ("admin.users.disabled", "Đã khóa", "Disabled"),
    (
        "admin.users.disable",
        "Khóa tài khoản",
        "Disable the account",
    ),
    (
        "admin.users.categories",
        "Chỉ được làm việc ở các chuyên mục (để trống: tất cả)",
        "Limited to these categories (none: all)",
    ),
    (
        "admin.users.reset_password",
        "Đặt lại mật khẩu",
        "Reset password",
    ),
    ("admin.users.new_password", "Mật khẩu mới", "New password"),
    (
        "admin.users.not_yourself",
        "Quản trị viên không thể tự hạ quyền hay tự khóa tài khoản của mình.",
        "Administrators cannot demote or disable themselves.",
    ),
    (
        "admin.users.bad_login",
        "Tên đăng nhập gồm 3-40 ký tự a-z, 0-9, dấu chấm, gạch dưới hoặc gạch ngang.",
        "Login names are 3-40 characters of a-z, 0-9, '.', '_' or '-'.",
    ),
    (
        "admin.users.weak_password",
        "Mật khẩu cần ít nhất 10 ký tự.",
        "Passwords need at least 10 characters.",
    ),
    (
        "admin.users.login_taken",
        "Tên đăng nhập đã có người dùng.",
        "That login name is taken.",
    ),
    (
        "admin.users.waits",
        "Đăng nhập đang phải chờ",
        "Logins made to wait",
    ),
    (
        "admin.users.waits_help",
        "Sau nhiều lần nhập sai mật khẩu, mỗi lần thử tiếp phải chờ lâu hơn. Địa chỉ * là mọi địa chỉ.",
        "After several wrong passwords each further try waits longer. Address * means any address.",
    ),
    ("admin.users.wait_address", "Địa chỉ", "Address"),
    (
        "admin.backup.ok",
        "Sao lưu tự động gần nhất thành công lúc",
        "Last scheduled backup written and checked at",
    ),
    (
        "admin.backup.failed",
        "Sao lưu tự động bị lỗi lúc",
        "The scheduled backup failed at",
    ),
    ("admin.users.wait_failures", "Số lần sai", "Failures"),
    ("admin.users.wait_until", "Chờ đến", "Until"),
    (
        "admin.users.lift_waits",
        "Cho phép đăng nhập ngay",
        "Let them log in now",
    ),
    ("admin.audit.title", "Nhật ký hệ thống", "Audit log"),
    ("admin.audit.when", "Thời gian", "When"),
    ("admin.audit.action", "Hành động", "Action"),
    ("admin.audit.target", "Đối tượng", "Target"),
    ("admin.audit.detail", "Chi tiết", "Detail"),
    ("admin.audit.address", "Địa chỉ IP", "Address"),
    ("admin.audit.filter", "Lọc", "Filter"),
    ("admin.library.title", "Thư viện ảnh, tệp", "Media library"),
    ("admin.library.upload", "Tải lên", "Upload"),
    (
        "admin.library.pick",
        "Chọn hoặc kéo thả tệp vào đây",
        "Pick a file or drop it here",
    ),
    (
        "admin.library.limits",
        "Ảnh JPEG, PNG, WebP, GIF; tài liệu PDF, DOC, DOCX, XLS, XLSX; tối đa",
        "Images JPEG, PNG, WebP, GIF; documents PDF, DOC, DOCX, XLS, XLSX; at most",
    ),
    (
        "admin.library.alt",
        "Mô tả ảnh (bắt buộc với ảnh)",
        "Alt text (required for images)",
    ),
    ("admin.library.credit", "Nguồn ảnh / tác giả", "Credit"),
    (
        "admin.library.search",
        "Tìm trong thư viện",
        "Search the library",
    ),
    ("admin.library.open", "Mở tệp", "Open"),
    (
        "media.too_large",
        "Tệp quá lớn (tối đa 20 MB).",
        "The file is too large (20 MB at most).",
    ),
    ("media.empty", "Tệp rỗng.", "The file is empty."),
    (
        "media.not_allowed",
        "Tệp không phải ảnh hay tài liệu được phép (nội dung tệp được kiểm tra, không dựa vào tên).",
        "The file is not an allowed image or document (its content is checked, not its name).",
    ),
    (
        "media.too_many_pixels",
        "Ảnh quá lớn về kích thước điểm ảnh (tối đa 40 triệu điểm ảnh, mỗi chiều 12.000).",
        "The image is too large in pixels (40 megapixels, 12,000 a side at most).",
    ),
    (
        "media.alt_required",
        "Hãy nhập mô tả cho ảnh: người khiếm thị cần nó.",
        "Give the image alt text: blind readers need it.",
    ),
    (
        "media.broken",
        "Tệp bị hỏng, không đọc được.",
        "The file is damaged and cannot be read.",
    ),
    (
        "media.busy",
        "Máy chủ đang xử lý nhiều ảnh cùng lúc. Vui lòng gửi lại sau ít phút; tệp của bạn chưa được lưu.",
        "The server is processing many pictures at once. Please send it again in a few minutes; your file was not saved.",
    ),
    ("admin.settings.title", "Cài đặt cổng", "Site settings"),
    ("admin.settings.name", "Tên cổng thông tin", "Site name"),
    ("admin.settings.agency", "Cơ quan chủ quản", "Agency"),
    (
        "admin.settings.logo",
        "Số ảnh biểu trưng (trong thư viện)",
        "Logo image number (from the library)",
    ),
    (
        "admin.settings.responsible",
        "Người chịu trách nhiệm",
        "Person responsible",
    ),
    ("admin.settings.licence", "Giấy phép", "Licence"),
    ("admin.categories.title", "Chuyên mục", "Categories"),
    ("admin.categories.name", "Tên", "Name"),
    ("admin.categories.slug", "Đường dẫn", "Slug"),
    (
        "admin.categories.slug_auto",
        "tự tạo từ tên",
        "made from the name",
    ),
    ("admin.categories.parent", "Thuộc chuyên mục", "Parent"),
    ("admin.categories.position", "Thứ tự", "Order"),
    (
        "admin.categories.on_home",
        "Hiện ở trang chủ",
        "On the home page",
    ),
    ("admin.categories.add", "Thêm chuyên mục", "Add a category"),
    ("admin.categories.delete", "Xóa", "Delete"),
    ("admin.blocks.title", "Bố cục trang", "Page blocks"),
    (
        "admin.blocks.help",
        "Mỗi dòng là một khối đặt trong một vùng của trang; khối xếp theo số thứ tự. Cài đặt viết dạng JSON.",
        "Each row is a block in a zone of the page, in order of its number. Settings are JSON.",
    ),
    ("admin.blocks.order", "Thứ tự", "Order"),
    ("admin.blocks.zone", "Vùng", "Zone"),
    ("admin.blocks.type", "Khối", "Block"),
    ("admin.blocks.settings", "Cài đặt", "Settings"),
    ("admin.blocks.remove", "Bỏ", "Remove"),
    ("admin.blocks.add", "thêm khối", "add a block"),
    ("layout.home", "Trang chủ", "Home"),
    ("layout.category", "Trang chuyên mục", "Category page"),
    ("layout.article", "Trang bài viết", "Article page"),
    (
        "settings.name_required",
        "Cổng thông tin cần có tên.",
        "The site needs a name.",
    ),
    (
        "settings.category_name_required",
        "Chuyên mục cần có tên.",
        "The category needs a name.",
    ),
    (
        "settings.slug_reserved",
        "Đường dẫn này hệ thống đã dùng (api, media, quan-tri…); hãy chọn đường dẫn khác.",
        "The portal uses this slug itself (api, media, quan-tri…); choose another.",
    ),
    (
        "settings.slug_taken",
        "Đường dẫn đã có chuyên mục khác dùng.",
        "Another category has this slug.",
    ),
    (
        "settings.parent_cycle",
        "Chuyên mục không thể nằm trong chính nó.",
        "A category cannot sit inside itself.",
    ),
    (
        "settings.category_in_use",
        "Chuyên mục còn bài viết; hãy chuyển bài sang chuyên mục khác trước khi xóa.",
        "The category still has articles; move them before deleting it.",
    ),
    (
        "settings.unknown_zone",
        "Vùng không có trong bố cục này.",
        "This layout has no such zone.",
    ),
    (
        "settings.unknown_block",
        "Loại khối không tồn tại.",
        "No such block type.",
    ),
    (
        "settings.bad_block_settings",
        "Cài đặt khối phải là một đối tượng JSON, ví dụ {\"limit\": 5}.",
        "Block settings must be a JSON object, e.g. {\"limit\": 5}.",
    ),
    (
        "settings.bad_address",
        "Một địa chỉ trong cài đặt khối không dùng được: chỉ nhận http, https, mailto, tel hoặc đường dẫn trong cổng.",
        "An address in the block settings cannot be used: only http, https, mailto, tel or a path on this site.",
    ),
    ("footer.responsible", "Chịu trách nhiệm", "Responsible"),
    ("role.author", "Phóng viên", "Author"),
    ("role.editor", "Biên tập viên", "Editor"),
    ("role.publisher", "Lãnh đạo duyệt tin", "Publisher"),
    ("role.admin", "Quản trị", "Administrator"),
    ("status.draft", "Bản nháp", "Draft"),
    ("status.submitted", "Chờ biên tập", "Waiting for editing"),
    (
        "status.approved",
        "Chờ duyệt đăng",
        "Waiting for publication",
    ),
    (
        "admin.article.review_note",
        "Ý kiến của người duyệt",
        "The reviewer's note",
    ),
    (
        "admin.article.review_note_hint",
        "Sửa theo ý kiến này rồi bấm “Gửi biên tập” lần nữa; ý kiến được giữ ở đây đến lúc đó.",
        "Make the changes it asks for, then press “Submit for editing” again; the note stays here until then.",
    ),
    ("status.scheduled", "Hẹn giờ đăng", "Scheduled"),
    ("status.published", "Đã đăng", "Published"),
    ("status.expired", "Hết hạn", "Expired"),
    ("status.unpublished", "Đã gỡ", "Unpublished"),
    (
        "newsroom.title_required",
        "Bài viết cần có tiêu đề.",
        "The article needs a title.",
    ),
    (
        "newsroom.title_too_long",
        "Tiêu đề quá dài (tối đa 300 ký tự).",
        "The title is too long (300 characters at most).",
    ),
    (
        "newsroom.category_required",
        "Hãy chọn chuyên mục.",
        "Choose a category.",
    ),
    (
        "newsroom.unknown_category",
        "Chuyên mục không tồn tại.",
        "That category does not exist.",
    ),
    (
        "newsroom.expiry_before_publication",
        "Thời gian hết hạn phải sau thời gian đăng.",
        "The expiry time must come after the publication time.",
    ),
    (
        "newsroom.category_not_yours",
        "Bạn không được phân quyền ở chuyên mục này.",
        "You have no rights in this category.",
    ),
    (
        "newsroom.may_not_edit",
        "Bạn không được sửa bài ở trạng thái này.",
        "You may not edit this article in its current state.",
    ),
    (
        "newsroom.not_your_article",
        "Đây không phải bài của bạn.",
        "This is not your article.",
    ),
    (
        "newsroom.role_may_not",
        "Vai trò của bạn không được làm việc này.",
        "Your role may not do this.",
    ),
    (
        "newsroom.wrong_state",
        "Bài viết không ở trạng thái cho phép việc này.",
        "The article is not in a state that allows this.",
    ),
    (
        "newsroom.note_required",
        "Hãy ghi lý do trả lại cho tác giả.",
        "Write the author a note saying why.",
    ),
    (
        "newsroom.conflict",
        "Bài đã được người khác lưu trong lúc bạn sửa. Nội dung của bạn vẫn còn bên dưới: hãy mở bài ở thẻ khác, so sánh rồi lưu lại.",
        "Someone else saved this article while you were editing. Your text is still below: open the article in another tab, compare, then save again.",
    ),
    ("newsroom.line", "dòng", "line"),
    (
        "newsroom.missing_media",
        "Bài dùng ảnh hoặc tệp không còn trong thư viện: hãy mở bài, chọn lại ảnh bằng nút “Chèn ảnh” hoặc xóa dòng đó.",
        "The article uses a picture or file the library no longer holds: open it, pick the picture again with “Insert image”, or delete that line.",
    ),
    (
        "newsroom.missing_media_line",
        "Dòng {line}: thư viện không có ảnh hay tệp số {id}. Hãy chọn lại bằng nút “Chèn ảnh”, hoặc xóa dòng này.",
        "Line {line}: the library holds no picture or file number {id}. Pick it again with “Insert image”, or delete this line.",
    ),
    (
        "newsroom.missing_cover",
        "Ảnh đại diện số {id} không có trong thư viện. Hãy chọn ảnh khác, hoặc để trống.",
        "The cover picture number {id} is not in the library. Pick another, or leave it empty.",
    ),
    (
        "markup.unclosed",
        "dòng đặc biệt phải kết thúc bằng ]]",
        "a special line must end with ]]",
    ),
    (
        "markup.not_an_image_number",
        "\"{}\" không phải số ảnh trong thư viện",
        "\"{}\" is not an image number",
    ),
    (
        "markup.not_a_file_number",
        "\"{}\" không phải số tệp trong thư viện",
        "\"{}\" is not a file number",
    ),
    (
        "markup.not_a_web_address",
        "\"{}\" không phải địa chỉ web (https://…)",
        "\"{}\" is not a web address (https://…)",
    ),
    (
        "markup.unreadable_block",
        "khối [[khối:…]] bị hỏng; hãy xóa dòng này và chèn lại",
        "the [[khối:…]] block is damaged; delete the line and insert it again",
    ),
    (
        "newsroom.body_unreadable",
        "Không đọc được nội dung",
        "The body could not be read",
    ),
    (
        "newsroom.unknown_action",
        "Thao tác không hợp lệ.",
        "Unknown action.",
    ),
    (
        "newsroom.bad_time",
        "Thời gian không hợp lệ, hãy chọn lại ngày giờ",
        "Invalid time: pick the date and time again",
    ),
];

pub fn message(lang: Lang, key: &str) -> Option<&'static str> {
    MESSAGES
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, vi, en)| match lang {
            Lang::Vi => *vi,
            Lang::En => *en,
        })
}

/// The message, or the key itself so that a missing entry shows up in
/// review instead of breaking the page.
/// Every key of the catalog (each has both languages: a test says so).
pub fn keys() -> impl Iterator<Item = &'static str> {
    MESSAGES.iter().map(|(key, _, _)| *key)
}

pub fn t(lang: Lang, key: &str) -> String {
    message(lang, key).map_or_else(|| key.to_string(), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_both_languages_and_a_unique_key() {
        let mut keys = std::collections::HashSet::new();
        for (key, vi, en) in MESSAGES {
            assert!(keys.insert(key), "duplicate key {key}");
            assert!(!vi.is_empty() && !en.is_empty(), "{key}");
        }
        assert_eq!(t(Lang::Vi, "toolbar.bigger"), "Tăng cỡ chữ");
        assert_eq!(t(Lang::En, "toolbar.bigger"), "Larger text");
    }
}
