//! Rate limiting at the edge: request guards ([`WriteLimit`], [`SignInLimit`],
//! [`WebhookLimit`]) that count the request against its client's per-minute budget
//! and refuse it with `429 rate_limited` and `Retry-After` once the budget is spent.
//! The client is the signed-in user for writes (so people behind one address do not
//! share a budget), else the address. Counters live in MongoDB (`db::rate_limits`),
//! so every backend instance sees the same numbers.
//!
//! A limit guard comes after the auth guard in a handler's parameters: Rocket runs
//! guards left to right, and a refused session should not spend budget.

use std::marker::PhantomData;
use std::time::Duration;

use rocket::request::{FromRequest, Outcome, Request};
use shared::ErrorCode;

use crate::auth::user::{GuardFailure, SignedInAs};
use crate::config::Settings;
use crate::db::{rate_limits, Db};
use crate::domain::rate_limit::{self, Bucket};
use crate::error::ApiError;

/// How long counting may take before the request goes ahead uncounted: a slow
/// database must not make the limiter the reason a request hangs.
const COUNT_TIMEOUT: Duration = Duration::from_secs(1);

/// Seconds to wait, for the `Retry-After` header of a refused request.
#[derive(Debug, Clone, Copy, Default)]
pub struct RetryAfter(pub Option<u64>);

/// Which bucket a guard counts against.
pub trait LimitedBucket: Send + Sync + 'static {
    /// The bucket.
    const BUCKET: Bucket;
}

/// Marker for [`WriteLimit`].
#[derive(Debug)]
pub struct Writes;
/// Marker for [`SignInLimit`].
#[derive(Debug)]
pub struct SignIn;
/// Marker for [`WebhookLimit`].
#[derive(Debug)]
pub struct Webhooks;

impl LimitedBucket for Writes {
    const BUCKET: Bucket = Bucket::Writes;
}
impl LimitedBucket for SignIn {
    const BUCKET: Bucket = Bucket::SignIn;
}
impl LimitedBucket for Webhooks {
    const BUCKET: Bucket = Bucket::Webhooks;
}

/// A request counted within its client's budget for bucket `B`.
#[derive(Debug)]
pub struct Limited<B>(PhantomData<B>);

/// Budget for writes by a signed-in user.
pub type WriteLimit = Limited<Writes>;
/// Budget for local sign-in per address.
pub type SignInLimit = Limited<SignIn>;
/// Budget for webhook deliveries per address.
pub type WebhookLimit = Limited<Webhooks>;

/// Who the request is counted for: `u:{clerk id}` once an auth guard has run,
/// else `a:{address}`.
fn client(request: &Request<'_>) -> String {
    if let Some(id) = &request.local_cache(SignedInAs::default).0 {
        return format!("u:{id}");
    }
    match request.client_ip() {
        Some(ip) => format!("a:{ip}"),
        None => "a:unknown".to_owned(),
    }
}

#[rocket::async_trait]
impl<'r, B: LimitedBucket> FromRequest<'r> for Limited<B> {
    type Error = ApiError;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let allowed = Outcome::Success(Self(PhantomData));
        let (Some(settings), Some(db)) = (
            request.rocket().state::<Settings>(),
            request.rocket().state::<Db>(),
        ) else {
            return allowed;
        };
        let limit = settings.rate_limits.limit(B::BUCKET);
        if limit == 0 {
            return allowed;
        }
        let now_ms = chrono::Utc::now().timestamp_millis();
        let window = rate_limit::window(B::BUCKET, &client(request), now_ms);
        let count = match tokio::time::timeout(
            COUNT_TIMEOUT,
            rate_limits::increment_counter(db, &window),
        )
        .await
        {
            Ok(Ok(count)) => count,
            // Failing open: the request itself will meet the database's state.
            Ok(Err(error)) => {
                tracing::debug!(error = %error, bucket = B::BUCKET.name(), "rate limit not counted");
                return allowed;
            }
            Err(_) => return allowed,
        };
        let Some(wait) = rate_limit::retry_after_secs(count, limit, window.ends_at_ms, now_ms)
        else {
            return allowed;
        };
        tracing::info!(
            request_id = %crate::telemetry::request_id(request),
            bucket = B::BUCKET.name(),
            limit,
            "rate limited"
        );
        let error = ApiError::rejected(
            ErrorCode::RateLimited,
            format!("Too many requests: at most {limit} a minute. Retry in {wait} s."),
        );
        request.local_cache(|| RetryAfter(Some(wait)));
        request.local_cache(|| GuardFailure(Some(error.body())));
        Outcome::Error((error.status(), error))
    }
}
