//! The JSON body of every error response from `/api`.

use serde::{Deserialize, Serialize};

/// The body of every non-2xx response under `/api`: a stable machine-readable `code`
/// (snake_case, e.g. `not_found`, `invalid_parameter`) and a human-readable `message`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Stable identifier clients can branch on.
    pub code: String,
    /// Sentence for people; never contains internals such as database errors.
    pub message: String,
}

impl ErrorBody {
    /// Builds an error body from any string-like code and message.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_body_serialises_to_code_and_message() {
        let body = ErrorBody::new("not_found", "No such user");

        let json = serde_json::to_value(&body).expect("serialisable");

        assert_eq!(
            json,
            serde_json::json!({"code": "not_found", "message": "No such user"})
        );
    }
}
