//! Clerk's webhook payloads and how a Clerk user becomes DevFlow's user fields.
//! Pure: no I/O, so every rule (names, primary email, usernames) is unit-tested.

use serde::Deserialize;
use serde_json::Value;

use shared::avatar::initials_avatar;

/// An event envelope as Clerk sends it (`{"type": ..., "data": {...}, "object": "event"}`).
#[derive(Debug, Clone, Deserialize)]
pub struct ClerkEvent {
    /// e.g. `user.created`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The event's object; its shape depends on `kind`.
    pub data: Value,
}

/// The events DevFlow acts on.
#[derive(Debug, Clone, PartialEq)]
pub enum UserEvent {
    /// `user.created` or `user.updated`: create or update the user.
    Upsert(ClerkProfile),
    /// `user.deleted`: remove the user and what only exists because of them.
    Deleted { clerk_id: String },
    /// Any other event type.
    Unhandled,
}

/// Why a correctly signed body is still not a usable Clerk event.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0}")]
pub struct InvalidEvent(pub String);

#[derive(Debug, Clone, Deserialize)]
struct ClerkEmail {
    id: String,
    email_address: String,
}

#[derive(Debug, Clone, Deserialize)]
struct ClerkUser {
    id: String,
    #[serde(default)]
    first_name: Option<String>,
    #[serde(default)]
    last_name: Option<String>,
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    email_addresses: Vec<ClerkEmail>,
    #[serde(default)]
    primary_email_address_id: Option<String>,
    #[serde(default)]
    image_url: Option<String>,
    created_at: i64,
    updated_at: i64,
}

#[derive(Debug, Clone, Deserialize)]
struct ClerkDeleted {
    id: String,
}

/// The Clerk-owned fields of a user, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct ClerkProfile {
    /// Clerk's user id.
    pub clerk_id: String,
    /// Display name (never empty).
    pub name: String,
    /// The username the user chose in Clerk, if usernames are on.
    pub username: Option<String>,
    /// Readable username to use when Clerk has none (before collision suffixes).
    pub username_base: String,
    /// The primary email address.
    pub email: Option<String>,
    /// Avatar URL.
    pub picture: String,
    /// Clerk's `created_at` (ms since the epoch).
    pub created_at_ms: i64,
    /// Clerk's `updated_at` (ms since the epoch); orders updates.
    pub updated_at_ms: i64,
}

fn non_empty(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

impl ClerkEvent {
    /// Parses a verified body.
    pub fn parse(body: &[u8]) -> Result<Self, InvalidEvent> {
        serde_json::from_slice(body).map_err(|e| InvalidEvent(format!("not a Clerk event: {e}")))
    }

    /// Interprets the event for DevFlow.
    pub fn interpret(&self) -> Result<UserEvent, InvalidEvent> {
        match self.kind.as_str() {
            "user.created" | "user.updated" => {
                let user: ClerkUser = serde_json::from_value(self.data.clone())
                    .map_err(|e| InvalidEvent(format!("invalid {} data: {e}", self.kind)))?;
                Ok(UserEvent::Upsert(ClerkProfile::from_user(user)?))
            }
            "user.deleted" => {
                let deleted: ClerkDeleted = serde_json::from_value(self.data.clone())
                    .map_err(|e| InvalidEvent(format!("invalid user.deleted data: {e}")))?;
                let clerk_id = non_empty(Some(&deleted.id))
                    .ok_or_else(|| InvalidEvent("user.deleted without a user id".into()))?;
                Ok(UserEvent::Deleted { clerk_id })
            }
            _ => Ok(UserEvent::Unhandled),
        }
    }

    /// The Clerk user id the event is about, if any (for the event log).
    pub fn subject(&self) -> Option<String> {
        self.data
            .get("id")
            .and_then(Value::as_str)
            .map(str::to_owned)
    }
}

impl ClerkProfile {
    fn from_user(user: ClerkUser) -> Result<Self, InvalidEvent> {
        let clerk_id =
            non_empty(Some(&user.id)).ok_or_else(|| InvalidEvent("user without an id".into()))?;
        let email = primary_email(
            &user.email_addresses,
            user.primary_email_address_id.as_deref(),
        );
        let username = non_empty(user.username.as_deref());
        let name = display_name(
            user.first_name.as_deref(),
            user.last_name.as_deref(),
            username.as_deref(),
            email.as_deref(),
        );
        let username_base = username_base(email.as_deref(), &name);
        let picture =
            non_empty(user.image_url.as_deref()).unwrap_or_else(|| initials_avatar(&name));
        Ok(Self {
            clerk_id,
            name,
            username,
            username_base,
            email,
            picture,
            created_at_ms: user.created_at,
            updated_at_ms: user.updated_at,
        })
    }
}

fn primary_email(emails: &[ClerkEmail], primary_id: Option<&str>) -> Option<String> {
    let primary = primary_id.and_then(|id| emails.iter().find(|e| e.id == id));
    // Without a primary (should not happen) the only address is still the user's.
    let chosen = primary.or(if emails.len() == 1 {
        emails.first()
    } else {
        None
    })?;
    non_empty(Some(&chosen.email_address)).map(|e| e.to_lowercase())
}

/// "First Last" trimmed; else the username; else the email's local part; else "Anonymous".
pub fn display_name(
    first: Option<&str>,
    last: Option<&str>,
    username: Option<&str>,
    email: Option<&str>,
) -> String {
    let full = [first, last]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if !full.is_empty() {
        return full;
    }
    if let Some(username) = non_empty(username) {
        return username;
    }
    email
        .and_then(|e| e.split('@').next())
        .and_then(|local| non_empty(Some(local)))
        .unwrap_or_else(|| "Anonymous".to_owned())
}

/// A readable username from the email's local part (without `+tag`), else the name:
/// lowercase ASCII letters, digits and single underscores, at most 24 characters.
pub fn username_base(email: Option<&str>, name: &str) -> String {
    let from_email = email
        .and_then(|e| e.split('@').next())
        .map(|local| local.split('+').next().unwrap_or(local));
    for source in from_email.into_iter().chain(std::iter::once(name)) {
        let slug = slugify(source);
        if !slug.is_empty() {
            return slug;
        }
    }
    "user".to_owned()
}

fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('_') {
            slug.push('_');
        }
        if slug.len() >= 24 {
            break;
        }
    }
    slug.trim_end_matches('_').to_owned()
}

/// Usernames to try, in order: the base, then the base with suffixes derived from the
/// Clerk id. The same user always gets the same suffixes (retries and redeliveries
/// agree), and different users almost always get different ones.
pub fn username_candidates(base: &str, clerk_id: &str) -> Vec<String> {
    let hash = format!("{:016x}", mixed_hash(clerk_id));
    let mut candidates = vec![base.to_owned()];
    candidates.extend(
        [4, 6, 8, 16]
            .iter()
            .map(|&n| format!("{base}_{}", &hash[..n])),
    );
    candidates
}

/// FNV-1a followed by a 64-bit finaliser, so ids that differ only in their last
/// characters still differ in the leading hex digits used for short suffixes.
fn mixed_hash(text: &str) -> u64 {
    let mut hash = shared::hash::fnv1a(text.as_bytes());
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ (hash >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn user_event(kind: &str, data: Value) -> ClerkEvent {
        ClerkEvent::parse(
            json!({"type": kind, "object": "event", "data": data})
                .to_string()
                .as_bytes(),
        )
        .expect("valid envelope")
    }

    fn clerk_user(overrides: Value) -> Value {
        let mut user = json!({
            "id": "user_29w83sxmDNGwOuEthce5gg56FcC",
            "object": "user",
            "first_name": "Example",
            "last_name": "Example",
            "username": null,
            "email_addresses": [
                {"id": "idn_other", "email_address": "other@example.org"},
                {"id": "idn_primary", "email_address": "Example@Example.org"}
            ],
            "primary_email_address_id": "idn_primary",
            "image_url": "https://img.clerk.com/xxxxxx",
            "created_at": 1654012591514_i64,
            "updated_at": 1654012591835_i64
        });
        if let (Some(base), Some(extra)) = (user.as_object_mut(), overrides.as_object()) {
            for (k, v) in extra {
                base.insert(k.clone(), v.clone());
            }
        }
        user
    }

    fn profile(overrides: Value) -> ClerkProfile {
        match user_event("user.created", clerk_user(overrides)).interpret() {
            Ok(UserEvent::Upsert(profile)) => profile,
            other => panic!("expected an upsert, got {other:?}"),
        }
    }

    #[test]
    fn the_primary_email_is_used_not_the_first() {
        assert_eq!(
            profile(json!({})).email.as_deref(),
            Some("example@example.org")
        );
    }

    #[test]
    fn names_fall_back_to_username_then_email_local_part() {
        let cases = [
            (
                json!({"first_name": "  Ada ", "last_name": " Lovelace "}),
                "Ada Lovelace",
            ),
            (json!({"first_name": "Ada", "last_name": null}), "Ada"),
            (
                json!({"first_name": "", "last_name": " ", "username": "countess"}),
                "countess",
            ),
            (
                json!({"first_name": null, "last_name": null, "username": null}),
                "example",
            ),
        ];
        for (overrides, expected) in cases {
            assert_eq!(profile(overrides.clone()).name, expected, "{overrides}");
        }
    }

    #[test]
    fn a_missing_username_is_derived_readably_from_the_email() {
        let p = profile(
            json!({"username": null, "email_addresses": [{"id": "e1", "email_address": "ada.lovelace+dev@math.org"}], "primary_email_address_id": "e1"}),
        );

        assert_eq!(p.username, None);
        assert_eq!(p.username_base, "ada_lovelace");
    }

    #[test]
    fn username_bases_are_readable_slugs() {
        let cases = [
            (Some("Ada.Lovelace@x.org"), "Whatever", "ada_lovelace"),
            (Some("+++@x.org"), "Grace Hopper", "grace_hopper"),
            (None, "Émile Zola", "mile_zola"),
            (None, "李小龙", "user"),
            (
                Some("averyveryverylongemailaddresslocalpart@x.org"),
                "",
                "averyveryverylongemailad",
            ),
        ];
        for (email, name, expected) in cases {
            assert_eq!(username_base(email, name), expected, "{email:?} {name:?}");
        }
    }

    #[test]
    fn username_candidates_are_stable_per_user_and_differ_between_users() {
        let a1 = username_candidates("ada", "user_a");
        let a2 = username_candidates("ada", "user_a");
        let b = username_candidates("ada", "user_b");

        assert_eq!(a1, a2);
        assert_eq!(a1[0], "ada");
        assert_ne!(a1[1], b[1]);
        assert!(a1[1].starts_with("ada_") && a1[1].len() == 8);
    }

    #[test]
    fn a_missing_image_gets_a_generated_avatar() {
        assert!(profile(json!({"image_url": null}))
            .picture
            .starts_with("data:image/svg+xml"));
    }

    #[test]
    fn user_deleted_needs_an_id() {
        assert_eq!(
            user_event(
                "user.deleted",
                json!({"id": "user_1", "deleted": true, "object": "user"})
            )
            .interpret(),
            Ok(UserEvent::Deleted {
                clerk_id: "user_1".into()
            })
        );
        assert!(user_event("user.deleted", json!({"deleted": true}))
            .interpret()
            .is_err());
    }

    #[test]
    fn other_event_types_are_unhandled_not_errors() {
        assert_eq!(
            user_event("session.created", json!({"id": "sess_1"})).interpret(),
            Ok(UserEvent::Unhandled)
        );
    }

    #[test]
    fn malformed_user_data_is_invalid() {
        let cases = [
            json!({"id": 5}),
            json!({"id": "user_1"}),
            json!({"id": "  ", "created_at": 1, "updated_at": 1}),
            json!("not an object"),
        ];
        for data in cases {
            assert!(
                user_event("user.updated", data.clone())
                    .interpret()
                    .is_err(),
                "{data}"
            );
        }
        assert!(ClerkEvent::parse(b"{not json").is_err());
        assert!(
            ClerkEvent::parse(br#"{"data": {}}"#).is_err(),
            "type is required"
        );
    }
}
