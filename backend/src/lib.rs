//! DevFlow's REST API as a library.
//!
//! `main.rs` and the integration tests build the very same application through
//! [`build_rocket`], so what the tests exercise is what ships.

pub mod auth;
pub mod caching;
pub mod compression;
pub mod config;
pub mod content;
pub mod db;
pub mod domain;
pub mod error;
pub mod headers;
pub mod openapi;
pub mod rate_limit;
pub mod routes;
pub mod seed;
pub mod spa;
pub mod ssr;
pub mod startup;
pub mod sync;
pub mod telemetry;

use rocket::fairing::AdHoc;
use rocket::{Build, Rocket};

use crate::config::{ConfigError, Settings};

/// Builds the DevFlow Rocket application from validated settings.
///
/// The MongoDB client is created while igniting (creating it needs the async runtime
/// but does not need the server to be up), so the app starts, and `/api/health`
/// reports 503, even when the database is down; it recovers on its own when the
/// database comes back.
///
/// Fails, naming the variable, when a setting cannot be used.
pub fn build_rocket(settings: Settings) -> Result<Rocket<Build>, ConfigError> {
    let figment = settings.rocket_figment();
    let static_dir = spa::StaticDir::new(settings.static_dir.clone());
    if settings.sessions.local_sign_in {
        tracing::warn!(
            "DEVFLOW_LOCAL_SIGN_IN is on: anyone can sign in as any user (development only)"
        );
    }
    if settings.clerk_webhook_signing_secret.is_none() {
        tracing::warn!("CLERK_WEBHOOK_SIGNING_SECRET is unset: Clerk webhooks answer 503");
    }

    // Response fairings run in this order: tag the identity body (and answer 304),
    // compress, add security and CORS headers, then log what was sent.
    let rocket = rocket::custom(figment)
        .attach(caching::Caching)
        .attach(compression::Compression)
        .attach(headers::SecurityHeaders::new(&settings))
        .attach(telemetry::RequestLogger)
        .attach(AdHoc::try_on_ignite("MongoDB", |rocket| async move {
            let Some(settings) = rocket.state::<Settings>().cloned() else {
                tracing::error!("settings are missing from managed state");
                return Err(rocket);
            };
            match db::Db::connect(&settings).await {
                Ok(db) => {
                    startup::initialise(db.clone(), settings.seed_demo).await;
                    content::reconcile::spawn_recovery(db.clone());
                    let rocket = rocket.manage(db.clone());
                    Ok(match page_renderer(settings, db).await {
                        Some(pages) => rocket.manage(pages),
                        None => rocket,
                    })
                }
                Err(error) => {
                    tracing::error!(error = %error, "could not create the MongoDB client");
                    Err(rocket)
                }
            }
        }))
        .manage(static_dir)
        .mount("/", routes::seo::routes())
        .mount("/", spa::routes())
        .register("/", spa::catchers());
    with_api(rocket, settings, true)
}

/// Mounts the API (`/api` routes, catchers and the state they need) on `rocket`.
/// `announce` logs what is off (once, for the instance that serves the world).
fn with_api(
    rocket: Rocket<Build>,
    settings: Settings,
    announce: bool,
) -> Result<Rocket<Build>, ConfigError> {
    let clerk_webhook = auth::webhook::ClerkWebhook::from_settings(&settings)?;
    let sessions =
        auth::session::SessionVerifier::from_settings(&settings.sessions).map_err(|error| {
            ConfigError::Invalid {
                var: "CLERK_JWT_KEY",
                why: format!("session verification cannot start: {error}"),
            }
        })?;
    let local_sign_in = settings.sessions.local_sign_in;
    if announce && !local_sign_in && !sessions.is_configured() {
        tracing::warn!("CLERK_PUBLISHABLE_KEY is unset: nobody can sign in");
    }
    let webhook_timing = settings.webhook_timing;
    let rocket = rocket
        .manage(settings)
        .manage(clerk_webhook)
        .manage(sessions)
        .manage(webhook_timing)
        .mount("/api", routes::api_routes())
        .register("/api", routes::api_catchers());
    // Absent, not refused, when off: no request can reach or switch on local sign-in.
    Ok(if local_sign_in {
        rocket.mount("/api", routes::local_sign_in_routes())
    } else {
        rocket
    })
}

/// The server-side page renderer, answering pages' API calls through a second,
/// in-process instance of the API on the same database. `None` (pages are the plain
/// SPA shell) if it cannot start.
async fn page_renderer(settings: Settings, db: db::Db) -> Option<ssr::PageRenderer> {
    let api = rocket::custom(settings.rocket_figment()).manage(db);
    let started = match with_api(api, settings, false) {
        Ok(api) => ssr::PageRenderer::start(api)
            .await
            .map_err(|e| e.to_string()),
        Err(error) => Err(error.to_string()),
    };
    started
        .inspect_err(|error| {
            tracing::error!(error = %error, "server-side rendering is off: the in-process API did not start");
        })
        .ok()
}
