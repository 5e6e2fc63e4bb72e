//! Route mounting for `/api`, and the JSON catchers that make every `/api` error
//! (including Rocket's own 404/422) a [`shared::ErrorBody`].

pub mod answers;
pub mod health;
pub mod markdown;
pub mod me;
pub mod questions;
pub mod search;
pub mod seo;
pub mod session;
pub mod tags;
pub mod users;
pub mod visitor;
pub mod webhooks;

use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{Catcher, Request, Route};
use shared::{ErrorBody, ErrorCode};

use crate::auth::user::GuardFailure;
use crate::error::{ApiError, ApiResult};
use crate::rate_limit::RetryAfter;

/// A JSON body as the route declares it: `Result<Json<T>, json::Error>`, so a body
/// that does not parse is answered here, in the API's error shape.
pub type JsonBody<'r, T> = Result<Json<T>, rocket::serde::json::Error<'r>>;

/// The parsed body, or a 400 saying what `what` should have been and why it is not
/// (too large is 413).
pub fn parse_body<T>(body: JsonBody<'_, T>, what: &str) -> ApiResult<T> {
    use rocket::serde::json::Error;
    match body {
        Ok(Json(value)) => Ok(value),
        Err(Error::Parse(_, cause)) => Err(ApiError::rejected(
            ErrorCode::BadRequest,
            format!("The body is not {what}: {cause}."),
        )),
        Err(Error::Io(cause)) if cause.kind() == std::io::ErrorKind::UnexpectedEof => Err(
            ApiError::rejected(ErrorCode::BadRequest, format!("The body is not {what}.")),
        ),
        Err(Error::Io(cause)) => Err(ApiError::rejected(
            ErrorCode::UnreadableBody,
            format!("The body could not be read: {cause}."),
        )),
    }
}

/// The request's query string parsed by `parse` (a `shared` query type's strict
/// parse), or a 400 naming the bad parameter.
pub fn parse_query<Q>(
    uri: &rocket::http::uri::Origin<'_>,
    parse: impl FnOnce(&str) -> Result<Q, shared::QueryError>,
) -> ApiResult<Q> {
    parse(uri.query().map(|q| q.as_str()).unwrap_or_default())
        .map_err(|e| ApiError::invalid(e.param, e.message))
}

/// Every route under `/api`.
pub fn api_routes() -> Vec<Route> {
    rocket::routes![
        health::health,
        session::client_config,
        me::get_me,
        me::patch_me,
        me::list_saved,
        users::list_users,
        users::get_user,
        users::list_user_questions,
        users::list_user_answers,
        questions::list_questions,
        questions::get_question,
        questions::ask_question,
        questions::edit_question,
        questions::delete_question,
        questions::vote_question,
        questions::save_question,
        answers::list_answers,
        answers::post_answer,
        answers::edit_answer,
        answers::delete_answer,
        answers::vote_answer,
        answers::accept_answer,
        markdown::preview,
        tags::list_tags,
        tags::get_tag,
        tags::list_tag_questions,
        tags::follow_tag,
        tags::popular_tags,
        tags::hot_questions,
        search::search,
        webhooks::clerk::clerk_webhook,
        crate::openapi::openapi_json,
        crate::openapi::api_docs
    ]
}

/// Routes that exist only in local sign-in mode.
pub fn local_sign_in_routes() -> Vec<Route> {
    rocket::routes![session::local_sign_in]
}

/// Catchers registered for `/api`.
pub fn api_catchers() -> Vec<Catcher> {
    rocket::catchers![api_default]
}

/// The body for an error Rocket raised itself (no route, unparsable body...): the
/// status's code with its default sentence; a missing endpoint is named.
pub fn error_body_for(status: Status, method: &str, path: &str) -> ErrorBody {
    let code = ErrorCode::for_status(status.code);
    match code {
        ErrorCode::NotFound => {
            ErrorBody::new(code, format!("No API endpoint matches {method} {path}."))
        }
        ErrorCode::HttpError => ErrorBody::new(
            code,
            status.reason().unwrap_or(code.default_message()).to_owned(),
        ),
        _ => ErrorBody::from_code(code),
    }
}

/// A caught error: its JSON body, and `Retry-After` when a rate limit refused it.
struct CaughtError {
    body: (Status, Json<ErrorBody>),
    retry_after: Option<rocket::http::Header<'static>>,
}

impl<'r> rocket::response::Responder<'r, 'static> for CaughtError {
    fn respond_to(self, request: &'r Request<'_>) -> rocket::response::Result<'static> {
        let mut response = self.body.respond_to(request)?;
        if let Some(header) = self.retry_after {
            response.set_header(header);
        }
        Ok(response)
    }
}

#[rocket::catch(default)]
fn api_default(status: Status, request: &Request<'_>) -> CaughtError {
    let retry_after = request
        .local_cache(RetryAfter::default)
        .0
        .map(|secs| rocket::http::Header::new("Retry-After", secs.to_string()));
    // A guard that failed (auth, rate limit) left its precise error behind.
    let body = match &request.local_cache(GuardFailure::default).0 {
        Some(body) => body.clone(),
        None => error_body_for(
            status,
            request.method().as_str(),
            request.uri().path().as_str(),
        ),
    };
    CaughtError {
        body: (status, Json(body)),
        retry_after,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_endpoint_names_method_and_path() {
        let body = error_body_for(Status::NotFound, "GET", "/api/nope");

        assert_eq!(body.code, ErrorCode::NotFound);
        assert!(body.message.contains("GET /api/nope"));
    }

    #[test]
    fn server_errors_never_describe_internals() {
        let body = error_body_for(Status::InternalServerError, "GET", "/api/x");

        assert_eq!(body.code, ErrorCode::InternalError);
    }
}
