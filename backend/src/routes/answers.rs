//! A question's answers (`/api/questions/{id}/answers`) and `/api/answers/{id}…`:
//! write, edit, delete, vote and accept. Thin: parse, call [`crate::content`], convert.

use rocket::http::uri::Origin;
use rocket::http::Status;
use rocket::response::status::Created;
use rocket::serde::json::Json;
use rocket::State;
use rocket::{delete, get, patch, post};
use shared::{AcceptState, AnswerInput, AnswerListQuery, AnswerView, Page, VoteRequest, VoteState};

use crate::auth::user::{AuthUser, MaybeUser};
use crate::content;
use crate::content::votes::Target;
use crate::db::Db;
use crate::error::ApiResult;
use crate::rate_limit::WriteLimit;
use crate::routes::{parse_body, parse_query, JsonBody};

/// One page of a question's answers: `?filter=&page=&pageSize=`; the accepted answer
/// comes first.
#[utoipa::path(
    tag = "answers",
    params(crate::openapi::ListParams<shared::AnswerFilter>),
    responses((status = 200, description = "One page of answers, the accepted one first", body = Page<AnswerView>), crate::openapi::SubListForViewerErrors),
    security((), ("bearer" = []))
)]
#[get("/questions/<id>/answers")]
pub async fn list_answers(
    id: &str,
    uri: &Origin<'_>,
    user: MaybeUser,
    db: &State<Db>,
) -> ApiResult<Json<Page<AnswerView>>> {
    let query = parse_query(uri, AnswerListQuery::parse)?;
    Ok(Json(
        content::answers::list_answers(db, id, &query, user.user()).await?,
    ))
}

/// Answers a question → 201 with the answer.
#[utoipa::path(
    tag = "answers",
    request_body = AnswerInput,
    responses((status = 201, description = "The answer as stored", body = AnswerView), crate::openapi::WriteErrors),
    security(("bearer" = []))
)]
#[post("/questions/<id>/answers", data = "<body>")]
pub async fn post_answer(
    id: &str,
    auth: AuthUser,
    _limit: WriteLimit,
    body: JsonBody<AnswerInput>,
    db: &State<Db>,
) -> ApiResult<Created<Json<AnswerView>>> {
    let input = parse_body(body, "an answer ({content})")?;
    let answer = content::answers::post_answer(db, id, &auth.user, &input).await?;
    let location = format!("/api/questions/{id}/answers");
    Ok(Created::new(location).body(Json(answer)))
}

/// Edits an answer (its author only).
#[utoipa::path(
    tag = "answers",
    request_body = AnswerInput,
    responses((status = 200, description = "The answer as edited", body = AnswerView), crate::openapi::WriteErrors),
    security(("bearer" = []))
)]
#[patch("/answers/<id>", data = "<body>")]
pub async fn edit_answer(
    id: &str,
    auth: AuthUser,
    _limit: WriteLimit,
    body: JsonBody<AnswerInput>,
    db: &State<Db>,
) -> ApiResult<Json<AnswerView>> {
    let input = parse_body(body, "an answer ({content})")?;
    Ok(Json(
        content::answers::edit_answer(db, id, &auth.user, &input).await?,
    ))
}

/// Deletes an answer (its author only) → 204.
#[utoipa::path(
    tag = "answers",
    responses((status = 204, description = "Deleted"), crate::openapi::ActionErrors),
    security(("bearer" = []))
)]
#[delete("/answers/<id>")]
pub async fn delete_answer(
    id: &str,
    auth: AuthUser,
    _limit: WriteLimit,
    db: &State<Db>,
) -> ApiResult<Status> {
    content::answers::delete_answer(db, id, &auth.user).await?;
    Ok(Status::NoContent)
}

/// Votes on an answer: `{"direction": "up" | "down"}`.
#[utoipa::path(
    tag = "answers",
    request_body = VoteRequest,
    responses((status = 200, description = "The answer's votes after the change", body = VoteState), crate::openapi::VoteErrors),
    security(("bearer" = []))
)]
#[post("/answers/<id>/vote", data = "<body>")]
pub async fn vote_answer(
    id: &str,
    auth: AuthUser,
    _limit: WriteLimit,
    body: JsonBody<VoteRequest>,
    db: &State<Db>,
) -> ApiResult<Json<VoteState>> {
    let request = parse_body(body, "a vote ({\"direction\": \"up\" | \"down\"})")?;
    Ok(Json(
        content::votes::vote(db, Target::Answer, id, &auth.user, request.direction).await?,
    ))
}

/// Toggles the answer as accepted (the question's author only).
#[utoipa::path(
    tag = "answers",
    responses((status = 200, description = "The question's accepted answer after the change", body = AcceptState), crate::openapi::ActionErrors),
    security(("bearer" = []))
)]
#[post("/answers/<id>/accept")]
pub async fn accept_answer(
    id: &str,
    auth: AuthUser,
    _limit: WriteLimit,
    db: &State<Db>,
) -> ApiResult<Json<AcceptState>> {
    Ok(Json(
        content::answers::toggle_accepted(db, id, &auth.user).await?,
    ))
}
