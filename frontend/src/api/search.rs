//! `GET /api/search`.

use shared::{SearchParams, SearchResults};

use super::{get, with_query, Get};

/// Searches questions, answers, users and tags.
pub fn search(params: SearchParams) -> Get<SearchResults> {
    get(with_query(
        "/api/search".to_owned(),
        params.to_query_string(),
    ))
}
