//! Settings for a backend under test: the test database server, a fresh database per
//! test, logging off; and RSA keys that sign session tokens the way Clerk does. API
//! tests and browser tests both start from here.

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::signature::KeyPair as _;
use backend::config::Settings;
use base64::Engine;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use mongodb::bson::oid::ObjectId;
use rocket::figment::providers::Serialized;
use rocket::figment::Figment;
use serde_json::{json, Value};

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

/// An RSA key pair and the PEM forms Clerk's dashboard shows.
pub struct TestKey {
    encoding: EncodingKey,
    public_pem: String,
    pair: aws_lc_rs::rsa::KeyPair,
}

impl TestKey {
    /// A fresh RSA-2048 key pair.
    pub fn generate() -> Self {
        let pair =
            aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).expect("key pair");
        let private_der = pair.as_der().expect("private der");
        let public_der = pair.public_key().as_der().expect("public der");
        let private_pem = pem::encode(&pem::Pem::new("PRIVATE KEY", private_der.as_ref()));
        let public_pem = pem::encode(&pem::Pem::new("PUBLIC KEY", public_der.as_ref()));
        Self {
            encoding: EncodingKey::from_rsa_pem(private_pem.as_bytes()).expect("encoding key"),
            public_pem,
            pair,
        }
    }

    /// The public key in PEM, as `CLERK_JWT_KEY` takes it.
    pub fn public_pem(&self) -> &str {
        &self.public_pem
    }

    /// The key as a JWK with `kid`.
    pub fn jwk(&self, kid: &str) -> Value {
        let b64 = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        let public = self.pair.public_key();
        json!({
            "kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid,
            "n": b64(public.modulus().big_endian_without_leading_zero()),
            "e": b64(public.exponent().big_endian_without_leading_zero()),
        })
    }

    /// An RS256 token with `claims`, naming `kid`.
    pub fn sign(&self, claims: &Value, kid: &str) -> String {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(kid.to_owned());
        jsonwebtoken::encode(&header, claims, &self.encoding).expect("signed")
    }
}
