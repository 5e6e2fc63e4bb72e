//! `GET /api/search`.

use shared::{SearchParams, SearchResults};

use super::{get, with_query, ApiError};

/// Searches questions, answers, users and tags.
pub async fn search(params: SearchParams) -> Result<SearchResults, ApiError> {
    get(&with_query(
        "/api/search".to_owned(),
        params.to_query_string(),
    ))
    .await
}
