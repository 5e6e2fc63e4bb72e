//! `spawn_app`: the application exactly as `main` builds it, on its own database.

use backend::config::Settings;
use backend::db::Db;
use rocket::local::asynchronous::Client;
use serde_json::Value;

/// A running app and a handle on its database, for arranging and asserting.
pub struct TestApp {
    pub client: Client,
    pub db: Db,
}

/// Settings on the test server with `overrides` (Rocket / DevFlow keys), on a fresh
/// database.
pub fn settings_with(overrides: &[(&str, Value)]) -> Settings {
    let uri = testkit::app::mongodb_uri().unwrap_or_else(|why| panic!("{why}"));
    testkit::app::settings(&uri, "devflow_test", overrides).expect("test settings are valid")
}

/// Settings for a test: the test server, a fresh database, no static folder.
pub fn test_settings() -> Settings {
    settings_with(&[])
}

/// A port nothing listens on (yet).
pub fn free_port() -> u16 {
    testkit::free_port().expect("a free port")
}

/// Settings for a database server on `port` of this machine (for outage tests: nothing
/// listens there unless the test starts a server), with `overrides`.
pub fn settings_for_port(port: u16, overrides: &[(&str, Value)]) -> Settings {
    testkit::app::settings(
        &format!("mongodb://127.0.0.1:{port}"),
        "devflow_test",
        overrides,
    )
    .expect("valid settings")
}

/// Builds and ignites the app from `settings`.
pub async fn spawn_app_with(settings: Settings) -> TestApp {
    backend::telemetry::init();
    let db = Db::connect(&settings)
        .await
        .expect("client for the test database");
    let rocket = backend::build_rocket(settings).expect("the settings build an app");
    let client = Client::tracked(rocket).await.expect("the app ignites");
    TestApp { client, db }
}

/// The app on a fresh database.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(test_settings()).await
}

/// A session token for `clerk_id` from local sign-in (the app must run with
/// `local_sign_in` on); the same guard verifies it as a Clerk token.
pub async fn local_token(app: &TestApp, clerk_id: &str) -> String {
    app.client
        .post("/api/dev/sign-in")
        .header(rocket::http::ContentType::JSON)
        .body(serde_json::json!({ "clerkId": clerk_id }).to_string())
        .dispatch()
        .await
        .into_json::<shared::LocalSession>()
        .await
        .expect("a local session")
        .token
}

/// The whole seconds a refused request's `Retry-After` asks to wait (fails the test
/// when the header is missing or not within the one-minute window).
pub fn retry_after_secs(response: &rocket::local::asynchronous::LocalResponse<'_>) -> u64 {
    let wait: u64 = response
        .headers()
        .get_one("Retry-After")
        .and_then(|v| v.parse().ok())
        .expect("Retry-After in seconds");
    assert!((1..=60).contains(&wait), "{wait}");
    wait
}
