use std::process::Child;
use std::time::{Duration, Instant};

use rocket::http::Status;
use shared::{DbStatus, Health, ServiceStatus};

use crate::helpers::{free_port, settings_for_port, spawn_app, spawn_app_with};

#[rocket::async_test]
async fn health_is_ok_when_the_database_answers() {
    // Arrange
    let app = spawn_app().await;

    // Act
    let response = app.client.get("/api/health").dispatch().await;

    // Assert
    assert_eq!(response.status(), Status::Ok);
    let body: Health = response.into_json().await.expect("health JSON");
    assert_eq!(
        body,
        Health {
            status: ServiceStatus::Ok,
            db: DbStatus::Ok
        }
    );
}

#[rocket::async_test]
async fn the_app_starts_and_reports_503_when_the_database_is_down() {
    // Arrange: nothing listens on this port.
    let started = Instant::now();
    let app = spawn_app_with(settings_for_port(free_port(), &[])).await;

    // Act
    let response = app.client.get("/api/health").dispatch().await;

    // Assert
    assert_eq!(response.status(), Status::ServiceUnavailable);
    let body: Health = response.into_json().await.expect("health JSON");
    assert_eq!(body.db, DbStatus::Unavailable);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "start plus health took {:?}",
        started.elapsed()
    );
}

struct KillOnDrop(Child);
impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[rocket::async_test]
async fn health_recovers_by_itself_when_the_database_comes_back() {
    // Arrange: the app starts while its database is down.
    let port = free_port();
    let app = spawn_app_with(settings_for_port(port, &[])).await;
    let before = app.client.get("/api/health").dispatch().await.status();
    let nx = std::env::var("DEVFLOW_NX_BIN")
        .expect("DEVFLOW_NX_BIN (path of the nx-27017 server) is set by `cargo xtask test`");
    let log = tempfile::tempdir().expect("temp dir");

    // Act: the database comes up.
    let _server = KillOnDrop(
        testkit::nx_command(std::path::Path::new(&nx), port, "memory", log.path())
            .spawn()
            .expect("start nx-27017"),
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut after = Status::ServiceUnavailable;
    while Instant::now() < deadline {
        after = app.client.get("/api/health").dispatch().await.status();
        if after == Status::Ok {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }

    // Assert
    assert_eq!(before, Status::ServiceUnavailable);
    assert_eq!(after, Status::Ok, "health did not recover within 30 s");
}
