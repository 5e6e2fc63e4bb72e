//! Settings: Rocket's Figment (`Rocket.toml`, `ROCKET_*`) plus DevFlow's environment
//! variables. Loading validates everything once, at start-up, so a bad value stops the
//! process with one line naming the variable instead of failing on the first request.

use std::path::PathBuf;

use rocket::figment::providers::Env;
use rocket::figment::Figment;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

/// Default MongoDB connection string when `MONGODB_URI` is not set.
pub const DEFAULT_MONGODB_URI: &str = "mongodb://127.0.0.1:27017";
/// Default database name when `MONGODB_DB` is not set.
pub const DEFAULT_MONGODB_DB: &str = "devflow";
/// Default folder of the built SPA when `DEVFLOW_STATIC_DIR` is not set.
pub const DEFAULT_STATIC_DIR: &str = "dist";

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
    figment: Figment,
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
}

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
            .merge(Env::raw().only(&["MONGODB_URI", "MONGODB_DB", "CLERK_WEBHOOK_SIGNING_SECRET"]))
            .merge(Env::prefixed("DEVFLOW_").only(&["STATIC_DIR", "SEED_DEMO"]))
    }

    /// Validates settings from any Figment (tests build their own).
    pub fn from_figment(figment: Figment) -> Result<Self, ConfigError> {
        // Rocket's own keys (port, address, limits...) are checked here too, so a bad
        // ROCKET_PORT is reported in the same one-line way.
        figment
            .extract::<rocket::Config>()
            .map_err(|e| ConfigError::Figment(one_line(&e)))?;
        let raw: RawSettings = figment
            .extract()
            .map_err(|e| ConfigError::Figment(one_line(&e)))?;

        validate_mongodb_uri(&raw.mongodb_uri)?;
        validate_db_name(&raw.mongodb_db)?;
        let clerk_secret = match raw.clerk_webhook_signing_secret {
            Some(secret) if !secret.trim().is_empty() => {
                validate_webhook_secret(secret.trim())?;
                Some(SecretString::from(secret.trim().to_owned()))
            }
            _ => None,
        };

        Ok(Self {
            mongodb_uri: SecretString::from(raw.mongodb_uri),
            mongodb_db: raw.mongodb_db,
            clerk_webhook_signing_secret: clerk_secret,
            static_dir: raw.static_dir,
            seed_demo: raw.seed_demo,
            figment,
        })
    }

    /// The Figment Rocket itself is configured from.
    pub fn rocket_figment(&self) -> Figment {
        self.figment.clone()
    }

    /// The connection string, for the one place that needs it (creating the client).
    pub(crate) fn mongodb_uri_exposed(&self) -> &str {
        self.mongodb_uri.expose_secret()
    }
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
        ];
        for (key, value, var) in cases {
            let error = Settings::from_figment(figment_with(key, value))
                .expect_err(&format!("{key}={value:?} must be rejected"));

            assert!(error.to_string().contains(var), "{error} should name {var}");
        }
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
