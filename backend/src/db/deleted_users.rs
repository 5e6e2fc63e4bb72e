//! The `deleted_users` collection: tombstones of deleted Clerk users, so a late or
//! replayed `user.created`/`user.updated` can never bring a deleted user back.

use mongodb::bson::{doc, DateTime};
use mongodb::Collection;
use serde::{Deserialize, Serialize};

use super::Db;

/// Name of the collection.
pub const COLLECTION: &str = "deleted_users";

/// A tombstone, keyed by Clerk user id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeletedUserDoc {
    /// Clerk user id.
    #[serde(rename = "_id")]
    pub clerk_id: String,
    /// When the deletion arrived.
    pub deleted_at: DateTime,
}

/// The typed collection handle.
pub fn collection(db: &Db) -> Collection<DeletedUserDoc> {
    db.database().collection(COLLECTION)
}

/// Records that a Clerk user was deleted (idempotent).
pub async fn insert_deleted_user(db: &Db, clerk_id: &str) -> mongodb::error::Result<()> {
    collection(db)
        .update_one(
            doc! { "_id": clerk_id },
            doc! { "$setOnInsert": { "deletedAt": DateTime::now() } },
        )
        .upsert(true)
        .await?;
    Ok(())
}

/// Whether a Clerk user was deleted.
pub async fn find_deleted_user(
    db: &Db,
    clerk_id: &str,
) -> mongodb::error::Result<Option<DeletedUserDoc>> {
    collection(db).find_one(doc! { "_id": clerk_id }).await
}
