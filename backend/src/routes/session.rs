//! `GET /api/config` (how this deployment signs people in, read by the SPA at start)
//! and, only in local sign-in mode, `POST /api/dev/sign-in`.

use rocket::http::CookieJar;
use rocket::serde::json::Json;
use rocket::State;
use rocket::{get, post};
use shared::{ClientConfig, LocalSession, LocalSignIn};

use crate::auth::session::SessionVerifier;
use crate::config::Settings;
use crate::db::users;
use crate::db::Db;
use crate::error::{ApiError, ApiResult};
use crate::rate_limit::SignInLimit;
use crate::routes::{parse_body, visitor, JsonBody};

/// Run-time settings for the SPA: one built `dist/` serves every deployment. Also
/// gives a new visitor their visitor cookie, so the SPA's first question view is
/// already counted by it.
#[utoipa::path(
    tag = "meta",
    responses((status = 200, description = "How this deployment signs people in", body = ClientConfig))
)]
#[get("/config")]
pub fn client_config(settings: &State<Settings>, cookies: &CookieJar<'_>) -> Json<ClientConfig> {
    visitor::visitor_id(cookies);
    let sessions = &settings.sessions;
    Json(ClientConfig {
        clerk_publishable_key: sessions.clerk.as_ref().map(|c| c.publishable_key.clone()),
        clerk_js_url: sessions
            .clerk_js_url
            .clone()
            .or_else(|| sessions.clerk.as_ref().map(|clerk| clerk.clerk_js_url())),
        local_sign_in: sessions.local_sign_in,
    })
}

/// Mints a session token for an existing user. Mounted only when
/// `DEVFLOW_LOCAL_SIGN_IN` is on (and the server listens on loopback).
#[utoipa::path(
    tag = "session",
    request_body = LocalSignIn,
    responses((status = 200, description = "A session token for the user (only with local sign-in; 404 otherwise)", body = LocalSession), crate::openapi::SignInErrors)
)]
#[post("/dev/sign-in", data = "<body>")]
pub async fn local_sign_in(
    _limit: SignInLimit,
    body: JsonBody<LocalSignIn>,
    verifier: &State<SessionVerifier>,
    db: &State<Db>,
) -> ApiResult<Json<LocalSession>> {
    let body = parse_body(body, "{\"clerkId\": \"user_…\"}")?;
    let signer = verifier
        .local_signer()
        .ok_or_else(|| ApiError::NotFound("Local sign-in is off on this server.".to_owned()))?;
    let user = users::find_user_by_clerk_id(db, &body.clerk_id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("No user has the id {}.", body.clerk_id)))?;
    let (token, expires_at) = signer
        .mint(&user.clerk_id)
        .map_err(|e| ApiError::Internal(e.into()))?;
    tracing::info!(clerk_id = %user.clerk_id, "local sign-in");
    Ok(Json(LocalSession { token, expires_at }))
}
