//! The `csp_reports` collection: Content-Security-Policy violations browsers reported,
//! so an operator (and the browser tests) can see what the policy blocked. Reports
//! expire after 30 days (TTL index).

use futures::TryStreamExt;
use mongodb::bson::{doc, DateTime};
use mongodb::Collection;
use serde::{Deserialize, Serialize};

use super::Db;

/// Name of the collection.
pub const COLLECTION: &str = "csp_reports";
/// How long a report is kept.
const KEEP_MS: i64 = 30 * 24 * 60 * 60 * 1000;

/// One reported violation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CspReportDoc {
    /// The directive that blocked something (`script-src-elem`...).
    pub directive: String,
    /// What, where and by which file, in one line.
    pub summary: String,
    /// When it was received (ms since the epoch).
    pub received_at: i64,
    /// When the report may go (the TTL index reads this date).
    pub expires_at: DateTime,
}

impl CspReportDoc {
    /// A report received at `now_ms`.
    pub fn new(directive: String, summary: String, now_ms: i64) -> Self {
        Self {
            directive,
            summary,
            received_at: now_ms,
            expires_at: DateTime::from_millis(now_ms + KEEP_MS),
        }
    }
}

/// The typed collection handle.
pub fn collection(db: &Db) -> Collection<CspReportDoc> {
    db.database().collection(COLLECTION)
}

/// Creates the TTL index that removes old reports.
pub async fn ensure_indexes(db: &Db) -> mongodb::error::Result<()> {
    super::ensure_expiry_index(&collection(db)).await
}

/// Stores one report.
pub async fn insert_csp_report(db: &Db, report: &CspReportDoc) -> mongodb::error::Result<()> {
    collection(db).insert_one(report).await?;
    Ok(())
}

/// Up to `limit` reports, newest first.
pub async fn list_csp_reports(db: &Db, limit: i64) -> mongodb::error::Result<Vec<CspReportDoc>> {
    collection(db)
        .find(doc! {})
        .sort(doc! { "receivedAt": -1 })
        .limit(limit)
        .await?
        .try_collect()
        .await
}
