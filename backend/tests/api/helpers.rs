//! `spawn_app`: the application exactly as `main` builds it, on its own database.

use std::path::Path;

use backend::config::Settings;
use backend::db::Db;
use mongodb::bson::oid::ObjectId;
use rocket::figment::providers::Serialized;
use rocket::local::asynchronous::Client;

/// A running app and a handle on its database, for arranging and asserting.
pub struct TestApp {
    pub client: Client,
    pub db: Db,
}

/// The MongoDB the tests use; set by `cargo xtask test`.
pub fn mongodb_uri() -> String {
    std::env::var("MONGODB_URI").expect(
        "MONGODB_URI is not set: run the tests with `cargo xtask test` (which starts a \
         throwaway database), or set MONGODB_URI to a MongoDB you can create databases on",
    )
}

/// A database name no other test uses.
pub fn fresh_db_name() -> String {
    format!("devflow_test_{}", ObjectId::new().to_hex())
}

/// Settings for a test: the test server, a fresh database, no static folder.
pub fn test_settings() -> Settings {
    let figment = rocket::Config::figment()
        .merge(Serialized::default("mongodb_uri", mongodb_uri()))
        .merge(Serialized::default("log_level", "off"));
    Settings::from_figment(figment)
        .expect("test settings are valid")
        .with_database(fresh_db_name())
}

/// A port nothing listens on (yet).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// Settings for a database server on `port` of this machine (for outage tests: nothing
/// listens there unless the test starts a server).
pub fn settings_for_port(port: u16) -> Settings {
    let figment = rocket::Config::figment()
        .merge(Serialized::default(
            "mongodb_uri",
            format!("mongodb://127.0.0.1:{port}"),
        ))
        .merge(Serialized::default("log_level", "off"));
    Settings::from_figment(figment)
        .expect("valid settings")
        .with_database(fresh_db_name())
}

/// Builds and ignites the app from `settings`.
pub async fn spawn_app_with(settings: Settings) -> TestApp {
    backend::telemetry::init();
    let db = Db::connect(&settings)
        .await
        .expect("client for the test database");
    let client = Client::tracked(backend::build_rocket(settings))
        .await
        .expect("the app ignites");
    TestApp { client, db }
}

/// The app on a fresh database.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(test_settings()).await
}

/// Writes a file under `dir`, creating parent folders.
pub fn write_file(dir: &Path, relative: &str, contents: &str) {
    let path = dir.join(relative);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create parent folder");
    }
    std::fs::write(path, contents).expect("write test file");
}
