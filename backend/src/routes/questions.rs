//! `/api/questions…`: list, read, ask, edit, delete, vote and save. Thin: parse, call
//! [`crate::content`], convert.

use rocket::http::uri::Origin;
use rocket::http::Status;
use rocket::response::status::Created;
use rocket::serde::json::Json;
use rocket::State;
use rocket::{delete, get, patch, post};
use shared::{
    AskQuestion, ErrorCode, Page, QuestionDetail, QuestionListQuery, QuestionSummary,
    QuestionUpdate, SaveState, VoteRequest, VoteState,
};

use crate::auth::user::{AuthUser, MaybeUser};
use crate::content::questions::Viewer;
use crate::content::votes::Target;
use crate::content::{self, ContentError};
use crate::db::Db;
use crate::error::{ApiError, ApiResult};
use crate::rate_limit::WriteLimit;
use crate::routes::visitor::AnonymousViewer;
use crate::routes::{parse_body, parse_query, JsonBody};

impl From<ContentError> for ApiError {
    fn from(error: ContentError) -> Self {
        match error {
            ContentError::QuestionNotFound(_)
            | ContentError::AnswerNotFound(_)
            | ContentError::TagNotFound(_) => ApiError::NotFound(error.to_string()),
            ContentError::NotAuthor(_) => {
                ApiError::rejected(ErrorCode::Forbidden, error.to_string())
            }
            ContentError::OwnPost => ApiError::rejected(ErrorCode::OwnPost, error.to_string()),
            ContentError::Invalid(field) => ApiError::InvalidField {
                code: ErrorCode::InvalidParameter,
                field: field.field.to_owned(),
                message: field.message,
            },
            ContentError::Database(error) => error.into(),
        }
    }
}

/// One page of questions: `?q=&filter=&tag=&page=&pageSize=`; a bad parameter is a 400
/// naming it.
#[utoipa::path(
    tag = "questions",
    params(crate::openapi::QuestionListParams),
    responses((status = 200, description = "One page of questions", body = Page<QuestionSummary>), crate::openapi::ListForViewerErrors),
    security((), ("bearer" = []))
)]
#[get("/questions")]
pub async fn list_questions(
    uri: &Origin<'_>,
    user: MaybeUser,
    db: &State<Db>,
) -> ApiResult<Json<Page<QuestionSummary>>> {
    let query = parse_query(uri, QuestionListQuery::parse)?;
    Ok(Json(
        content::questions::list_questions(db, &query, user.user()).await?,
    ))
}

/// A question with its rendered body (and the caller's vote, saved flag and
/// authorship); counts a view at most once per viewer per hour.
#[utoipa::path(
    tag = "questions",
    responses((status = 200, description = "The question", body = QuestionDetail), crate::openapi::ResourceForViewerErrors),
    security((), ("bearer" = []))
)]
#[get("/questions/<id>")]
pub async fn get_question(
    id: &str,
    user: MaybeUser,
    anonymous: AnonymousViewer,
    db: &State<Db>,
) -> ApiResult<Json<QuestionDetail>> {
    let user = user.user();
    let viewer = match user {
        Some(user) => Viewer::User(user.id.clone()),
        None => anonymous.0,
    };
    Ok(Json(
        content::questions::get_question(db, id, user, &viewer).await?,
    ))
}

/// Asks a question → 201 with it, `Location` at its API address.
#[utoipa::path(
    tag = "questions",
    request_body = AskQuestion,
    responses((status = 201, description = "The question as stored; Location is its API address", body = QuestionDetail), crate::openapi::CreateErrors),
    security(("bearer" = []))
)]
#[post("/questions", data = "<body>")]
pub async fn ask_question(
    auth: AuthUser,
    _limit: WriteLimit,
    body: JsonBody<AskQuestion>,
    db: &State<Db>,
) -> ApiResult<Created<Json<QuestionDetail>>> {
    let input = parse_body(body, "a question ({title, content, tags})")?;
    let question = content::questions::ask(db, &auth.user, &input).await?;
    let location = format!("/api/questions/{}", question.summary.id);
    Ok(Created::new(location).body(Json(question)))
}

/// Edits a question (its author only).
#[utoipa::path(
    tag = "questions",
    request_body = QuestionUpdate,
    responses((status = 200, description = "The question as edited", body = QuestionDetail), crate::openapi::WriteErrors),
    security(("bearer" = []))
)]
#[patch("/questions/<id>", data = "<body>")]
pub async fn edit_question(
    id: &str,
    auth: AuthUser,
    _limit: WriteLimit,
    body: JsonBody<QuestionUpdate>,
    db: &State<Db>,
) -> ApiResult<Json<QuestionDetail>> {
    let input = parse_body(body, "a question update ({title?, content?, tags?})")?;
    Ok(Json(
        content::questions::edit(db, id, &auth.user, &input).await?,
    ))
}

/// Deletes a question with its answers (its author only) → 204.
#[utoipa::path(
    tag = "questions",
    responses((status = 204, description = "Deleted with its answers"), crate::openapi::ActionErrors),
    security(("bearer" = []))
)]
#[delete("/questions/<id>")]
pub async fn delete_question(
    id: &str,
    auth: AuthUser,
    _limit: WriteLimit,
    db: &State<Db>,
) -> ApiResult<Status> {
    content::questions::delete(db, id, &auth.user).await?;
    Ok(Status::NoContent)
}

/// Votes on a question: `{"direction": "up" | "down"}`; the same way again removes
/// the vote.
#[utoipa::path(
    tag = "questions",
    request_body = VoteRequest,
    responses((status = 200, description = "The question's votes after the change", body = VoteState), crate::openapi::VoteErrors),
    security(("bearer" = []))
)]
#[post("/questions/<id>/vote", data = "<body>")]
pub async fn vote_question(
    id: &str,
    auth: AuthUser,
    _limit: WriteLimit,
    body: JsonBody<VoteRequest>,
    db: &State<Db>,
) -> ApiResult<Json<VoteState>> {
    let request = parse_body(body, "a vote ({\"direction\": \"up\" | \"down\"})")?;
    Ok(Json(
        content::votes::vote(db, Target::Question, id, &auth.user, request.direction).await?,
    ))
}

/// Toggles the question in the caller's saved list.
#[utoipa::path(
    tag = "questions",
    responses((status = 200, description = "Whether the question is now saved", body = SaveState), crate::openapi::ActionErrors),
    security(("bearer" = []))
)]
#[post("/questions/<id>/save")]
pub async fn save_question(
    id: &str,
    auth: AuthUser,
    _limit: WriteLimit,
    db: &State<Db>,
) -> ApiResult<Json<SaveState>> {
    let saved = content::questions::toggle_saved(db, id, &auth.user).await?;
    Ok(Json(SaveState { saved }))
}
