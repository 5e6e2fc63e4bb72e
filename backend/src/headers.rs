//! Response headers every answer carries: security headers with a
//! `Content-Security-Policy` the SPA, ClerkJS and the API reference work under, and
//! CORS for the browser origins allowed to call the API (`DEVFLOW_CORS_ORIGINS`),
//! including preflight (`OPTIONS`) answers.
//!
//! The page policy allows the shell's inline scripts (the theme snippet, trunk's
//! loader) by their SHA-256 hashes, read from the built `index.html` whenever it
//! changes, so no `'unsafe-inline'` script is ever allowed.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::SystemTime;

use base64::Engine;
use rocket::fairing::{Fairing, Info, Kind};
use rocket::http::{Header, Method, Status};
use rocket::{Data, Request, Response};

use crate::config::{CorsOrigins, Settings};

/// Methods the API answers cross-origin.
const CORS_METHODS: &str = "GET, POST, PATCH, DELETE, OPTIONS";
/// Request headers a cross-origin caller may send.
const CORS_REQUEST_HEADERS: &str = "Authorization, Content-Type, If-None-Match, X-Request-Id";
/// Response headers a cross-origin caller may read.
const CORS_EXPOSED_HEADERS: &str = "ETag, Location, Retry-After, X-Request-Id";
/// How long a browser may reuse a preflight answer (seconds).
const PREFLIGHT_MAX_AGE: &str = "600";
/// Where browsers report what the page policy blocked (`routes::csp`).
pub const CSP_REPORT_PATH: &str = "/api/csp-reports";
/// The policy of everything that is not a page: nothing may load, nothing may frame.
const NON_PAGE_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// Where ClerkJS and its services live, for the page policy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClerkSources {
    /// Origin of the ClerkJS script (`CLERK_JS_URL`, else the frontend API).
    pub script: Option<String>,
    /// Origin of the instance's frontend API (`https://{host}`), which ClerkJS calls.
    pub frontend_api: Option<String>,
}

impl ClerkSources {
    /// The sources configured in `settings`.
    pub fn from_settings(settings: &Settings) -> Self {
        let frontend_api = settings
            .sessions
            .clerk
            .as_ref()
            .map(|clerk| format!("https://{}", clerk.frontend_api));
        let script = settings
            .sessions
            .clerk_js_url
            .as_deref()
            .and_then(origin_of)
            .or_else(|| frontend_api.clone());
        Self {
            script,
            frontend_api,
        }
    }
}

/// The `scheme://host[:port]` of an absolute http(s) URL; `None` for a relative one
/// (which `'self'` already covers).
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if !matches!(scheme, "http" | "https") {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    (!host.is_empty()).then(|| format!("{scheme}://{host}"))
}

/// The `Content-Security-Policy` of HTML pages. `script_hashes` are the
/// `'sha256-…'` sources of the shell's inline scripts.
pub fn page_policy(clerk: &ClerkSources, script_hashes: &[String]) -> String {
    // Clerk's documented needs: its script and frontend API, Cloudflare's bot
    // challenge (script and frame), its images, blob workers and inline styles.
    const CHALLENGES: &str = "https://challenges.cloudflare.com";
    let clerk_script = clerk.script.as_deref().unwrap_or_default();
    let clerk_api = clerk.frontend_api.as_deref().unwrap_or_default();
    let join = |parts: &[&str]| {
        parts
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let hashes = script_hashes.join(" ");
    let clerk_on = !clerk_script.is_empty() || !clerk_api.is_empty();
    let challenges = if clerk_on { CHALLENGES } else { "" };
    [
        "default-src 'self'".to_owned(),
        join(&[
            "script-src 'self' 'wasm-unsafe-eval'",
            &hashes,
            clerk_script,
            clerk_api,
            challenges,
        ]),
        "style-src 'self' 'unsafe-inline'".to_owned(),
        // Avatars (Clerk's image host) and images in posts may live anywhere; an image
        // cannot run code, so any address is allowed.
        "img-src * data: blob:".to_owned(),
        "font-src 'self' data:".to_owned(),
        join(&["connect-src 'self'", clerk_api, clerk_script]),
        join(&["frame-src 'self'", clerk_api, challenges]),
        "worker-src 'self' blob:".to_owned(),
        "object-src 'none'".to_owned(),
        "base-uri 'self'".to_owned(),
        "form-action 'self'".to_owned(),
        "frame-ancestors 'none'".to_owned(),
        format!("report-uri {CSP_REPORT_PATH}"),
    ]
    .join("; ")
}

/// The `'sha256-…'` source of every inline script in `html` that a browser would run
/// (data blocks such as `type="application/json"` are not scripts to CSP).
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let body_and_more = &after[tag_end + 1..];
        let Some(close) = body_and_more.find("</script") else {
            break;
        };
        let script_type = tag
            .split_once("type=\"")
            .and_then(|(_, value)| value.split_once('"'))
            .map(|(value, _)| value.to_ascii_lowercase());
        let runs = !tag.contains(" src=")
            && matches!(
                script_type.as_deref(),
                None | Some("module" | "text/javascript" | "application/javascript")
            );
        if runs {
            let digest = aws_lc_rs::digest::digest(
                &aws_lc_rs::digest::SHA256,
                &body_and_more.as_bytes()[..close],
            );
            let encoded = base64::engine::general_purpose::STANDARD.encode(digest.as_ref());
            hashes.push(format!("'sha256-{encoded}'"));
        }
        rest = &body_and_more[close..];
    }
    hashes
}

/// The shell's script hashes, recomputed when `index.html` changes (a rebuild while
/// the backend runs).
#[derive(Debug, Default)]
struct ShellHashes {
    seen: Option<(SystemTime, Vec<String>)>,
}

/// Sets the security headers on every response and answers CORS.
pub struct SecurityHeaders {
    clerk: ClerkSources,
    cors: CorsOrigins,
    shell: PathBuf,
    https: bool,
    hashes: Mutex<ShellHashes>,
}

impl SecurityHeaders {
    /// The headers for this deployment.
    pub fn new(settings: &Settings) -> Self {
        Self {
            clerk: ClerkSources::from_settings(settings),
            cors: settings.cors.clone(),
            shell: settings.static_dir.join("index.html"),
            https: settings.public_origin().starts_with("https://"),
            hashes: Mutex::new(ShellHashes::default()),
        }
    }

    async fn shell_hashes(&self) -> Vec<String> {
        let Ok(modified) = tokio::fs::metadata(&self.shell)
            .await
            .and_then(|meta| meta.modified())
        else {
            return Vec::new();
        };
        if let Ok(cache) = self.hashes.lock() {
            if let Some((seen, hashes)) = &cache.seen {
                if *seen == modified {
                    return hashes.clone();
                }
            }
        }
        let html = tokio::fs::read_to_string(&self.shell)
            .await
            .unwrap_or_default();
        let hashes = inline_script_hashes(&html);
        if let Ok(mut cache) = self.hashes.lock() {
            cache.seen = Some((modified, hashes.clone()));
        }
        hashes
    }

    fn cors(&self, request: &Request<'_>, response: &mut Response<'_>) {
        response.adjoin_header(Header::new("Vary", "Origin"));
        let Some(origin) = request.headers().get_one("Origin") else {
            return;
        };
        if !self.cors.allows(origin) {
            // Without this, the router's answer to `OPTIONS` (405) would say the
            // method is wrong when it is the origin that is refused.
            if request.local_cache(|| Preflight(false)).0 {
                let body = shared::ErrorBody::new(
                    shared::ErrorCode::Forbidden,
                    "This origin may not call the API from a browser (DEVFLOW_CORS_ORIGINS).",
                );
                let json = serde_json::to_vec(&body).unwrap_or_default();
                response.set_status(Status::Forbidden);
                response.remove_header("Allow");
                response.set_header(rocket::http::ContentType::JSON);
                response.set_sized_body(json.len(), std::io::Cursor::new(json));
            }
            return;
        }
        match self.cors {
            CorsOrigins::Any => {
                response.set_header(Header::new("Access-Control-Allow-Origin", "*"));
            }
            CorsOrigins::List(_) => {
                response.set_header(Header::new(
                    "Access-Control-Allow-Origin",
                    origin.to_owned(),
                ));
                response.set_header(Header::new("Access-Control-Allow-Credentials", "true"));
            }
        }
        response.set_header(Header::new(
            "Access-Control-Expose-Headers",
            CORS_EXPOSED_HEADERS,
        ));
        if request.local_cache(|| Preflight(false)).0 {
            response.set_status(Status::NoContent);
            response.set_sized_body(0, std::io::Cursor::new(Vec::new()));
            response.remove_header("Content-Type");
            response.set_header(Header::new("Access-Control-Allow-Methods", CORS_METHODS));
            response.set_header(Header::new(
                "Access-Control-Allow-Headers",
                CORS_REQUEST_HEADERS,
            ));
            response.set_header(Header::new("Access-Control-Max-Age", PREFLIGHT_MAX_AGE));
        }
    }
}

/// One `Vary` header naming each field once (caching, compression and CORS each add
/// theirs).
fn merge_vary(response: &mut Response<'_>) {
    let mut fields: Vec<String> = Vec::new();
    for value in response.headers().get("Vary") {
        for field in value.split(',').map(str::trim).filter(|f| !f.is_empty()) {
            if !fields.iter().any(|seen| seen.eq_ignore_ascii_case(field)) {
                fields.push(field.to_owned());
            }
        }
    }
    if !fields.is_empty() {
        response.set_header(Header::new("Vary", fields.join(", ")));
    }
}

/// Whether this request is a CORS preflight to the API.
#[derive(Debug, Clone, Copy)]
struct Preflight(bool);

#[rocket::async_trait]
impl Fairing for SecurityHeaders {
    fn info(&self) -> Info {
        Info {
            name: "security headers and CORS",
            kind: Kind::Request | Kind::Response,
        }
    }

    async fn on_request(&self, request: &mut Request<'_>, _: &mut Data<'_>) {
        let preflight = request.method() == Method::Options
            && request.uri().path().as_str().starts_with("/api/")
            && request.headers().contains("Origin")
            && request.headers().contains("Access-Control-Request-Method");
        request.local_cache(|| Preflight(preflight));
    }

    async fn on_response<'r>(&self, request: &'r Request<'_>, response: &mut Response<'r>) {
        if request.uri().path().as_str().starts_with("/api/") {
            self.cors(request, response);
        }
        merge_vary(response);
        let html = response
            .content_type()
            .is_some_and(|content_type| content_type.is_html());
        let policy = if html {
            page_policy(&self.clerk, &self.shell_hashes().await)
        } else {
            NON_PAGE_POLICY.to_owned()
        };
        response.set_header(Header::new("Content-Security-Policy", policy));
        response.set_header(Header::new("X-Content-Type-Options", "nosniff"));
        response.set_header(Header::new("X-Frame-Options", "DENY"));
        response.set_header(Header::new(
            "Referrer-Policy",
            "strict-origin-when-cross-origin",
        ));
        response.set_header(Header::new("Cross-Origin-Resource-Policy", "same-site"));
        if self.https {
            response.set_header(Header::new(
                "Strict-Transport-Security",
                "max-age=31536000; includeSubDomains",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_and_data_blocks_and_files_are_not() {
        let html = r#"<script>a()</script><script type="module">b()</script>
            <script src="/x.js"></script><script id="devflow-data" type="application/json">{}</script>"#;

        let hashes = inline_script_hashes(html);

        assert_eq!(hashes.len(), 2, "{hashes:?}");
        // `echo -n 'a()' | openssl dgst -sha256 -binary | base64`
        assert_eq!(
            hashes[0],
            "'sha256-qVpDBgj7bpq5hMAcGp3AOc79J3Y1Z4HvySTwKrWDoy4='"
        );
    }

    #[test]
    fn the_page_policy_allows_wasm_the_shell_and_clerk_but_no_inline_script() {
        let clerk = ClerkSources {
            script: Some("https://cdn.clerk.example".to_owned()),
            frontend_api: Some("https://clerk.devflow.example".to_owned()),
        };

        let policy = page_policy(&clerk, &["'sha256-abc='".to_owned()]);

        let script = policy
            .split("; ")
            .find(|d| d.starts_with("script-src"))
            .expect("script-src");
        assert!(script.contains("'wasm-unsafe-eval'"));
        assert!(script.contains("'sha256-abc='"));
        assert!(script.contains("https://cdn.clerk.example"));
        assert!(!script.contains("'unsafe-inline'"));
        assert!(!script.contains("'unsafe-eval'"), "{script}");
        assert!(policy.contains("connect-src 'self' https://clerk.devflow.example"));
        assert!(policy.contains("frame-ancestors 'none'"));
    }

    #[test]
    fn without_clerk_the_policy_names_no_third_party() {
        let policy = page_policy(&ClerkSources::default(), &[]);

        assert!(!policy.contains("cloudflare"));
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval';"));
    }

    #[test]
    fn origins_are_taken_from_absolute_urls_only() {
        assert_eq!(
            origin_of("https://x.example:8443/npm/clerk.js?v=5").as_deref(),
            Some("https://x.example:8443")
        );
        assert_eq!(origin_of("/clerk.js"), None);
        assert_eq!(origin_of("javascript:alert(1)"), None);
    }
}
