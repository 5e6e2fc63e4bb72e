//! `/api/questions`, `/api/answers` and `/api/markdown` endpoints.

use gloo_net::http::Method;
use shared::url::encode_segment;
use shared::{
    AcceptState, AnswerInput, AnswerListQuery, AnswerView, AskQuestion, MarkdownPreview, Page,
    ProfilePostsQuery, QuestionDetail, QuestionListQuery, QuestionSummary, QuestionUpdate,
    RenderedMarkdown, SaveState, SavedListQuery, UserAnswer, VoteDirection, VoteRequest, VoteState,
};

use super::{get, request, request_empty, send_json, with_query, ApiError, Get};

/// The API path for a home-list query (same encoding as the page URL).
pub fn list_path(query: &QuestionListQuery) -> String {
    with_query("/api/questions".to_owned(), query.to_query_string())
}

fn question_path(id: &str) -> String {
    format!("/api/questions/{}", encode_segment(id))
}

fn answer_path(id: &str) -> String {
    format!("/api/answers/{}", encode_segment(id))
}

/// One page of questions.
pub fn list_questions(query: QuestionListQuery) -> Get<Page<QuestionSummary>> {
    get(list_path(&query))
}

/// One page of the signed-in user's saved questions.
pub fn list_saved(query: SavedListQuery) -> Get<Page<QuestionSummary>> {
    get(with_query(
        "/api/me/saved".to_owned(),
        query.to_query_string(),
    ))
}

/// A question with its body and the caller's vote and saved flag.
pub fn get_question(id: String) -> Get<QuestionDetail> {
    get(question_path(&id))
}

/// Asks a question.
pub async fn ask_question(question: AskQuestion) -> Result<QuestionDetail, ApiError> {
    send_json(Method::POST, "/api/questions", &question).await
}

/// Edits a question.
pub async fn edit_question(id: String, update: QuestionUpdate) -> Result<QuestionDetail, ApiError> {
    send_json(Method::PATCH, &question_path(&id), &update).await
}

/// Deletes a question.
pub async fn delete_question(id: String) -> Result<(), ApiError> {
    request_empty(Method::DELETE, &question_path(&id)).await
}

/// What a vote is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Post {
    /// A question.
    Question,
    /// An answer.
    Answer,
}

/// Votes on a post.
pub async fn vote(post: Post, id: String, direction: VoteDirection) -> Result<VoteState, ApiError> {
    let path = match post {
        Post::Question => question_path(&id),
        Post::Answer => answer_path(&id),
    };
    send_json(
        Method::POST,
        &format!("{path}/vote"),
        &VoteRequest { direction },
    )
    .await
}

/// Toggles a question in the saved list.
pub async fn toggle_save(id: String) -> Result<SaveState, ApiError> {
    request(Method::POST, &format!("{}/save", question_path(&id)), None).await
}

/// One page of a question's answers.
pub fn list_answers(id: String, query: AnswerListQuery) -> Get<Page<AnswerView>> {
    get(with_query(
        format!("{}/answers", question_path(&id)),
        query.to_query_string(),
    ))
}

/// Answers a question.
pub async fn post_answer(question: String, content: String) -> Result<AnswerView, ApiError> {
    send_json(
        Method::POST,
        &format!("{}/answers", question_path(&question)),
        &AnswerInput { content },
    )
    .await
}

/// Deletes an answer.
pub async fn delete_answer(id: String) -> Result<(), ApiError> {
    request_empty(Method::DELETE, &answer_path(&id)).await
}

/// Toggles an answer as accepted.
pub async fn accept_answer(id: String) -> Result<AcceptState, ApiError> {
    request(Method::POST, &format!("{}/accept", answer_path(&id)), None).await
}

/// Renders Markdown exactly as a stored post would be.
pub async fn preview_markdown(markdown: String) -> Result<RenderedMarkdown, ApiError> {
    send_json(
        Method::POST,
        "/api/markdown/preview",
        &MarkdownPreview { markdown },
    )
    .await
}

/// A user's questions.
pub fn user_questions(
    (clerk_id, query): (String, ProfilePostsQuery),
) -> Get<Page<QuestionSummary>> {
    get(with_query(
        format!("/api/users/{}/questions", encode_segment(&clerk_id)),
        query.to_query_string(),
    ))
}

/// A user's answers.
pub fn user_answers((clerk_id, query): (String, ProfilePostsQuery)) -> Get<Page<UserAnswer>> {
    get(with_query(
        format!("/api/users/{}/answers", encode_segment(&clerk_id)),
        query.to_query_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_path_carries_the_tag_and_only_non_default_parameters() {
        assert_eq!(list_path(&QuestionListQuery::default()), "/api/questions");
        let query = QuestionListQuery {
            tag: "c++".into(),
            list: shared::ListQuery {
                page: 2,
                ..Default::default()
            },
        };
        assert_eq!(list_path(&query), "/api/questions?tag=c%2B%2B&page=2");
    }
}
