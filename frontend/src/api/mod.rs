//! Talking to the DevFlow API. One request function maps every outcome (network
//! failure, error status with an `ErrorBody`, undecodable body) to one [`ApiError`]
//! that pages can store in state and render.

pub mod health;
pub mod users;

use gloo_net::http::{Method, RequestBuilder};
use serde::de::DeserializeOwned;
use shared::ErrorBody;

/// Why an API call failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// No response at all (offline, server down, CORS, aborted).
    Network(String),
    /// The server answered with an error status.
    Http {
        status: u16,
        code: String,
        message: String,
    },
    /// A success status whose body is not what the client expected.
    Decode(String),
}

impl ApiError {
    /// A sentence to show people.
    pub fn user_message(&self) -> String {
        match self {
            ApiError::Network(_) => {
                "Could not reach the DevFlow server. Check your connection and try again.".into()
            }
            ApiError::Http {
                status: 404,
                message,
                ..
            } => message.clone(),
            ApiError::Http {
                status, message, ..
            } if *status >= 500 => {
                format!("The server is having trouble ({status}). {message}")
            }
            ApiError::Http { message, .. } => message.clone(),
            ApiError::Decode(_) => {
                "The server sent a response this page does not understand.".into()
            }
        }
    }

    /// The HTTP status, when there was a response.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Http { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// Maps an error status and its body to an [`ApiError`]. Bodies that are not an
/// `ErrorBody` (a proxy's HTML error page, say) still give a readable error.
pub fn error_from_response(status: u16, body: &str) -> ApiError {
    match serde_json::from_str::<ErrorBody>(body) {
        Ok(ErrorBody { code, message }) => ApiError::Http {
            status,
            code,
            message,
        },
        Err(_) => ApiError::Http {
            status,
            code: "http_error".into(),
            message: format!("The request failed with status {status}."),
        },
    }
}

/// Percent-encodes one path segment (ids come from URLs and must not add segments).
pub fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Decodes a success body.
pub fn decode<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    serde_json::from_str(body).map_err(|e| ApiError::Decode(e.to_string()))
}

/// Sends a request and returns the status and body text, whatever the status.
pub async fn send(
    method: Method,
    path: &str,
    json: Option<String>,
) -> Result<(u16, String), ApiError> {
    let builder = RequestBuilder::new(path)
        .method(method)
        .header("Accept", "application/json");
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

/// The one generic request: success bodies decode into `T`, anything else is an [`ApiError`].
pub async fn request<T: DeserializeOwned>(
    method: Method,
    path: &str,
    json: Option<String>,
) -> Result<T, ApiError> {
    let (status, body) = send(method, path, json).await?;
    if (200..300).contains(&status) {
        decode(&body)
    } else {
        Err(error_from_response(status, &body))
    }
}

/// `GET` shorthand for [`request`].
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    request(Method::GET, path, None).await
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
                code: "not_found".into(),
                message: "No such user.".into()
            }
        );
        assert_eq!(error.user_message(), "No such user.");
    }

    #[test]
    fn a_non_json_error_page_still_reads_well() {
        let error = error_from_response(502, "<html>Bad Gateway</html>");

        assert_eq!(error.status(), Some(502));
        assert!(error.user_message().contains("502"));
    }

    #[test]
    fn an_unexpected_success_body_is_a_decode_error() {
        let result: Result<shared::Health, _> = decode("{\"nope\":1}");

        assert!(matches!(result, Err(ApiError::Decode(_))));
    }

    #[test]
    fn path_segments_are_encoded() {
        assert_eq!(encode_segment("user_2abc"), "user_2abc");
        assert_eq!(encode_segment("a/b c?"), "a%2Fb%20c%3F");
    }

    #[test]
    fn network_failures_tell_people_what_to_do() {
        assert!(ApiError::Network("x".into())
            .user_message()
            .contains("try again"));
    }
}
