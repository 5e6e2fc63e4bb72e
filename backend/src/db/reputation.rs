//! The `reputation` collection: the ledger. One document per post holds what the post
//! currently earns each user (see `domain::reputation`), written whole and only by a
//! newer revision of the post, so a slow writer holding an older state can never
//! overwrite a newer one. A user's reputation is the sum of their entries over the
//! ledger; `users.reputation` caches it (see [`super::users::store_reputation`]).

use std::collections::BTreeMap;

use futures::TryStreamExt;
use mongodb::bson::doc;
use mongodb::options::ReplaceOptions;
use mongodb::{Collection, IndexModel};
use serde::{Deserialize, Serialize};

use super::local_server::ServerKind;
use super::Db;

/// Name of the collection.
pub const COLLECTION: &str = "reputation";

/// Revision used for a deleted post: higher than any real one, so nothing written
/// from a state read before the deletion can bring its points back.
pub const DELETED_REV: i64 = i64::MAX;

/// One user's points from one post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEntry {
    /// The user's id.
    pub user: String,
    /// Points (never zero).
    pub points: i64,
}

/// What one post earns, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LedgerDoc {
    /// The post's id.
    #[serde(rename = "_id")]
    pub post: String,
    /// The post revision these entries were computed from.
    pub rev: i64,
    /// Points per user.
    #[serde(default)]
    pub entries: Vec<LedgerEntry>,
    /// Users whose cached reputation has not yet been refreshed since an entry of
    /// theirs changed here (a crash in between leaves them listed for recovery).
    #[serde(default)]
    pub unsynced: Vec<String>,
}

impl LedgerDoc {
    /// The entries as a map by user.
    pub fn points(&self) -> BTreeMap<String, i64> {
        self.entries
            .iter()
            .map(|e| (e.user.clone(), e.points))
            .collect()
    }
}

/// The typed collection handle.
pub fn collection(db: &Db) -> Collection<LedgerDoc> {
    db.database().collection(COLLECTION)
}

/// Creates the index summing a user's entries relies on (on MongoDB; see
/// [`ServerKind::supports_multikey_indexes`]).
pub async fn ensure_indexes(db: &Db, server: ServerKind) -> mongodb::error::Result<()> {
    if !server.supports_multikey_indexes() {
        return Ok(());
    }
    collection(db)
        .create_index(
            IndexModel::builder()
                .keys(doc! { "entries.user": 1 })
                .build(),
        )
        .await?;
    Ok(())
}

/// Finds a post's ledger document.
pub async fn find_ledger(db: &Db, post: &str) -> mongodb::error::Result<Option<LedgerDoc>> {
    collection(db).find_one(doc! { "_id": post }).await
}

/// Writes a post's ledger document unless one from the same or a newer revision is
/// already there. Returns whether this write landed.
pub async fn replace_ledger_if_newer(db: &Db, ledger: &LedgerDoc) -> mongodb::error::Result<bool> {
    let result = collection(db)
        .replace_one(
            doc! { "_id": &ledger.post, "rev": { "$lt": ledger.rev } },
            ledger,
        )
        .with_options(ReplaceOptions::builder().upsert(true).build())
        .await;
    match result {
        Ok(result) => Ok(result.matched_count > 0 || result.upserted_id.is_some()),
        // The upsert collided with the document of a newer revision: it wins.
        Err(error) if super::duplicate_key(&error).is_some() => Ok(false),
        Err(error) => Err(error),
    }
}

/// Inserts many ledger documents (demo data, benchmarks).
pub async fn insert_ledgers(db: &Db, ledgers: &[LedgerDoc]) -> mongodb::error::Result<()> {
    if ledgers.is_empty() {
        return Ok(());
    }
    collection(db).insert_many(ledgers).await?;
    Ok(())
}

/// Marks users' cached reputation as refreshed for this revision of the post.
pub async fn mark_synced(
    db: &Db,
    post: &str,
    rev: i64,
    users: &[String],
) -> mongodb::error::Result<()> {
    if users.is_empty() {
        return Ok(());
    }
    collection(db)
        .update_one(
            doc! { "_id": post, "rev": rev },
            doc! { "$pullAll": { "unsynced": users } },
        )
        .await?;
    Ok(())
}

/// A user's reputation: the sum of their entries over the whole ledger. Summed here
/// rather than in a pipeline so it runs on the index on every server.
pub async fn sum_for_user(db: &Db, user: &str) -> mongodb::error::Result<i64> {
    let mut cursor = collection(db)
        .find(doc! { "entries.user": user })
        .projection(doc! { "entries": 1, "rev": 1 })
        .await?;
    let mut total = 0_i64;
    while let Some(ledger) = cursor.try_next().await? {
        total += ledger
            .entries
            .iter()
            .filter(|e| e.user == user)
            .map(|e| e.points)
            .sum::<i64>();
    }
    Ok(total)
}
