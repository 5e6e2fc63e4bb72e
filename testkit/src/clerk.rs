//! Clerk `user.*` events in the shape Clerk documents and sends, and svix signatures
//! over them, for tests and for `cargo xtask webhook`.

use serde_json::{json, Value};
use svix::webhooks::{Webhook, WebhookError};

/// The user a `user.created` / `user.updated` event describes. Start from
/// [`ClerkUser::new`] and set what the case needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClerkUser {
    /// Clerk user id, `user_...`.
    pub id: String,
    /// `first_name`.
    pub first_name: String,
    /// `last_name`.
    pub last_name: String,
    /// The primary email address, if the user has one.
    pub email: Option<String>,
    /// Further (non-primary) addresses, listed before the primary one as Clerk may.
    pub other_emails: Vec<String>,
    /// A username chosen in Clerk (`None` when Clerk usernames are off).
    pub username: Option<String>,
    /// `image_url` (empty: the backend draws an initials avatar).
    pub image_url: String,
    /// `created_at`, ms since the epoch.
    pub created_at_ms: i64,
    /// `updated_at`, ms since the epoch (Clerk's version of the user).
    pub updated_at_ms: i64,
}

impl ClerkUser {
    /// "Example Example" with `example@example.org`, created and updated at `at_ms`.
    pub fn new(id: impl Into<String>, at_ms: i64) -> Self {
        Self {
            id: id.into(),
            first_name: "Example".to_owned(),
            last_name: "Example".to_owned(),
            email: Some("example@example.org".to_owned()),
            other_emails: Vec::new(),
            username: None,
            image_url: String::new(),
            created_at_ms: at_ms,
            updated_at_ms: at_ms,
        }
    }

    /// The whole event (`user.created` or `user.updated`) as Clerk sends it.
    pub fn event(&self, kind: &str) -> Value {
        let mut addresses: Vec<Value> = self
            .other_emails
            .iter()
            .enumerate()
            .map(|(i, address)| email_address(&format!("idn_other{i}"), address))
            .collect();
        let primary_id = self.email.as_ref().map(|address| {
            let id = format!("idn_{}", self.id.trim_start_matches("user_"));
            addresses.push(email_address(&id, address));
            id
        });
        json!({
            "data": {
                "backup_code_enabled": false,
                "banned": false,
                "birthday": "",
                "created_at": self.created_at_ms,
                "email_addresses": addresses,
                "external_accounts": [],
                "external_id": null,
                "first_name": self.first_name,
                "gender": "",
                "id": self.id,
                "image_url": self.image_url,
                "last_name": self.last_name,
                "last_sign_in_at": null,
                "object": "user",
                "password_enabled": true,
                "phone_numbers": [],
                "primary_email_address_id": primary_id,
                "primary_phone_number_id": null,
                "primary_web3_wallet_id": null,
                "private_metadata": {},
                "profile_image_url": "https://www.gravatar.com/avatar?d=mp",
                "public_metadata": {},
                "two_factor_enabled": false,
                "unsafe_metadata": {},
                "updated_at": self.updated_at_ms,
                "username": self.username,
                "web3_wallets": []
            },
            "event_attributes": event_attributes(),
            "object": "event",
            "timestamp": self.updated_at_ms,
            "type": kind
        })
    }
}

fn email_address(id: &str, address: &str) -> Value {
    json!({
        "email_address": address,
        "id": id,
        "linked_to": [],
        "object": "email_address",
        "verification": {"status": "verified", "strategy": "email_code"}
    })
}

fn event_attributes() -> Value {
    json!({"http_request": {"client_ip": "127.0.0.1", "user_agent": "devflow-testkit"}})
}

/// A `user.deleted` event for `id`.
pub fn deleted_event(id: &str, timestamp_ms: i64) -> Value {
    json!({
        "data": {"deleted": true, "id": id, "object": "user"},
        "event_attributes": event_attributes(),
        "object": "event",
        "timestamp": timestamp_ms,
        "type": "user.deleted"
    })
}

/// A Clerk-style id: `prefix` plus 27 alphanumerics from `seed` (xorshift), so the same
/// seed gives the same id and different seeds practically never collide.
pub fn id_from_seed(prefix: &str, seed: u64) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut id = String::from(prefix);
    for _ in 0..27 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        id.push(char::from(
            ALPHABET[(state % ALPHABET.len() as u64) as usize],
        ));
    }
    id
}

/// The `svix-signature` value for `body` sent as message `msg_id` at `timestamp` (s).
pub fn sign(
    secret: &str,
    msg_id: &str,
    timestamp: i64,
    body: &[u8],
) -> Result<String, WebhookError> {
    Webhook::new(secret)?.sign(msg_id, timestamp, body)
}

/// The three svix headers for `body` sent as `msg_id` at `timestamp` (s).
pub fn signed_headers(
    secret: &str,
    msg_id: &str,
    timestamp: i64,
    body: &[u8],
) -> Result<Vec<(&'static str, String)>, WebhookError> {
    Ok(vec![
        ("svix-id", msg_id.to_owned()),
        ("svix-timestamp", timestamp.to_string()),
        ("svix-signature", sign(secret, msg_id, timestamp, body)?),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    #[test]
    fn the_primary_email_id_names_the_primary_address() {
        let user = ClerkUser {
            other_emails: vec!["backup@example.org".into()],
            ..ClerkUser::new("user_1", 5)
        };

        let data = &user.event("user.created")["data"];

        assert_eq!(
            data["email_addresses"][0]["email_address"],
            "backup@example.org"
        );
        assert_eq!(
            data["email_addresses"][1]["email_address"],
            "example@example.org"
        );
        assert_eq!(
            data["primary_email_address_id"],
            data["email_addresses"][1]["id"]
        );
        assert_eq!(data["updated_at"], 5);
    }

    #[test]
    fn a_user_without_email_has_no_primary_address() {
        let user = ClerkUser {
            email: None,
            ..ClerkUser::new("user_1", 5)
        };

        assert!(user.event("user.created")["data"]["primary_email_address_id"].is_null());
    }

    #[test]
    fn ids_from_seeds_are_stable_and_distinct() {
        assert_eq!(id_from_seed("user_", 1), id_from_seed("user_", 1));
        assert_ne!(id_from_seed("user_", 1), id_from_seed("user_", 2));
        assert_eq!(id_from_seed("user_", 0).len(), 32);
    }

    #[test]
    fn signed_headers_verify_with_the_same_secret() {
        let body = br#"{"type":"user.created"}"#;
        let now = 1_700_000_000;
        let mut map = http::HeaderMap::new();
        for (name, value) in signed_headers(SECRET, "msg_1", now, body).expect("signed") {
            map.insert(name, value.parse().expect("header value"));
        }

        assert!(Webhook::new(SECRET)
            .expect("secret")
            .verify_ignoring_timestamp(body, &map)
            .is_ok());
    }
}
