//! Verifying Clerk session tokens (RS256 JWTs) and, in local sign-in mode, minting
//! tokens of the same shape, verified by the very same code.
//!
//! Keys: with `CLERK_JWT_KEY` the PEM key verifies every Clerk token whatever `kid` it
//! names (as Clerk's SDKs do); otherwise the JWKS is fetched from Clerk's Backend API
//! once, cached, and fetched again at most once a minute when a token names an unknown
//! `kid`. Each issuer has its own keys: a token claiming Clerk's issuer is only ever
//! checked against Clerk's keys, and a local token only against this process's key.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use tokio::sync::{Mutex, RwLock};

use crate::config::SessionSettings;

/// Clock skew tolerated on `exp` and `nbf`.
pub const LEEWAY_SECS: u64 = 5;
/// How long a locally minted token lives (ClerkJS-style clients mint a fresh one
/// before it runs out).
pub const LOCAL_TOKEN_LIFETIME_SECS: i64 = 10 * 60;

/// The claims DevFlow reads from a session token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionClaims {
    /// The Clerk user id.
    pub sub: String,
    /// The Clerk session id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// Issuer: `https://<frontend api host>` for Clerk.
    pub iss: String,
    /// The origin the token was issued to, when Clerk set it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azp: Option<String>,
    /// Issued at (Unix seconds).
    #[serde(default)]
    pub iat: i64,
    /// Not before (Unix seconds).
    pub nbf: i64,
    /// Expires (Unix seconds).
    pub exp: i64,
}

/// Why a token was refused. Clients only ever learn "invalid session"; the reason is
/// logged at debug level.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    /// Not a JWT, or its header or claims do not parse.
    #[error("the token is malformed")]
    Malformed,
    /// Signed with anything but RS256 (`none`, HS256...).
    #[error("the token is not signed with RS256")]
    Algorithm,
    /// No configured issuer matches `iss`.
    #[error("the token's issuer is not accepted")]
    Issuer,
    /// The key the token names is not known, even after refreshing the JWKS.
    #[error("no key matches the token's kid")]
    UnknownKey,
    /// The signature does not verify.
    #[error("the signature does not verify")]
    Signature,
    /// `exp` has passed.
    #[error("the token has expired")]
    Expired,
    /// `nbf` is in the future.
    #[error("the token is not valid yet")]
    NotYetValid,
    /// A required claim is missing or mistyped.
    #[error("the token lacks a required claim: {0}")]
    Claim(String),
    /// `azp` is not an authorised party.
    #[error("the token's authorised party is not accepted")]
    AuthorizedParty,
    /// The keys could not be fetched from Clerk (the token may well be valid).
    #[error("the signing keys could not be fetched: {0}")]
    KeysUnavailable(String),
}

impl From<jsonwebtoken::errors::Error> for SessionError {
    fn from(error: jsonwebtoken::errors::Error) -> Self {
        use jsonwebtoken::errors::ErrorKind;
        match error.kind() {
            ErrorKind::InvalidSignature => Self::Signature,
            ErrorKind::ExpiredSignature => Self::Expired,
            ErrorKind::ImmatureSignature => Self::NotYetValid,
            ErrorKind::InvalidIssuer => Self::Issuer,
            ErrorKind::InvalidAlgorithm | ErrorKind::InvalidAlgorithmName => Self::Algorithm,
            ErrorKind::MissingRequiredClaim(claim) | ErrorKind::InvalidClaimFormat(claim) => {
                Self::Claim(claim.clone())
            }
            _ => Self::Malformed,
        }
    }
}

/// Where Clerk's public keys come from.
enum ClerkKeys {
    /// `CLERK_JWT_KEY`: one key for every `kid`.
    Pem(DecodingKey),
    /// Clerk's Backend API JWKS, cached.
    Jwks(JwksCache),
}

struct JwksCache {
    url: String,
    /// The JWKS is fetched again for an unknown `kid` at most this often.
    refresh_interval: Duration,
    secret_key: SecretString,
    http: reqwest::Client,
    keys: RwLock<HashMap<String, DecodingKey>>,
    /// When the JWKS was last fetched; the mutex also lets one request fetch while
    /// the others wait for its result.
    last_fetch: Mutex<Option<Instant>>,
}

impl JwksCache {
    async fn key(&self, kid: &str) -> Result<DecodingKey, SessionError> {
        if let Some(key) = self.keys.read().await.get(kid) {
            return Ok(key.clone());
        }
        let mut last_fetch = self.last_fetch.lock().await;
        // Another request may have fetched while this one waited.
        if let Some(key) = self.keys.read().await.get(kid) {
            return Ok(key.clone());
        }
        if last_fetch.is_some_and(|at| at.elapsed() < self.refresh_interval) {
            return Err(SessionError::UnknownKey);
        }
        let fetched = self.fetch().await;
        // A failed fetch counts too, so a Clerk outage is not hammered per request.
        *last_fetch = Some(Instant::now());
        let fetched = fetched?;
        tracing::info!(keys = fetched.len(), "fetched Clerk's JWKS");
        let mut keys = self.keys.write().await;
        *keys = fetched;
        keys.get(kid).cloned().ok_or(SessionError::UnknownKey)
    }

    async fn fetch(&self) -> Result<HashMap<String, DecodingKey>, SessionError> {
        let unavailable = |e: reqwest::Error| SessionError::KeysUnavailable(e.to_string());
        let set: JwkSet = self
            .http
            .get(&self.url)
            .bearer_auth(self.secret_key.expose_secret())
            .send()
            .await
            .map_err(unavailable)?
            .error_for_status()
            .map_err(unavailable)?
            .json()
            .await
            .map_err(unavailable)?;
        Ok(set
            .keys
            .iter()
            .filter_map(|jwk| {
                let kid = jwk.common.key_id.clone()?;
                DecodingKey::from_jwk(jwk).ok().map(|key| (kid, key))
            })
            .collect())
    }
}

/// The key pair local sign-in mints tokens with, generated at start-up and never
/// stored: restarting the backend signs everyone out.
pub struct LocalSigner {
    issuer: String,
    azp: String,
    kid: String,
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl LocalSigner {
    /// Generates a fresh RSA-2048 key pair.
    pub fn generate(issuer: String, azp: String) -> anyhow::Result<Self> {
        use aws_lc_rs::encoding::AsDer;
        use aws_lc_rs::signature::KeyPair as _;
        let pair = aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048)
            .map_err(|_| anyhow::anyhow!("could not generate an RSA key pair"))?;
        let private_der = pair
            .as_der()
            .map_err(|_| anyhow::anyhow!("could not encode the private key"))?;
        let private_pem = pem::encode(&pem::Pem::new("PRIVATE KEY", private_der.as_ref()));
        let public_der = pair
            .public_key()
            .as_der()
            .map_err(|_| anyhow::anyhow!("could not encode the public key"))?;
        let public_pem = pem::encode(&pem::Pem::new("PUBLIC KEY", public_der.as_ref()));
        let kid = format!("local-{}", mongodb::bson::oid::ObjectId::new().to_hex());
        Ok(Self {
            issuer,
            azp,
            kid,
            encoding: EncodingKey::from_rsa_pem(private_pem.as_bytes())?,
            decoding: DecodingKey::from_rsa_pem(public_pem.as_bytes())?,
        })
    }

    /// A token for `clerk_id`, shaped like Clerk's; returns it and its expiry.
    pub fn mint(&self, clerk_id: &str) -> Result<(String, i64), jsonwebtoken::errors::Error> {
        let now = chrono::Utc::now().timestamp();
        let claims = SessionClaims {
            sub: clerk_id.to_owned(),
            sid: Some(format!(
                "sess_local_{}",
                mongodb::bson::oid::ObjectId::new().to_hex()
            )),
            iss: self.issuer.clone(),
            azp: Some(self.azp.clone()),
            iat: now,
            nbf: now - 1,
            exp: now + LOCAL_TOKEN_LIFETIME_SECS,
        };
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(self.kid.clone());
        Ok((
            jsonwebtoken::encode(&header, &claims, &self.encoding)?,
            claims.exp,
        ))
    }
}

/// Verifies session tokens against the configured issuers (managed state).
pub struct SessionVerifier {
    clerk: Option<(String, ClerkKeys)>,
    local: Option<LocalSigner>,
    authorized_parties: Vec<String>,
}

impl SessionVerifier {
    /// Builds the verifier (and, in local mode, the signer) from validated settings.
    pub fn from_settings(settings: &SessionSettings) -> anyhow::Result<Self> {
        let clerk = match &settings.clerk {
            Some(instance) => {
                let keys = match (&settings.jwt_key, &settings.secret_key) {
                    (Some(pem), _) => ClerkKeys::Pem(DecodingKey::from_rsa_pem(pem.as_bytes())?),
                    (None, Some(secret)) => ClerkKeys::Jwks(JwksCache {
                        url: format!("{}/v1/jwks", settings.api_url),
                        refresh_interval: Duration::from_secs(settings.jwks_refresh_secs),
                        secret_key: secret.clone(),
                        http: reqwest::Client::builder()
                            .timeout(Duration::from_secs(5))
                            .build()?,
                        keys: RwLock::default(),
                        last_fetch: Mutex::default(),
                    }),
                    (None, None) => anyhow::bail!("Clerk is configured without a key"),
                };
                Some((instance.issuer(), keys))
            }
            None => None,
        };
        let local = if settings.local_sign_in {
            let origin = settings.public_origins.first().cloned().unwrap_or_default();
            Some(LocalSigner::generate(
                format!("{origin}/local-sign-in"),
                origin,
            )?)
        } else {
            None
        };
        Ok(Self {
            clerk,
            local,
            authorized_parties: settings.authorized_parties.clone(),
        })
    }

    /// The local signer, when local sign-in is on.
    pub fn local_signer(&self) -> Option<&LocalSigner> {
        self.local.as_ref()
    }

    /// Whether any way of signing in is configured.
    pub fn is_configured(&self) -> bool {
        self.clerk.is_some() || self.local.is_some()
    }

    /// Verifies `token` and returns its claims.
    pub async fn verify(&self, token: &str) -> Result<SessionClaims, SessionError> {
        let header = jsonwebtoken::decode_header(token).map_err(|error| {
            // `alg: none` and unknown algorithms fail here already.
            match error.kind() {
                jsonwebtoken::errors::ErrorKind::InvalidAlgorithmName => SessionError::Algorithm,
                _ => SessionError::Malformed,
            }
        })?;
        if header.alg != Algorithm::RS256 {
            return Err(SessionError::Algorithm);
        }
        let unverified: UnverifiedIssuer =
            // Only to pick the issuer's keys; `decode` below checks `iss` again, signed.
            jsonwebtoken::dangerous::insecure_decode_claims(token)
            .map_err(|_| SessionError::Malformed)?;
        let key = self.key_for(&unverified.iss, header.kid.as_deref()).await?;
        let mut validation = Validation::new(Algorithm::RS256);
        validation.leeway = LEEWAY_SECS;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.validate_aud = false;
        validation.set_issuer(&[&unverified.iss]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "sub"]);
        let claims = jsonwebtoken::decode::<SessionClaims>(token, &key, &validation)?.claims;
        if claims.sub.is_empty() {
            return Err(SessionError::Claim("sub".into()));
        }
        if let Some(azp) = &claims.azp {
            if !self.authorized_parties.iter().any(|party| party == azp) {
                return Err(SessionError::AuthorizedParty);
            }
        }
        Ok(claims)
    }

    async fn key_for(&self, issuer: &str, kid: Option<&str>) -> Result<DecodingKey, SessionError> {
        if let Some((clerk_issuer, keys)) = &self.clerk {
            if issuer == clerk_issuer {
                return match keys {
                    ClerkKeys::Pem(key) => Ok(key.clone()),
                    ClerkKeys::Jwks(cache) => cache.key(kid.ok_or(SessionError::UnknownKey)?).await,
                };
            }
        }
        match &self.local {
            Some(local) if issuer == local.issuer => Ok(local.decoding.clone()),
            _ => Err(SessionError::Issuer),
        }
    }
}

#[derive(Deserialize)]
struct UnverifiedIssuer {
    iss: String,
}
