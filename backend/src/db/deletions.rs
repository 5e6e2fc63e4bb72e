//! The `deletions` collection: a record of each question or answer deletion that has
//! started but not finished its cascade (answers, ledger, interactions, saved lists,
//! tags). Written before the post is deleted and removed after the cascade, so a
//! request that dies half way leaves a record recovery finishes from.

use futures::TryStreamExt;
use mongodb::bson::doc;
use mongodb::{Collection, IndexModel};
use serde::{Deserialize, Serialize};

use super::Db;

/// Name of the collection.
pub const COLLECTION: &str = "deletions";

/// What was deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum DeletedKind {
    /// A question (its answers go with it).
    Question,
    /// An answer.
    Answer,
}

/// A deletion in progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeletionDoc {
    /// The deleted post's id.
    #[serde(rename = "_id")]
    pub post: String,
    /// Question or answer.
    pub kind: DeletedKind,
    /// For an answer: its question.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// When the deletion started (ms).
    pub since: i64,
}

/// The typed collection handle.
pub fn collection(db: &Db) -> Collection<DeletionDoc> {
    db.database().collection(COLLECTION)
}

/// Creates the index recovery's scan relies on.
pub async fn ensure_indexes(db: &Db) -> mongodb::error::Result<()> {
    collection(db)
        .create_index(IndexModel::builder().keys(doc! { "since": 1 }).build())
        .await?;
    Ok(())
}

/// Records a deletion that is starting (idempotent).
pub async fn insert_deletion(db: &Db, deletion: &DeletionDoc) -> mongodb::error::Result<()> {
    collection(db)
        .replace_one(doc! { "_id": &deletion.post }, deletion)
        .upsert(true)
        .await?;
    Ok(())
}

/// Deletions started before `before_ms` and not finished.
pub async fn list_deletions(
    db: &Db,
    before_ms: i64,
    limit: i64,
) -> mongodb::error::Result<Vec<DeletionDoc>> {
    collection(db)
        .find(doc! { "since": { "$lt": before_ms } })
        .limit(limit)
        .await?
        .try_collect()
        .await
}

/// Removes a finished deletion's record.
pub async fn delete_deletion(db: &Db, post: &str) -> mongodb::error::Result<()> {
    collection(db).delete_one(doc! { "_id": post }).await?;
    Ok(())
}
