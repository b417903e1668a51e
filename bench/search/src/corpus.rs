//! Synthetic Vietnamese news: sentences of syllables drawn by Zipf's law
//! (the rank-r syllable with probability ∝ 1/r) over about 5,000 syllables:
//! the news words below first, then syllables made of Vietnamese onsets and
//! the rhymes of those words. So "của" is in nearly every article and a
//! place name in a few percent, as on a real portal. Deterministic: the same
//! seed gives the same articles.

pub const NOW: i64 = 1_780_000_000;
const FIVE_YEARS: i64 = 5 * 365 * 86_400;

/// Syllables of provincial news, most common first.
const WORDS: &[&str] = &[
    "của",
    "và",
    "các",
    "có",
    "được",
    "trong",
    "cho",
    "với",
    "là",
    "người",
    "tỉnh",
    "năm",
    "đã",
    "những",
    "dân",
    "xã",
    "công",
    "tác",
    "phát",
    "triển",
    "huyện",
    "nhân",
    "kinh",
    "tế",
    "thực",
    "hiện",
    "đồng",
    "chí",
    "ủy",
    "ban",
    "hội",
    "nghị",
    "kế",
    "hoạch",
    "tại",
    "này",
    "về",
    "cán",
    "bộ",
    "đảng",
    "chính",
    "quyền",
    "địa",
    "phương",
    "trên",
    "địa",
    "bàn",
    "tổ",
    "chức",
    "triển",
    "khai",
    "nhiệm",
    "vụ",
    "giải",
    "pháp",
    "nâng",
    "cao",
    "chất",
    "lượng",
    "hoạt",
    "động",
    "sản",
    "xuất",
    "nông",
    "nghiệp",
    "lúa",
    "cà",
    "phê",
    "cao",
    "su",
    "chè",
    "cam",
    "bưởi",
    "vải",
    "nhãn",
    "xoài",
    "rừng",
    "trồng",
    "bảo",
    "vệ",
    "môi",
    "trường",
    "giáo",
    "dục",
    "trường",
    "học",
    "sinh",
    "giáo",
    "viên",
    "thi",
    "tốt",
    "nghiệp",
    "y",
    "tế",
    "bệnh",
    "viện",
    "trạm",
    "khám",
    "chữa",
    "bệnh",
    "tiêm",
    "chủng",
    "vắc",
    "xin",
    "giao",
    "thông",
    "đường",
    "cầu",
    "cống",
    "vốn",
    "đầu",
    "tư",
    "ngân",
    "sách",
    "giải",
    "ngân",
    "dự",
    "án",
    "công",
    "trình",
    "thi",
    "công",
    "nghiệm",
    "thu",
    "bàn",
    "giao",
    "du",
    "lịch",
    "lễ",
    "hội",
    "văn",
    "hóa",
    "thể",
    "thao",
    "di",
    "tích",
    "bảo",
    "tồn",
    "hát",
    "then",
    "đàn",
    "tính",
    "xòe",
    "thái",
    "mông",
    "dao",
    "tày",
    "nùng",
    "kinh",
    "mưa",
    "lũ",
    "sạt",
    "lở",
    "đất",
    "bão",
    "lốc",
    "hạn",
    "hán",
    "cháy",
    "rừng",
    "phòng",
    "chống",
    "thiên",
    "tai",
    "cứu",
    "hộ",
    "cứu",
    "nạn",
    "an",
    "ninh",
    "trật",
    "tự",
    "quốc",
    "phòng",
    "biên",
    "giới",
    "đồn",
    "công",
    "an",
    "quân",
    "sự",
    "dân",
    "quân",
    "tự",
    "vệ",
    "thủ",
    "tục",
    "hành",
    "chính",
    "dịch",
    "vụ",
    "trực",
    "tuyến",
    "chuyển",
    "đổi",
    "số",
    "hồ",
    "sơ",
    "một",
    "cửa",
    "doanh",
    "nghiệp",
    "hợp",
    "tác",
    "xã",
    "thương",
    "mại",
    "xuất",
    "khẩu",
    "chợ",
    "hàng",
    "hóa",
    "giá",
    "cả",
    "thị",
    "trường",
    "lao",
    "động",
    "việc",
    "làm",
    "đào",
    "tạo",
    "nghề",
    "bảo",
    "hiểm",
    "xã",
    "hội",
    "hộ",
    "nghèo",
    "cận",
    "nghèo",
    "nhà",
    "ở",
    "nước",
    "sạch",
    "điện",
    "lưới",
    "quốc",
    "gia",
    "thôn",
    "bản",
    "làng",
    "phố",
    "phường",
    "thị",
    "trấn",
    "vùng",
    "cao",
    "miền",
    "núi",
    "đồng",
    "bằng",
    "ven",
    "biển",
    "sông",
    "suối",
    "hồ",
    "thủy",
    "điện",
    "thủy",
    "lợi",
    "kênh",
    "mương",
    "hội",
    "đồng",
    "kỳ",
    "họp",
    "đại",
    "biểu",
    "cử",
    "tri",
    "tiếp",
    "xúc",
    "chất",
    "vấn",
    "nghị",
    "quyết",
    "chỉ",
    "thị",
    "quyết",
    "định",
    "thông",
    "báo",
    "công",
    "văn",
    "kết",
    "luận",
    "sơ",
    "kết",
    "tổng",
    "kết",
    "khen",
    "thưởng",
    "thi",
    "đua",
    "gương",
    "điển",
    "hình",
    "tiên",
    "tiến",
    "mặt",
    "trận",
    "tổ",
    "quốc",
    "đoàn",
    "thanh",
    "niên",
    "phụ",
    "nữ",
    "cựu",
    "chiến",
    "binh",
    "nông",
    "dân",
    "liên",
    "đoàn",
    "trẻ",
    "em",
    "người",
    "cao",
    "tuổi",
    "khuyết",
    "tật",
    "chính",
    "sách",
    "ưu",
    "đãi",
    "hỗ",
    "trợ",
    "vay",
    "vốn",
    "tín",
    "dụng",
    "ngân",
    "hàng",
    "thuế",
    "phí",
    "thu",
    "chi",
    "tài",
    "chính",
    "quy",
    "hoạch",
    "đô",
    "thị",
    "khu",
    "công",
    "nghiệp",
    "cụm",
    "mỏ",
    "khoáng",
    "sản",
    "đá",
    "cát",
    "sỏi",
    "gỗ",
    "lâm",
    "sản",
    "chăn",
    "nuôi",
    "trâu",
    "bò",
    "lợn",
    "gà",
    "thủy",
    "sản",
    "cá",
    "tôm",
    "dịch",
    "bệnh",
    "cúm",
    "tả",
    "lở",
    "mồm",
    "long",
    "móng",
    "giống",
    "mới",
    "năng",
    "suất",
    "sản",
    "lượng",
    "thu",
    "hoạch",
    "vụ",
    "đông",
    "xuân",
    "hè",
    "thu",
    "mùa",
    "vàng",
    "ruộng",
    "bậc",
    "thang",
    "cánh",
    "đồng",
    "mẫu",
    "lớn",
    "nông",
    "thôn",
    "mới",
    "tiêu",
    "chí",
    "đạt",
    "chuẩn",
    "nâng",
    "cao",
    "kiểu",
    "mẫu",
    "sáng",
    "kiến",
    "khoa",
    "học",
    "công",
    "nghệ",
    "ứng",
    "dụng",
    "phần",
    "mềm",
    "dữ",
    "liệu",
    "định",
    "danh",
    "điện",
    "tử",
    "căn",
    "cước",
    "thẻ",
    "mã",
    "số",
    "má",
    "mà",
    "Đà",
    "Nẵng",
    "Huế",
    "Hà",
    "Nội",
    "Sài",
    "Gòn",
    "Tây",
    "Bắc",
    "Việt",
    "Bắc",
    "Điện",
    "Biên",
    "Lai",
    "Châu",
    "Sơn",
    "La",
    "Quỳnh",
    "Nhai",
    "Mường",
    "Thanh",
    "Tuần",
    "Giáo",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Plain,
    Category,
    Dated,
    Newest,
    SecondPage,
}

/// Readers' queries: without diacritics (most typed on phones), with
/// them, phrases, place names, rare words; some with filters and sorting.
pub fn query_set() -> Vec<(&'static str, Kind)> {
    use Kind::*;
    vec![
        ("tinh uy", Plain),
        ("tỉnh ủy", Plain),
        ("mua lu sat lo", Plain),
        ("mưa lũ", Newest),
        ("\"sạt lở đất\"", Plain),
        ("\"hoi dong nhan dan\"", Plain),
        ("da nang", Plain),
        ("Đà Nẵng", Category),
        ("giai ngan von dau tu cong", Plain),
        ("chuyển đổi số", Dated),
        ("hat then dan tinh", Plain),
        ("má", Plain),
        ("ma so dinh danh", Plain),
        ("cà phê xuất khẩu", SecondPage),
        ("nong thon moi", Category),
        ("lễ hội", Newest),
        ("quynh nhai", Plain),
        ("thuy dien", Dated),
        ("tiêm chủng vắc xin", Plain),
        ("ho ngheo", SecondPage),
        ("\"khu công nghiệp\"", Newest),
        ("cua", Plain),
        ("ruong bac thang mua vang", Plain),
        ("giáo viên trường học", Category),
    ]
}

pub struct Article {
    pub id: i64,
    pub date: i64,
    pub title: String,
    pub text: String,
}

const ONSETS: &[&str] = &[
    "", "b", "c", "ch", "d", "đ", "g", "gi", "h", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "r",
    "s", "t", "th", "tr", "v", "x",
];

/// The news words, then every onset with every rhyme of those words, each
/// syllable once, in a fixed shuffled order after the news words.
fn vocabulary(generator: &mut Generator) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in WORDS {
        let word = word.to_lowercase();
        if !words.contains(&word) {
            words.push(word);
        }
    }
    let mut rhymes: Vec<String> = words
        .iter()
        .map(|word| {
            let onset = ONSETS
                .iter()
                .filter(|onset| word.starts_with(**onset))
                .max_by_key(|onset| onset.len())
                .map_or(0, |onset| onset.len());
            word[onset..].to_string()
        })
        .filter(|rhyme| !rhyme.is_empty())
        .collect();
    rhymes.sort();
    rhymes.dedup();
    let known: std::collections::HashSet<String> = words.iter().cloned().collect();
    let mut made: Vec<String> = ONSETS
        .iter()
        .flat_map(|onset| rhymes.iter().map(move |rhyme| format!("{onset}{rhyme}")))
        .filter(|syllable| !known.contains(syllable))
        .collect();
    for i in (1..made.len()).rev() {
        made.swap(i, generator.below(i + 1));
    }
    words.extend(made);
    words
}

pub struct Generator {
    state: u64,
    vocabulary: Vec<String>,
    /// Cumulative Zipf weights of the vocabulary's ranks.
    cumulative: Vec<f64>,
}

impl Generator {
    pub fn new(seed: u64) -> Self {
        let mut generator = Self {
            state: seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1,
            vocabulary: Vec::new(),
            cumulative: Vec::new(),
        };
        generator.vocabulary = vocabulary(&mut generator);
        let mut total = 0.0;
        generator.cumulative = (1..=generator.vocabulary.len())
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        generator
    }

    pub fn vocabulary_size(&self) -> usize {
        self.vocabulary.len()
    }

    fn next(&mut self) -> u64 {
        // xorshift64*
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn word(&mut self) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        self.cumulative
            .partition_point(|weight| *weight < u)
            .min(self.vocabulary.len() - 1)
    }

    fn sentence(&mut self, words: usize) -> String {
        let mut out = String::with_capacity(words * 6);
        for i in 0..words {
            let rank = self.word();
            let word = self.vocabulary[rank].as_str();
            if i == 0 {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(chars.as_str());
                }
            } else {
                out.push(' ');
                out.push_str(word);
            }
        }
        out
    }

    pub fn article(&mut self, id: i64) -> Article {
        let title_words = 8 + self.below(7);
        let title = self.sentence(title_words);
        let lead_words = 25 + self.below(15);
        let mut text = self.sentence(lead_words);
        text.push('.');
        // About 350 words of body: a short provincial news item.
        let sentences = 18 + self.below(10);
        for _ in 0..sentences {
            text.push(' ');
            let words = 10 + self.below(12);
            text.push_str(&self.sentence(words));
            text.push_str(if self.below(6) == 0 { "," } else { "." });
        }
        Article {
            id,
            date: NOW - (self.next() % FIVE_YEARS as u64) as i64,
            title,
            text,
        }
    }
}
