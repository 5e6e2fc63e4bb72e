//! The `users` collection: one document per Clerk account, in DevOverflow's camelCase
//! shape so existing tools and queries keep working.

use mongodb::bson::{doc, DateTime};
use mongodb::options::IndexOptions;
use mongodb::{Collection, IndexModel};
use serde::{Deserialize, Serialize};

use super::Db;

/// Name of the collection.
pub const COLLECTION: &str = "users";

/// A user as stored in MongoDB.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserDoc {
    /// String id (a fresh ObjectId as hex); every reference to the user holds it.
    #[serde(rename = "_id")]
    pub id: String,
    /// Clerk's user id (`user_...`), unique.
    pub clerk_id: String,
    /// Display name.
    pub name: String,
    /// Unique handle.
    pub username: String,
    /// Primary email address, unique; private (never in public DTOs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Avatar URL (Clerk's `image_url`, or a generated data URI).
    pub picture: String,
    /// Self-description the user chose to show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bio: Option<String>,
    /// Where the user says they are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The user's website.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portfolio_website: Option<String>,
    /// Reputation points; DevFlow owns it (Clerk never resets it).
    #[serde(default)]
    pub reputation: i64,
    /// Ids of saved questions.
    #[serde(default)]
    pub saved: Vec<String>,
    /// When the account was created in Clerk.
    pub joined_at: DateTime,
}

/// The typed collection handle.
pub fn collection(db: &Db) -> Collection<UserDoc> {
    db.database().collection(COLLECTION)
}

/// Creates the indexes user look-ups, uniqueness and list ordering rely on.
pub async fn ensure_indexes(db: &Db) -> mongodb::error::Result<()> {
    let unique = || IndexOptions::builder().unique(true).build();
    let indexes = vec![
        IndexModel::builder()
            .keys(doc! { "clerkId": 1 })
            .options(unique())
            .build(),
        IndexModel::builder()
            .keys(doc! { "username": 1 })
            .options(unique())
            .build(),
        // List orderings. The `_id` tie-breaker is left out of these keys on purpose: the
        // local MongoDB-compatible dev server rejects every insert into a collection
        // with a compound index over `_id`.
        IndexModel::builder().keys(doc! { "joinedAt": -1 }).build(),
        IndexModel::builder()
            .keys(doc! { "reputation": -1 })
            .build(),
    ];
    collection(db).create_indexes(indexes).await?;
    Ok(())
}

/// Inserts a new user document.
pub async fn insert_user(db: &Db, user: &UserDoc) -> mongodb::error::Result<()> {
    collection(db).insert_one(user).await?;
    Ok(())
}

/// Inserts many user documents in one round trip (demo data, tests).
pub async fn insert_users(db: &Db, users: &[UserDoc]) -> mongodb::error::Result<()> {
    if users.is_empty() {
        return Ok(());
    }
    collection(db).insert_many(users).await?;
    Ok(())
}

/// Finds a user by Clerk id.
pub async fn find_user_by_clerk_id(
    db: &Db,
    clerk_id: &str,
) -> mongodb::error::Result<Option<UserDoc>> {
    collection(db).find_one(doc! { "clerkId": clerk_id }).await
}

/// Counts all users.
pub async fn count_users(db: &Db) -> mongodb::error::Result<u64> {
    collection(db).count_documents(doc! {}).await
}
