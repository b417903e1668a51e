//! The demo province: categories and a dozen articles written for the
//! demo, with pictures drawn on the spot, and five sub-portals (three
//! communes and wards, two departments) with a few articles each, one of
//! them carried by the province, so a new user sees a living estate.
//! Every name and event in it is invented.

use anyhow::Result;
use portal_core::body::InlineHtml;
use portal_core::highlight::HighlightKind;
use portal_core::text::slugify;
use portal_core::{ArticleContent, ArticleStatus, Body, BodyBlock, Figure, Site, SiteKind};
use portal_store::{Approval, ArticleListFilter, NewArticle, Store};

use crate::sites::estate::{STARTING_SECTIONS, SiteDraft, add_site};

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
            "Công văn 3456/UBND-KT nêu rõ, người đứng đầu các cơ quan, đơn vị chịu trách nhiệm trực tiếp về kết quả giải ngân của đơn vị mình, theo Quyết định 1234/QĐ-UBND của Ủy ban nhân dân tỉnh.",
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

/// A demo sub-portal: who it is and what it has published.
struct DemoSite {
    code: &'static str,
    name: &'static str,
    kind: SiteKind,
    address: &'static str,
    phone: &'static str,
    email: &'static str,
    /// Title, lead, one paragraph, the byline; the first goes into the
    /// starting "Tin tức - Sự kiện" section.
    articles: &'static [(&'static str, &'static str, &'static str, &'static str)],
}

/// Three communes and wards and two departments, all invented, answering
/// under the province's host at `/{code}/`.
const ESTATE: [DemoSite; 5] = [
    DemoSite {
        code: "xa-suoi-may",
        name: "UBND xã Suối Mây",
        kind: SiteKind::Commune,
        address: "Thôn Nà Mây, xã Suối Mây",
        phone: "0209 3811 101",
        email: "xasuoimay@example.gov.vn",
        articles: &[
            (
                "Xã Suối Mây ra mắt tổ công nghệ số cộng đồng",
                "Mười hai tổ công nghệ số ở các thôn sẽ hướng dẫn người dân nộp hồ sơ trực tuyến và thanh toán không dùng tiền mặt.",
                "Mỗi tổ gồm trưởng thôn, đoàn viên thanh niên và một cán bộ bộ phận một cửa, trực vào các buổi tối trong tuần…/.",
                "Lò Văn Phong",
            ),
            (
                "Hoàn thành bê tông hóa đường vào thôn Khuổi Hẩu",
                "Tuyến đường dài 2,4 km do người dân hiến đất và góp ngày công đã được đưa vào sử dụng.",
                "Công trình giúp xe chở nông sản vào tận thôn, rút ngắn thời gian đi lại tới trung tâm xã…/.",
                "Hoàng Thị Mai",
            ),
        ],
    },
    DemoSite {
        code: "phuong-dong-tien",
        name: "UBND phường Đồng Tiến",
        kind: SiteKind::Ward,
        address: "Số 5, đường Đồng Tiến, phường Đồng Tiến",
        phone: "0209 3822 202",
        email: "phuongdongtien@example.gov.vn",
        articles: &[
            (
                "Phường Đồng Tiến tổng vệ sinh môi trường cuối tuần",
                "Hơn 500 người dân và đoàn viên tham gia dọn dẹp các tuyến phố, khơi thông cống rãnh.",
                "Phường duy trì hoạt động vào sáng thứ Bảy cuối cùng của mỗi tháng…/.",
                "Nguyễn Văn Bình",
            ),
            (
                "Đối thoại với hộ kinh doanh về chỉnh trang vỉa hè",
                "Lãnh đạo phường lắng nghe và giải đáp kiến nghị của các hộ kinh doanh trên hai tuyến phố chính.",
                "Phường cam kết giữ chỗ để xe cho khách và lắp đặt mái che thống nhất…/.",
                "Trần Thu Trang",
            ),
        ],
    },
    DemoSite {
        code: "xa-ban-lim",
        name: "UBND xã Bản Lìm",
        kind: SiteKind::Commune,
        address: "Thôn Bản Lìm, xã Bản Lìm",
        phone: "0209 3833 303",
        email: "xabanlim@example.gov.vn",
        articles: &[(
            "Xã Bản Lìm trồng mới 30 ha quế",
            "Các hộ dân được hỗ trợ cây giống và hướng dẫn kỹ thuật trồng, chăm sóc.",
            "Cán bộ khuyến nông xã theo dõi, hướng dẫn bà con trong suốt mùa trồng…/.",
            "Ma Văn Khánh",
        )],
    },
    DemoSite {
        code: "so-van-hoa",
        name: "Sở Văn hóa, Thể thao và Du lịch",
        kind: SiteKind::Department,
        address: "Số 12, đường Trung tâm, phường Trung tâm",
        phone: "0209 3844 404",
        email: "sovanhoa@example.gov.vn",
        articles: &[(
            "Khai mạc giải bóng chuyền hơi các dân tộc",
            "Hai mươi đội đến từ các xã, phường tranh tài trong ba ngày.",
            "Giải đấu là dịp giao lưu, gắn kết giữa các dân tộc trong tỉnh…/.",
            "Phòng Quản lý Thể dục thể thao",
        )],
    },
    DemoSite {
        code: "so-nong-nghiep",
        name: "Sở Nông nghiệp và Môi trường",
        kind: SiteKind::Department,
        address: "Số 20, đường Trung tâm, phường Trung tâm",
        phone: "0209 3855 505",
        email: "sonongnghiep@example.gov.vn",
        articles: &[(
            "Khuyến cáo phòng bệnh cho đàn gia súc khi trời rét",
            "Người chăn nuôi cần che chắn chuồng trại và dự trữ thức ăn cho trâu, bò.",
            "Không thả rông gia súc khi nhiệt độ xuống dưới 12 độ C…/.",
            "Chi cục Chăn nuôi và Thú y",
        )],
    },
];

/// The demo province's sub-portals, each with its contacts and articles;
/// the first commune's first article is carried by the province ("Tin từ
/// cơ sở"). Blocks come from `serve` (the theme's, for every site).
/// Returns the number of articles written (0 when the sub-portals exist).
pub async fn seed_demo_estate(store: &Store, now: i64) -> Result<usize> {
    let province = site_or_default(store, None).await?;
    if store.site_by_code(ESTATE[0].code).await?.is_some() {
        return Ok(0);
    }
    seed_estate(store, &province, now).await?;
    Ok(ESTATE.iter().map(|s| s.articles.len()).sum())
}

async fn seed_estate(store: &Store, province: &Site, now: i64) -> Result<()> {
    for (index, demo) in ESTATE.iter().enumerate() {
        let draft = SiteDraft {
            code: demo.code.into(),
            name: demo.name.into(),
            kind: Some(demo.kind),
            parent: Some(province.code.clone()),
            ..SiteDraft::default()
        };
        let site = add_site(store, "demo", &draft, |_| Vec::new(), now)
            .await
            .map_err(|error| anyhow::anyhow!("demo site {}: {error}", demo.code))?;
        store
            .update_site(&Site {
                address: demo.address.into(),
                phone: demo.phone.into(),
                email: demo.email.into(),
                responsible: "Chủ tịch Ủy ban nhân dân".into(),
                ..site.clone()
            })
            .await?;
        let section = category_named(store, site.id, STARTING_SECTIONS[0]).await?;
        for (number, (title, lead, paragraph, byline)) in demo.articles.iter().enumerate() {
            let published = now - 3_600 * (5 + 7 * (index + number) as i64);
            let id = store
                .create_article(
                    &NewArticle {
                        site_id: site.id,
                        slug: slugify(title),
                        status: ArticleStatus::Published,
                        content: ArticleContent {
                            category_ids: vec![section.id],
                            title: title.to_string(),
                            lead: lead.to_string(),
                            body: Body(vec![BodyBlock::paragraph(paragraph)]),
                            byline: byline.to_string(),
                            publish_at: Some(published),
                            ..ArticleContent::default()
                        },
                    },
                    now,
                )
                .await?;
            if index == 0 && number == 0 {
                carry_to_province(store, province, &site, id, now).await?;
            }
        }
    }
    Ok(())
}

/// Proposed by the commune and approved by the province, as staff would.
async fn carry_to_province(
    store: &Store,
    province: &Site,
    commune: &Site,
    id: portal_core::ArticleId,
    now: i64,
) -> Result<()> {
    let origin = store
        .article(commune.id, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo article {id} vanished"))?;
    let proposal = store
        .propose_syndication(id, province.id, None, now)
        .await?;
    let section = category_named(store, province.id, CATEGORIES[0]).await?;
    let approval = Approval {
        category_id: section.id,
        title: origin.content.title.clone(),
        lead: origin.content.lead.clone(),
        slug: origin.slug.clone(),
        source: commune.name.clone(),
    };
    store
        .approve_syndication(proposal, &origin.content, &approval, None, now)
        .await?;
    Ok(())
}

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
    if site.agency.is_empty() {
        // A fresh installation's site has only a name until someone sets
        // it up; the demo's province says who it is.
        store
            .update_site(&Site {
                name: "Cổng thông tin điện tử tỉnh".into(),
                agency: "Ủy ban nhân dân tỉnh".into(),
                address: "Số 1, đường Trung tâm, phường Trung tâm".into(),
                phone: "0209 3800 000".into(),
                email: "congthongtin@example.gov.vn".into(),
                licence: "Giấy phép số 00/GP-TTĐT (nội dung minh họa)".into(),
                ..site.clone()
            })
            .await?;
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
    seed_schedule(store, &site, now).await?;
    seed_pages(store, &site, now).await?;
    seed_units(store, &site, now).await?;
    seed_documents(store, &site).await?;
    seed_questions(store, &site, now).await?;
    seed_poll(store, &site, now).await?;
    seed_consultation(store, &site, now).await?;
    Ok(ARTICLES.len())
}

/// A poll open for a month from a week ago, with some votes.
async fn seed_poll(store: &Store, site: &Site, now: i64) -> Result<()> {
    let choices = [("Rất hài lòng", 14), ("Hài lòng", 23), ("Chưa hài lòng", 6)];
    let poll = portal_core::poll::Poll {
        site_id: site.id,
        question: "Bạn đánh giá thế nào về chất lượng dịch vụ công trực tuyến của tỉnh?".into(),
        choices: choices
            .iter()
            .map(|(label, _)| portal_core::poll::Choice {
                label: label.to_string(),
                ..Default::default()
            })
            .collect(),
        opens_at: now - 7 * 86_400,
        closes_at: Some(now + 23 * 86_400),
        ..Default::default()
    };
    let Some(id) = store.save_poll(&poll, now).await? else {
        return Ok(());
    };
    let saved = store
        .poll(site.id, id)
        .await?
        .map(|p| p.choices)
        .unwrap_or_default();
    let mut voter = 0;
    for (choice, (_, votes)) in saved.iter().zip(choices) {
        for _ in 0..votes {
            voter += 1;
            store
                .vote(id, &format!("demo-{voter}"), &[choice.id])
                .await?;
        }
    }
    Ok(())
}

/// The demo's questions: (field, title, text, asker, address, answer); an
/// empty answer is one still waiting in the office's queue.
const QUESTIONS: [(&str, &str, &str, &str, &str, &str); 3] = [
    (
        "Đất đai",
        "Thủ tục cấp đổi giấy chứng nhận quyền sử dụng đất",
        "Gia đình tôi có giấy chứng nhận cấp năm 2005, nay muốn cấp đổi sang mẫu mới thì cần giấy tờ gì và nộp ở đâu?",
        "Trần Thị Minh",
        "Thôn Đông, xã Đồng Xuân",
        "Hồ sơ gồm đơn đề nghị cấp đổi theo mẫu và bản gốc giấy chứng nhận đã cấp. Ông/Bà nộp tại bộ phận một cửa của xã hoặc trực tuyến trên Cổng dịch vụ công; thời hạn giải quyết không quá 7 ngày làm việc (nội dung minh họa).",
    ),
    (
        "Giáo dục",
        "Tuyển sinh lớp 6 năm học mới",
        "Con tôi học hết lớp 5 ở trường của phường, xin hỏi việc tuyển sinh lớp 6 theo hình thức xét tuyển hay thi tuyển?",
        "Lê Văn Hùng",
        "Tổ dân phố 3, phường Trung tâm",
        "Tuyển sinh lớp 6 theo hình thức xét tuyển, theo địa bàn cư trú; kế hoạch chi tiết được niêm yết tại trường và đăng trên cổng thông tin trước ngày 15 tháng 6 (nội dung minh họa).",
    ),
    (
        "Giao thông",
        "Đề nghị sửa chữa đoạn đường liên thôn bị sạt lở",
        "Đoạn đường liên thôn qua khe suối bị sạt lở sau mưa lớn, đi lại nguy hiểm; đề nghị các cơ quan chức năng sớm khắc phục.",
        "Hoàng Văn Sơn",
        "Thôn Bản Chang, xã Na Rì",
        "",
    ),
];

async fn seed_questions(store: &Store, site: &Site, now: i64) -> Result<()> {
    let settings = portal_store::CitizenSettings {
        fields: [
            "Đất đai",
            "Xây dựng",
            "Giáo dục",
            "Y tế",
            "Giao thông",
            "Thủ tục hành chính",
        ]
        .map(str::to_string)
        .to_vec(),
        ..Default::default()
    };
    store.save_citizen_settings(site.id, &settings, now).await?;
    for (index, (field, title, body, name, address, answer)) in QUESTIONS.iter().enumerate() {
        let kind = if answer.is_empty() {
            portal_core::question::Kind::Feedback
        } else {
            portal_core::question::Kind::Question
        };
        let asked_at = now - (index as i64 + 2) * 3 * 86_400;
        let asker = portal_core::question::Asker {
            name: name.to_string(),
            email: String::new(),
            phone: format!("091234567{index}"),
            address: address.to_string(),
        };
        let mut item = portal_core::question::Question {
            id: 0,
            site_id: site.id,
            kind,
            code: format!("{}-DEMO000{index}", kind.code_prefix()),
            status: portal_core::question::Status::Received,
            field: field.to_string(),
            title: title.to_string(),
            body: body.to_string(),
            asker_shown: asker.shown(),
            asker,
            attachment: None,
            unit_id: None,
            assignee_id: None,
            answer: String::new(),
            refusal: String::new(),
            created_at: asked_at,
            updated_at: asked_at,
            answered_at: None,
            published_at: None,
            erased_at: None,
            revision: 1,
        };
        item.id = store.submit_question(&item, None).await?;
        if !answer.is_empty() {
            item.answer = answer.to_string();
            let answered_at = asked_at + 2 * 86_400;
            store
                .update_question(
                    site.id,
                    item.id,
                    item.revision,
                    &portal_store::QuestionUpdate {
                        status: Some(portal_core::question::Status::Published),
                        answer: Some(item.answer.clone()),
                        answered_at: Some(answered_at),
                        published_at: Some(Some(answered_at)),
                        search_text: Some(crate::questions::search_text(&item)),
                        ..Default::default()
                    },
                    None,
                    answered_at,
                )
                .await?;
        }
    }
    Ok(())
}

/// The demo's documents base: (number, type, issuing body, signer, field,
/// issued, effective, expires, abstract). Its decision and letter are
/// cited by the demo article on public investment.
type DemoDocument = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const DOCUMENTS: &[DemoDocument] = &[
    (
        "1234/QĐ-UBND",
        "Quyết định",
        "UBND tỉnh",
        "Chủ tịch UBND tỉnh",
        "Đầu tư",
        "15/01/2026",
        "15/01/2026",
        "",
        "Ban hành quy chế theo dõi, đánh giá giải ngân vốn đầu tư công năm 2026 (văn bản minh họa)",
    ),
    (
        "3456/UBND-KT",
        "Công văn",
        "UBND tỉnh",
        "Phó Chủ tịch UBND tỉnh",
        "Đầu tư",
        "10/11/2026",
        "10/11/2026",
        "",
        "Về việc đẩy nhanh tiến độ giải ngân vốn đầu tư công những tháng cuối năm (văn bản minh họa)",
    ),
    (
        "25/KH-UBND",
        "Kế hoạch",
        "UBND tỉnh",
        "Phó Chủ tịch UBND tỉnh",
        "Thông tin",
        "20/02/2026",
        "20/02/2026",
        "",
        "Kế hoạch chuyển đổi số của tỉnh năm 2026 (văn bản minh họa)",
    ),
    (
        "12/2025/NQ-HĐND",
        "Nghị quyết",
        "HĐND tỉnh",
        "Chủ tịch HĐND tỉnh",
        "Tài chính",
        "10/12/2025",
        "01/01/2026",
        "",
        "Quy định mức chi hỗ trợ hoạt động của cổng thông tin điện tử (văn bản minh họa)",
    ),
    (
        "07/CT-UBND",
        "Chỉ thị",
        "UBND tỉnh",
        "Chủ tịch UBND tỉnh",
        "Nông nghiệp",
        "05/01/2024",
        "05/01/2024",
        "31/12/2024",
        "Về phòng, chống rét cho cây trồng, vật nuôi vụ Đông Xuân 2024 (văn bản minh họa)",
    ),
    (
        DEMO_DRAFT,
        "Dự thảo",
        "Sở Công Thương",
        "Giám đốc Sở Công Thương",
        "Thương mại",
        "25/11/2026",
        "",
        "",
        "Dự thảo Quyết định ban hành Quy định quản lý chợ trên địa bàn tỉnh (văn bản minh họa)",
    ),
];

/// The demo's draft, open for comment.
const DEMO_DRAFT: &str = "DT-01/2026/SCT";

async fn seed_documents(store: &Store, site: &Site) -> Result<()> {
    let date = |text: &str| portal_core::time::parse_vietnamese_date(text);
    for (number, kind, issuer, signer_title, field, issued, effective, expires, summary) in
        DOCUMENTS
    {
        let document = portal_core::document::Document {
            id: 0,
            site_id: site.id,
            number: number.to_string(),
            kind: kind.to_string(),
            issuer: issuer.to_string(),
            signer: String::new(),
            signer_title: signer_title.to_string(),
            fields: vec![field.to_string()],
            issued_on: date(issued),
            effective_on: date(effective),
            expires_on: date(expires),
            validity_set: None,
            summary: summary.to_string(),
            full_text: String::new(),
            status: portal_core::document::DocumentStatus::Published,
            replaced_since: None,
            updated_at: 0,
        };
        crate::documents::save(store, &document, date(issued).unwrap_or(0)).await?;
    }
    Ok(())
}

/// The draft open for comment from five days ago for a month, with a
/// published comment and one waiting for the office.
async fn seed_consultation(store: &Store, site: &Site, now: i64) -> Result<()> {
    let key = portal_core::document_number::key(DEMO_DRAFT);
    let Some(draft) = store.document_by_key(site.id, &key).await? else {
        return Ok(());
    };
    store
        .save_consultation(
            &portal_core::consultation::Consultation {
                document_id: draft,
                site_id: site.id,
                opens_at: now - 5 * 86_400,
                closes_at: now + 25 * 86_400,
            },
            now,
        )
        .await?;
    for (days_ago, name, organisation, article, body, publish) in [
        (
            3,
            "Nguyễn Thị Lan",
            "Ban quản lý chợ Trung tâm",
            "Điều 4",
            "Đề nghị quy định rõ thời gian họp chợ phiên ở các xã vùng cao (ý kiến minh họa).",
            true,
        ),
        (
            1,
            "Phạm Văn Long",
            "",
            "",
            "Đề nghị bổ sung quy định về phòng cháy, chữa cháy tại chợ (ý kiến minh họa).",
            false,
        ),
    ] {
        let id = store
            .add_comment(&portal_core::consultation::Comment {
                site_id: site.id,
                document_id: draft,
                name: name.into(),
                organisation: organisation.into(),
                article: article.into(),
                body: body.into(),
                created_at: now - days_ago * 86_400,
                ..Default::default()
            })
            .await?;
        if publish {
            store
                .moderate_comment(
                    site.id,
                    id,
                    portal_core::consultation::CommentStatus::Published,
                    now,
                )
                .await?;
        }
    }
    Ok(())
}

/// The demo organisation: (index of the unit above, name, English name,
/// head's title, English title, telephone).
type DemoUnit = (
    Option<usize>,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const UNITS: &[DemoUnit] = &[
    (
        None,
        "Ủy ban nhân dân tỉnh",
        "Provincial People's Committee",
        "Chủ tịch",
        "Chairman",
        "0209 3800 000",
    ),
    (
        Some(0),
        "Văn phòng Ủy ban nhân dân tỉnh",
        "Office of the Provincial People's Committee",
        "Chánh Văn phòng",
        "Chief of Office",
        "0209 3800 001",
    ),
    (
        Some(0),
        "Sở Tài chính",
        "Department of Finance",
        "Giám đốc",
        "Director",
        "0209 3800 002",
    ),
    (
        Some(0),
        "Sở Nội vụ",
        "Department of Home Affairs",
        "Giám đốc",
        "Director",
        "0209 3800 003",
    ),
    (
        Some(1),
        "Trung tâm Thông tin - Hội nghị tỉnh",
        "Provincial Information and Conference Centre",
        "Giám đốc",
        "Director",
        "0209 3800 004",
    ),
];

async fn seed_units(store: &Store, site: &Site, now: i64) -> Result<()> {
    let mut ids: Vec<i64> = Vec::new();
    for (position, (above, name, name_en, title, title_en, phone)) in UNITS.iter().enumerate() {
        let unit = portal_core::organisation::Unit {
            site_id: site.id,
            parent_id: above.map(|index| ids[index]),
            position: position as i64,
            name: name.to_string(),
            name_en: name_en.to_string(),
            head_title: title.to_string(),
            head_title_en: title_en.to_string(),
            phone: phone.to_string(),
            email: "congthongtin@example.gov.vn".into(),
            address: "Số 1, đường Trung tâm, phường Trung tâm".into(),
            duties: format!(
                "{name} thực hiện chức năng, nhiệm vụ theo quy định của pháp luật (nội dung minh họa)."
            ),
            duties_en: format!(
                "The {name_en} carries out the functions and duties the law gives it (sample text)."
            ),
            ..portal_core::organisation::Unit::default()
        };
        let id = store
            .save_unit(&unit, now)
            .await?
            .ok_or_else(|| anyhow::anyhow!("the demo unit {name} was not kept"))?;
        ids.push(id);
    }
    Ok(())
}

/// The demo's standing pages: (title, paragraphs).
const PAGES: &[(&str, &[&str])] = &[
    (
        "Giới thiệu",
        &[
            "Tỉnh được thành lập trên cơ sở hợp nhất hai tỉnh theo Nghị quyết của Quốc hội năm 2025, gồm các xã, phường và đặc khu trực thuộc.",
            "Trang này giới thiệu khái quát về điều kiện tự nhiên, dân cư, kinh tế - xã hội của tỉnh (nội dung minh họa).",
        ],
    ),
    (
        "Chức năng, nhiệm vụ",
        &[
            "Ủy ban nhân dân tỉnh là cơ quan chấp hành của Hội đồng nhân dân tỉnh, cơ quan hành chính nhà nước ở địa phương.",
            "Ủy ban nhân dân tỉnh tổ chức thi hành Hiến pháp, pháp luật và các nghị quyết của Hội đồng nhân dân tỉnh (nội dung minh họa).",
        ],
    ),
    (
        "Liên hệ",
        &[
            "Văn phòng Ủy ban nhân dân tỉnh, số 1, đường Trung tâm, phường Trung tâm.",
            "Điện thoại: 0209 3800 000. Thư điện tử: congthongtin@example.gov.vn (nội dung minh họa).",
        ],
    ),
];

async fn seed_pages(store: &Store, site: &Site, now: i64) -> Result<()> {
    let section = crate::news::pages::section(store, site.id).await?;
    for (title, paragraphs) in PAGES {
        store
            .create_article(
                &NewArticle {
                    site_id: site.id,
                    slug: slugify(title),
                    status: ArticleStatus::Published,
                    content: ArticleContent {
                        category_ids: vec![section.id],
                        title: title.to_string(),
                        body: Body(paragraphs.iter().map(|p| BodyBlock::paragraph(p)).collect()),
                        publish_at: Some(now - 86_400 * 30),
                        ..ArticleContent::default()
                    },
                },
                now,
            )
            .await?;
    }
    Ok(())
}

/// A demo entry: day of the week from Monday, hour and minute (none for
/// the whole day), leaders, content, place, preparing unit.
type DemoEntry = (
    i64,
    Option<(i64, i64)>,
    &'static [&'static str],
    &'static str,
    &'static str,
    &'static str,
);

/// The demo leaders' work.
const SCHEDULE: &[DemoEntry] = &[
    (
        0,
        Some((7, 30)),
        &["Chủ tịch UBND tỉnh", "Các Phó Chủ tịch UBND tỉnh"],
        "Chào cờ đầu tuần và họp giao ban lãnh đạo UBND tỉnh",
        "Phòng họp số 1, trụ sở UBND tỉnh",
        "Văn phòng UBND tỉnh",
    ),
    (
        1,
        Some((8, 0)),
        &["Chủ tịch UBND tỉnh"],
        "Làm việc với các sở, ngành về tiến độ giải ngân vốn đầu tư công",
        "Phòng họp số 2",
        "Sở Tài chính",
    ),
    (
        2,
        None,
        &["Phó Chủ tịch UBND tỉnh phụ trách văn hóa - xã hội"],
        "Kiểm tra công tác chuẩn bị năm học mới tại các xã vùng cao",
        "Các xã vùng cao",
        "Sở Giáo dục và Đào tạo",
    ),
    (
        3,
        Some((14, 0)),
        &["Chủ tịch UBND tỉnh"],
        "Tiếp công dân định kỳ",
        "Trụ sở Tiếp công dân tỉnh",
        "Ban Tiếp công dân tỉnh",
    ),
    (
        4,
        Some((8, 0)),
        &["Các Phó Chủ tịch UBND tỉnh"],
        "Họp UBND tỉnh thường kỳ tháng",
        "Hội trường UBND tỉnh",
        "Văn phòng UBND tỉnh",
    ),
];

async fn seed_schedule(store: &Store, site: &Site, now: i64) -> Result<()> {
    let this_week = portal_core::schedule::Week::containing(now);
    for week in [this_week, this_week.next()] {
        for (day, time, leaders, content, place, preparer) in SCHEDULE {
            let midnight = week.days()[*day as usize];
            let entry = portal_core::schedule::Entry {
                id: 0,
                site_id: site.id,
                starts_at: time.map_or(midnight, |(h, m)| midnight + h * 3_600 + m * 60),
                ends_at: None,
                all_day: time.is_none(),
                leaders: leaders.iter().map(|l| l.to_string()).collect(),
                content: content.to_string(),
                place: place.to_string(),
                participants: String::new(),
                preparer: preparer.to_string(),
                note: String::new(),
                cancelled: false,
                updated_at: now,
            };
            store.save_schedule_entry(&entry, now).await?;
        }
    }
    Ok(())
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
    let id = store
        .create_article(
            &NewArticle {
                site_id: site.id,
                slug,
                status: ArticleStatus::Published,
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
    if demo.featured {
        store
            .highlight(site.id, HighlightKind::Featured, id, None, now)
            .await?;
    }
    Ok(())
}
