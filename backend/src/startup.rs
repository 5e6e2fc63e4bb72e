//! Start-up work on the database: learn what the server is, create every collection's
//! indexes, and load demo data when asked. It retries in the background until the
//! server answers, so the API serves (and `/api/health` reports 503) meanwhile.

use std::time::Duration;

use crate::db::{
    answers, csp_reports, deletions, interactions, questions, rate_limits, reputation, tags, users,
    views, webhook_events, Db,
};
use crate::seed;

/// Upper bound for the first start-up attempt; later attempts run in the background.
const FIRST_INIT_TIMEOUT: Duration = Duration::from_secs(3);

/// Creates every collection's indexes (idempotent: creating an existing index is a no-op).
pub async fn ensure_indexes(db: &Db) -> mongodb::error::Result<()> {
    let server = db.detect_server_kind().await?;
    users::ensure_indexes(db, server).await?;
    questions::ensure_indexes(db, server).await?;
    answers::ensure_indexes(db, server).await?;
    tags::ensure_indexes(db, server).await?;
    interactions::ensure_indexes(db).await?;
    reputation::ensure_indexes(db, server).await?;
    views::ensure_indexes(db).await?;
    deletions::ensure_indexes(db).await?;
    webhook_events::ensure_indexes(db).await?;
    rate_limits::ensure_indexes(db).await?;
    csp_reports::ensure_indexes(db).await?;
    Ok(())
}

async fn initialise_once(db: &Db, seed_demo: bool) -> anyhow::Result<()> {
    ensure_indexes(db).await?;
    tags::backfill_counts(db).await?;
    if seed_demo {
        seed::seed_if_empty(db).await?;
    }
    Ok(())
}

/// Runs start-up work (indexes, optional demo data). The first attempt is awaited
/// briefly so a healthy start is fully ready; if the database is down, retries continue
/// in the background with backoff while the API already serves (health reports 503).
pub async fn initialise(db: Db, seed_demo: bool) {
    match tokio::time::timeout(FIRST_INIT_TIMEOUT, initialise_once(&db, seed_demo)).await {
        Ok(Ok(())) => return,
        Ok(Err(error)) => tracing::warn!(
            error = %crate::error::cause_chain(error.as_ref()),
            "database start-up work failed; retrying in the background"
        ),
        Err(_) => {
            tracing::warn!("database not reachable yet; retrying start-up work in the background")
        }
    }
    tokio::spawn(async move {
        let mut delay = Duration::from_millis(500);
        loop {
            tokio::time::sleep(delay).await;
            match initialise_once(&db, seed_demo).await {
                Ok(()) => {
                    tracing::info!("database start-up work done");
                    return;
                }
                Err(error) => {
                    tracing::debug!(error = %crate::error::cause_chain(error.as_ref()), "database start-up work failed");
                    delay = (delay * 2).min(Duration::from_secs(30));
                }
            }
        }
    });
}
