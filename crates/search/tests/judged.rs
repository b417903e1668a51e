//! A judged set of queries over a fixed corpus written for this test: for
//! each query, the articles it must return (in order, where order matters)
//! and those it must not.

use portal_search::{Scope, SearchIndex, SearchRequest, SearchResults, Sort, UserQuery};
use unicode_normalization::UnicodeNormalization;

const SITE: i64 = 1;
const OTHER_SITE: i64 = 2;
const NOW: i64 = 1_780_000_000;
const DAY: i64 = 86_400;
const NEWS: i64 = 10;
const FARMING: i64 = 20;

struct Article {
    id: i64,
    site: i64,
    status: &'static str,
    date: i64,
    expire_at: Option<i64>,
    category: i64,
    title: String,
    text: &'static str,
}

fn article(id: i64, title: &str, text: &'static str) -> Article {
    Article {
        id,
        site: SITE,
        status: "published",
        date: NOW - id * DAY,
        expire_at: None,
        category: NEWS,
        title: title.to_string(),
        text,
    }
}

fn corpus() -> Vec<Article> {
    vec![
        article(
            1,
            "Hội nghị Tỉnh ủy lần thứ mười",
            "Ban Chấp hành Đảng bộ tỉnh họp bàn kế hoạch năm.",
        ),
        article(
            2,
            "Thường trực tỉnh ủy làm việc với huyện",
            "Đoàn công tác của Tỉnh ủy kiểm tra tiến độ.",
        ),
        article(
            3,
            "Đoàn doanh nghiệp Đà Nẵng thăm tỉnh",
            "Hợp tác du lịch giữa hai địa phương.",
        ),
        article(
            4,
            "Chuyện bà má năm con",
            "Má kể về những năm tháng khó khăn.",
        ),
        article(
            5,
            "Những điều mà người dân cần biết",
            "Thủ tục mà người dân hay hỏi.",
        ),
        article(
            6,
            "Cấp mã số định danh cá nhân",
            "Mã số được cấp trong ngày.",
        ),
        Article {
            // Written in decomposed Unicode, as some old systems send it.
            title: "Festival Huế mở màn".nfd().collect(),
            ..article(7, "", "Lễ hội diễn ra tại cố đô.")
        },
        article(
            8,
            "Kỳ họp Hội đồng nhân dân tỉnh",
            "Đại biểu Hội đồng nhân dân chất vấn về ngân sách.",
        ),
        article(
            9,
            "Nhân dân góp ý hội đồng thi đua",
            "Ý kiến của nhân dân gửi hội đồng xét duyệt.",
        ),
        Article {
            category: FARMING,
            ..article(
                10,
                "Vụ lúa đông xuân được mùa",
                "Nông dân phấn khởi vì năng suất cao.",
            )
        },
        Article {
            category: FARMING,
            ..article(
                11,
                "Nông dân chuẩn bị vụ mới",
                "Giống lúa mới được gieo trên cánh đồng mẫu.",
            )
        },
        article(
            12,
            "Khánh thành đường liên xã",
            "Con đường dài 12 km nối ba xã vùng cao.",
        ),
        Article {
            status: "draft",
            ..article(13, "Bản nháp về tỉnh ủy", "Chưa được đăng.")
        },
        Article {
            expire_at: Some(NOW - DAY),
            ..article(14, "Thông báo tỉnh ủy đã hết hạn", "Hết hiệu lực.")
        },
        Article {
            date: NOW + DAY,
            ..article(15, "Tỉnh ủy hẹn giờ đăng ngày mai", "Chưa đến giờ đăng.")
        },
        Article {
            site: OTHER_SITE,
            ..article(16, "Tỉnh ủy tỉnh bạn", "Tin của cổng khác.")
        },
        Article {
            status: "trashed",
            ..article(17, "Tỉnh ủy bài đã xóa", "Trong thùng rác.")
        },
    ]
}

fn index() -> SearchIndex {
    let index = SearchIndex::in_memory().expect("index");
    let corpus = corpus();
    let categories: Vec<[i64; 1]> = corpus.iter().map(|a| [a.category]).collect();
    let docs: Vec<_> = corpus
        .iter()
        .zip(&categories)
        .map(|(a, category)| portal_search::IndexDoc {
            id: a.id,
            site_id: a.site,
            status: a.status,
            date: a.date,
            expire_at: a.expire_at,
            category_ids: category,
            owner: Some(a.id * 10),
            title: &a.title,
            text: a.text,
        })
        .collect();
    index.stage(&docs, &[]).expect("staged");
    index.commit(None).expect("committed");
    index
}

fn request(query: &UserQuery) -> SearchRequest<'_> {
    SearchRequest {
        query,
        site_ids: vec![SITE],
        scope: Scope::Public { now: NOW },
        category_id: None,
        from: None,
        until: None,
        sort: Sort::Relevance,
        offset: 0,
        limit: 20,
    }
}

fn ids(results: &SearchResults) -> Vec<i64> {
    results.hits.iter().map(|hit| hit.id).collect()
}

fn find(index: &SearchIndex, text: &str) -> Vec<i64> {
    let query = UserQuery::parse(text);
    ids(&index.search(&request(&query)).expect("search"))
}

fn sorted(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort_unstable();
    ids
}

#[test]
fn without_diacritics_finds_the_words_with_them() {
    let index = index();
    assert_eq!(sorted(find(&index, "tinh uy")), [1, 2]);
    assert_eq!(find(&index, "da nang"), [3]);
    assert_eq!(find(&index, "DA NANG"), [3]);
    assert_eq!(find(&index, "duong lien xa"), [12]);
}

#[test]
fn d_with_stroke_matches_both_ways() {
    let index = index();
    assert_eq!(find(&index, "đà nẵng"), [3]);
    assert_eq!(find(&index, "Đường"), [12]);
    assert_eq!(
        find(&index, "dường"),
        [12],
        "half-typed diacritics still match"
    );
}

#[test]
fn typed_diacritics_rank_exact_matches_first() {
    let index = index();
    let ma = find(&index, "má");
    assert_eq!(ma[0], 4, "má before mà and mã: {ma:?}");
    assert_eq!(sorted(ma), [4, 5, 6], "the others still follow");
    assert_eq!(find(&index, "mã số")[0], 6);
    assert_eq!(find(&index, "mà")[0], 5);
}

#[test]
fn decomposed_text_is_found_like_composed_text() {
    let index = index();
    assert_eq!(find(&index, "Huế"), [7]);
    assert_eq!(find(&index, "hue"), [7]);
    let decomposed: String = "Huế".nfd().collect();
    assert_eq!(find(&index, &decomposed), [7]);
}

#[test]
fn quoted_phrases_match_as_phrases() {
    let index = index();
    assert_eq!(find(&index, "\"hội đồng nhân dân\""), [8]);
    assert_eq!(find(&index, "\"hoi dong nhan dan\""), [8]);
    assert_eq!(
        sorted(find(&index, "hội đồng nhân dân")),
        [8, 9],
        "without quotes the words may be apart"
    );
}

#[test]
fn phrases_of_rarer_words_keep_their_order_and_never_run_across_title_and_text() {
    let index = index();
    // "đông" is a common word, "xuân" is not; "mã" is not, "số định" are.
    assert_eq!(find(&index, "\"đông xuân\""), [10]);
    assert_eq!(find(&index, "\"xuân đông\""), Vec::<i64>::new());
    assert_eq!(find(&index, "\"ma so dinh danh\""), [6]);
    assert_eq!(find(&index, "\"mã định danh\""), Vec::<i64>::new());
    assert_eq!(find(&index, "\"nhân dân góp ý\""), [9]);
    // Article 1's title ends with "mười"; its text starts with "Ban".
    assert_eq!(find(&index, "\"mười ban\""), Vec::<i64>::new());
    assert_eq!(find(&index, "\"mười hội nghị\""), Vec::<i64>::new());
}

#[test]
fn title_matches_weigh_more_than_body_matches() {
    let index = index();
    assert_eq!(find(&index, "lúa"), [10, 11]);
    assert_eq!(
        find(&index, "nong dan")[0],
        11,
        "in the title of 11, the body of 10"
    );
}

#[test]
fn matched_words_are_marked_in_title_and_snippet() {
    let index = index();
    let query = UserQuery::parse("da nang");
    let results = index.search(&request(&query)).expect("search");
    assert_eq!(
        results.hits[0].title_html,
        "Đoàn doanh nghiệp <mark>Đà</mark> <mark>Nẵng</mark> thăm tỉnh"
    );
    let query = UserQuery::parse("ngân sách");
    let results = index.search(&request(&query)).expect("search");
    assert!(
        results.hits[0]
            .snippet_html
            .contains("<mark>ngân</mark> <mark>sách</mark>"),
        "{:?}",
        results.hits[0]
    );
}

#[test]
fn filters_by_category_and_date_and_sorts_by_date() {
    let index = index();
    let query = UserQuery::parse("nong dan");
    let farming = SearchRequest {
        category_id: Some(FARMING),
        ..request(&query)
    };
    assert_eq!(
        sorted(ids(&index.search(&farming).expect("search"))),
        [10, 11]
    );
    let query = UserQuery::parse("tinh");
    let recent = SearchRequest {
        from: Some(NOW - 2 * DAY - 1),
        ..request(&query)
    };
    assert_eq!(sorted(ids(&index.search(&recent).expect("search"))), [1, 2]);
    let older = SearchRequest {
        until: Some(NOW - 2 * DAY),
        sort: Sort::Newest,
        ..request(&query)
    };
    assert_eq!(ids(&index.search(&older).expect("search")), [3, 8]);
}

#[test]
fn readers_see_only_what_is_published_due_and_of_this_site() {
    let index = index();
    let found = find(&index, "tỉnh ủy");
    for hidden in [13, 14, 15, 16, 17] {
        assert!(!found.contains(&hidden), "{hidden} in {found:?}");
    }
    let query = UserQuery::parse("tinh uy");
    let later = SearchRequest {
        scope: Scope::Public { now: NOW + 2 * DAY },
        ..request(&query)
    };
    assert!(
        ids(&index.search(&later).expect("search")).contains(&15),
        "a scheduled article is found once its time has come"
    );
    // A province searching with its sub-sites finds theirs too.
    let estate = SearchRequest {
        site_ids: vec![SITE, OTHER_SITE],
        ..request(&query)
    };
    let across = ids(&index.search(&estate).expect("search"));
    assert!(across.contains(&16) && across.contains(&1), "{across:?}");
    let everywhere = SearchRequest {
        site_ids: vec![],
        ..request(&query)
    };
    assert_eq!(
        sorted(ids(&index.search(&everywhere).expect("search"))),
        sorted(across),
        "no filter: every site"
    );
}

#[test]
fn the_newsroom_sees_every_status_but_the_trash_within_its_categories() {
    let index = index();
    let query = UserQuery::parse("tinh uy");
    let staff = SearchRequest {
        scope: Scope::Newsroom {
            excluded_categories: vec![],
            only_owner: None,
        },
        ..request(&query)
    };
    assert_eq!(
        sorted(ids(&index.search(&staff).expect("search"))),
        [1, 2, 13, 14, 15]
    );
    // An author finds what is published and their own unpublished work.
    for (author, expected) in [(999, vec![1, 2, 14, 15]), (130, vec![1, 2, 13, 14, 15])] {
        let mine = SearchRequest {
            scope: Scope::Newsroom {
                excluded_categories: vec![],
                only_owner: Some(author),
            },
            ..request(&query)
        };
        assert_eq!(sorted(ids(&index.search(&mine).expect("search"))), expected);
    }
    let query = UserQuery::parse("nong dan");
    let limited = SearchRequest {
        scope: Scope::Newsroom {
            excluded_categories: vec![FARMING],
            only_owner: None,
        },
        ..request(&query)
    };
    assert!(ids(&index.search(&limited).expect("search")).is_empty());
}

#[test]
fn any_input_is_a_query_and_paging_counts_everything() {
    let index = index();
    for input in [
        "\"",
        "\"tỉnh",
        "+-&|!(){}[]^~*?:\\/",
        "AND",
        "tỉnh\" ủy\"\"",
        "<script>",
    ] {
        let query = UserQuery::parse(input);
        index.search(&request(&query)).expect(input);
    }
    let query = UserQuery::parse("tinh");
    let first = SearchRequest {
        limit: 2,
        ..request(&query)
    };
    let page = index.search(&first).expect("search");
    assert_eq!(page.hits.len(), 2);
    assert_eq!(page.total, 4, "1, 2, 3 and 8: {:?}", ids(&page));
    let second = SearchRequest {
        offset: 2,
        limit: 2,
        ..request(&query)
    };
    let next = index.search(&second).expect("search");
    assert!(ids(&next).iter().all(|id| !ids(&page).contains(id)));
}

#[test]
fn changes_replace_and_remove_documents() {
    let index = index();
    let categories = [NEWS];
    let edited = portal_search::IndexDoc {
        id: 3,
        site_id: SITE,
        status: "published",
        date: NOW - DAY,
        expire_at: None,
        category_ids: &categories,
        owner: None,
        title: "Đoàn doanh nghiệp Huế thăm tỉnh",
        text: "Hợp tác du lịch.",
    };
    index.stage(&[edited], &[12]).expect("staged");
    index.commit(Some("feed:42")).expect("committed");
    assert!(find(&index, "da nang").is_empty());
    assert_eq!(sorted(find(&index, "hue")), [3, 7]);
    assert!(find(&index, "duong lien xa").is_empty());
    assert_eq!(index.payload().as_deref(), Some("feed:42"));
}

#[test]
fn pages_run_on_from_the_exact_matches_to_the_others() {
    let index = index();
    let query = UserQuery::parse("má");
    let page = |offset, limit| {
        let request = SearchRequest {
            offset,
            limit,
            ..request(&query)
        };
        index.search(&request).expect("search")
    };
    let first = page(0, 1);
    assert_eq!((ids(&first), first.total), (vec![4], 3));
    let rest = page(1, 2);
    assert_eq!(sorted(ids(&rest)), [5, 6]);
    assert_eq!(rest.total, 3);
    assert!(page(3, 2).hits.is_empty());
}
