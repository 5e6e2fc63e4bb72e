//! `GET /api/health` response.

use serde::{Deserialize, Serialize};

/// Overall state of the API process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ServiceStatus {
    /// Every dependency answers.
    Ok,
    /// The process runs but a dependency (the database) does not answer.
    Degraded,
}

/// Whether MongoDB answered a ping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DbStatus {
    /// The ping succeeded.
    Ok,
    /// The ping failed or timed out.
    Unavailable,
}

/// Body of `GET /api/health`; 200 when `db` is `ok`, 503 otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `ok` or `degraded`.
    pub status: ServiceStatus,
    /// `ok` or `unavailable`.
    pub db: DbStatus,
}

impl Health {
    /// The health report implied by the database state.
    pub fn from_db(db: DbStatus) -> Self {
        let status = match db {
            DbStatus::Ok => ServiceStatus::Ok,
            DbStatus::Unavailable => ServiceStatus::Degraded,
        };
        Self { status, db }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reachable_database_reports_ok_in_snake_case() {
        let json = serde_json::to_value(Health::from_db(DbStatus::Ok)).expect("serialisable");

        assert_eq!(json, serde_json::json!({"status": "ok", "db": "ok"}));
    }

    #[test]
    fn an_unreachable_database_degrades_the_service() {
        let json =
            serde_json::to_value(Health::from_db(DbStatus::Unavailable)).expect("serialisable");

        assert_eq!(
            json,
            serde_json::json!({"status": "degraded", "db": "unavailable"})
        );
    }
}
