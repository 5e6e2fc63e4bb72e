//! The JSON body of every error response from `/api`, and the one list of error codes.
//!
//! The backend builds every error from an [`ErrorCode`]; the SPA decides what to show by
//! matching on the code, never on the HTTP status. Each code has one status and one
//! default sentence, so the backend's errors and its catchers cannot drift apart.

use serde::{Deserialize, Serialize};

/// Every machine-readable error code the API answers with, serialised in snake_case
/// (`not_found`, `invalid_parameter`, ...). Clients branch on these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No resource (or no endpoint) at this address.
    NotFound,
    /// The address exists but not with this method (`Allow` lists those it has).
    MethodNotAllowed,
    /// A query or path parameter is missing, malformed or out of range.
    InvalidParameter,
    /// The request is malformed in a way that is not one parameter.
    BadRequest,
    /// The body is well-formed JSON but not what the endpoint accepts.
    UnprocessableEntity,
    /// The body is larger than the endpoint accepts.
    PayloadTooLarge,
    /// The request body could not be read.
    UnreadableBody,
    /// Authentication is required and none was given.
    Unauthorized,
    /// The caller is authenticated but not allowed to do this.
    Forbidden,
    /// No session token was sent; sign in.
    Unauthenticated,
    /// The session token is not valid (expired, wrong issuer, bad signature...).
    InvalidSession,
    /// The token is valid but Clerk has not told DevFlow about the user yet; retry soon.
    AccountPending,
    /// Another user has this username.
    UsernameTaken,
    /// People cannot vote on their own posts.
    OwnPost,
    /// Webhook signature headers are missing or malformed.
    InvalidSignatureHeaders,
    /// No webhook signature matches the body.
    InvalidSignature,
    /// The webhook timestamp is too far from the server's clock.
    TimestampOutOfTolerance,
    /// A signed webhook body is not a Clerk event DevFlow understands.
    InvalidEvent,
    /// Another delivery of the same webhook event is being applied; retry later.
    EventInProgress,
    /// The user is being changed concurrently; retry later.
    UserContention,
    /// Another user still holds this email address; retry later.
    EmailInUse,
    /// The client sent too many requests; retry after the `Retry-After` seconds.
    RateLimited,
    /// The work did not finish in time; retry later.
    Timeout,
    /// The feature is switched off by the server's configuration.
    NotConfigured,
    /// The database cannot be reached; retry later.
    DatabaseUnavailable,
    /// The service cannot answer right now; retry later.
    ServiceUnavailable,
    /// A bug or an unexpected failure on the server.
    InternalError,
    /// An HTTP error with no more specific code.
    HttpError,
    /// A code this client does not know (sent by a newer server).
    #[serde(other)]
    Unknown,
}

impl ErrorCode {
    /// The HTTP status the API answers this code with.
    pub fn status(self) -> u16 {
        match self {
            Self::NotFound => 404,
            Self::MethodNotAllowed => 405,
            Self::InvalidParameter
            | Self::BadRequest
            | Self::UnreadableBody
            | Self::InvalidSignatureHeaders
            | Self::InvalidEvent => 400,
            Self::UnprocessableEntity => 422,
            Self::PayloadTooLarge => 413,
            Self::Unauthorized
            | Self::InvalidSignature
            | Self::TimestampOutOfTolerance
            | Self::Unauthenticated
            | Self::InvalidSession => 401,
            Self::Forbidden | Self::AccountPending | Self::OwnPost => 403,
            Self::EventInProgress
            | Self::UserContention
            | Self::EmailInUse
            | Self::UsernameTaken => 409,
            Self::RateLimited => 429,
            Self::Timeout
            | Self::NotConfigured
            | Self::DatabaseUnavailable
            | Self::ServiceUnavailable => 503,
            Self::InternalError | Self::HttpError | Self::Unknown => 500,
        }
    }

    /// The code for an error status nothing more specific is known about (Rocket's own
    /// errors: no route, a body that does not parse...).
    pub fn for_status(status: u16) -> Self {
        match status {
            400 => Self::BadRequest,
            401 => Self::Unauthorized,
            403 => Self::Forbidden,
            404 => Self::NotFound,
            405 => Self::MethodNotAllowed,
            413 => Self::PayloadTooLarge,
            429 => Self::RateLimited,
            422 => Self::UnprocessableEntity,
            503 => Self::ServiceUnavailable,
            500..=599 => Self::InternalError,
            _ => Self::HttpError,
        }
    }

    /// The sentence sent when there is nothing more specific to say. Server-side codes
    /// never say more than this, so internals never reach clients.
    pub fn default_message(self) -> &'static str {
        match self {
            Self::NotFound => "There is nothing at this address.",
            Self::MethodNotAllowed => "This address does not accept this method.",
            Self::InvalidParameter => "A parameter is invalid.",
            Self::BadRequest => "The request is malformed.",
            Self::UnprocessableEntity => "The request body could not be understood.",
            Self::PayloadTooLarge => "The request body is too large.",
            Self::UnreadableBody => "The request body could not be read.",
            Self::Unauthorized => "Authentication is required.",
            Self::Forbidden => "You are not allowed to do this.",
            Self::Unauthenticated => "Sign in to do this.",
            Self::InvalidSession => "Your session is not valid; please sign in again.",
            Self::AccountPending => {
                "Your account is still being set up; please retry in a few seconds."
            }
            Self::UsernameTaken => "That username is taken.",
            Self::OwnPost => "You cannot vote on your own post.",
            Self::InvalidSignatureHeaders => "The webhook signature headers are malformed.",
            Self::InvalidSignature => "No signature matches the body.",
            Self::TimestampOutOfTolerance => "The webhook timestamp is out of tolerance.",
            Self::InvalidEvent => "The body is not a Clerk event.",
            Self::EventInProgress => {
                "This event is being applied by another delivery; retry later."
            }
            Self::UserContention => "The user is being changed concurrently; retry later.",
            Self::EmailInUse => "Another user still has this email address; retry later.",
            Self::RateLimited => "Too many requests; please retry in a minute.",
            Self::Timeout => "The request took too long; please retry shortly.",
            Self::NotConfigured => "This feature is not configured on this server.",
            Self::DatabaseUnavailable => "The database is unavailable; please retry shortly.",
            Self::ServiceUnavailable => "The service is unavailable; please retry shortly.",
            Self::InternalError | Self::Unknown => "Something went wrong on our side.",
            Self::HttpError => "The request failed.",
        }
    }

    /// Whether the same request may succeed later without changes (the SPA offers
    /// "Try again" for these).
    pub fn is_retryable(self) -> bool {
        matches!(
            self,
            Self::EventInProgress
                | Self::AccountPending
                | Self::UserContention
                | Self::EmailInUse
                | Self::RateLimited
                | Self::Timeout
                | Self::DatabaseUnavailable
                | Self::ServiceUnavailable
                | Self::InternalError
        )
    }
}

/// The body of every non-2xx response under `/api`: a stable machine-readable `code`,
/// a human-readable `message`, and for a bad field of a request body its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// Stable identifier clients can branch on.
    pub code: ErrorCode,
    /// Sentence for people; never contains internals such as database errors.
    pub message: String,
    /// The request body field at fault (camelCase), so forms can show it inline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl ErrorBody {
    /// Builds an error body from a code and a message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
        }
    }

    /// The body for a code with its default sentence.
    pub fn from_code(code: ErrorCode) -> Self {
        Self::new(code, code.default_message())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_body_serialises_to_code_and_message() {
        let body = ErrorBody::new(ErrorCode::NotFound, "No such user");

        let json = serde_json::to_value(&body).expect("serialisable");

        assert_eq!(
            json,
            serde_json::json!({"code": "not_found", "message": "No such user"})
        );
    }

    #[test]
    fn codes_serialise_in_snake_case() {
        let cases = [
            (ErrorCode::InvalidParameter, "invalid_parameter"),
            (
                ErrorCode::TimestampOutOfTolerance,
                "timestamp_out_of_tolerance",
            ),
            (ErrorCode::DatabaseUnavailable, "database_unavailable"),
            (ErrorCode::InternalError, "internal_error"),
        ];
        for (code, text) in cases {
            assert_eq!(
                serde_json::to_value(code).expect("serialisable"),
                serde_json::Value::from(text)
            );
        }
    }

    #[test]
    fn a_code_from_a_newer_server_reads_as_unknown() {
        let body: ErrorBody =
            serde_json::from_str(r#"{"code":"brand_new_code","message":"x"}"#).expect("parses");

        assert_eq!(body.code, ErrorCode::Unknown);
    }

    #[test]
    fn every_status_a_catcher_sees_maps_back_to_itself() {
        for status in [400, 401, 403, 404, 405, 413, 422, 429, 503, 500] {
            assert_eq!(ErrorCode::for_status(status).status(), status, "{status}");
        }
        assert_eq!(ErrorCode::for_status(502), ErrorCode::InternalError);
    }
}
