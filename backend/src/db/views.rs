//! The `views` collection: when each viewer's view of a question was last counted, so
//! a question counts at most one view per viewer per hour however many backends serve
//! the reloads. Documents expire (TTL index) once they can no longer matter.

use mongodb::bson::{doc, DateTime};
use mongodb::Collection;
use serde::{Deserialize, Serialize};

use super::Db;

/// Name of the collection.
pub const COLLECTION: &str = "views";

/// How long one viewer's view counts for.
pub const VIEW_WINDOW_MS: i64 = 60 * 60 * 1000;

/// The last counted view of one question by one viewer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ViewDoc {
    /// `{question}:{viewer}`, where the viewer is `u:{userId}`, `c:{cookie}` or
    /// `a:{address}`.
    #[serde(rename = "_id")]
    pub id: String,
    /// When the view was counted (ms; compared in filters, which every server does
    /// alike on numbers).
    pub counted_at: i64,
    /// When this document may go (the TTL index reads this date).
    pub expires_at: DateTime,
}

/// The typed collection handle.
pub fn collection(db: &Db) -> Collection<ViewDoc> {
    db.database().collection(COLLECTION)
}

/// Creates the TTL index that removes documents past their window.
pub async fn ensure_indexes(db: &Db) -> mongodb::error::Result<()> {
    super::ensure_expiry_index(&collection(db)).await
}

/// Claims the view of `question` by `viewer` at `now_ms`: true when no view of theirs
/// was counted within the window (the caller then adds one to the question). One
/// conditional upsert decides it, so concurrent reloads claim it once.
pub async fn claim_view(
    db: &Db,
    question: &str,
    viewer: &str,
    now_ms: i64,
) -> mongodb::error::Result<bool> {
    let id = format!("{question}:{viewer}");
    let result = collection(db)
        .update_one(
            doc! { "_id": &id, "countedAt": { "$lte": now_ms - VIEW_WINDOW_MS } },
            doc! { "$set": {
                "countedAt": now_ms,
                "expiresAt": DateTime::from_millis(now_ms + VIEW_WINDOW_MS),
            } },
        )
        .upsert(true)
        .await;
    match result {
        Ok(result) => Ok(result.upserted_id.is_some() || result.modified_count > 0),
        // The document exists and is recent: the upsert's insert collided with it.
        Err(error) if super::duplicate_key(&error).is_some() => Ok(false),
        Err(error) => Err(error),
    }
}

/// Deletes the view records of deleted questions.
pub async fn delete_views(db: &Db, question: &str) -> mongodb::error::Result<()> {
    let prefix = format!("^{}:", crate::domain::search::escape_regex(question));
    collection(db)
        .delete_many(doc! { "_id": { "$regex": prefix } })
        .await?;
    Ok(())
}
