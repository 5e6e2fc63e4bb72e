//! `GET /api/health`: liveness plus whether MongoDB answers.

use rocket::get;
use std::time::Duration;

use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::State;
use shared::{DbStatus, Health};

use crate::db::Db;

/// A load balancer expects an answer quickly even when the database hangs.
const PING_TIMEOUT: Duration = Duration::from_secs(2);

/// 200 `{"status":"ok","db":"ok"}` when MongoDB answers a ping within two seconds,
/// 503 `{"status":"degraded","db":"unavailable"}` otherwise.
#[utoipa::path(
    tag = "meta",
    responses((status = 200, description = "The API and its database answer", body = Health), (status = 503, description = "The database does not answer", body = Health))
)]
#[get("/health")]
pub async fn health(db: &State<Db>) -> (Status, Json<Health>) {
    let db_status = match tokio::time::timeout(PING_TIMEOUT, db.ping()).await {
        Ok(Ok(())) => DbStatus::Ok,
        Ok(Err(error)) => {
            tracing::warn!(error = %error, "health check: database ping failed");
            DbStatus::Unavailable
        }
        Err(_) => {
            tracing::warn!("health check: database ping timed out");
            DbStatus::Unavailable
        }
    };
    let status = match db_status {
        DbStatus::Ok => Status::Ok,
        DbStatus::Unavailable => Status::ServiceUnavailable,
    };
    (status, Json(Health::from_db(db_status)))
}
