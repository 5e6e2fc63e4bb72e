//! Talking to the DevFlow API. One request function maps every outcome (network
//! failure, error status with an `ErrorBody`, undecodable body) to one [`ApiError`]
//! that pages can store in state and render.

pub mod questions;
pub mod search;
pub mod session;
pub mod tags;
pub mod users;

use std::cell::RefCell;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;

use gloo_net::http::{Method, RequestBuilder};
use serde::de::DeserializeOwned;
use shared::{ErrorBody, ErrorCode};

/// Why an API call failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// No response at all (offline, server down, CORS, aborted).
    Network(String),
    /// The server answered with an error status and an `ErrorBody`.
    Http {
        status: u16,
        code: ErrorCode,
        message: String,
        /// The request body field at fault, for forms.
        field: Option<String>,
    },
    /// A success status whose body is not what the client expected.
    Decode(String),
}

impl ApiError {
    /// The error code, when the server sent one; pages decide on this, not on statuses.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiError::Http { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// A sentence to show people.
    pub fn user_message(&self) -> String {
        match self {
            ApiError::Network(_) => {
                "Could not reach the DevFlow server. Check your connection and try again.".into()
            }
            ApiError::Http {
                status,
                code,
                message,
                ..
            } if code.is_retryable() => {
                format!("The server is having trouble ({status}). {message}")
            }
            ApiError::Http { message, .. } => message.clone(),
            ApiError::Decode(_) => {
                "The server sent a response this page does not understand.".into()
            }
        }
    }
}

/// Maps an error status and its body to an [`ApiError`]. Bodies that are not an
/// `ErrorBody` (a proxy's HTML error page, say) still give a readable error, with the
/// code the status implies.
pub fn error_from_response(status: u16, body: &str) -> ApiError {
    match serde_json::from_str::<ErrorBody>(body) {
        Ok(ErrorBody {
            code,
            message,
            field,
        }) => ApiError::Http {
            status,
            code,
            message,
            field,
        },
        Err(_) => ApiError::Http {
            status,
            code: ErrorCode::for_status(status),
            message: format!("The request failed with status {status}."),
            field: None,
        },
    }
}

/// Decodes a success body.
pub fn decode<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    serde_json::from_str(body).map_err(|e| ApiError::Decode(e.to_string()))
}

/// A function that yields the current session token (a fresh one if it is about to
/// expire), or `None` when signed out.
pub type TokenSource = Rc<dyn Fn() -> Pin<Box<dyn Future<Output = Option<String>>>>>;

thread_local! {
    static TOKEN_SOURCE: RefCell<Option<TokenSource>> = const { RefCell::new(None) };
}

/// Installs where [`send`] gets session tokens from (the auth provider does this once
/// it knows how people sign in); `None` sends requests anonymously.
pub fn set_token_source(source: Option<TokenSource>) {
    TOKEN_SOURCE.with(|cell| *cell.borrow_mut() = source);
}

async fn current_token() -> Option<String> {
    let source = TOKEN_SOURCE.with(|cell| cell.borrow().clone())?;
    source().await
}

/// Sends a request, with `token` when given, and returns the status and body text,
/// whatever the status.
pub async fn send(
    method: Method,
    path: &str,
    json: Option<String>,
    token: Option<String>,
) -> Result<(u16, String), ApiError> {
    let mut builder = RequestBuilder::new(path)
        .method(method)
        .header("Accept", "application/json");
    if let Some(token) = token {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    let request = match json {
        Some(body) => builder
            .header("Content-Type", "application/json")
            .body(body)
            .map_err(|e| ApiError::Network(e.to_string()))?,
        None => builder
            .build()
            .map_err(|e| ApiError::Network(e.to_string()))?,
    };
    let response = request
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    let status = response.status();
    let text = response
        .text()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    Ok((status, text))
}

/// The one generic request: the session token is attached when signed in; success
/// bodies decode into `T`, anything else is an [`ApiError`].
pub async fn request<T: DeserializeOwned>(
    method: Method,
    path: &str,
    json: Option<String>,
) -> Result<T, ApiError> {
    let token = current_token().await;
    let (status, body) = send(method, path, json, token).await?;
    decode_response(status, &body)
}

/// Like [`request`], but never attaches a token (calls that obtain tokens must not
/// depend on one).
pub async fn request_anonymous<T: DeserializeOwned>(
    method: Method,
    path: &str,
    json: Option<String>,
) -> Result<T, ApiError> {
    let (status, body) = send(method, path, json, None).await?;
    decode_response(status, &body)
}

/// What [`request`] makes of a status and body; also used for the responses the
/// server embedded in the page.
pub fn decode_response<T: DeserializeOwned>(status: u16, body: &str) -> Result<T, ApiError> {
    if (200..300).contains(&status) {
        decode(body)
    } else {
        Err(error_from_response(status, body))
    }
}

/// Like [`request`] for endpoints that answer `204 No Content` (deletions).
pub async fn request_empty(method: Method, path: &str) -> Result<(), ApiError> {
    let token = current_token().await;
    let (status, body) = send(method, path, None, token).await?;
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(error_from_response(status, &body))
    }
}

/// `POST`/`PATCH` with a JSON body, shorthand for [`request`].
pub async fn send_json<B: serde::Serialize, T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    let json = serde_json::to_string(body).map_err(|e| ApiError::Decode(e.to_string()))?;
    request(method, path, Some(json)).await
}

/// `path?query`, or `path` alone when the query is empty.
pub fn with_query(path: String, query: String) -> String {
    if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    }
}

/// A `GET` of one API resource, not sent yet. Its path is known before it is sent,
/// so a page rendered on the server can name the data it needs and, in the browser,
/// find it in the page instead of asking again (see [`crate::page_data`]). `.await`
/// sends it.
pub struct Get<T> {
    path: String,
    answer: PhantomData<fn() -> T>,
}

impl<T> Get<T> {
    /// The path and query, as sent (`/api/users?page=2`).
    pub fn path(&self) -> &str {
        &self.path
    }
}

impl<T: DeserializeOwned + 'static> IntoFuture for Get<T> {
    type Output = Result<T, ApiError>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output>>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { request(Method::GET, &self.path, None).await })
    }
}

/// A `GET` of `path` (see [`Get`]).
pub fn get<T>(path: impl Into<String>) -> Get<T> {
    Get {
        path: path.into(),
        answer: PhantomData,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_body_becomes_a_typed_http_error() {
        let error = error_from_response(404, r#"{"code":"not_found","message":"No such user."}"#);

        assert_eq!(
            error,
            ApiError::Http {
                status: 404,
                code: ErrorCode::NotFound,
                message: "No such user.".into(),
                field: None,
            }
        );
        assert_eq!(error.user_message(), "No such user.");
    }

    #[test]
    fn a_non_json_error_page_still_reads_well() {
        let error = error_from_response(502, "<html>Bad Gateway</html>");

        assert_eq!(error.code(), Some(ErrorCode::InternalError));
        assert!(error.user_message().contains("502"));
    }

    #[test]
    fn an_unexpected_success_body_is_a_decode_error() {
        let result: Result<shared::SaveState, _> = decode("{\"nope\":1}");

        assert!(matches!(result, Err(ApiError::Decode(_))));
    }

    #[test]
    fn network_failures_tell_people_what_to_do() {
        assert!(ApiError::Network("x".into())
            .user_message()
            .contains("try again"));
    }
}
