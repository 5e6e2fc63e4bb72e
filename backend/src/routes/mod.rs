//! Route mounting for `/api`, and the JSON catchers that make every `/api` error
//! (including Rocket's own 404/422) a [`shared::ErrorBody`].

pub mod health;
pub mod users;
pub mod webhooks;

use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{Catcher, Request, Route};
use shared::ErrorBody;

/// Every route under `/api`.
pub fn api_routes() -> Vec<Route> {
    rocket::routes![
        health::health,
        users::list_users,
        users::get_user,
        webhooks::clerk::clerk_webhook
    ]
}

/// Catchers registered for `/api`.
pub fn api_catchers() -> Vec<Catcher> {
    rocket::catchers![api_default]
}

/// The body for an error Rocket raised itself (no route, unparsable body...).
pub fn error_body_for(status: Status, method: &str, path: &str) -> ErrorBody {
    match status.code {
        404 => ErrorBody::new(
            "not_found",
            format!("No API endpoint matches {method} {path}."),
        ),
        400 => ErrorBody::new("bad_request", "The request is malformed."),
        401 => ErrorBody::new("unauthorized", "Authentication is required."),
        403 => ErrorBody::new("forbidden", "You are not allowed to do this."),
        413 => ErrorBody::new("payload_too_large", "The request body is too large."),
        422 => ErrorBody::new(
            "unprocessable_entity",
            "The request body could not be understood.",
        ),
        503 => ErrorBody::new(
            "service_unavailable",
            "The service is unavailable; please retry shortly.",
        ),
        code if code >= 500 => {
            ErrorBody::new("internal_error", "Something went wrong on our side.")
        }
        _ => ErrorBody::new(
            "http_error",
            status.reason().unwrap_or("The request failed.").to_owned(),
        ),
    }
}

#[rocket::catch(default)]
fn api_default(status: Status, request: &Request<'_>) -> (Status, Json<ErrorBody>) {
    let body = error_body_for(
        status,
        request.method().as_str(),
        request.uri().path().as_str(),
    );
    (status, Json(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_endpoint_names_method_and_path() {
        let body = error_body_for(Status::NotFound, "GET", "/api/nope");

        assert_eq!(body.code, "not_found");
        assert!(body.message.contains("GET /api/nope"));
    }

    #[test]
    fn server_errors_never_describe_internals() {
        let body = error_body_for(Status::InternalServerError, "GET", "/api/x");

        assert_eq!(body.code, "internal_error");
    }
}
