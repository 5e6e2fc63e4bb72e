//! `ApiError`: every way an `/api` request can fail, and how each becomes a status plus
//! a JSON [`shared::ErrorBody`]. Server-side failures hide their internals from the
//! client and log the full cause chain instead.

use rocket::http::Status;
use rocket::response::{self, Responder};
use rocket::serde::json::Json;
use rocket::Request;
use shared::ErrorBody;

/// Result alias for route handlers.
pub type ApiResult<T> = Result<T, ApiError>;

/// Every failure an API route can report.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The addressed resource does not exist.
    #[error("{0}")]
    NotFound(String),
    /// A query or path parameter is missing, malformed or out of range.
    #[error("invalid parameter `{param}`: {message}")]
    InvalidParameter {
        /// The parameter's name as the client sent it.
        param: String,
        /// What is wrong with it.
        message: String,
    },
    /// The request is malformed in a way that is not one parameter.
    #[error("{message}")]
    BadRequest {
        /// Stable snake_case code.
        code: &'static str,
        /// Sentence for the client.
        message: String,
    },
    /// Authentication failed (e.g. a webhook signature does not verify).
    #[error("{message}")]
    Unauthorized {
        /// Stable snake_case code.
        code: &'static str,
        /// Sentence for the client.
        message: String,
    },
    /// The body is larger than the route accepts.
    #[error("the request body is larger than {limit} bytes")]
    PayloadTooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// The request conflicts with work in progress; retrying later will succeed.
    #[error("{message}")]
    Conflict {
        /// Stable snake_case code.
        code: &'static str,
        /// Sentence for the client.
        message: String,
    },
    /// The work did not finish in time (the database is slow); retry later.
    #[error("the request timed out")]
    Timeout,
    /// A feature is switched off by configuration.
    #[error("{0}")]
    NotConfigured(String),
    /// MongoDB could not be reached; the client should retry later.
    #[error("the database is unavailable")]
    DatabaseUnavailable(#[source] mongodb::error::Error),
    /// Anything else: a bug or an unexpected database reply.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl ApiError {
    /// Shorthand for [`ApiError::InvalidParameter`].
    pub fn invalid(param: impl Into<String>, message: impl Into<String>) -> Self {
        Self::InvalidParameter {
            param: param.into(),
            message: message.into(),
        }
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> Status {
        match self {
            Self::NotFound(_) => Status::NotFound,
            Self::InvalidParameter { .. } | Self::BadRequest { .. } => Status::BadRequest,
            Self::Unauthorized { .. } => Status::Unauthorized,
            Self::PayloadTooLarge { .. } => Status::PayloadTooLarge,
            Self::Conflict { .. } => Status::Conflict,
            Self::Timeout => Status::ServiceUnavailable,
            Self::NotConfigured(_) | Self::DatabaseUnavailable(_) => Status::ServiceUnavailable,
            Self::Internal(_) => Status::InternalServerError,
        }
    }

    /// The JSON body sent to the client; never includes internal causes.
    pub fn body(&self) -> ErrorBody {
        let code = match self {
            Self::NotFound(_) => "not_found",
            Self::InvalidParameter { .. } => "invalid_parameter",
            Self::BadRequest { code, .. }
            | Self::Unauthorized { code, .. }
            | Self::Conflict { code, .. } => code,
            Self::Timeout => "timeout",
            Self::PayloadTooLarge { .. } => "payload_too_large",
            Self::NotConfigured(_) => "not_configured",
            Self::DatabaseUnavailable(_) => "database_unavailable",
            Self::Internal(_) => "internal_error",
        };
        let message = match self {
            Self::DatabaseUnavailable(_) => {
                "The database is unavailable; please retry shortly.".to_owned()
            }
            Self::Internal(_) => "Something went wrong on our side.".to_owned(),
            Self::Timeout => "The request took too long; please retry shortly.".to_owned(),
            other => other.to_string(),
        };
        ErrorBody::new(code, message)
    }
}

impl From<mongodb::error::Error> for ApiError {
    fn from(error: mongodb::error::Error) -> Self {
        if is_unavailable(&error) {
            Self::DatabaseUnavailable(error)
        } else {
            Self::Internal(error.into())
        }
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(error: anyhow::Error) -> Self {
        match error.downcast::<mongodb::error::Error>() {
            Ok(mongo) => mongo.into(),
            Err(other) => Self::Internal(other),
        }
    }
}

/// Whether a driver error is transient (the server is unreachable, busy, or the write
/// conflicted), so the client should retry, rather than "the server refused this".
pub fn is_unavailable(error: &mongodb::error::Error) -> bool {
    use mongodb::error::ErrorKind;
    /// WriteConflict: another operation changed the document; retrying succeeds.
    const WRITE_CONFLICT: i32 = 112;
    let transient_command = match &*error.kind {
        ErrorKind::Command(e) => {
            // The SQLite-backed dev server reports lock contention in the message only.
            e.code == WRITE_CONFLICT || e.message.contains("database is locked")
        }
        ErrorKind::Write(mongodb::error::WriteFailure::WriteError(e)) => {
            e.code == WRITE_CONFLICT || e.message.contains("database is locked")
        }
        _ => false,
    };
    transient_command
        || matches!(
            *error.kind,
            ErrorKind::ServerSelection { .. }
                | ErrorKind::Io(_)
                | ErrorKind::ConnectionPoolCleared { .. }
                | ErrorKind::DnsResolve { .. }
        )
        || error.contains_label(mongodb::error::RETRYABLE_WRITE_ERROR)
        || error.contains_label("TransientTransactionError")
}

/// Formats an error and all its sources on one line, for logs.
pub fn cause_chain(error: &dyn std::error::Error) -> String {
    let mut line = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        line.push_str(": ");
        line.push_str(&cause.to_string());
        source = cause.source();
    }
    line
}

impl<'r> Responder<'r, 'static> for ApiError {
    fn respond_to(self, request: &'r Request<'_>) -> response::Result<'static> {
        let status = self.status();
        if status.code >= 500 {
            tracing::error!(
                method = %request.method(),
                path = %request.uri().path(),
                status = status.code,
                error = %cause_chain(&self),
                "request failed"
            );
        }
        (status, Json(self.body())).respond_to(request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_hide_their_cause_from_the_client() {
        let error = ApiError::Internal(anyhow::anyhow!("secret table xyz exploded"));

        let body = error.body();

        assert_eq!(error.status(), Status::InternalServerError);
        assert_eq!(body.code, "internal_error");
        assert!(!body.message.contains("xyz"));
    }

    #[test]
    fn an_invalid_parameter_names_the_parameter() {
        let error = ApiError::invalid("pageSize", "must be between 1 and 100");

        assert_eq!(error.status(), Status::BadRequest);
        assert!(error.body().message.contains("pageSize"));
    }

    #[test]
    fn the_cause_chain_lists_every_source() {
        let error = ApiError::Internal(anyhow::anyhow!("inner").context("outer"));

        assert_eq!(cause_chain(&error), "internal error: outer: inner");
    }
}
