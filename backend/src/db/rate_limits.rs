//! The `rate_limits` collection: one counter per client, bucket and minute, shared by
//! every backend instance (a limit held in one process's memory would multiply by the
//! number of instances). Counters expire through a TTL index once their window ends.

use mongodb::bson::{doc, DateTime};
use mongodb::options::ReturnDocument;
use mongodb::Collection;
use serde::{Deserialize, Serialize};

use super::Db;
use crate::domain::rate_limit::Window;

/// Name of the collection.
pub const COLLECTION: &str = "rate_limits";

/// How many requests one client made in one bucket and window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RateLimitDoc {
    /// `{bucket}:{client}:{window start}` (see [`crate::domain::rate_limit::window`]).
    #[serde(rename = "_id")]
    pub id: String,
    /// Requests counted so far.
    pub count: i64,
    /// When the window ends and the document may go (the TTL index reads it).
    pub expires_at: DateTime,
}

/// The typed collection handle.
pub fn collection(db: &Db) -> Collection<RateLimitDoc> {
    db.database().collection(COLLECTION)
}

/// Creates the TTL index that removes counters of past windows.
pub async fn ensure_indexes(db: &Db) -> mongodb::error::Result<()> {
    super::ensure_expiry_index(&collection(db)).await
}

/// Counts one request in `window` and returns the window's count including it: one
/// atomic upsert, so concurrent requests on any instance each see their own number.
/// (`expiresAt` is `$set` on every count rather than `$setOnInsert`: it is the same
/// value for the whole window, and the local server ignores `$setOnInsert`.)
pub async fn increment_counter(db: &Db, window: &Window) -> mongodb::error::Result<i64> {
    /// Only what the caller needs back.
    #[derive(Deserialize)]
    struct Counted {
        count: i64,
    }
    let update = doc! {
        "$inc": { "count": 1_i64 },
        "$set": { "expiresAt": DateTime::from_millis(window.ends_at_ms) },
    };
    let counters = collection(db).clone_with_type::<Counted>();
    let attempt = || {
        counters
            .find_one_and_update(doc! { "_id": &window.key }, update.clone())
            .upsert(true)
            .projection(doc! { "_id": 0, "count": 1 })
            .return_document(ReturnDocument::After)
    };
    let counted = match attempt().await {
        // Two first requests of a window raced to insert; the loser's retry increments.
        Err(error) if super::duplicate_key(&error).is_some() => attempt().await?,
        other => other?,
    };
    Ok(counted.map_or(1, |doc| doc.count))
}
