//! Rate limits as pure arithmetic: fixed one-minute windows per bucket and client.
//! Where the counters live (MongoDB, shared by every backend) is `db::rate_limits`;
//! who the client is and what the answer looks like is `crate::rate_limit`.

/// The length of one counting window, in milliseconds.
pub const WINDOW_MS: i64 = 60_000;

/// Requests allowed per client per minute in each bucket; 0 switches a bucket off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    /// Writes by one user (ask, answer, edit, delete, vote, accept, save, follow,
    /// profile edits) and CSP reports by address: `DEVFLOW_RATE_LIMIT_WRITES`.
    /// Markdown previews are not counted: the editor asks for one at every pause in
    /// typing, and they change nothing.
    pub writes: u32,
    /// Local sign-in token requests from one address: `DEVFLOW_RATE_LIMIT_SIGN_IN`.
    pub sign_in: u32,
    /// Webhook deliveries from one address: `DEVFLOW_RATE_LIMIT_WEBHOOKS`.
    pub webhooks: u32,
}

impl RateLimits {
    /// Defaults no person working by hand meets (a vote or post a second, every
    /// second, for a minute), while a script hammering the API is slowed at once.
    /// Webhooks allow Clerk's bursts (bulk imports, retries after an outage).
    pub const DEFAULT: Self = Self {
        writes: 60,
        sign_in: 20,
        webhooks: 1200,
    };

    /// Every bucket off (benchmarks).
    pub const OFF: Self = Self {
        writes: 0,
        sign_in: 0,
        webhooks: 0,
    };

    /// The per-minute limit of `bucket` (0: unlimited).
    pub fn limit(self, bucket: Bucket) -> u32 {
        match bucket {
            Bucket::Writes => self.writes,
            Bucket::SignIn => self.sign_in,
            Bucket::Webhooks => self.webhooks,
        }
    }
}

/// What a request is counted against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    /// Changes made by a signed-in user.
    Writes,
    /// Local sign-in.
    SignIn,
    /// Clerk webhook deliveries.
    Webhooks,
}

impl Bucket {
    /// The bucket's name in counter keys and logs.
    pub fn name(self) -> &'static str {
        match self {
            Self::Writes => "writes",
            Self::SignIn => "sign_in",
            Self::Webhooks => "webhooks",
        }
    }
}

/// The counter one request increments: its key and when its window ends (ms).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    /// `{bucket}:{client}:{window start}`: one counter per client per window.
    pub key: String,
    /// When the window ends, in ms since the epoch.
    pub ends_at_ms: i64,
}

/// The window `now_ms` falls in for `client` in `bucket`.
pub fn window(bucket: Bucket, client: &str, now_ms: i64) -> Window {
    let start = now_ms.div_euclid(WINDOW_MS) * WINDOW_MS;
    Window {
        key: format!("{}:{client}:{start}", bucket.name()),
        ends_at_ms: start + WINDOW_MS,
    }
}

/// Whether the request that brought its window's count to `count` is over `limit`,
/// and if so how many whole seconds to wait (for `Retry-After`, at least 1).
pub fn retry_after_secs(count: i64, limit: u32, ends_at_ms: i64, now_ms: i64) -> Option<u64> {
    if limit == 0 || count <= i64::from(limit) {
        return None;
    }
    let wait_ms = (ends_at_ms - now_ms).max(0);
    Some(u64::try_from((wait_ms + 999) / 1000).unwrap_or(1).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_in_the_same_minute_share_one_counter() {
        let a = window(Bucket::Writes, "u:1", 120_000);
        let b = window(Bucket::Writes, "u:1", 179_999);

        assert_eq!(a, b);
        assert_eq!(a.key, "writes:u:1:120000");
        assert_eq!(a.ends_at_ms, 180_000);
    }

    #[test]
    fn the_next_minute_clients_and_buckets_count_apart() {
        let base = window(Bucket::Writes, "u:1", 120_000);

        assert_ne!(base.key, window(Bucket::Writes, "u:1", 180_000).key);
        assert_ne!(base.key, window(Bucket::Writes, "u:2", 120_000).key);
        assert_ne!(base.key, window(Bucket::SignIn, "u:1", 120_000).key);
    }

    #[test]
    fn the_limit_itself_is_allowed_and_one_more_waits_for_the_window_to_end() {
        assert_eq!(retry_after_secs(60, 60, 180_000, 150_000), None);
        assert_eq!(retry_after_secs(61, 60, 180_000, 150_000), Some(30));
        assert_eq!(retry_after_secs(61, 60, 180_000, 179_999), Some(1));
        assert_eq!(retry_after_secs(61, 60, 180_000, 180_500), Some(1));
    }

    #[test]
    fn a_limit_of_zero_is_off() {
        assert_eq!(retry_after_secs(1_000_000, 0, 180_000, 150_000), None);
        assert_eq!(RateLimits::OFF.limit(Bucket::Webhooks), 0);
    }
}
