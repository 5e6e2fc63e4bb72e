//! `/api/tags`, `/api/popular-tags` and `/api/hot-questions` endpoints.

use gloo_net::http::Method;
use shared::url::encode_segment;
use shared::{
    FollowState, HotQuestion, Page, QuestionListQuery, QuestionSummary, Tag, TagDetail,
    TagListQuery,
};

use super::{get, request, with_query, ApiError};

fn tag_path(name: &str) -> String {
    format!("/api/tags/{}", encode_segment(name))
}

/// One page of tags.
pub async fn list_tags(query: TagListQuery) -> Result<Page<Tag>, ApiError> {
    get(&with_query("/api/tags".to_owned(), query.to_query_string())).await
}

/// A tag and whether the caller follows it.
pub async fn get_tag(name: String) -> Result<TagDetail, ApiError> {
    get(&tag_path(&name)).await
}

/// One page of a tag's questions (the query's own `tag` is ignored).
pub async fn tag_questions(
    (name, query): (String, QuestionListQuery),
) -> Result<Page<QuestionSummary>, ApiError> {
    let query = QuestionListQuery {
        tag: String::new(),
        ..query
    };
    get(&with_query(
        format!("{}/questions", tag_path(&name)),
        query.to_query_string(),
    ))
    .await
}

/// Follows the tag, or stops following it.
pub async fn toggle_follow(name: String) -> Result<FollowState, ApiError> {
    request(Method::POST, &format!("{}/follow", tag_path(&name)), None).await
}

/// The tags with the most questions.
pub async fn popular_tags(_: ()) -> Result<Vec<Tag>, ApiError> {
    get("/api/popular-tags").await
}

/// The hottest questions.
pub async fn hot_questions(_: ()) -> Result<Vec<HotQuestion>, ApiError> {
    get("/api/hot-questions").await
}
