//! `/api/tags`, `/api/popular-tags` and `/api/hot-questions` endpoints.

use gloo_net::http::Method;
use shared::url::encode_segment;
use shared::{
    FollowState, HotQuestion, Page, QuestionListQuery, QuestionSummary, Tag, TagDetail,
    TagListQuery,
};

use super::{get, request, with_query, ApiError, Get};

fn tag_path(name: &str) -> String {
    format!("/api/tags/{}", encode_segment(name))
}

/// One page of tags.
pub fn list_tags(query: TagListQuery) -> Get<Page<Tag>> {
    get(with_query("/api/tags".to_owned(), query.to_query_string()))
}

/// A tag and whether the caller follows it.
pub fn get_tag(name: String) -> Get<TagDetail> {
    get(tag_path(&name))
}

/// One page of a tag's questions (the query's own `tag` is ignored).
pub fn tag_questions((name, query): (String, QuestionListQuery)) -> Get<Page<QuestionSummary>> {
    let query = QuestionListQuery {
        tag: String::new(),
        ..query
    };
    get(with_query(
        format!("{}/questions", tag_path(&name)),
        query.to_query_string(),
    ))
}

/// Follows the tag, or stops following it.
pub async fn toggle_follow(name: String) -> Result<FollowState, ApiError> {
    request(Method::POST, &format!("{}/follow", tag_path(&name)), None).await
}

/// The tags with the most questions.
pub fn popular_tags(_: ()) -> Get<Vec<Tag>> {
    get("/api/popular-tags")
}

/// The hottest questions.
pub fn hot_questions(_: ()) -> Get<Vec<HotQuestion>> {
    get("/api/hot-questions")
}
