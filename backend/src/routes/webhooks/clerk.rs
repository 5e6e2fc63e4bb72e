//! `POST /api/webhooks/clerk`: Clerk's user events, svix-signed.
//!
//! Order matters: headers (400), body size (413), signature and timestamp over the raw
//! bytes (401), only then parsing (400) and the database (503 when unavailable, so
//! Clerk retries). Nothing is written before the signature verifies and the event parses.

use rocket::data::Data;
use rocket::post;
use rocket::serde::json::Json;
use rocket::State;
use shared::{ErrorCode, WebhookReceipt};

use crate::auth::webhook::{ClerkWebhook, SignatureHeaders};
use crate::config::LeaseTiming;
use crate::db::Db;
use crate::domain::clerk::{ClerkEvent, InvalidEvent};
use crate::error::{ApiError, ApiResult};
use crate::rate_limit::WebhookLimit;
use crate::sync::{self, SyncError};

/// Largest accepted body (Clerk's user payloads are a few KiB).
pub const MAX_BODY_BYTES: u64 = 1024 * 1024;

fn invalid_event(error: InvalidEvent) -> ApiError {
    ApiError::rejected(ErrorCode::InvalidEvent, error.0)
}

/// How a sync failure is answered: the retryable ones as 409 (Clerk retries them),
/// the database as 503 or 500.
impl From<SyncError> for ApiError {
    fn from(error: SyncError) -> Self {
        let retry_later = |code: ErrorCode| ApiError::rejected(code, code.default_message());
        match error {
            SyncError::EventInProgress => retry_later(ErrorCode::EventInProgress),
            SyncError::UserContention => retry_later(ErrorCode::UserContention),
            SyncError::EmailInUse => retry_later(ErrorCode::EmailInUse),
            SyncError::LeaseLost => retry_later(ErrorCode::EventInProgress),
            SyncError::Timeout => ApiError::Timeout,
            SyncError::Panicked => ApiError::Internal(error.into()),
            SyncError::NoFreeUsername(_) => ApiError::Internal(error.into()),
            SyncError::Database(error) => error.into(),
        }
    }
}

/// Verifies and applies one Clerk event.
#[utoipa::path(
    tag = "webhooks",
    request_body(content = Object, content_type = "application/json", description = "A Clerk event, signed by svix (svix-id, svix-timestamp, svix-signature headers)"),
    responses((status = 200, description = "The event was applied, was a duplicate or is ignored", body = WebhookReceipt), crate::openapi::WebhookErrors)
)]
#[post("/webhooks/clerk", data = "<body>")]
pub async fn clerk_webhook(
    _limit: WebhookLimit,
    headers: SignatureHeaders,
    body: Data<'_>,
    webhook: &State<ClerkWebhook>,
    timing: &State<LeaseTiming>,
    db: &State<Db>,
) -> ApiResult<Json<WebhookReceipt>> {
    let verifier = webhook.verifier()?;
    let headers = headers.validate()?;
    let bytes = crate::routes::read_body(body, MAX_BODY_BYTES).await?;
    headers.verify(verifier, &bytes)?;

    let event = ClerkEvent::parse(&bytes).map_err(invalid_event)?;
    let interpreted = event.interpret().map_err(invalid_event)?;
    let receipt =
        sync::handle_event(db, *timing.inner(), headers.id(), &event, interpreted).await?;

    tracing::info!(
        event_id = %receipt.event_id,
        event_type = %receipt.event_type,
        outcome = receipt.outcome.as_str(),
        "clerk webhook"
    );
    Ok(Json(receipt))
}
