//! Settings for a backend under test: the test database server, a fresh database per
//! test, logging off. API tests and browser tests both start from here.

use backend::config::Settings;
use mongodb::bson::oid::ObjectId;
use rocket::figment::providers::Serialized;
use rocket::figment::Figment;

/// The MongoDB the tests use (`cargo xtask test` starts one and sets `MONGODB_URI`).
pub fn mongodb_uri() -> Result<String, String> {
    std::env::var("MONGODB_URI").map_err(|_| {
        "MONGODB_URI is not set: run the tests with `cargo xtask test` (which starts a \
         throwaway database), or set MONGODB_URI to a MongoDB you can create databases on"
            .to_owned()
    })
}

/// A database name no other test uses, e.g. `devflow_test_<objectid>`.
pub fn fresh_db_name(prefix: &str) -> String {
    format!("{prefix}_{}", ObjectId::new().to_hex())
}

/// Rocket's figment with the database at `uri`, logging off, plus `overrides`
/// (`("port", 8123)`, `("clerk_webhook_signing_secret", "whsec_...")`...).
pub fn figment(uri: &str, overrides: &[(&str, serde_json::Value)]) -> Figment {
    let mut figment = rocket::Config::figment()
        .merge(Serialized::default("mongodb_uri", uri))
        .merge(Serialized::default("log_level", "off"));
    for (key, value) in overrides {
        figment = figment.merge(Serialized::default(key, value));
    }
    figment
}

/// Validated settings for `uri` with `overrides`, on a fresh database named `prefix_<id>`.
pub fn settings(
    uri: &str,
    db_prefix: &str,
    overrides: &[(&str, serde_json::Value)],
) -> Result<Settings, backend::config::ConfigError> {
    let mut settings = Settings::from_figment(figment(uri, overrides))?;
    settings.mongodb_db = fresh_db_name(db_prefix);
    Ok(settings)
}
