//! The signed-in user's own profile (`GET /api/me`) and the edit of what DevFlow owns
//! (`PATCH /api/me`), with the field rules both the API and the SPA's form apply, so
//! the form shows exactly the messages the server would answer with.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Longest display name, in characters.
pub const NAME_MAX: usize = 80;
/// Shortest and longest username, in characters.
pub const USERNAME_LEN: (usize, usize) = (3, 30);
/// Longest bio, in characters.
pub const BIO_MAX: usize = 500;
/// Longest location, in characters.
pub const LOCATION_MAX: usize = 100;
/// Longest website URL, in characters.
pub const WEBSITE_MAX: usize = 200;

/// `GET /api/me`: everything the user may see about themselves, including what the
/// public profile hides (email, saved questions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Me {
    /// Clerk user id.
    pub clerk_id: String,
    /// Display name.
    pub name: String,
    /// Handle.
    pub username: String,
    /// Primary email address, when Clerk has one.
    pub email: Option<String>,
    /// Avatar URL.
    pub picture: String,
    /// Self-description.
    pub bio: Option<String>,
    /// Where the user is.
    pub location: Option<String>,
    /// The user's website.
    pub portfolio_website: Option<String>,
    /// Reputation points.
    pub reputation: i64,
    /// Ids of saved questions, most recently saved last.
    pub saved: Vec<String>,
    /// When the user joined.
    pub joined_at: DateTime<Utc>,
}

/// `PATCH /api/me`: the fields to change; an absent field stays as it is. An empty
/// `bio`, `location` or `portfolioWebsite` clears it. Unknown fields are refused.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProfileUpdate {
    /// Display name, 1–80 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Handle, 3–30 of `a-z`, `0-9` and `_`; unique.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Up to 500 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
    /// Up to 100 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// An `http(s)://` URL up to 200 characters, or empty to clear.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portfolio_website: Option<String>,
}

/// A field that breaks its rule: the field's wire name and a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// camelCase field name, e.g. `portfolioWebsite`.
    pub field: &'static str,
    /// What is wrong, e.g. "Use 3 to 30 characters.".
    pub message: String,
}

fn field_error(field: &'static str, message: impl Into<String>) -> FieldError {
    FieldError {
        field,
        message: message.into(),
    }
}

/// The display name rule (checked on the trimmed text).
pub fn check_name(name: &str) -> Result<(), FieldError> {
    let chars = name.trim().chars().count();
    if chars == 0 {
        Err(field_error("name", "Enter a name."))
    } else if chars > NAME_MAX {
        Err(field_error(
            "name",
            format!("Use at most {NAME_MAX} characters."),
        ))
    } else {
        Ok(())
    }
}

/// The username rule.
pub fn check_username(username: &str) -> Result<(), FieldError> {
    let (min, max) = USERNAME_LEN;
    let chars = username.chars().count();
    if !(min..=max).contains(&chars) {
        Err(field_error(
            "username",
            format!("Use {min} to {max} characters."),
        ))
    } else if !username
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        Err(field_error(
            "username",
            "Use only lowercase letters, digits and _.",
        ))
    } else {
        Ok(())
    }
}

fn check_max(field: &'static str, text: &str, max: usize) -> Result<(), FieldError> {
    if text.trim().chars().count() > max {
        Err(field_error(field, format!("Use at most {max} characters.")))
    } else {
        Ok(())
    }
}

/// The bio rule.
pub fn check_bio(bio: &str) -> Result<(), FieldError> {
    check_max("bio", bio, BIO_MAX)
}

/// The location rule.
pub fn check_location(location: &str) -> Result<(), FieldError> {
    check_max("location", location, LOCATION_MAX)
}

/// The website rule: empty (clears it), or an absolute `http`/`https` URL with a host
/// and no spaces.
pub fn check_website(url: &str) -> Result<(), FieldError> {
    let url = url.trim();
    if url.is_empty() {
        return Ok(());
    }
    check_max("portfolioWebsite", url, WEBSITE_MAX)?;
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or_default());
    match host {
        Some(host)
            if !host.is_empty()
                && !host.starts_with(':')
                && !url.chars().any(|c| c.is_whitespace() || c.is_control()) =>
        {
            Ok(())
        }
        _ => Err(field_error(
            "portfolioWebsite",
            "Enter a full web address starting with http:// or https://.",
        )),
    }
}

impl ProfileUpdate {
    /// Every rule the given fields break, in form order.
    pub fn errors(&self) -> Vec<FieldError> {
        let checks = [
            self.name.as_deref().map(check_name),
            self.username.as_deref().map(check_username),
            self.bio.as_deref().map(check_bio),
            self.location.as_deref().map(check_location),
            self.portfolio_website.as_deref().map(check_website),
        ];
        checks
            .into_iter()
            .flatten()
            .filter_map(Result::err)
            .collect()
    }

    /// The update as it is stored: text trimmed; `Some("")` means "clear".
    pub fn normalised(&self) -> Self {
        let trim = |value: &Option<String>| value.as_deref().map(|v| v.trim().to_owned());
        Self {
            name: trim(&self.name),
            username: self.username.clone(),
            bio: trim(&self.bio),
            location: trim(&self.location),
            portfolio_website: trim(&self.portfolio_website),
        }
    }

    /// Whether nothing would change.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_error(update: ProfileUpdate) -> Option<&'static str> {
        update.errors().first().map(|e| e.field)
    }

    #[test]
    fn each_field_keeps_to_its_bounds() {
        let long = |n: usize| "x".repeat(n);
        let cases: Vec<(ProfileUpdate, Option<&str>)> = vec![
            (
                ProfileUpdate {
                    name: Some("A".into()),
                    ..Default::default()
                },
                None,
            ),
            (
                ProfileUpdate {
                    name: Some(long(80)),
                    ..Default::default()
                },
                None,
            ),
            (
                ProfileUpdate {
                    name: Some(long(81)),
                    ..Default::default()
                },
                Some("name"),
            ),
            (
                ProfileUpdate {
                    name: Some("   ".into()),
                    ..Default::default()
                },
                Some("name"),
            ),
            (
                ProfileUpdate {
                    username: Some("abc".into()),
                    ..Default::default()
                },
                None,
            ),
            (
                ProfileUpdate {
                    username: Some(long(30)),
                    ..Default::default()
                },
                None,
            ),
            (
                ProfileUpdate {
                    username: Some("ab".into()),
                    ..Default::default()
                },
                Some("username"),
            ),
            (
                ProfileUpdate {
                    username: Some(long(31)),
                    ..Default::default()
                },
                Some("username"),
            ),
            (
                ProfileUpdate {
                    username: Some("Ada".into()),
                    ..Default::default()
                },
                Some("username"),
            ),
            (
                ProfileUpdate {
                    username: Some("a-b".into()),
                    ..Default::default()
                },
                Some("username"),
            ),
            (
                ProfileUpdate {
                    username: Some("ädä".into()),
                    ..Default::default()
                },
                Some("username"),
            ),
            (
                ProfileUpdate {
                    bio: Some(long(500)),
                    ..Default::default()
                },
                None,
            ),
            (
                ProfileUpdate {
                    bio: Some(long(501)),
                    ..Default::default()
                },
                Some("bio"),
            ),
            (
                ProfileUpdate {
                    location: Some(long(100)),
                    ..Default::default()
                },
                None,
            ),
            (
                ProfileUpdate {
                    location: Some(long(101)),
                    ..Default::default()
                },
                Some("location"),
            ),
            (
                ProfileUpdate {
                    portfolio_website: Some("".into()),
                    ..Default::default()
                },
                None,
            ),
            (
                ProfileUpdate {
                    portfolio_website: Some("https://ada.dev/x?y".into()),
                    ..Default::default()
                },
                None,
            ),
            (
                ProfileUpdate {
                    portfolio_website: Some("http://a.b".into()),
                    ..Default::default()
                },
                None,
            ),
            (
                ProfileUpdate {
                    portfolio_website: Some(format!("https://{}", long(192))),
                    ..Default::default()
                },
                None,
            ),
            (
                ProfileUpdate {
                    portfolio_website: Some(format!("https://{}", long(193))),
                    ..Default::default()
                },
                Some("portfolioWebsite"),
            ),
            (
                ProfileUpdate {
                    portfolio_website: Some("ftp://a.b".into()),
                    ..Default::default()
                },
                Some("portfolioWebsite"),
            ),
            (
                ProfileUpdate {
                    portfolio_website: Some("javascript:alert(1)".into()),
                    ..Default::default()
                },
                Some("portfolioWebsite"),
            ),
            (
                ProfileUpdate {
                    portfolio_website: Some("https://".into()),
                    ..Default::default()
                },
                Some("portfolioWebsite"),
            ),
            (
                ProfileUpdate {
                    portfolio_website: Some("https://a b.c".into()),
                    ..Default::default()
                },
                Some("portfolioWebsite"),
            ),
        ];
        for (update, expected) in cases {
            assert_eq!(first_error(update.clone()), expected, "{update:?}");
        }
    }

    #[test]
    fn unknown_fields_are_refused() {
        let parsed = serde_json::from_str::<ProfileUpdate>(r#"{"name":"A","reputation":9}"#);

        assert!(parsed.is_err());
    }

    #[test]
    fn normalising_trims_text_and_keeps_clears() {
        let update = ProfileUpdate {
            name: Some("  Ada  ".into()),
            bio: Some("   ".into()),
            ..Default::default()
        };

        let normalised = update.normalised();

        assert_eq!(normalised.name.as_deref(), Some("Ada"));
        assert_eq!(normalised.bio.as_deref(), Some(""));
        assert_eq!(normalised.location, None);
    }
}
