//! How the SPA learns how people sign in on this deployment (`GET /api/config`), and
//! the local sign-in used when no Clerk instance is configured.

use serde::{Deserialize, Serialize};

/// `GET /api/config`: run-time settings the SPA needs, so one built `dist/` serves
/// every deployment and changing keys needs no rebuild.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct ClientConfig {
    /// Clerk's publishable key (`pk_test_…` / `pk_live_…`), when Clerk is configured.
    pub clerk_publishable_key: Option<String>,
    /// Where to load ClerkJS from (the instance's frontend API, unless overridden).
    pub clerk_js_url: Option<String>,
    /// Whether local sign-in (`POST /api/dev/sign-in`) is on.
    pub local_sign_in: bool,
}

/// `POST /api/dev/sign-in` body: the user to sign in as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LocalSignIn {
    /// Clerk user id of an existing user.
    pub clerk_id: String,
}

/// A session token minted by local sign-in, shaped like Clerk's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct LocalSession {
    /// The RS256 session token to send as `Authorization: Bearer …`.
    pub token: String,
    /// When it expires (Unix seconds); mint a new one before then.
    pub expires_at: i64,
}
