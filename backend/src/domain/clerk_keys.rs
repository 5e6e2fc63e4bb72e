//! What Clerk's publishable key says: `pk_test_` / `pk_live_` followed by the base64 of
//! the instance's frontend API host and a `$`. The host gives the session tokens'
//! issuer (`https://<host>`) and the address ClerkJS is loaded from.

use base64::Engine;

/// The parts of a publishable key DevFlow uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClerkInstance {
    /// The key itself, as the SPA hands it to ClerkJS.
    pub publishable_key: String,
    /// The frontend API host, e.g. `clerk.example.com` or `x-y-1.clerk.accounts.dev`.
    pub frontend_api: String,
}

impl ClerkInstance {
    /// Parses a publishable key; the error says what is wrong without echoing it.
    pub fn from_publishable_key(key: &str) -> Result<Self, String> {
        let key = key.trim();
        let encoded = key
            .strip_prefix("pk_test_")
            .or_else(|| key.strip_prefix("pk_live_"))
            .ok_or(
                "it must start with pk_test_ or pk_live_ (copy it from Clerk's API keys page)",
            )?;
        let engine = base64::engine::general_purpose::GeneralPurpose::new(
            &base64::alphabet::STANDARD,
            base64::engine::GeneralPurposeConfig::new()
                .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
        );
        let decoded = engine
            .decode(encoded)
            .map_err(|_| "the part after pk_test_/pk_live_ is not base64")?;
        let text = String::from_utf8(decoded).map_err(|_| "it does not encode a host name")?;
        let host = text
            .strip_suffix('$')
            .ok_or("it does not encode a host name ending in `$`")?;
        let valid_host = !host.is_empty()
            && host.len() <= 253
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
            && !host.starts_with(['.', '-', ':']);
        if !valid_host {
            return Err("it does not encode a valid host name".to_owned());
        }
        Ok(Self {
            publishable_key: key.to_owned(),
            frontend_api: host.to_owned(),
        })
    }

    /// The `iss` of this instance's session tokens.
    pub fn issuer(&self) -> String {
        format!("https://{}", self.frontend_api)
    }

    /// Where ClerkJS is served for this instance (major version 5, which the SPA's
    /// binding is written against).
    pub fn clerk_js_url(&self) -> String {
        format!(
            "https://{}/npm/@clerk/clerk-js@5/dist/clerk.browser.js",
            self.frontend_api
        )
    }
}

/// The publishable key for a frontend API host (tests and tools build keys this way).
pub fn publishable_key_for(host: &str) -> String {
    format!(
        "pk_test_{}",
        base64::engine::general_purpose::STANDARD.encode(format!("{host}$"))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_publishable_key_gives_the_host_and_issuer() {
        // "clerk.example.com$" in base64, as Clerk's dashboard shows a key.
        let instance =
            ClerkInstance::from_publishable_key("pk_test_Y2xlcmsuZXhhbXBsZS5jb20k").expect("valid");

        assert_eq!(instance.frontend_api, "clerk.example.com");
        assert_eq!(instance.issuer(), "https://clerk.example.com");
        assert!(instance
            .clerk_js_url()
            .starts_with("https://clerk.example.com/npm/"));
    }

    #[test]
    fn keys_without_padding_and_live_keys_parse() {
        let key =
            publishable_key_for("neat-owl-12.clerk.accounts.dev").replace("pk_test_", "pk_live_");
        let unpadded = key.trim_end_matches('=');

        let instance = ClerkInstance::from_publishable_key(unpadded).expect("valid");

        assert_eq!(instance.frontend_api, "neat-owl-12.clerk.accounts.dev");
    }

    #[test]
    fn malformed_keys_are_rejected() {
        let no_dollar = format!(
            "pk_test_{}",
            base64::engine::general_purpose::STANDARD.encode("clerk.example.com")
        );
        let bad_host = publishable_key_for("evil.com/path");
        for key in [
            "",
            "sk_test_abc",
            "pk_test_!!!",
            "pk_test_",
            &no_dollar,
            &bad_host,
        ] {
            assert!(
                ClerkInstance::from_publishable_key(key).is_err(),
                "{key:?} must be rejected"
            );
        }
    }
}
