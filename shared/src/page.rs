//! The one paging envelope every list endpoint returns.

use serde::{Deserialize, Serialize};

/// A page of a list: `{"items": [...], "page": 1, "pageSize": 20, "total": 57, "isNext": true}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    /// The items on this page, in the list's order.
    pub items: Vec<T>,
    /// 1-based page number that was asked for.
    pub page: u32,
    /// Maximum number of items on a page.
    pub page_size: u32,
    /// Number of items in the whole list (all pages).
    pub total: u64,
    /// Whether a later page has items.
    pub is_next: bool,
}

impl<T> Page<T> {
    /// Builds a page, deriving `is_next` from the total so the two can never disagree.
    pub fn new(items: Vec<T>, page: u32, page_size: u32, total: u64) -> Self {
        let shown_so_far =
            u64::from(page.saturating_sub(1)) * u64::from(page_size) + items.len() as u64;
        Self {
            is_next: shown_so_far < total,
            items,
            page,
            page_size,
            total,
        }
    }

    /// Number of pages the list has (at least 1, so "page 1 of 1" reads right when empty).
    pub fn page_count(&self) -> u64 {
        if self.page_size == 0 {
            return 1;
        }
        self.total.div_ceil(u64::from(self.page_size)).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_first_page_of_a_longer_list_has_a_next_page() {
        let page = Page::new(vec![1; 20], 1, 20, 57);

        assert!(page.is_next);
        assert_eq!(page.page_count(), 3);
    }

    #[test]
    fn the_last_page_has_no_next_page() {
        let page = Page::new(vec![1; 17], 3, 20, 57);

        assert!(!page.is_next);
    }

    #[test]
    fn a_page_past_the_end_is_empty_without_next() {
        let page: Page<u8> = Page::new(vec![], 9, 20, 57);

        assert!(!page.is_next);
    }

    #[test]
    fn an_empty_list_still_has_one_page() {
        let page: Page<u8> = Page::new(vec![], 1, 20, 0);

        assert_eq!(page.page_count(), 1);
    }

    #[test]
    fn page_serialises_camel_case() {
        let json = serde_json::to_value(Page::new(vec!["a"], 1, 20, 1)).expect("serialisable");

        assert_eq!(
            json,
            serde_json::json!({"items": ["a"], "page": 1, "pageSize": 20, "total": 1, "isNext": false})
        );
    }
}
