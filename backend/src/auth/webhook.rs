//! Verifying svix-signed webhook deliveries (what Clerk sends).
//!
//! The signature covers the raw body bytes, so the route verifies before parsing
//! anything. Clerk sends `svix-id`, `svix-timestamp` and `svix-signature`; the unbranded
//! `webhook-*` names of the Standard Webhooks spec are accepted too. During a secret
//! rotation the signature header carries several space-separated signatures, and any
//! valid one is enough (the svix crate checks each).

use rocket::request::{FromRequest, Outcome, Request};
use secrecy::ExposeSecret;
use svix::webhooks::{Webhook, WebhookError};

use shared::ErrorCode;

use crate::config::{ConfigError, Settings};
use crate::error::ApiError;

/// The verifier built once from `CLERK_WEBHOOK_SIGNING_SECRET` (none while unset).
pub struct ClerkWebhook(Option<Webhook>);

impl ClerkWebhook {
    /// Builds the verifier from settings; a secret svix cannot use stops start-up
    /// rather than silently switching webhooks off.
    pub fn from_settings(settings: &Settings) -> Result<Self, ConfigError> {
        settings
            .clerk_webhook_signing_secret
            .as_ref()
            .map(|secret| Webhook::new(secret.expose_secret()))
            .transpose()
            .map(Self)
            .map_err(|_| ConfigError::Invalid {
                var: "CLERK_WEBHOOK_SIGNING_SECRET",
                why: "svix cannot use it as a signing secret".to_owned(),
            })
    }

    /// The verifier, or 503 while webhooks are not configured.
    pub fn verifier(&self) -> Result<&Webhook, ApiError> {
        self.0.as_ref().ok_or_else(|| {
            ApiError::NotConfigured(
                "Webhooks are not configured on this server (CLERK_WEBHOOK_SIGNING_SECRET is unset).".into(),
            )
        })
    }
}

/// The three signature headers as received (request guard; never fails).
#[derive(Debug, Clone, Default)]
pub struct SignatureHeaders {
    id: Option<String>,
    timestamp: Option<String>,
    signature: Option<String>,
}

fn header(request: &Request<'_>, names: [&str; 2]) -> Option<String> {
    names
        .iter()
        .find_map(|name| request.headers().get_one(name))
        .map(str::to_owned)
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for SignatureHeaders {
    type Error = std::convert::Infallible;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        Outcome::Success(Self {
            id: header(request, ["svix-id", "webhook-id"]),
            timestamp: header(request, ["svix-timestamp", "webhook-timestamp"]),
            signature: header(request, ["svix-signature", "webhook-signature"]),
        })
    }
}

/// Headers that are present and well-formed, ready for verification.
#[derive(Debug, Clone)]
pub struct ValidHeaders {
    id: String,
    map: http::HeaderMap,
}

fn bad_headers(message: impl Into<String>) -> ApiError {
    ApiError::rejected(ErrorCode::InvalidSignatureHeaders, message)
}

/// Whether a signature header has at least one `v<N>,<base64>` entry.
fn signature_is_well_formed(value: &str) -> bool {
    value.split(' ').filter(|t| !t.is_empty()).any(|token| {
        token.split_once(',').is_some_and(|(version, signature)| {
            version.len() > 1
                && version.starts_with('v')
                && version[1..].chars().all(|c| c.is_ascii_digit())
                && !signature.is_empty()
                && signature
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))
        })
    })
}

impl SignatureHeaders {
    /// Checks that all three headers are present and well-formed (else 400).
    pub fn validate(&self) -> Result<ValidHeaders, ApiError> {
        let (Some(id), Some(timestamp), Some(signature)) =
            (&self.id, &self.timestamp, &self.signature)
        else {
            return Err(bad_headers(
                "The svix-id, svix-timestamp and svix-signature headers are required.",
            ));
        };
        let id = id.trim();
        if id.is_empty() || id.len() > 256 || !id.chars().all(|c| c.is_ascii_graphic()) {
            return Err(bad_headers("The svix-id header is malformed."));
        }
        if timestamp.trim().parse::<i64>().is_err() {
            return Err(bad_headers(
                "The svix-timestamp header must be a Unix time in seconds.",
            ));
        }
        if !signature_is_well_formed(signature) {
            return Err(bad_headers("The svix-signature header is malformed."));
        }
        let mut map = http::HeaderMap::new();
        for (name, value) in [
            ("svix-id", id),
            ("svix-timestamp", timestamp.trim()),
            ("svix-signature", signature),
        ] {
            let value = http::HeaderValue::from_str(value)
                .map_err(|_| bad_headers(format!("The {name} header is malformed.")))?;
            map.insert(name, value);
        }
        Ok(ValidHeaders {
            id: id.to_owned(),
            map,
        })
    }
}

impl ValidHeaders {
    /// The delivery id (`svix-id`), the same for every retry of one event.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Verifies the signature over the raw body and the timestamp's 5-minute tolerance.
    pub fn verify(&self, webhook: &Webhook, body: &[u8]) -> Result<(), ApiError> {
        webhook.verify(body, &self.map).map_err(map_error)
    }

    /// Verifies the signature only (for checking published test vectors).
    #[cfg(test)]
    fn verify_ignoring_timestamp(&self, webhook: &Webhook, body: &[u8]) -> Result<(), ApiError> {
        webhook
            .verify_ignoring_timestamp(body, &self.map)
            .map_err(map_error)
    }
}

fn map_error(error: WebhookError) -> ApiError {
    match error {
        WebhookError::TimestampTooOldError | WebhookError::FutureTimestampError => {
            ApiError::rejected(
                ErrorCode::TimestampOutOfTolerance,
                "The svix-timestamp is more than 5 minutes from the server's clock.",
            )
        }
        WebhookError::InvalidSignature => ApiError::rejected(
            ErrorCode::InvalidSignature,
            "No signature in svix-signature matches the body.",
        ),
        WebhookError::InvalidPayload => {
            ApiError::rejected(ErrorCode::InvalidEvent, "The body is not UTF-8 text.")
        }
        WebhookError::MissingHeader(_)
        | WebhookError::InvalidHeader(_)
        | WebhookError::InvalidTimestamp => {
            bad_headers(format!("Signature headers rejected: {error}."))
        }
        WebhookError::InvalidSecret(_) | WebhookError::EmptySecret => {
            ApiError::Internal(anyhow::anyhow!("the webhook secret is unusable: {error}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The published svix test vector.
    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const MSG_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const TIMESTAMP: &str = "1614265330";
    const PAYLOAD: &[u8] = br#"{"test": 2432232314}"#;
    const SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    fn headers(
        id: Option<&str>,
        timestamp: Option<&str>,
        signature: Option<&str>,
    ) -> SignatureHeaders {
        SignatureHeaders {
            id: id.map(str::to_owned),
            timestamp: timestamp.map(str::to_owned),
            signature: signature.map(str::to_owned),
        }
    }

    fn webhook() -> Webhook {
        Webhook::new(SECRET).expect("valid secret")
    }

    /// The vector's id and timestamp with `signature`, validated.
    fn vector_headers(signature: &str) -> ValidHeaders {
        headers(Some(MSG_ID), Some(TIMESTAMP), Some(signature))
            .validate()
            .expect("well-formed")
    }

    #[test]
    fn the_published_svix_vector_verifies() {
        let headers = vector_headers(SIGNATURE);

        assert!(headers
            .verify_ignoring_timestamp(&webhook(), PAYLOAD)
            .is_ok());
    }

    #[test]
    fn any_valid_signature_of_several_is_enough() {
        let rotated = format!("v1,Zm9vYmFyYmF6cXV4 {SIGNATURE} v2,abc=");
        let headers = vector_headers(&rotated);

        assert!(headers
            .verify_ignoring_timestamp(&webhook(), PAYLOAD)
            .is_ok());
    }

    #[test]
    fn the_published_vector_is_too_old_for_the_live_check() {
        let headers = vector_headers(SIGNATURE);

        let error = headers.verify(&webhook(), PAYLOAD).expect_err("stale");

        assert_eq!(error.body().code, ErrorCode::TimestampOutOfTolerance);
    }

    #[test]
    fn a_changed_body_fails_verification() {
        let headers = vector_headers(SIGNATURE);

        let error = headers
            .verify_ignoring_timestamp(&webhook(), br#"{"test": 2432232315}"#)
            .expect_err("tampered");

        assert_eq!(error.body().code, ErrorCode::InvalidSignature);
    }

    #[test]
    fn missing_or_malformed_headers_are_rejected_before_verifying() {
        let cases = [
            (None, Some(TIMESTAMP), Some(SIGNATURE)),
            (Some(MSG_ID), None, Some(SIGNATURE)),
            (Some(MSG_ID), Some(TIMESTAMP), None),
            (Some(""), Some(TIMESTAMP), Some(SIGNATURE)),
            (Some(MSG_ID), Some("yesterday"), Some(SIGNATURE)),
            (Some(MSG_ID), Some(TIMESTAMP), Some("")),
            (Some(MSG_ID), Some(TIMESTAMP), Some("garbage")),
            (Some(MSG_ID), Some(TIMESTAMP), Some("v1,")),
            (Some(MSG_ID), Some(TIMESTAMP), Some("x1,abc")),
            (Some(MSG_ID), Some(TIMESTAMP), Some("v1,not_base64!")),
        ];
        for (id, ts, sig) in cases {
            let error = headers(id, ts, sig).validate().expect_err("rejected");
            assert_eq!(error.status().code, 400, "{id:?} {ts:?} {sig:?}");
        }
    }
}
