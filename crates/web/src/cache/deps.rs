//! What a page shows, noted while it renders, and what a change to an
//! article makes stale.

use std::sync::{Mutex, MutexGuard};

use portal_core::change::ArticlePlace;
use portal_core::{ArticleId, SiteId};

/// Something a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dep {
    /// The article itself, or its title and picture in a list.
    Article(ArticleId),
    /// Every public article of the site, as the sitemap lists them.
    AnyArticle { site: SiteId },
    /// The site's newest or featured articles, whatever their section.
    Latest { site: SiteId },
    /// The newest articles of a section.
    Category(i64),
    /// The site's keyword pages.
    Tags { site: SiteId },
}

/// What a page noted while it rendered. Handlers that want their page kept
/// put this in the response's extensions.
#[derive(Debug, Default)]
pub struct Deps(Mutex<Vec<Dep>>);

impl Deps {
    pub fn note(&self, dep: Dep) {
        self.lock().push(dep);
    }

    pub fn note_all(&self, deps: impl IntoIterator<Item = Dep>) {
        self.lock().extend(deps);
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Dep>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn into_page_deps(self) -> PageDeps {
        PageDeps {
            deps: self.into_vec(),
            view_of: None,
        }
    }

    /// What was noted, sorted, each once.
    pub fn into_vec(self) -> Vec<Dep> {
        let mut deps = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        deps.sort_unstable();
        deps.dedup();
        deps
    }
}

/// Put in a response's extensions: keep this page, showing these.
#[derive(Debug, Clone)]
pub struct PageDeps {
    pub(super) deps: Vec<Dep>,
    /// An article page: a reader's visit counts as a view, cached or not.
    pub(super) view_of: Option<ArticleId>,
}

impl PageDeps {
    pub fn counting_views_of(mut self, article_id: ArticleId) -> Self {
        self.view_of = Some(article_id);
        self
    }
}

/// A public article as lists see it: what decides where it is listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    pub id: ArticleId,
    pub site_id: SiteId,
    pub public: bool,
    pub publish_at: Option<i64>,
    pub categories: Vec<i64>,
    pub tags: Vec<String>,
}

impl Listing {
    pub fn of(article: &portal_core::Article, now: i64) -> Self {
        Self::at(article.id, article.site_id, &ArticlePlace::of(article), now)
    }

    /// Where the article `id` of `site_id` is listed at `now`, being at `place`.
    pub fn at(id: ArticleId, site_id: SiteId, place: &ArticlePlace, now: i64) -> Self {
        Self {
            id,
            site_id,
            public: place.is_public(now),
            publish_at: place.publish_at,
            categories: place.categories.clone(),
            tags: place.tags.clone(),
        }
    }
}

/// What changing an article from `before` to `after` (either missing when
/// it did not or does not exist) makes stale.
pub fn stale_after(before: Option<&Listing>, after: Option<&Listing>) -> Vec<Dep> {
    let Some(id_site) = after.or(before).map(|l| (l.id, l.site_id)) else {
        return Vec::new();
    };
    let (id, site) = id_site;
    let public = |listing: Option<&Listing>| listing.filter(|l| l.public).cloned();
    let (was, is) = (public(before), public(after));
    if was.is_none() && is.is_none() {
        // Never shown to readers, so on no page.
        return Vec::new();
    }
    let mut deps = vec![Dep::Article(id), Dep::AnyArticle { site }];
    if was != is {
        // Entering, leaving or moving within lists: every list it was or is in.
        deps.push(Dep::Latest { site });
        deps.push(Dep::Tags { site });
        for listing in [&was, &is].into_iter().flatten() {
            deps.extend(listing.categories.iter().map(|c| Dep::Category(*c)));
        }
    }
    deps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(public: bool, categories: &[i64]) -> Listing {
        Listing {
            id: ArticleId(7),
            site_id: SiteId(1),
            public,
            publish_at: Some(100),
            categories: categories.to_vec(),
            tags: vec![],
        }
    }

    #[test]
    fn drafts_touch_no_page() {
        let draft = listing(false, &[3]);
        assert!(stale_after(None, Some(&draft)).is_empty());
        assert!(stale_after(Some(&draft), Some(&draft)).is_empty());
    }

    #[test]
    fn an_edit_touches_the_pages_showing_the_article_only() {
        let live = listing(true, &[3]);
        assert_eq!(
            stale_after(Some(&live), Some(&live)),
            [
                Dep::Article(ArticleId(7)),
                Dep::AnyArticle { site: SiteId(1) }
            ]
        );
    }

    #[test]
    fn publishing_or_moving_touches_the_lists_it_enters_and_leaves() {
        let draft = listing(false, &[3]);
        let live = listing(true, &[3]);
        let moved = listing(true, &[4]);
        let published = stale_after(Some(&draft), Some(&live));
        assert!(published.contains(&Dep::Latest { site: SiteId(1) }));
        assert!(published.contains(&Dep::Category(3)));
        assert!(!published.contains(&Dep::Category(4)));
        let moving = stale_after(Some(&live), Some(&moved));
        assert!(moving.contains(&Dep::Category(3)) && moving.contains(&Dep::Category(4)));
        assert!(stale_after(Some(&live), None).contains(&Dep::Category(3)));
    }
}
