//! `/api/config`, `/api/me` and local sign-in.

use gloo_net::http::Method;
use shared::{ClientConfig, LocalSession, LocalSignIn, Me, ProfileUpdate};

use super::{get, request, request_anonymous, ApiError, Get};

/// How this deployment signs people in.
pub async fn fetch_config() -> Result<ClientConfig, ApiError> {
    request_anonymous(Method::GET, "/api/config", None).await
}

/// The signed-in user's own profile.
pub fn get_me() -> Get<Me> {
    get("/api/me")
}

/// Saves profile edits and returns the updated profile.
pub async fn patch_me(update: ProfileUpdate) -> Result<Me, ApiError> {
    let body = serde_json::to_string(&update).map_err(|e| ApiError::Decode(e.to_string()))?;
    request(Method::PATCH, "/api/me", Some(body)).await
}

/// Mints a local session token (local sign-in mode only).
pub async fn local_sign_in(clerk_id: String) -> Result<LocalSession, ApiError> {
    let body = serde_json::to_string(&LocalSignIn { clerk_id })
        .map_err(|e| ApiError::Decode(e.to_string()))?;
    request_anonymous(Method::POST, "/api/dev/sign-in", Some(body)).await
}
