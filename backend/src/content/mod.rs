//! Questions, answers, votes, acceptance, saving, tags and search: the use cases
//! behind the content routes. Each returns [`ContentError`]; the routes map it to HTTP. How each
//! multi-document change stays consistent is said at the function and in
//! [`reconcile`].

pub mod answers;
pub mod dto;
pub mod questions;
pub mod reconcile;
pub mod search;
pub mod tags;
pub mod votes;

use shared::FieldError;

/// Why a content use case failed.
#[derive(Debug, thiserror::Error)]
pub enum ContentError {
    /// No question has this id.
    #[error("No question has the id {0}.")]
    QuestionNotFound(String),
    /// No answer has this id.
    #[error("No answer has the id {0}.")]
    AnswerNotFound(String),
    /// No tag has this name.
    #[error("No tag is named {0}.")]
    TagNotFound(String),
    /// Only the author (for acceptance: the question's author) may do this.
    #[error("Only {0} can do this.")]
    NotAuthor(&'static str),
    /// Voting on your own post.
    #[error("You cannot vote on your own post.")]
    OwnPost,
    /// A field breaks its rule.
    #[error("{}", .0.message)]
    Invalid(FieldError),
    /// The database failed or could not be reached.
    #[error("database error")]
    Database(#[from] mongodb::error::Error),
}

/// Result alias for the content use cases.
pub type ContentResult<T> = Result<T, ContentError>;

/// Fails with the first broken rule.
fn check(errors: Vec<FieldError>) -> ContentResult<()> {
    match errors.into_iter().next() {
        Some(error) => Err(ContentError::Invalid(error)),
        None => Ok(()),
    }
}

/// Renders Markdown on the blocking pool: highlighting a long post is CPU work that
/// must not stall the async workers serving other requests.
pub async fn render_markdown(markdown: String) -> String {
    match tokio::task::spawn_blocking(move || crate::domain::markdown::render(&markdown)).await {
        Ok(html) => html,
        // Only if rendering panicked (a bug): show nothing rather than raw input.
        Err(error) => {
            tracing::error!(error = %error, "rendering Markdown failed");
            String::new()
        }
    }
}

/// A fresh string id (ObjectId hex, like every other collection's).
fn new_id() -> String {
    mongodb::bson::oid::ObjectId::new().to_hex()
}
