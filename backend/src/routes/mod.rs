//! Route mounting for `/api`, and the JSON catchers that make every `/api` error
//! (including Rocket's own 404/422) a [`shared::ErrorBody`].

pub mod answers;
pub mod csp;
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

/// A request body that is one JSON object (never an array or a bare value, which
/// serde would otherwise map onto a struct's fields in order), deserialised into `T`.
#[derive(Debug)]
pub struct JsonObject<T>(pub T);

/// Why a body is not the JSON object a route accepts.
#[derive(Debug)]
pub enum BodyError {
    /// Larger than the `json` limit (bytes).
    TooLarge(u64),
    /// The body could not be read.
    Unreadable(std::io::Error),
    /// Not JSON, not an object, or not the fields the route accepts.
    Invalid(String),
}

#[rocket::async_trait]
impl<'r, T: serde::de::DeserializeOwned> rocket::data::FromData<'r> for JsonObject<T> {
    type Error = BodyError;

    async fn from_data(
        request: &'r Request<'_>,
        data: rocket::Data<'r>,
    ) -> rocket::data::Outcome<'r, Self> {
        use rocket::data::{Limits, Outcome};
        let limit = request.limits().get("json").unwrap_or(Limits::JSON);
        let bytes = match read_body(data, limit.as_u64()).await {
            Ok(bytes) => bytes,
            Err(error) => {
                let status = match error {
                    BodyError::TooLarge(_) => Status::PayloadTooLarge,
                    _ => Status::BadRequest,
                };
                return Outcome::Error((status, error));
            }
        };
        match object_from_slice(&bytes) {
            Ok(value) => Outcome::Success(Self(value)),
            Err(why) => Outcome::Error((Status::BadRequest, BodyError::Invalid(why))),
        }
    }
}

/// The whole request body, refused past `limit` bytes.
pub async fn read_body(data: rocket::Data<'_>, limit: u64) -> Result<Vec<u8>, BodyError> {
    use rocket::data::ToByteUnit;
    match data.open(limit.bytes()).into_bytes().await {
        Ok(bytes) if bytes.is_complete() => Ok(bytes.into_inner()),
        Ok(_) => Err(BodyError::TooLarge(limit)),
        Err(error) => Err(BodyError::Unreadable(error)),
    }
}

impl From<BodyError> for ApiError {
    fn from(error: BodyError) -> Self {
        match error {
            BodyError::Invalid(cause) => ApiError::rejected(ErrorCode::BadRequest, cause),
            BodyError::TooLarge(limit) => ApiError::PayloadTooLarge { limit },
            BodyError::Unreadable(cause) => ApiError::rejected(
                ErrorCode::UnreadableBody,
                format!("The body could not be read: {cause}."),
            ),
        }
    }
}

/// `bytes` as one JSON object deserialised into `T`, or why not.
pub fn object_from_slice<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    let value = serde_json::from_slice::<serde_json::Value>(bytes).map_err(|e| e.to_string())?;
    if !value.is_object() {
        return Err("expected a JSON object".to_owned());
    }
    serde_json::from_value::<T>(value).map_err(|e| e.to_string())
}

/// A JSON object body as the route declares it, so a body that does not parse is
/// answered by [`parse_body`], in the API's error shape.
pub type JsonBody<T> = Result<JsonObject<T>, BodyError>;

/// The parsed body, or a 400 saying what `what` should have been and why it is not
/// (too large is 413).
pub fn parse_body<T>(body: JsonBody<T>, what: &str) -> ApiResult<T> {
    match body {
        Ok(JsonObject(value)) => Ok(value),
        Err(BodyError::Invalid(cause)) => Err(ApiError::rejected(
            ErrorCode::BadRequest,
            format!("The body is not {what}: {cause}."),
        )),
        Err(other) => Err(other.into()),
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
        csp::csp_report,
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
    allow: Option<rocket::http::Header<'static>>,
}

impl<'r> rocket::response::Responder<'r, 'static> for CaughtError {
    fn respond_to(self, request: &'r Request<'_>) -> rocket::response::Result<'static> {
        let mut response = self.body.respond_to(request)?;
        for header in [self.retry_after, self.allow].into_iter().flatten() {
            response.set_header(header);
        }
        Ok(response)
    }
}

/// Whether a route path template (`/api/questions/<id>`) matches a request path.
pub fn template_matches(template: &str, path: &str) -> bool {
    let template: Vec<&str> = template.trim_end_matches('/').split('/').collect();
    let path: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    template.len() == path.len()
        && template
            .iter()
            .zip(&path)
            .all(|(t, p)| (t.starts_with('<') && !p.is_empty()) || t == p)
}

/// The methods mounted routes answer at `path`, for `Allow` (HEAD with GET, as
/// Rocket answers it).
fn allowed_methods(request: &Request<'_>) -> Vec<&'static str> {
    let path = request.uri().path().as_str();
    let mut methods: Vec<&'static str> = request
        .rocket()
        .routes()
        .filter(|route| {
            let template = route.uri.path();
            template.starts_with("/api/") && template_matches(template, path)
        })
        .map(|route| route.method.as_str())
        .collect();
    if methods.contains(&"GET") {
        methods.push("HEAD");
    }
    methods.sort_unstable();
    methods.dedup();
    methods
}

#[rocket::catch(default)]
fn api_default(status: Status, request: &Request<'_>) -> CaughtError {
    // No route for this method, but some for the address: 405 with `Allow`.
    if status == Status::NotFound {
        let allowed = allowed_methods(request);
        // A route for this very method answered 404 itself: the resource is missing.
        if !allowed.is_empty() && !allowed.contains(&request.method().as_str()) {
            let code = ErrorCode::MethodNotAllowed;
            let body = ErrorBody::new(
                code,
                format!(
                    "{} does not accept {}; it accepts {}.",
                    request.uri().path(),
                    request.method(),
                    allowed.join(", ")
                ),
            );
            return CaughtError {
                body: (Status::MethodNotAllowed, Json(body)),
                retry_after: None,
                allow: Some(rocket::http::Header::new("Allow", allowed.join(", "))),
            };
        }
    }
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
        allow: None,
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
    fn route_templates_match_paths_segment_by_segment() {
        assert!(template_matches(
            "/api/questions/<id>",
            "/api/questions/abc"
        ));
        assert!(template_matches("/api/questions", "/api/questions/"));
        assert!(!template_matches("/api/questions/<id>", "/api/questions/"));
        assert!(!template_matches(
            "/api/questions/<id>",
            "/api/questions/a/b"
        ));
        assert!(!template_matches("/api/tags", "/api/users"));
    }

    #[test]
    fn server_errors_never_describe_internals() {
        let body = error_body_for(Status::InternalServerError, "GET", "/api/x");

        assert_eq!(body.code, ErrorCode::InternalError);
    }
}
