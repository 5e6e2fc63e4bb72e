//! HTTP caching for `/api`: a `Cache-Control` policy per route, and a strong `ETag`
//! on every successful `GET` so clients can revalidate with `If-None-Match` and get
//! `304 Not Modified` without the body.
//!
//! The tag is a digest of the JSON bytes, so it changes exactly when the response
//! does, on any backend instance, with nothing stored. Attach [`Caching`] before
//! [`crate::compression::Compression`]: the tag is taken over the identity body, and
//! compression appends `-br` / `-gzip` to it (a strong tag names one representation's
//! bytes); the comparison here ignores that suffix, as Apache's `mod_deflate` does.

use std::io::Cursor;

use rocket::fairing::{Fairing, Info, Kind};
use rocket::http::{Header, Method, Status};
use rocket::{Request, Response};

use crate::compression::Encoding;

/// How long shared caches and browsers may reuse a public list (seconds): short, so
/// a new question shows up quickly, long enough to absorb a burst of identical reads.
pub const PUBLIC_LIST_MAX_AGE: u32 = 30;
/// How long `/api/config` and the API description may be reused (seconds).
pub const STATIC_MAX_AGE: u32 = 300;

/// The caching rule for a route's successful `GET` answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CachePolicy {
    /// Never stored anywhere: personal data (`/api/me`) and live status.
    NoStore,
    /// The same for every anonymous caller and briefly reusable (public lists).
    PublicList,
    /// The same for every anonymous caller, revalidated on each use (single
    /// resources, whose counts and votes move).
    PublicRevalidate,
    /// Rarely changing documents: configuration, the API description.
    PublicStatic,
}

impl CachePolicy {
    /// The policy for the `/api` route named `route` (its handler's name). Unknown
    /// routes are `NoStore`: caching is opted into, never assumed.
    pub fn for_route(route: &str) -> Self {
        match route {
            "list_users"
            | "list_user_questions"
            | "list_user_answers"
            | "list_questions"
            | "list_answers"
            | "list_tags"
            | "list_tag_questions"
            | "popular_tags"
            | "hot_questions"
            | "search" => Self::PublicList,
            "get_user" | "get_question" | "get_tag" => Self::PublicRevalidate,
            "client_config" | "openapi_json" | "api_docs" => Self::PublicStatic,
            _ => Self::NoStore,
        }
    }

    /// The `Cache-Control` value for an answer to a caller who is signed in (or sent
    /// credentials) or not. Anything that may depend on the caller is `private`.
    pub fn header(self, personal: bool) -> String {
        match (self, personal) {
            (Self::NoStore, _) => "no-store".to_owned(),
            (_, true) => "private, no-cache".to_owned(),
            (Self::PublicList, false) => format!("public, max-age={PUBLIC_LIST_MAX_AGE}"),
            (Self::PublicRevalidate, false) => "public, no-cache".to_owned(),
            (Self::PublicStatic, false) => format!("public, max-age={STATIC_MAX_AGE}"),
        }
    }
}

/// The strong entity tag of `body`: 128 bits of its SHA-256, quoted.
pub fn entity_tag(body: &[u8]) -> String {
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, body);
    let hex: String = digest.as_ref()[..16]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!("\"{hex}\"")
}

/// `tag` (quoted) for the representation compressed with `encoding`.
pub fn with_encoding_suffix(tag: &str, encoding: Encoding) -> String {
    let bare = tag.trim_matches('"');
    format!("\"{bare}-{}\"", encoding.token())
}

/// Whether an `If-None-Match` header matches `tag`: weak comparison (RFC 9110
/// §13.1.2), `*` matches anything, and an encoding suffix added on the way out is
/// ignored.
pub fn none_match(header: &str, tag: &str) -> bool {
    let bare = |t: &str| {
        let t = t.trim();
        let t = t.strip_prefix("W/").unwrap_or(t).trim_matches('"');
        let t = t
            .strip_suffix("-br")
            .or_else(|| t.strip_suffix("-gzip"))
            .unwrap_or(t);
        t.to_owned()
    };
    let wanted = bare(tag);
    header
        .split(',')
        .any(|candidate| candidate.trim() == "*" || bare(candidate) == wanted)
}

/// Whether the request carries credentials, so its answer may be the caller's own.
fn personal(request: &Request<'_>) -> bool {
    request.headers().contains("Authorization")
        || request
            .cookies()
            .get(crate::auth::user::SESSION_COOKIE)
            .is_some()
}

/// Sets `Cache-Control`, `ETag` and `Vary` on `/api` answers and turns a matching
/// conditional `GET` into `304 Not Modified`.
pub struct Caching;

#[rocket::async_trait]
impl Fairing for Caching {
    fn info(&self) -> Info {
        Info {
            name: "API caching (ETag, Cache-Control)",
            kind: Kind::Response,
        }
    }

    async fn on_response<'r>(&self, request: &'r Request<'_>, response: &mut Response<'r>) {
        if !request.uri().path().as_str().starts_with("/api/") {
            return;
        }
        // Answers depend on who asks: shared caches must keep callers apart.
        response.adjoin_header(Header::new("Vary", "Authorization, Cookie"));
        let route = request
            .route()
            .and_then(|route| route.name.as_deref())
            .unwrap_or_default();
        let policy = CachePolicy::for_route(route);
        let cacheable = matches!(request.method(), Method::Get | Method::Head)
            && response.status() == Status::Ok;
        if !cacheable {
            if !response.headers().contains("Cache-Control") {
                response.set_header(Header::new("Cache-Control", "no-store"));
            }
            return;
        }
        // A response that sets a cookie (the visitor id) is this caller's alone.
        let personal = personal(request) || response.headers().contains("Set-Cookie");
        response.set_header(Header::new("Cache-Control", policy.header(personal)));
        if policy == CachePolicy::NoStore || response.body().preset_size().is_none() {
            return;
        }
        let body = match response.body_mut().to_bytes().await {
            Ok(body) => body,
            Err(error) => {
                tracing::warn!(error = %error, "could not read a response body to tag");
                return;
            }
        };
        let tag = entity_tag(&body);
        let matched = request
            .headers()
            .get("If-None-Match")
            .any(|header| none_match(header, &tag));
        response.set_header(Header::new("ETag", tag));
        if matched {
            response.set_status(Status::NotModified);
            response.remove_header("Content-Type");
            response.remove_header("Content-Length");
            response.set_sized_body(0, Cursor::new(Vec::new()));
        } else {
            response.set_sized_body(body.len(), Cursor::new(body));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_bytes_always_get_the_same_strong_tag() {
        let tag = entity_tag(br#"{"items":[]}"#);

        assert_eq!(tag, entity_tag(br#"{"items":[]}"#));
        assert_ne!(tag, entity_tag(br#"{"items":[1]}"#));
        assert!(tag.starts_with('"') && tag.ends_with('"') && !tag.starts_with("W/"));
        assert_eq!(tag.len(), 34);
    }

    #[test]
    fn if_none_match_compares_weakly_and_ignores_the_encoding_suffix() {
        let tag = "\"abc\"";
        let cases = [
            ("\"abc\"", true),
            ("W/\"abc\"", true),
            ("\"abc-br\"", true),
            ("\"abc-gzip\"", true),
            ("\"x\", \"abc\"", true),
            ("*", true),
            ("\"abd\"", false),
            ("\"abc-zstd\"", false),
            ("", false),
        ];
        for (header, expected) in cases {
            assert_eq!(none_match(header, tag), expected, "{header}");
        }
    }

    #[test]
    fn compressed_representations_get_their_own_tag() {
        assert_eq!(
            with_encoding_suffix("\"abc\"", Encoding::Brotli),
            "\"abc-br\""
        );
        assert_eq!(
            with_encoding_suffix("\"abc\"", Encoding::Gzip),
            "\"abc-gzip\""
        );
    }

    #[test]
    fn personal_answers_are_private_and_me_is_never_stored() {
        assert_eq!(CachePolicy::for_route("get_me").header(false), "no-store");
        assert_eq!(
            CachePolicy::for_route("list_saved").header(true),
            "no-store"
        );
        assert_eq!(
            CachePolicy::for_route("list_questions").header(true),
            "private, no-cache"
        );
        assert_eq!(
            CachePolicy::for_route("list_questions").header(false),
            "public, max-age=30"
        );
        assert_eq!(
            CachePolicy::for_route("get_question").header(false),
            "public, no-cache"
        );
        assert_eq!(CachePolicy::for_route("health").header(false), "no-store");
    }
}
