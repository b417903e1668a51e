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
    ("home.hot", "Đọc nhiều", "Most read"),
    ("home.more", "Xem thêm", "More"),
    ("home.services", "Dịch vụ", "Services"),
    (
        "category.empty",
        "Chuyên mục chưa có bài viết.",
        "No articles in this section yet.",
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
    ("feed.latest", "Tin mới", "Latest news"),
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
