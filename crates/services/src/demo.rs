//! The demo site: categories and a dozen articles written for the demo, with
//! pictures drawn on the spot, so a new user sees a living portal. Every
//! name and event in it is invented.

use anyhow::Result;
use portal_core::body::InlineHtml;
use portal_core::text::slugify;
use portal_core::{ArticleContent, ArticleStatus, Body, BodyBlock, Figure, Site};
use portal_store::{ArticleListFilter, NewArticle, Store};

use crate::media::{MediaFolder, draw_demo_picture};
use crate::sites::{category_named, site_or_default};

struct DemoArticle {
    category: &'static str,
    title: &'static str,
    lead: &'static str,
    paragraphs: &'static [&'static str],
    caption: &'static str,
    byline: &'static str,
    featured: bool,
}

const CATEGORIES: [&str; 4] = [
    "Tin hoạt động",
    "Chỉ đạo điều hành",
    "Kinh tế - Xã hội",
    "Văn hóa - Du lịch",
];

const ARTICLES: &[DemoArticle] = &[
    DemoArticle {
        category: "Tin hoạt động",
        title: "Ủy ban nhân dân tỉnh họp phiên thường kỳ tháng 11",
        lead: "Sáng nay, Ủy ban nhân dân tỉnh họp phiên thường kỳ để đánh giá tình hình kinh tế - xã hội tháng 11 và bàn nhiệm vụ những tháng cuối năm.",
        paragraphs: &[
            "Theo báo cáo tại phiên họp, các chỉ tiêu chủ yếu về sản xuất nông nghiệp, thu ngân sách và giải ngân vốn đầu tư công đều tăng so với cùng kỳ năm trước.",
            "Các đại biểu đề nghị tập trung tháo gỡ vướng mắc về mặt bằng cho các công trình giao thông trọng điểm, bảo đảm hoàn thành đúng tiến độ đã cam kết.",
            "Kết luận phiên họp, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu các sở, ngành và ủy ban nhân dân các xã, phường bám sát kế hoạch, chủ động báo cáo khó khăn để được giải quyết kịp thời…/.",
        ],
        caption: "Quang cảnh phiên họp thường kỳ",
        byline: "Minh Châu",
        featured: true,
    },
    DemoArticle {
        category: "Tin hoạt động",
        title: "Xã Tân Lập khánh thành nhà văn hóa thôn Nà Mò",
        lead: "Nhà văn hóa thôn Nà Mò được xây dựng từ nguồn vốn của Chương trình mục tiêu quốc gia và sự đóng góp ngày công của người dân.",
        paragraphs: &[
            "Công trình có diện tích sử dụng 120 mét vuông, gồm hội trường, sân sinh hoạt chung và khu vệ sinh, đáp ứng nhu cầu hội họp của hơn 90 hộ dân trong thôn.",
            "Bà con trong thôn đã hiến hơn 300 mét vuông đất và đóng góp gần 500 ngày công lao động trong quá trình thi công.",
            "Dịp này, xã Tân Lập tổ chức chương trình văn nghệ chào mừng với các tiết mục hát then, đàn tính của câu lạc bộ văn nghệ thôn…/.",
        ],
        caption: "Người dân thôn Nà Mò dự lễ khánh thành",
        byline: "Thu Hà",
        featured: false,
    },
    DemoArticle {
        category: "Chỉ đạo điều hành",
        title: "Đẩy nhanh tiến độ giải ngân vốn đầu tư công những tháng cuối năm",
        lead: "Ủy ban nhân dân tỉnh vừa ban hành văn bản yêu cầu các chủ đầu tư rà soát, đẩy nhanh tiến độ giải ngân vốn đầu tư công năm nay.",
        paragraphs: &[
            "Văn bản nêu rõ, người đứng đầu các cơ quan, đơn vị chịu trách nhiệm trực tiếp về kết quả giải ngân của đơn vị mình.",
            "Các dự án chậm tiến độ kéo dài sẽ được xem xét điều chuyển vốn sang các dự án có khả năng giải ngân tốt hơn.",
            "Sở Tài chính được giao theo dõi, tổng hợp tình hình giải ngân hằng tuần và báo cáo Ủy ban nhân dân tỉnh…/.",
        ],
        caption: "Công trường đường liên xã đang được đẩy nhanh tiến độ",
        byline: "Quốc Huy",
        featured: true,
    },
    DemoArticle {
        category: "Chỉ đạo điều hành",
        title: "Chủ động ứng phó với mưa lũ và sạt lở đất",
        lead: "Trước diễn biến phức tạp của thời tiết, tỉnh yêu cầu các địa phương chủ động phương án bảo đảm an toàn cho người dân.",
        paragraphs: &[
            "Các xã vùng cao rà soát các điểm có nguy cơ sạt lở, bố trí lực lượng trực canh và sẵn sàng di dời người dân khi cần thiết.",
            "Các hồ chứa thủy lợi được kiểm tra, vận hành đúng quy trình; tuyệt đối không để người dân qua lại các ngầm tràn khi nước dâng cao.",
            "Thông tin cảnh báo thiên tai được cập nhật liên tục trên cổng thông tin điện tử và hệ thống loa truyền thanh cơ sở…/.",
        ],
        caption: "Lực lượng chức năng kiểm tra điểm có nguy cơ sạt lở",
        byline: "Văn Tùng",
        featured: false,
    },
    DemoArticle {
        category: "Kinh tế - Xã hội",
        title: "Nông dân vùng cao trúng mùa cam sành",
        lead: "Vụ cam năm nay được mùa, được giá, nhiều hộ dân vùng cao có nguồn thu nhập ổn định từ cây cam sành.",
        paragraphs: &[
            "Toàn tỉnh có khoảng 2.500 héc-ta cam, sản lượng ước đạt hơn 20.000 tấn, tăng khoảng 10% so với vụ trước.",
            "Nhiều hợp tác xã đã liên kết với doanh nghiệp thu mua, đưa cam lên các sàn thương mại điện tử và giới thiệu tại các hội chợ nông sản.",
            "Ngành nông nghiệp khuyến cáo người dân tiếp tục chăm sóc vườn theo quy trình an toàn để giữ vững chất lượng và thương hiệu…/.",
        ],
        caption: "Thu hoạch cam sành tại một hợp tác xã",
        byline: "Lan Anh",
        featured: true,
    },
    DemoArticle {
        category: "Kinh tế - Xã hội",
        title: "Hơn 1.000 lao động được tư vấn việc làm tại phiên giao dịch tháng 11",
        lead: "Phiên giao dịch việc làm thu hút 35 doanh nghiệp trong và ngoài tỉnh tham gia tuyển dụng.",
        paragraphs: &[
            "Các doanh nghiệp có nhu cầu tuyển dụng gần 2.000 chỉ tiêu ở các ngành may mặc, điện tử, chế biến nông sản và dịch vụ.",
            "Người lao động được tư vấn miễn phí về chính sách bảo hiểm thất nghiệp, học nghề và đi làm việc ở nước ngoài theo hợp đồng.",
            "Trung tâm Dịch vụ việc làm tỉnh tổ chức phiên giao dịch định kỳ vào ngày 15 hằng tháng…/.",
        ],
        caption: "Người lao động tìm hiểu thông tin tuyển dụng",
        byline: "Hoàng Nam",
        featured: false,
    },
    DemoArticle {
        category: "Kinh tế - Xã hội",
        title: "Chuyển đổi số trong thủ tục hành chính: người dân nộp hồ sơ không cần đến trụ sở",
        lead: "Gần 80% hồ sơ thủ tục hành chính trong tháng được tiếp nhận trực tuyến qua Cổng dịch vụ công.",
        paragraphs: &[
            "Người dân có thể theo dõi tình trạng hồ sơ, nhận thông báo và thanh toán phí, lệ phí trực tuyến ngay trên điện thoại.",
            "Các xã, phường bố trí tổ công nghệ số cộng đồng hướng dẫn người cao tuổi và đồng bào vùng sâu sử dụng dịch vụ công trực tuyến.",
            "Thời gian giải quyết bình quân mỗi hồ sơ giảm gần một nửa so với cách làm trước đây…/.",
        ],
        caption: "Tổ công nghệ số cộng đồng hướng dẫn người dân",
        byline: "Thanh Tâm",
        featured: false,
    },
    DemoArticle {
        category: "Văn hóa - Du lịch",
        title: "Lễ hội mùa vàng thu hút đông đảo du khách",
        lead: "Lễ hội mùa vàng năm nay diễn ra trong ba ngày với nhiều hoạt động văn hóa, thể thao và ẩm thực đặc sắc.",
        paragraphs: &[
            "Du khách được trải nghiệm gặt lúa, giã cốm, thưởng thức các món ăn truyền thống của đồng bào Tày, Nùng, Dao.",
            "Chương trình nghệ thuật khai mạc tái hiện nét đẹp lao động sản xuất và sinh hoạt văn hóa cộng đồng của các dân tộc trong tỉnh.",
            "Ban tổ chức ước tính lễ hội đón khoảng 15.000 lượt khách tham quan…/.",
        ],
        caption: "Du khách trải nghiệm gặt lúa trên ruộng bậc thang",
        byline: "Bảo Ngọc",
        featured: true,
    },
    DemoArticle {
        category: "Văn hóa - Du lịch",
        title: "Bảo tồn và phát huy hát then, đàn tính",
        lead: "Nhiều câu lạc bộ hát then, đàn tính được thành lập, góp phần giữ gìn di sản văn hóa của đồng bào các dân tộc.",
        paragraphs: &[
            "Các nghệ nhân trực tiếp truyền dạy cho lớp trẻ tại nhà văn hóa thôn vào các buổi tối cuối tuần.",
            "Ngành văn hóa hỗ trợ đàn tính, trang phục và tài liệu cho các câu lạc bộ mới thành lập.",
            "Liên hoan hát then, đàn tính cấp tỉnh sẽ được tổ chức vào dịp đầu xuân năm tới…/.",
        ],
        caption: "Nghệ nhân truyền dạy hát then cho thanh thiếu niên",
        byline: "Thu Hà",
        featured: false,
    },
    DemoArticle {
        category: "Tin hoạt động",
        title: "Hội nghị trực tuyến triển khai mô hình chính quyền hai cấp",
        lead: "Hội nghị được kết nối trực tuyến tới điểm cầu của tất cả các xã, phường trong tỉnh.",
        paragraphs: &[
            "Hội nghị quán triệt các văn bản hướng dẫn về tổ chức bộ máy, phân cấp, phân quyền giữa cấp tỉnh và cấp xã.",
            "Các địa phương chia sẻ kinh nghiệm sắp xếp trụ sở, bố trí cán bộ và bảo đảm hoạt động thông suốt của bộ phận một cửa.",
            "Lãnh đạo tỉnh đề nghị cấp xã chủ động, sáng tạo, lấy sự hài lòng của người dân làm thước đo kết quả công việc…/.",
        ],
        caption: "Điểm cầu trực tuyến tại trụ sở Ủy ban nhân dân tỉnh",
        byline: "Minh Châu",
        featured: false,
    },
    DemoArticle {
        category: "Chỉ đạo điều hành",
        title: "Tăng cường phòng, chống cháy rừng mùa hanh khô",
        lead: "Các chủ rừng được yêu cầu bố trí lực lượng, phương tiện sẵn sàng chữa cháy khi có tình huống xảy ra.",
        paragraphs: &[
            "Lực lượng kiểm lâm tăng cường tuần tra tại các khu rừng có nguy cơ cháy cao, nhất là rừng thông và rừng trồng.",
            "Người dân không đốt nương rẫy, xử lý thực bì trong những ngày nắng nóng, gió mạnh.",
            "Mọi thông tin về cháy rừng cần báo ngay cho chính quyền địa phương hoặc số điện thoại trực của Hạt Kiểm lâm…/.",
        ],
        caption: "Kiểm lâm tuần tra bảo vệ rừng",
        byline: "Văn Tùng",
        featured: false,
    },
    DemoArticle {
        category: "Văn hóa - Du lịch",
        title: "Mở tuyến du lịch cộng đồng quanh hồ",
        lead: "Tuyến du lịch mới kết nối ba bản làng ven hồ, đưa du khách đến với homestay và sản phẩm thủ công của đồng bào.",
        paragraphs: &[
            "Du khách có thể đi thuyền, đạp xe hoặc đi bộ theo các cung đường được cắm biển chỉ dẫn song ngữ.",
            "Các hộ làm du lịch cộng đồng đã được tập huấn về đón tiếp khách, vệ sinh an toàn thực phẩm và giới thiệu văn hóa bản địa.",
            "Tỉnh đặt mục tiêu đưa tuyến du lịch trở thành điểm đến quen thuộc của du khách trong và ngoài nước…/.",
        ],
        caption: "Du khách đi thuyền ngắm cảnh hồ",
        byline: "Bảo Ngọc",
        featured: false,
    },
];

/// Fills a database that has no article yet with the demo site. Returns
/// the number of articles written (0 when there was content already).
pub async fn seed_demo(store: &Store, media: &MediaFolder, now: i64) -> Result<usize> {
    let site = site_or_default(store, None).await?;
    let (_, existing) = store
        .public_articles(
            site.id,
            ArticleListFilter::default(),
            portal_core::PageRequest::first(1),
            i64::MAX,
        )
        .await?;
    if existing > 0 {
        return Ok(0);
    }
    for name in CATEGORIES {
        category_named(store, site.id, name).await?;
    }
    // Pictures are drawn and resized on worker threads, all at once.
    let mut writes = tokio::task::JoinSet::new();
    for (index, demo) in ARTICLES.iter().enumerate() {
        let (store, media, site) = (store.clone(), media.clone(), site.clone());
        writes.spawn(async move { write_article(&store, &media, &site, demo, index, now).await });
    }
    while let Some(written) = writes.join_next().await {
        written??;
    }
    Ok(ARTICLES.len())
}

async fn write_article(
    store: &Store,
    media: &MediaFolder,
    site: &Site,
    demo: &DemoArticle,
    index: usize,
    now: i64,
) -> Result<()> {
    let category = category_named(store, site.id, demo.category).await?;
    let slug = slugify(demo.title);
    let seed = index as u32 + 1;
    let picture = tokio::task::spawn_blocking(move || draw_demo_picture(seed, 960)).await??;
    let mut stored = media
        .store_image(site.id, &format!("demo/{slug}"), &picture)
        .await?;
    stored.alt = demo.caption.to_string();
    stored.credit = demo.byline.to_string();
    let media_id = store.insert_media(&stored, now).await?;

    let mut blocks = vec![BodyBlock::paragraph(demo.paragraphs[0])];
    blocks.push(BodyBlock::Figure(Figure {
        media_id: Some(media_id),
        alt: demo.caption.to_string(),
        caption: InlineHtml::from_plain(demo.caption),
    }));
    blocks.extend(demo.paragraphs[1..].iter().map(|p| BodyBlock::paragraph(p)));

    // Newest first in the list above; spread them over the past days.
    let published = now - 3_600 * (3 + 17 * index as i64);
    store
        .create_article(
            &NewArticle {
                site_id: site.id,
                slug,
                status: ArticleStatus::Published,
                featured: demo.featured,
                content: ArticleContent {
                    category_ids: vec![category.id],
                    title: demo.title.to_string(),
                    lead: demo.lead.to_string(),
                    body: Body(blocks),
                    byline: demo.byline.to_string(),
                    source: String::new(),
                    cover_media_id: Some(media_id),
                    publish_at: Some(published),
                    expire_at: None,
                    tags: vec![demo.category.to_string()],
                },
            },
            now,
        )
        .await?;
    Ok(())
}
