//! Logging: a `tracing` subscriber and a fairing that logs one structured line per
//! request (method, path, status, latency). Query strings are not logged: they can
//! carry what people search for.

use std::time::Instant;

use rocket::fairing::{Fairing, Info, Kind};
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

/// Logs each request once it has been answered, and the address at launch.
#[derive(Debug, Default, Clone, Copy)]
pub struct RequestLogger;

#[derive(Clone, Copy)]
struct StartedAt(Instant);

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
    }

    async fn on_response<'r>(&self, request: &'r Request<'_>, response: &mut Response<'r>) {
        let started = request.local_cache(|| StartedAt(Instant::now())).0;
        let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
        tracing::info!(
            method = %request.method(),
            path = %request.uri().path(),
            status = response.status().code,
            latency_ms = format_args!("{latency_ms:.2}"),
            "request"
        );
    }
}
