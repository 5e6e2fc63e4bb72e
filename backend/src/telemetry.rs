//! Logging: a `tracing` subscriber and a fairing that gives every request an id and
//! logs one structured line per request (id, method, path, status, latency). The id
//! goes back to the client as `X-Request-Id` (the client's own when it sent a sane
//! one), so a bug report can be matched to its log line. Query strings are not
//! logged: they can carry what people search for.

use std::time::Instant;

use rocket::fairing::{Fairing, Info, Kind};
use rocket::http::Header;
use rocket::{Data, Orbit, Request, Response, Rocket};
use tracing_subscriber::EnvFilter;

/// Installs the global subscriber: `RUST_LOG` filters (default `info`), and
/// `DEVFLOW_LOG_FORMAT=json` switches to JSON lines for log shippers.
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    // `try_init` because tests may install a subscriber more than once.
    let _ = if std::env::var("DEVFLOW_LOG_FORMAT").as_deref() == Ok("json") {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

/// The request id header, read from requests and set on every response.
pub const REQUEST_ID_HEADER: &str = "X-Request-Id";
/// The longest client-supplied request id kept; longer ones are replaced.
const MAX_REQUEST_ID_LEN: usize = 128;

/// Gives each request its id, logs it once it has been answered, and logs the
/// address at launch. Attach it last, so the status logged is the one sent.
#[derive(Debug, Default, Clone, Copy)]
pub struct RequestLogger;

#[derive(Clone, Copy)]
struct StartedAt(Instant);

/// This request's id (see [`request_id`]).
#[derive(Debug, Clone)]
struct RequestId(String);

/// The client's request id when it is safe to echo into headers and logs (visible
/// ASCII without spaces or quotes, at most 128 characters), else a new one.
pub fn accept_request_id(sent: Option<&str>) -> String {
    sent.map(str::trim)
        .filter(|id| {
            !id.is_empty()
                && id.len() <= MAX_REQUEST_ID_LEN
                && id
                    .bytes()
                    .all(|b| b.is_ascii_graphic() && !matches!(b, b'"' | b'\\'))
        })
        .map_or_else(
            || mongodb::bson::oid::ObjectId::new().to_hex(),
            str::to_owned,
        )
}

/// The id of `request`, as sent back in `X-Request-Id`.
pub fn request_id(request: &Request<'_>) -> String {
    request
        .local_cache(|| {
            RequestId(accept_request_id(
                request.headers().get_one(REQUEST_ID_HEADER),
            ))
        })
        .0
        .clone()
}

#[rocket::async_trait]
impl Fairing for RequestLogger {
    fn info(&self) -> Info {
        Info {
            name: "request logger",
            kind: Kind::Request | Kind::Response | Kind::Liftoff,
        }
    }

    async fn on_liftoff(&self, rocket: &Rocket<Orbit>) {
        let config = rocket.config();
        tracing::info!(address = %config.address, port = config.port, "DevFlow API listening");
    }

    async fn on_request(&self, request: &mut Request<'_>, _: &mut Data<'_>) {
        request.local_cache(|| StartedAt(Instant::now()));
        request_id(request);
    }

    async fn on_response<'r>(&self, request: &'r Request<'_>, response: &mut Response<'r>) {
        let started = request.local_cache(|| StartedAt(Instant::now())).0;
        let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
        let id = request_id(request);
        response.set_header(Header::new(REQUEST_ID_HEADER, id.clone()));
        tracing::info!(
            request_id = %id,
            method = %request.method(),
            path = %request.uri().path(),
            status = response.status().code,
            latency_ms = format_args!("{latency_ms:.2}"),
            "request"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sane_client_request_id_is_kept() {
        assert_eq!(accept_request_id(Some("abc-123_XYZ.7")), "abc-123_XYZ.7");
    }

    #[test]
    fn missing_or_unsafe_request_ids_are_replaced_by_a_new_one() {
        let long = "a".repeat(129);
        for sent in [
            None,
            Some(""),
            Some("two words"),
            Some("quo\"te"),
            Some("line\nbreak"),
            Some(long.as_str()),
        ] {
            let id = accept_request_id(sent);
            assert_eq!(id.len(), 24, "{sent:?}");
            assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{sent:?}");
        }
    }

    #[test]
    fn generated_request_ids_differ() {
        assert_ne!(accept_request_id(None), accept_request_id(None));
    }
}
