//! Request guards for signed-in users: [`AuthUser`] (required) and [`MaybeUser`]
//! (optional). The token comes from `Authorization: Bearer …`, or for same-origin
//! browser requests from Clerk's `__session` cookie. A verified token's `sub` is
//! resolved to the user the webhooks stored in MongoDB.
//!
//! A failed guard stores its [`ApiError`] in the request's local cache, where the
//! `/api` catcher finds it, so the client gets the precise code (`unauthenticated`,
//! `invalid_session`, `account_pending`) rather than a generic 401.

use rocket::request::{FromRequest, Outcome, Request};
use shared::ErrorCode;

use crate::auth::session::{SessionError, SessionVerifier};
use crate::config::Settings;
use crate::db::users::{self, UserDoc};
use crate::db::{deleted_users, Db};
use crate::error::ApiError;

/// Clerk's session cookie.
pub const SESSION_COOKIE: &str = "__session";

/// The signed-in user.
#[derive(Debug, Clone)]
pub struct AuthUser {
    /// The stored user.
    pub user: UserDoc,
}

/// The signed-in user, or `None` for an anonymous request.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<AuthUser>);

impl MaybeUser {
    /// The signed-in user's document, if any.
    pub fn user(&self) -> Option<&crate::db::users::UserDoc> {
        self.0.as_ref().map(|auth| &auth.user)
    }
}

/// The Clerk id of the user an auth guard signed in, for later guards (the rate
/// limiter counts per user).
#[derive(Debug, Default)]
pub struct SignedInAs(pub Option<String>);

/// Remembers who signed in, for the guards that run after this one.
fn remember(request: &Request<'_>, user: &AuthUser) {
    request.local_cache(|| SignedInAs(Some(user.user.clerk_id.clone())));
}

/// The error a failed auth guard answers with, for the `/api` catcher.
#[derive(Debug, Default)]
pub struct GuardFailure(pub Option<shared::ErrorBody>);

/// Where the token came from: a bearer token is the client's explicit claim; a cookie
/// may just be stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Bearer,
    Cookie,
}

/// Whether the browser says this request comes from the app's own pages, so its
/// cookies may authenticate it (a cross-site page must not act with them).
fn is_same_origin(request: &Request<'_>, public_origins: &[String]) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get_one("Sec-Fetch-Site") {
        if !matches!(site, "same-origin" | "none") {
            return false;
        }
    }
    match headers.get_one("Origin") {
        Some(origin) => public_origins.iter().any(|o| o == origin),
        None => true,
    }
}

fn token(request: &Request<'_>, public_origins: &[String]) -> Option<(String, Source)> {
    if let Some(value) = request.headers().get_one("Authorization") {
        let token = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))
            .unwrap_or_default()
            .trim();
        return Some((token.to_owned(), Source::Bearer));
    }
    let cookie = request.cookies().get(SESSION_COOKIE)?;
    is_same_origin(request, public_origins).then(|| (cookie.value().to_owned(), Source::Cookie))
}

fn invalid_session() -> ApiError {
    let code = ErrorCode::InvalidSession;
    ApiError::rejected(code, code.default_message())
}

/// Resolves the request's session to a user: `Ok(None)` when no token was sent; an
/// error says where the refused token came from.
async fn resolve(request: &Request<'_>) -> Result<Option<AuthUser>, (ApiError, Source)> {
    let mut source = Source::Bearer;
    resolve_from(request, &mut source)
        .await
        .map_err(|error| (error, source))
}

async fn resolve_from(
    request: &Request<'_>,
    source_seen: &mut Source,
) -> Result<Option<AuthUser>, ApiError> {
    let (Some(verifier), Some(db), Some(settings)) = (
        request.rocket().state::<SessionVerifier>(),
        request.rocket().state::<Db>(),
        request.rocket().state::<Settings>(),
    ) else {
        return Err(ApiError::Internal(anyhow::anyhow!(
            "session state is not managed"
        )));
    };
    let Some((token, source)) = token(request, &settings.sessions.public_origins) else {
        return Ok(None);
    };
    *source_seen = source;
    let claims = verifier.verify(&token).await.map_err(|error| {
        tracing::debug!(reason = %error, ?source, "session token refused");
        match error {
            SessionError::KeysUnavailable(_) => {
                let code = ErrorCode::ServiceUnavailable;
                ApiError::rejected(
                    code,
                    "Sessions cannot be verified right now; retry shortly.",
                )
            }
            _ => invalid_session(),
        }
    })?;
    if let Some(user) = users::find_user_by_clerk_id(db, &claims.sub).await? {
        return Ok(Some(AuthUser { user }));
    }
    if deleted_users::find_deleted_user(db, &claims.sub)
        .await?
        .is_some()
    {
        tracing::debug!(clerk_id = %claims.sub, "session of a deleted user");
        return Err(invalid_session());
    }
    let code = ErrorCode::AccountPending;
    Err(ApiError::rejected(code, code.default_message()))
}

fn fail<T>(request: &Request<'_>, error: ApiError) -> Outcome<T, ApiError> {
    let status = error.status();
    request.local_cache(|| GuardFailure(Some(error.body())));
    Outcome::Error((status, error))
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for AuthUser {
    type Error = ApiError;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        match resolve(request).await {
            Ok(Some(user)) => {
                remember(request, &user);
                Outcome::Success(user)
            }
            Ok(None) => {
                let code = ErrorCode::Unauthenticated;
                fail(request, ApiError::rejected(code, code.default_message()))
            }
            Err((error, _)) => fail(request, error),
        }
    }
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for MaybeUser {
    type Error = ApiError;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        match resolve(request).await {
            Ok(user) => {
                if let Some(user) = &user {
                    remember(request, user);
                }
                Outcome::Success(Self(user))
            }
            // A stale cookie is an anonymous visit; a bad bearer token is the client's
            // mistake to hear about.
            Err((error, Source::Cookie)) if error.code() == ErrorCode::InvalidSession => {
                Outcome::Success(Self(None))
            }
            Err((error, _)) => fail(request, error),
        }
    }
}
