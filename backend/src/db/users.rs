//! The `users` collection: one document per Clerk account, in DevOverflow's camelCase
//! shape so existing tools and queries keep working.

use futures::TryStreamExt;
use mongodb::bson::{doc, DateTime, Document};
use mongodb::options::IndexOptions;
use mongodb::{Collection, IndexModel};
use serde::{Deserialize, Serialize};
use shared::{UserFilter, UserListQuery, UserSummary};

use crate::domain::search::escape_regex;

use super::local_server::ServerKind;
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
    /// Clerk's `updated_at` of the last applied event (ms since the epoch); an event
    /// older than this is ignored. Absent for users not created through Clerk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clerk_updated_at: Option<i64>,
    /// The user chose their display name in DevFlow (`PATCH /api/me`), so Clerk's
    /// later updates no longer overwrite it.
    #[serde(
        default,
        skip_serializing_if = "std::ops::Not::not",
        deserialize_with = "super::local_server::lenient_bool"
    )]
    pub name_edited: bool,
}

impl UserDoc {
    /// A new user with a fresh id, an initials avatar and nothing else set: the one
    /// constructor behind webhooks, demo data, benchmarks and tests, which fill in the
    /// rest with struct-update syntax (`UserDoc { email, ..UserDoc::new(..) }`).
    pub fn new(
        clerk_id: impl Into<String>,
        name: impl Into<String>,
        username: impl Into<String>,
        joined_at: DateTime,
    ) -> Self {
        let name = name.into();
        Self {
            id: mongodb::bson::oid::ObjectId::new().to_hex(),
            clerk_id: clerk_id.into(),
            picture: shared::avatar::initials_avatar(&name),
            name,
            username: username.into(),
            email: None,
            bio: None,
            location: None,
            portfolio_website: None,
            reputation: 0,
            saved: Vec::new(),
            joined_at,
            clerk_updated_at: None,
            name_edited: false,
        }
    }
}

/// The typed collection handle.
pub fn collection(db: &Db) -> Collection<UserDoc> {
    db.database().collection(COLLECTION)
}

/// Creates the indexes user look-ups, uniqueness and list ordering rely on.
pub async fn ensure_indexes(db: &Db, server: ServerKind) -> mongodb::error::Result<()> {
    let unique = || IndexOptions::builder().unique(true).build();
    let mut indexes = vec![
        IndexModel::builder()
            .keys(doc! { "clerkId": 1 })
            .options(unique())
            .build(),
        IndexModel::builder()
            .keys(doc! { "username": 1 })
            .options(unique())
            .build(),
        // Sparse: users without an email (phone-only sign-up) do not collide.
        IndexModel::builder()
            .keys(doc! { "email": 1 })
            .options(IndexOptions::builder().unique(true).sparse(true).build())
            .build(),
    ];
    // List orderings with the `_id` tie-breaker in the very directions `sort_for` uses
    // (or all reversed), so a page is read straight off the index. The local server
    // cannot have `_id` in a compound index, so it gets the leading key only.
    let orderings = if server.supports_compound_id_indexes() {
        [
            doc! { "joinedAt": -1, "_id": -1 },
            doc! { "reputation": -1, "_id": 1 },
        ]
    } else {
        [doc! { "joinedAt": -1 }, doc! { "reputation": -1 }]
    };
    indexes.extend(orderings.map(|keys| IndexModel::builder().keys(keys).build()));
    if server.supports_text_search() {
        // Global search by words in the name or username.
        indexes.push(
            IndexModel::builder()
                .keys(doc! { "name": "text", "username": "text" })
                .build(),
        );
    }
    if server.supports_multikey_indexes() {
        // Removing a deleted question from everyone's saved list.
        indexes.push(IndexModel::builder().keys(doc! { "saved": 1 }).build());
    }
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

/// Which unique field a failed write collided on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UniqueField {
    /// Another document has this `_id`.
    Id,
    /// Another user has this Clerk id.
    ClerkId,
    /// Another user has this username.
    Username,
    /// Another user has this email.
    Email,
}

/// Classifies a unique-index violation on `users` (`None` for any other error).
pub fn unique_violation(error: &mongodb::error::Error) -> Option<UniqueField> {
    let message = super::duplicate_key(error)?;
    Some(if message.contains("clerkId") {
        UniqueField::ClerkId
    } else if message.contains("username") {
        UniqueField::Username
    } else if message.contains("email") {
        UniqueField::Email
    } else {
        UniqueField::Id
    })
}

/// The Clerk-owned fields written by a `user.created`/`user.updated` event.
#[derive(Debug, Clone, PartialEq)]
pub struct ClerkFields<'a> {
    /// Display name; `None` keeps the stored one (the user chose their own).
    pub name: Option<&'a str>,
    /// Primary email, or none.
    pub email: Option<&'a str>,
    /// Avatar URL.
    pub picture: &'a str,
    /// A username the user chose in Clerk; `None` keeps the stored one.
    pub username: Option<&'a str>,
    /// Clerk's `updated_at` (ms).
    pub clerk_updated_at: i64,
}

/// Updates a user's Clerk-owned fields if the stored `clerkUpdatedAt` is still
/// `expected` (optimistic concurrency: a concurrent newer update makes this a no-op).
/// DevFlow-owned fields (reputation, saved, bio...) are never touched, and the name is
/// written only while the user has not chosen their own (checked in the same filter,
/// so an edit landing meanwhile makes this a no-op too). Returns whether the user was
/// updated.
pub async fn update_user_from_clerk(
    db: &Db,
    id: &str,
    expected: Option<i64>,
    fields: &ClerkFields<'_>,
) -> mongodb::error::Result<bool> {
    let mut filter = doc! { "_id": id };
    match expected {
        Some(at) => filter.insert("clerkUpdatedAt", at),
        None => filter.insert("clerkUpdatedAt", doc! { "$exists": false }),
    };
    let mut set = doc! {
        "picture": fields.picture,
        "clerkUpdatedAt": fields.clerk_updated_at,
    };
    if let Some(name) = fields.name {
        set.insert("name", name);
        filter.insert("nameEdited", doc! { "$exists": false });
    }
    if let Some(username) = fields.username {
        set.insert("username", username);
    }
    let update = match fields.email {
        Some(email) => {
            set.insert("email", email);
            doc! { "$set": set }
        }
        None => doc! { "$set": set, "$unset": { "email": "" } },
    };
    let result = collection(db).update_one(filter, update).await?;
    Ok(result.matched_count == 1)
}

/// What `PATCH /api/me` changes; `Some("")` clears an optional field.
pub type ProfileChanges = shared::ProfileUpdate;

/// Applies a validated, normalised profile edit and returns the updated user (`None`
/// if the user no longer exists). A name set here is marked as the user's own.
pub async fn update_user_profile(
    db: &Db,
    id: &str,
    changes: &ProfileChanges,
) -> mongodb::error::Result<Option<UserDoc>> {
    let mut set = Document::new();
    let mut unset = Document::new();
    if let Some(name) = &changes.name {
        set.insert("name", name);
        set.insert("nameEdited", true);
    }
    if let Some(username) = &changes.username {
        set.insert("username", username);
    }
    for (field, value) in [
        ("bio", &changes.bio),
        ("location", &changes.location),
        ("portfolioWebsite", &changes.portfolio_website),
    ] {
        match value.as_deref() {
            Some("") => {
                unset.insert(field, "");
            }
            Some(text) => {
                set.insert(field, text);
            }
            None => {}
        }
    }
    let mut update = Document::new();
    if !set.is_empty() {
        update.insert("$set", set);
    }
    if !unset.is_empty() {
        update.insert("$unset", unset);
    }
    if update.is_empty() {
        return collection(db).find_one(doc! { "_id": id }).await;
    }
    if db
        .server_kind()
        .is_some_and(ServerKind::find_and_modify_reports_duplicates)
    {
        return collection(db)
            .find_one_and_update(doc! { "_id": id }, update)
            .return_document(mongodb::options::ReturnDocument::After)
            .await;
    }
    // The local server (or a server not identified yet): write, then read.
    let result = collection(db)
        .update_one(doc! { "_id": id }, update)
        .await?;
    if result.matched_count == 0 {
        return Ok(None);
    }
    collection(db).find_one(doc! { "_id": id }).await
}

/// Deletes a user by `_id`.
pub async fn delete_user(db: &Db, id: &str) -> mongodb::error::Result<()> {
    collection(db).delete_one(doc! { "_id": id }).await?;
    Ok(())
}

/// Removes question ids from every user's `saved` list.
pub async fn pull_saved_questions(db: &Db, question_ids: &[String]) -> mongodb::error::Result<()> {
    if question_ids.is_empty() {
        return Ok(());
    }
    collection(db)
        .update_many(
            doc! { "saved": { "$in": question_ids } },
            doc! { "$pull": { "saved": { "$in": question_ids } } },
        )
        .await?;
    Ok(())
}

/// Clerk ids of users in `_id` order, skipping `skip`, at most `limit` (profile
/// addresses for the sitemap).
pub async fn list_clerk_ids(db: &Db, skip: u64, limit: i64) -> mongodb::error::Result<Vec<String>> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct ClerkId {
        clerk_id: String,
    }
    let found: Vec<ClerkId> = collection(db)
        .clone_with_type::<ClerkId>()
        .find(doc! {})
        .sort(doc! { "_id": 1 })
        .skip(skip)
        .limit(limit)
        .projection(doc! { "_id": 0, "clerkId": 1 })
        .await?
        .try_collect()
        .await?;
    Ok(found.into_iter().map(|u| u.clerk_id).collect())
}

/// How many users there are (collection metadata: constant time).
pub async fn count_users(db: &Db) -> mongodb::error::Result<u64> {
    collection(db).estimated_document_count().await
}

/// Finds a user by username.
pub async fn find_user_by_username(
    db: &Db,
    username: &str,
) -> mongodb::error::Result<Option<UserDoc>> {
    collection(db).find_one(doc! { "username": username }).await
}

/// Users for a global search: every one of `texts` in the name or username (words, on
/// MongoDB's text index), or a username starting with the first text (the unique
/// username index answers that as you type), best reputation first. Never matches the
/// email.
pub async fn search_users(
    db: &Db,
    texts: &[String],
    skip: u64,
    limit: i64,
) -> mongodb::error::Result<Vec<UserDoc>> {
    let Some(first) = texts.first() else {
        return Ok(Vec::new());
    };
    let (matched, _) = super::text_match(db, &["name", "username"], texts);
    let prefix =
        doc! { "username": { "$regex": format!("^{}", escape_regex(&first.to_lowercase())) } };
    collection(db)
        .find(doc! { "$or": [matched, prefix] })
        .sort(doc! { "reputation": -1, "_id": 1 })
        .skip(skip)
        .limit(limit)
        .await?
        .try_collect()
        .await
}

/// The filter for a Community search: case-insensitive, literal text in name or username.
fn search_filter(q: &str) -> Document {
    if q.is_empty() {
        return doc! {};
    }
    // `$regex` + `$options` (not a BSON regex value) works on every compatible server.
    let pattern = doc! { "$regex": escape_regex(q), "$options": "i" };
    doc! { "$or": [ { "name": pattern.clone() }, { "username": pattern } ] }
}

/// The order of a filter, with `_id` breaking ties so pages never repeat or skip.
fn sort_for(filter: UserFilter) -> Document {
    match filter {
        UserFilter::NewUsers => doc! { "joinedAt": -1, "_id": -1 },
        UserFilter::OldUsers => doc! { "joinedAt": 1, "_id": 1 },
        UserFilter::TopContributors => doc! { "reputation": -1, "_id": 1 },
    }
}

/// Lists one page of users matching a Community query, and the total matching.
/// Only the page is read from the server (skip + limit on an indexed sort).
pub async fn list_users(
    db: &Db,
    query: &UserListQuery,
) -> mongodb::error::Result<(Vec<UserDoc>, u64)> {
    let filter = search_filter(&query.q);
    let users = collection(db);
    let page = async {
        users
            .find(filter.clone())
            .sort(sort_for(query.filter))
            .skip(query.skip())
            .limit(i64::from(query.page_size))
            .await?
            .try_collect::<Vec<_>>()
            .await
    };
    let total = async {
        if query.q.is_empty() {
            // Collection metadata: constant time, where counting scans every document.
            users.estimated_document_count().await
        } else {
            super::count_matching(&users, filter.clone()).await
        }
    };
    futures::try_join!(page, total)
}

impl From<UserDoc> for shared::Me {
    /// Everything the user may see about themselves (the email and saved ids too).
    fn from(user: UserDoc) -> Self {
        Self {
            clerk_id: user.clerk_id,
            name: user.name,
            username: user.username,
            email: user.email,
            picture: user.picture,
            bio: user.bio,
            location: user.location,
            portfolio_website: user.portfolio_website,
            reputation: user.reputation,
            saved: user.saved,
            joined_at: user.joined_at.to_chrono(),
        }
    }
}

impl From<UserDoc> for UserSummary {
    /// The public fields; `top_tags` is filled in by the caller from questions.
    fn from(user: UserDoc) -> Self {
        Self {
            clerk_id: user.clerk_id,
            name: user.name,
            username: user.username,
            picture: user.picture,
            reputation: user.reputation,
            joined_at: user.joined_at.to_chrono(),
            top_tags: Vec::new(),
        }
    }
}

impl From<&UserDoc> for shared::Author {
    /// How the user appears beside their posts.
    fn from(user: &UserDoc) -> Self {
        Self {
            clerk_id: user.clerk_id.clone(),
            name: user.name.clone(),
            username: user.username.clone(),
            picture: user.picture.clone(),
            reputation: user.reputation,
        }
    }
}

/// Finds users by `_id`, keyed by it (unknown ids are absent).
pub async fn find_users_by_ids(
    db: &Db,
    ids: &[String],
) -> mongodb::error::Result<std::collections::HashMap<String, UserDoc>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let users: Vec<UserDoc> = collection(db)
        .find(doc! { "_id": { "$in": ids } })
        .await?
        .try_collect()
        .await?;
    Ok(users.into_iter().map(|u| (u.id.clone(), u)).collect())
}

/// Adds `delta` to a user's reputation for revision `rev` of `post`, unless this or
/// a later revision of that post was applied to them already. The increment and the
/// user's high-water mark for the post (`reputationRevs.{post}`) are one update, so a
/// retry, or a second writer working from a stale copy of the ledger's pending list,
/// applies nothing twice. (Pending changes are applied in revision order, and a
/// ledger drops them only once all are applied, so a skipped revision was applied.)
/// Post ids are ObjectId hex, safe as field names.
pub async fn apply_reputation_delta(
    db: &Db,
    id: &str,
    delta: i64,
    post: &str,
    rev: i64,
) -> mongodb::error::Result<()> {
    let mark = format!("reputationRevs.{post}");
    collection(db)
        .update_one(
            super::local_server::all_of(vec![
                doc! { "_id": id },
                doc! { "$or": [ { &mark: { "$exists": false } }, { &mark: { "$lt": rev } } ] },
            ]),
            doc! { "$inc": { "reputation": delta }, "$set": { &mark: rev } },
        )
        .await?;
    Ok(())
}

/// Sets reputations directly (demo data and benchmarks, computed from their ledger).
pub async fn set_reputations(db: &Db, totals: &[(String, i64)]) -> mongodb::error::Result<()> {
    for (id, reputation) in totals {
        collection(db)
            .update_one(
                doc! { "_id": id },
                doc! { "$set": { "reputation": reputation } },
            )
            .await?;
    }
    Ok(())
}

/// Adds a question to (`saved`) or removes it from a user's saved list; atomic on the
/// user document, so racing toggles cannot duplicate it. Returns whether it changed.
pub async fn set_saved(
    db: &Db,
    id: &str,
    question_id: &str,
    saved: bool,
) -> mongodb::error::Result<bool> {
    let (filter, update) = if saved {
        (
            doc! { "_id": id, "saved": { "$nin": [question_id] } },
            doc! { "$push": { "saved": question_id } },
        )
    } else {
        (
            doc! { "_id": id, "saved": question_id },
            doc! { "$pull": { "saved": question_id } },
        )
    };
    Ok(collection(db)
        .update_one(filter, update)
        .await?
        .modified_count
        > 0)
}
