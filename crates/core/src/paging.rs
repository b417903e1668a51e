//! Page numbers that come from readers' URLs.

use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// 1-based.
    pub page: u32,
    pub per_page: u32,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum PageRequestError {
    #[error("page must be a whole number from 1 to {max}")]
    BadPage { max: u32 },
    #[error("per_page must be a whole number from 1 to {max}")]
    BadPerPage { max: u32 },
}

pub const MAX_PAGE: u32 = 100_000;

impl PageRequest {
    /// Parses the optional `page` and `per_page` texts of a query string.
    pub fn parse(
        page: Option<&str>,
        per_page: Option<&str>,
        default_per_page: u32,
        max_per_page: u32,
    ) -> Result<Self, PageRequestError> {
        let page = match page.map(str::trim).filter(|p| !p.is_empty()) {
            None => 1,
            Some(text) => text
                .parse::<u32>()
                .ok()
                .filter(|p| (1..=MAX_PAGE).contains(p))
                .ok_or(PageRequestError::BadPage { max: MAX_PAGE })?,
        };
        let per_page = match per_page.map(str::trim).filter(|p| !p.is_empty()) {
            None => default_per_page,
            Some(text) => text
                .parse::<u32>()
                .ok()
                .filter(|p| (1..=max_per_page).contains(p))
                .ok_or(PageRequestError::BadPerPage { max: max_per_page })?,
        };
        Ok(Self { page, per_page })
    }

    pub fn first(per_page: u32) -> Self {
        Self { page: 1, per_page }
    }

    pub fn offset(&self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.per_page)
    }

    pub fn limit(&self) -> i64 {
        i64::from(self.per_page)
    }

    pub fn page_count(&self, total: i64) -> u32 {
        let per = i64::from(self.per_page.max(1));
        u32::try_from(((total + per - 1) / per).max(1)).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_page_is_the_first() {
        assert_eq!(
            PageRequest::parse(None, None, 10, 50),
            Ok(PageRequest {
                page: 1,
                per_page: 10
            })
        );
    }

    #[test]
    fn text_zero_and_negative_pages_are_refused() {
        for bad in ["abc", "0", "-3", "1.5", "99999999999"] {
            assert!(
                PageRequest::parse(Some(bad), None, 10, 50).is_err(),
                "{bad}"
            );
        }
        assert!(PageRequest::parse(None, Some("500"), 10, 50).is_err());
    }

    #[test]
    fn counts_pages() {
        let request = PageRequest::first(10);
        assert_eq!(request.page_count(0), 1);
        assert_eq!(request.page_count(10), 1);
        assert_eq!(request.page_count(11), 2);
    }
}
