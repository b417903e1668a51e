//! Any search box text, read and run against a small index: results or an
//! empty page, never a panic or an error.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use portal_search::{IndexDoc, Scope, SearchIndex, SearchRequest, Sort, UserQuery};

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let index = SearchIndex::in_memory().expect("index");
        let docs = [
            (1, "Hội nghị Tỉnh ủy tổng kết năm", "Đà Nẵng, Thái Nguyên và các xã vùng cao."),
            (2, "Lễ hội mùa vàng", "Du khách về bản làng ngắm lúa chín."),
            (3, "\"Trích dẫn\" và ký hiệu +-*/", "Các phép toán AND OR NOT (ngoặc) [vuông]"),
        ];
        let categories = [1_i64];
        let staged: Vec<IndexDoc<'_>> = docs
            .iter()
            .map(|(id, title, text)| IndexDoc {
                id: *id,
                site_id: 1,
                status: "published",
                date: 1_700_000_000 + id,
                expire_at: None,
                category_ids: &categories,
                owner: Some(1),
                title,
                text,
            })
            .collect();
        index.stage(&staged, &[]).expect("stage");
        index.commit(None).expect("commit");
        index
    })
}

fuzz_target!(|text: &str| {
    let query = UserQuery::parse(text);
    for (scope, sort) in [
        (Scope::Public { now: 1_800_000_000 }, Sort::Relevance),
        (
            Scope::Newsroom {
                excluded_categories: vec![2],
                only_owner: Some(1),
            },
            Sort::Newest,
        ),
    ] {
        let found = index()
            .search(&SearchRequest {
                query: &query,
                site_ids: vec![1],
                scope,
                category_id: None,
                from: None,
                until: None,
                sort,
                offset: 0,
                limit: 10,
            })
            .expect("a query never fails");
        assert!(found.hits.len() <= 3);
    }
});
