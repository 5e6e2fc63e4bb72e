//! The `reputation` collection: the ledger. One document per post holds what the post
//! currently earns each user (see `domain::reputation`) and the changes to users'
//! reputation that writing it implies and that are not applied yet (`pending`). It is
//! replaced whole by compare-and-swap on `rev`, so two writers can never both move it
//! from the same state, and a state older than the stored one is never written. Each
//! pending change carries a transaction id, `{post}@{rev}`, that the user document
//! records when it applies the change (see [`super::users::apply_reputation_delta`]),
//! so a retry never applies it twice.

use std::collections::BTreeMap;

use futures::TryStreamExt;
use mongodb::bson::doc;
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

/// A change to a user's reputation that a ledger write implies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingDelta {
    /// The user's id.
    pub user: String,
    /// Points to add (negative to take back).
    pub delta: i64,
    /// `{post}@{rev}`: the write that implied it; applied at most once per user.
    pub tx: String,
}

impl PendingDelta {
    /// The revision of the post this change belongs to (from `tx`).
    pub fn revision(&self) -> Option<i64> {
        self.tx.rsplit_once('@')?.1.parse().ok()
    }
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
    /// Reputation changes not yet confirmed applied.
    #[serde(default)]
    pub pending: Vec<PendingDelta>,
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

/// Writes `ledger` in place of `expected_rev` (`None`: no document yet). Returns
/// whether it landed: `false` when another writer moved the document first.
pub async fn swap_ledger(
    db: &Db,
    expected_rev: Option<i64>,
    ledger: &LedgerDoc,
) -> mongodb::error::Result<bool> {
    let ledgers = collection(db);
    match expected_rev {
        Some(rev) => Ok(ledgers
            .replace_one(doc! { "_id": &ledger.post, "rev": rev }, ledger)
            .await?
            .matched_count
            > 0),
        None => match ledgers.insert_one(ledger).await {
            Ok(_) => Ok(true),
            Err(error) if super::duplicate_key(&error).is_some() => Ok(false),
            Err(error) => Err(error),
        },
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

/// Empties `pending` once its changes are applied, if the document is still at `rev`
/// (a newer write carried them over and applies them itself). Returns whether it did.
pub async fn clear_pending(db: &Db, post: &str, rev: i64) -> mongodb::error::Result<bool> {
    let result = collection(db)
        .update_one(
            doc! { "_id": post, "rev": rev },
            doc! { "$set": { "pending": [] } },
        )
        .await?;
    Ok(result.matched_count > 0)
}

/// A user's reputation as the ledger sums it (a scan of their entries: for checking
/// the cached `users.reputation`, never on a request path).
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
