//! Settings: Rocket's Figment (`Rocket.toml`, `ROCKET_*`) plus DevFlow's environment
//! variables. Loading validates everything once, at start-up, so a bad value stops the
//! process with one line naming the variable instead of failing on the first request.

use std::path::PathBuf;
use std::time::Duration;

use rocket::figment::providers::Env;
use rocket::figment::Figment;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use crate::domain::clerk_keys::ClerkInstance;
use crate::domain::rate_limit::RateLimits;

/// Default MongoDB connection string when `MONGODB_URI` is not set.
pub const DEFAULT_MONGODB_URI: &str = "mongodb://127.0.0.1:27017";
/// Default database name when `MONGODB_DB` is not set.
pub const DEFAULT_MONGODB_DB: &str = "devflow";
/// Default folder of the built SPA when `DEVFLOW_STATIC_DIR` is not set.
pub const DEFAULT_STATIC_DIR: &str = "dist";

/// How long a claim lasts and how long applying may take.
///
/// Why these numbers are safe: the holder renews its lease every `lease / 3`, so a live
/// handler's lease always runs at least two renewal periods ahead, and a delivery may
/// take the claim over only once the lease has lapsed. A handler that cannot renew
/// (the database hangs) stops applying when its own lease lapses, before anyone else
/// may take over. And applying is idempotent anyway (ordered, conditional writes), so
/// even a write sent just before a take-over cannot apply an event twice. With the
/// default 3 s lease, a delivery whose handler died is taken over by Clerk's retry 5 s
/// later, leaving 2 s for clock skew between backends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeaseTiming {
    /// How long a claim lasts without renewal.
    pub lease: Duration,
    /// How long applying may take before the handler gives up and releases the claim.
    pub apply_timeout: Duration,
}

impl LeaseTiming {
    /// The production numbers: a 3 s lease, a 10 s apply timeout (Clerk gives up on a
    /// delivery after 15 s).
    pub const DEFAULT: Self = Self {
        lease: Duration::from_secs(3),
        apply_timeout: Duration::from_secs(10),
    };

    /// How often the holder renews its lease.
    pub fn renew_every(self) -> Duration {
        self.lease / 3
    }
}

/// Why the settings could not be loaded; `Display` is the one line printed at start-up.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A variable is set to a value DevFlow cannot use.
    #[error("{var} is invalid: {why}")]
    Invalid {
        /// The environment variable (or Rocket key) at fault.
        var: &'static str,
        /// What is wrong with it, without echoing secret values.
        why: String,
    },
    /// Figment could not read a value (wrong type, unreadable Rocket.toml...).
    #[error("configuration error: {0}")]
    Figment(String),
}

/// Validated application settings.
#[derive(Clone)]
pub struct Settings {
    /// Connection string; may hold a password, so it is a secret and never logged.
    pub mongodb_uri: SecretString,
    /// Database name all collections live in.
    pub mongodb_db: String,
    /// Clerk's `whsec_...` signing secret; webhooks answer 503 while it is unset.
    pub clerk_webhook_signing_secret: Option<SecretString>,
    /// Folder holding the built SPA (`index.html` and assets).
    pub static_dir: PathBuf,
    /// Load demo data at start-up when the database is empty.
    pub seed_demo: bool,
    /// How session tokens are verified (and, in local mode, minted).
    pub sessions: SessionSettings,
    /// Webhook claim lease and apply timeout (`DEVFLOW_WEBHOOK_LEASE_MS`,
    /// `DEVFLOW_WEBHOOK_APPLY_TIMEOUT_MS`).
    pub webhook_timing: LeaseTiming,
    /// Which browser origins may call the API cross-site (`DEVFLOW_CORS_ORIGINS`).
    pub cors: CorsOrigins,
    /// Requests per client per minute on writes, sign-in and webhooks
    /// (`DEVFLOW_RATE_LIMIT_*`).
    pub rate_limits: RateLimits,
    figment: Figment,
}

/// The origins whose pages may call the API from a browser (CORS).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CorsOrigins {
    /// `*`: any page, but never with credentials (cookies); bearer tokens still work.
    Any,
    /// Exactly these origins, with credentials.
    List(Vec<String>),
}

impl CorsOrigins {
    /// Whether a page at `origin` may read the API's answers.
    pub fn allows(&self, origin: &str) -> bool {
        match self {
            Self::Any => true,
            Self::List(origins) => origins.iter().any(|allowed| allowed == origin),
        }
    }
}

/// Everything about signed-in sessions: the Clerk instance, its keys, who may hold
/// tokens, and local sign-in.
#[derive(Clone, Default)]
pub struct SessionSettings {
    /// The Clerk instance named by `CLERK_PUBLISHABLE_KEY`.
    pub clerk: Option<ClerkInstance>,
    /// `CLERK_JWT_KEY`: the instance's PEM public key, for networkless verification.
    pub jwt_key: Option<String>,
    /// `CLERK_SECRET_KEY`: for fetching the JWKS when no PEM key is given.
    pub secret_key: Option<SecretString>,
    /// `CLERK_API_URL`: Clerk's Backend API (the JWKS is at `/v1/jwks`).
    pub api_url: String,
    /// `CLERK_JS_URL`: where the SPA loads ClerkJS from (default: the instance's).
    pub clerk_js_url: Option<String>,
    /// Origins allowed in a token's `azp` claim (`CLERK_AUTHORIZED_PARTIES`).
    pub authorized_parties: Vec<String>,
    /// The app's own public origins (`DEVFLOW_PUBLIC_URL`); the first is canonical.
    pub public_origins: Vec<String>,
    /// `DEVFLOW_LOCAL_SIGN_IN`: mint tokens for any user, for development only.
    pub local_sign_in: bool,
    /// `DEVFLOW_JWKS_REFRESH_SECS`: the least time between two JWKS fetches (60).
    pub jwks_refresh_secs: u64,
}

impl std::fmt::Debug for SessionSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionSettings")
            .field("clerk", &self.clerk)
            .field("jwt_key", &self.jwt_key.as_ref().map(|_| "[set]"))
            .field(
                "secret_key",
                &self.secret_key.as_ref().map(|_| "[redacted]"),
            )
            .field("api_url", &self.api_url)
            .field("clerk_js_url", &self.clerk_js_url)
            .field("authorized_parties", &self.authorized_parties)
            .field("public_origins", &self.public_origins)
            .field("local_sign_in", &self.local_sign_in)
            .field("jwks_refresh_secs", &self.jwks_refresh_secs)
            .finish()
    }
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("mongodb_uri", &"[redacted]")
            .field("mongodb_db", &self.mongodb_db)
            .field(
                "clerk_webhook_signing_secret",
                &self
                    .clerk_webhook_signing_secret
                    .as_ref()
                    .map(|_| "[redacted]"),
            )
            .field("static_dir", &self.static_dir)
            .field("seed_demo", &self.seed_demo)
            .field("sessions", &self.sessions)
            .field("webhook_timing", &self.webhook_timing)
            .field("cors", &self.cors)
            .field("rate_limits", &self.rate_limits)
            .finish()
    }
}

#[derive(Deserialize)]
struct RawSettings {
    #[serde(default = "default_uri")]
    mongodb_uri: String,
    #[serde(default = "default_db")]
    mongodb_db: String,
    #[serde(default)]
    clerk_webhook_signing_secret: Option<String>,
    #[serde(default = "default_static_dir")]
    static_dir: PathBuf,
    #[serde(default)]
    seed_demo: bool,
    #[serde(default)]
    clerk_publishable_key: Option<String>,
    #[serde(default)]
    clerk_jwt_key: Option<String>,
    #[serde(default)]
    clerk_secret_key: Option<String>,
    #[serde(default)]
    clerk_api_url: Option<String>,
    #[serde(default)]
    clerk_js_url: Option<String>,
    #[serde(default)]
    clerk_authorized_parties: Option<String>,
    #[serde(default)]
    public_url: Option<String>,
    #[serde(default)]
    local_sign_in: bool,
    #[serde(default = "default_jwks_refresh_secs")]
    jwks_refresh_secs: u64,
    #[serde(default)]
    webhook_lease_ms: Option<u64>,
    #[serde(default)]
    webhook_apply_timeout_ms: Option<u64>,
    #[serde(default)]
    cors_origins: Option<String>,
    #[serde(default)]
    rate_limit_writes: Option<u32>,
    #[serde(default)]
    rate_limit_sign_in: Option<u32>,
    #[serde(default)]
    rate_limit_webhooks: Option<u32>,
}

fn default_jwks_refresh_secs() -> u64 {
    60
}

/// Clerk's Backend API.
pub const DEFAULT_CLERK_API_URL: &str = "https://api.clerk.com";
/// Where `trunk serve` serves the SPA during frontend development (`Trunk.toml`).
const TRUNK_SERVE_PORT: u16 = 8080;

fn default_uri() -> String {
    DEFAULT_MONGODB_URI.to_owned()
}
fn default_db() -> String {
    DEFAULT_MONGODB_DB.to_owned()
}
fn default_static_dir() -> PathBuf {
    PathBuf::from(DEFAULT_STATIC_DIR)
}

impl Settings {
    /// Loads settings from `Rocket.toml`, `ROCKET_*` and DevFlow's environment variables.
    pub fn load() -> Result<Self, ConfigError> {
        Self::from_figment(Self::figment())
    }

    /// The Figment [`Settings::load`] reads: Rocket's own plus DevFlow's variables.
    pub fn figment() -> Figment {
        rocket::Config::figment()
            .merge(Env::raw().only(&[
                "MONGODB_URI",
                "MONGODB_DB",
                "CLERK_WEBHOOK_SIGNING_SECRET",
                "CLERK_PUBLISHABLE_KEY",
                "CLERK_JWT_KEY",
                "CLERK_SECRET_KEY",
                "CLERK_API_URL",
                "CLERK_JS_URL",
                "CLERK_AUTHORIZED_PARTIES",
            ]))
            .merge(Env::prefixed("DEVFLOW_").only(&[
                "STATIC_DIR",
                "SEED_DEMO",
                "PUBLIC_URL",
                "LOCAL_SIGN_IN",
                "JWKS_REFRESH_SECS",
                "WEBHOOK_LEASE_MS",
                "WEBHOOK_APPLY_TIMEOUT_MS",
                "CORS_ORIGINS",
                "RATE_LIMIT_WRITES",
                "RATE_LIMIT_SIGN_IN",
                "RATE_LIMIT_WEBHOOKS",
            ]))
    }

    /// Validates settings from any Figment (tests build their own).
    pub fn from_figment(figment: Figment) -> Result<Self, ConfigError> {
        // Rocket's own keys (port, address, limits...) are checked here too, so a bad
        // ROCKET_PORT is reported in the same one-line way.
        let rocket_config = figment
            .extract::<rocket::Config>()
            .map_err(|e| ConfigError::Figment(one_line(&e)))?;
        let raw: RawSettings = figment
            .extract()
            .map_err(|e| ConfigError::Figment(one_line(&e)))?;

        validate_mongodb_uri(&raw.mongodb_uri)?;
        validate_db_name(&raw.mongodb_db)?;
        let clerk_secret = match raw.clerk_webhook_signing_secret {
            Some(ref secret) if !secret.trim().is_empty() => {
                validate_webhook_secret(secret.trim())?;
                Some(SecretString::from(secret.trim().to_owned()))
            }
            _ => None,
        };
        let sessions = session_settings(&raw, &rocket_config)?;
        let webhook_timing = webhook_timing(&raw)?;
        let cors = match non_blank(&raw.cors_origins) {
            Some(list) if list == "*" => CorsOrigins::Any,
            Some(list) => CorsOrigins::List(parse_origins("DEVFLOW_CORS_ORIGINS", &list)?),
            None => CorsOrigins::List(sessions.public_origins.clone()),
        };
        let defaults = RateLimits::DEFAULT;
        let rate_limits = RateLimits {
            writes: raw.rate_limit_writes.unwrap_or(defaults.writes),
            sign_in: raw.rate_limit_sign_in.unwrap_or(defaults.sign_in),
            webhooks: raw.rate_limit_webhooks.unwrap_or(defaults.webhooks),
        };

        Ok(Self {
            mongodb_uri: SecretString::from(raw.mongodb_uri),
            mongodb_db: raw.mongodb_db,
            clerk_webhook_signing_secret: clerk_secret,
            static_dir: raw.static_dir,
            seed_demo: raw.seed_demo,
            sessions,
            webhook_timing,
            cors,
            rate_limits,
            figment,
        })
    }

    /// The Figment Rocket itself is configured from.
    pub fn rocket_figment(&self) -> Figment {
        self.figment.clone()
    }

    /// The site's canonical origin, without a trailing slash, for absolute links
    /// (sitemaps, canonical and Open Graph tags): `DEVFLOW_PUBLIC_URL`'s first origin,
    /// else empty (links stay relative to this server).
    pub fn public_origin(&self) -> String {
        self.sessions
            .public_origins
            .first()
            .map(|origin| origin.trim_end_matches('/').to_owned())
            .unwrap_or_default()
    }

    /// The connection string, for the one place that needs it (creating the client).
    pub(crate) fn mongodb_uri_exposed(&self) -> &str {
        self.mongodb_uri.expose_secret()
    }
}

/// A set, non-blank value, trimmed.
fn non_blank(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

fn invalid(var: &'static str, why: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        var,
        why: why.into(),
    }
}

/// An origin (`scheme://host[:port]`, no path), as browsers send in `Origin`.
fn parse_origin(var: &'static str, text: &str) -> Result<String, ConfigError> {
    let origin = text.trim().trim_end_matches('/');
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .ok_or_else(|| {
            invalid(
                var,
                format!("{origin:?} must start with http:// or https://"),
            )
        })?;
    if rest.is_empty() || rest.contains(['/', '?', '#', ' ']) {
        return Err(invalid(
            var,
            format!("{origin:?} must be an origin such as https://devflow.example.com"),
        ));
    }
    Ok(origin.to_owned())
}

fn parse_origins(var: &'static str, list: &str) -> Result<Vec<String>, ConfigError> {
    list.split(',')
        .filter(|item| !item.trim().is_empty())
        .map(|item| parse_origin(var, item))
        .collect()
}

fn webhook_timing(raw: &RawSettings) -> Result<LeaseTiming, ConfigError> {
    let default = LeaseTiming::DEFAULT;
    let lease = raw
        .webhook_lease_ms
        .map_or(default.lease, Duration::from_millis);
    if lease < Duration::from_millis(100) || lease > Duration::from_secs(60) {
        return Err(invalid(
            "DEVFLOW_WEBHOOK_LEASE_MS",
            "use 100 to 60000 milliseconds (default 3000)",
        ));
    }
    let apply_timeout = raw
        .webhook_apply_timeout_ms
        .map_or(default.apply_timeout, Duration::from_millis);
    if apply_timeout > Duration::from_secs(12) {
        return Err(invalid(
            "DEVFLOW_WEBHOOK_APPLY_TIMEOUT_MS",
            "use at most 12000 milliseconds: Clerk gives up on a delivery after 15 s",
        ));
    }
    Ok(LeaseTiming {
        lease,
        apply_timeout,
    })
}

fn session_settings(
    raw: &RawSettings,
    rocket: &rocket::Config,
) -> Result<SessionSettings, ConfigError> {
    let clerk = non_blank(&raw.clerk_publishable_key)
        .map(|key| {
            ClerkInstance::from_publishable_key(&key)
                .map_err(|why| invalid("CLERK_PUBLISHABLE_KEY", why))
        })
        .transpose()?;
    // Keys pasted into .env files often carry `\n` instead of line breaks.
    let jwt_key = non_blank(&raw.clerk_jwt_key).map(|pem| pem.replace("\\n", "\n"));
    if let Some(pem) = &jwt_key {
        jsonwebtoken::DecodingKey::from_rsa_pem(pem.as_bytes()).map_err(|_| {
            invalid(
                "CLERK_JWT_KEY",
                "it is not a PEM RSA public key (copy \"JWT public key\" → PEM from Clerk's API keys page)",
            )
        })?;
    }
    let secret_key = non_blank(&raw.clerk_secret_key);
    if let Some(secret) = &secret_key {
        if !secret.starts_with("sk_") {
            return Err(invalid(
                "CLERK_SECRET_KEY",
                "it must start with sk_test_ or sk_live_",
            ));
        }
    }
    let api_url = match non_blank(&raw.clerk_api_url) {
        Some(url) => parse_origin("CLERK_API_URL", &url)?,
        None => DEFAULT_CLERK_API_URL.to_owned(),
    };
    let clerk_js_url = non_blank(&raw.clerk_js_url);
    if (jwt_key.is_some() || secret_key.is_some()) && clerk.is_none() {
        return Err(invalid(
            "CLERK_PUBLISHABLE_KEY",
            "it is unset, but Clerk keys are configured: the token issuer comes from it",
        ));
    }
    if clerk.is_some() && jwt_key.is_none() && secret_key.is_none() {
        return Err(invalid(
            "CLERK_JWT_KEY",
            "set it (or CLERK_SECRET_KEY) so session tokens can be verified",
        ));
    }
    let loopback = rocket.address.is_loopback();
    let public_origins = match non_blank(&raw.public_url) {
        Some(list) => parse_origins("DEVFLOW_PUBLIC_URL", &list)?,
        None => {
            let port = rocket.port;
            let mut origins = vec![
                format!("http://localhost:{port}"),
                format!("http://127.0.0.1:{port}"),
            ];
            if loopback {
                // `trunk serve` proxies /api from its own origin during development.
                origins.push(format!("http://localhost:{TRUNK_SERVE_PORT}"));
                origins.push(format!("http://127.0.0.1:{TRUNK_SERVE_PORT}"));
            }
            origins
        }
    };
    let authorized_parties = match non_blank(&raw.clerk_authorized_parties) {
        Some(list) => parse_origins("CLERK_AUTHORIZED_PARTIES", &list)?,
        None => public_origins.clone(),
    };
    if raw.local_sign_in && !loopback {
        return Err(invalid(
            "DEVFLOW_LOCAL_SIGN_IN",
            format!(
                "local sign-in lets anyone act as any user, so it is refused unless the server \
                 listens on loopback only (it listens on {}; set ROCKET_ADDRESS=127.0.0.1)",
                rocket.address
            ),
        ));
    }
    Ok(SessionSettings {
        clerk,
        jwt_key,
        secret_key: secret_key.map(SecretString::from),
        api_url,
        clerk_js_url,
        authorized_parties,
        public_origins,
        local_sign_in: raw.local_sign_in,
        jwks_refresh_secs: raw.jwks_refresh_secs,
    })
}

fn one_line(error: &rocket::figment::Error) -> String {
    error.to_string().replace('\n', "; ")
}

fn validate_mongodb_uri(uri: &str) -> Result<(), ConfigError> {
    mongodb::options::ConnectionString::parse(uri)
        .map(|_| ())
        .map_err(|e| ConfigError::Invalid {
            var: "MONGODB_URI",
            // The driver's message names the problem; the URI itself may hold a password.
            why: format!(
                "not a MongoDB connection string ({})",
                redact_uri_error(&driver_message(&e), uri)
            ),
        })
}

fn driver_message(error: &mongodb::error::Error) -> String {
    match &*error.kind {
        mongodb::error::ErrorKind::InvalidArgument { message, .. } => message.clone(),
        other => other.to_string(),
    }
}

fn redact_uri_error(message: &str, uri: &str) -> String {
    if uri.is_empty() {
        message.to_owned()
    } else {
        message.replace(uri, "[uri]")
    }
}

/// Checks a database name against MongoDB's naming rules.
pub fn validate_db_name(name: &str) -> Result<(), ConfigError> {
    let why = if name.is_empty() {
        Some("it is empty".to_owned())
    } else if name.len() > 63 {
        Some("it is longer than 63 bytes".to_owned())
    } else {
        name.chars()
            .find(|c| {
                matches!(
                    c,
                    '/' | '\\' | '.' | ' ' | '"' | '$' | '*' | '<' | '>' | ':' | '|' | '?' | '\0'
                )
            })
            .map(|c| format!("it contains the character {c:?}"))
    };
    match why {
        Some(why) => Err(ConfigError::Invalid {
            var: "MONGODB_DB",
            why,
        }),
        None => Ok(()),
    }
}

fn validate_webhook_secret(secret: &str) -> Result<(), ConfigError> {
    if !secret.starts_with("whsec_") {
        return Err(ConfigError::Invalid {
            var: "CLERK_WEBHOOK_SIGNING_SECRET",
            why: "it must start with `whsec_` (copy it from Clerk's webhook page)".to_owned(),
        });
    }
    svix::webhooks::Webhook::new(secret)
        .map(|_| ())
        .map_err(|_| ConfigError::Invalid {
            var: "CLERK_WEBHOOK_SIGNING_SECRET",
            why: "the part after `whsec_` is not valid base64".to_owned(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rocket::figment::providers::Serialized;

    fn figment_with(key: &str, value: &str) -> Figment {
        rocket::Config::figment().merge(Serialized::default(key, value))
    }

    #[test]
    fn defaults_apply_when_nothing_is_set() {
        let settings = Settings::from_figment(rocket::Config::figment()).expect("valid");

        assert_eq!(settings.mongodb_db, DEFAULT_MONGODB_DB);
        assert_eq!(settings.static_dir, PathBuf::from(DEFAULT_STATIC_DIR));
        assert!(settings.clerk_webhook_signing_secret.is_none());
        assert_eq!(settings.rate_limits, RateLimits::DEFAULT);
        assert!(settings.cors.allows("http://127.0.0.1:8000"));
        assert!(!settings.cors.allows("https://elsewhere.example"));
    }

    #[test]
    fn cors_origins_are_a_list_or_any() {
        let list = Settings::from_figment(figment_with(
            "cors_origins",
            "https://a.example, https://b.example:8443/",
        ))
        .expect("valid");
        assert_eq!(
            list.cors,
            CorsOrigins::List(vec![
                "https://a.example".to_owned(),
                "https://b.example:8443".to_owned()
            ])
        );
        let any = Settings::from_figment(figment_with("cors_origins", "*")).expect("valid");
        assert_eq!(any.cors, CorsOrigins::Any);
    }

    #[test]
    fn bad_values_are_rejected_with_the_variable_named() {
        let cases = [
            ("mongodb_uri", "postgres://nope", "MONGODB_URI"),
            ("mongodb_uri", "", "MONGODB_URI"),
            ("mongodb_db", "has space", "MONGODB_DB"),
            ("mongodb_db", "a.b", "MONGODB_DB"),
            ("mongodb_db", "", "MONGODB_DB"),
            (
                "clerk_webhook_signing_secret",
                "sk_live_abc",
                "CLERK_WEBHOOK_SIGNING_SECRET",
            ),
            (
                "clerk_webhook_signing_secret",
                "whsec_!!!notbase64",
                "CLERK_WEBHOOK_SIGNING_SECRET",
            ),
            (
                "clerk_publishable_key",
                "pk_test_!!!",
                "CLERK_PUBLISHABLE_KEY",
            ),
            (
                "clerk_publishable_key",
                "sk_test_abc",
                "CLERK_PUBLISHABLE_KEY",
            ),
            // A publishable key alone cannot verify anything.
            (
                "clerk_publishable_key",
                "pk_test_Y2xlcmsuZXhhbXBsZS5jb20k",
                "CLERK_JWT_KEY",
            ),
            ("clerk_secret_key", "sk_test_x", "CLERK_PUBLISHABLE_KEY"),
            (
                "cors_origins",
                "devflow.example.com",
                "DEVFLOW_CORS_ORIGINS",
            ),
            (
                "cors_origins",
                "https://a.example/path",
                "DEVFLOW_CORS_ORIGINS",
            ),
            (
                "clerk_authorized_parties",
                "devflow.example.com",
                "CLERK_AUTHORIZED_PARTIES",
            ),
            ("public_url", "https://a.example/path", "DEVFLOW_PUBLIC_URL"),
        ];
        for (key, value, var) in cases {
            let error = Settings::from_figment(figment_with(key, value))
                .expect_err(&format!("{key}={value:?} must be rejected"));

            assert!(error.to_string().contains(var), "{error} should name {var}");
        }
    }

    #[test]
    fn a_malformed_jwt_key_names_its_variable() {
        let figment = figment_with("clerk_publishable_key", "pk_test_Y2xlcmsuZXhhbXBsZS5jb20k")
            .merge(Serialized::default(
                "clerk_jwt_key",
                "-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----",
            ));

        let error = Settings::from_figment(figment).expect_err("invalid");

        assert!(error.to_string().contains("CLERK_JWT_KEY"), "{error}");
    }

    #[test]
    fn authorised_parties_default_to_the_public_origins() {
        let settings =
            Settings::from_figment(figment_with("public_url", "https://devflow.example.com/"))
                .expect("valid");

        assert_eq!(
            settings.sessions.public_origins,
            ["https://devflow.example.com"]
        );
        assert_eq!(
            settings.sessions.authorized_parties,
            ["https://devflow.example.com"]
        );
    }

    #[test]
    fn a_bad_rocket_port_is_one_line() {
        let error = Settings::from_figment(figment_with("port", "eighty")).expect_err("invalid");

        assert!(!error.to_string().contains('\n'));
        assert!(error.to_string().contains("port"), "{error}");
    }

    #[test]
    fn the_password_in_a_uri_never_reaches_debug_output() {
        let settings = Settings::from_figment(figment_with(
            "mongodb_uri",
            "mongodb://devflow:hunter2@db.example.com:27017",
        ))
        .expect("valid");

        assert!(!format!("{settings:?}").contains("hunter2"));
    }

    #[test]
    fn a_valid_webhook_secret_is_accepted() {
        let settings = Settings::from_figment(figment_with(
            "clerk_webhook_signing_secret",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        ))
        .expect("valid");

        assert!(settings.clerk_webhook_signing_secret.is_some());
    }
}
