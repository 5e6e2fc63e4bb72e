//! `GET /api/health`.

use gloo_net::http::Method;
use shared::Health;

use super::{decode, error_from_response, send, ApiError};

/// The API's health. A 503 still carries a `Health` body (database down), so it is a
/// result, not an error.
pub async fn fetch_health() -> Result<Health, ApiError> {
    let (status, body) = send(Method::GET, "/api/health", None, None).await?;
    match status {
        200 | 503 => decode(&body),
        _ => Err(error_from_response(status, &body)),
    }
}
