//! The `tags` collection, in DevOverflow's shape: `name`, the ids of its questions in
//! `questions`, followers' user ids in `followers`.

use std::collections::HashMap;

use futures::TryStreamExt;
use mongodb::bson::oid::ObjectId;
use mongodb::bson::{doc, DateTime};
use mongodb::options::IndexOptions;
use mongodb::{Collection, IndexModel};
use serde::{Deserialize, Serialize};
use shared::TagRef;

use super::local_server::ServerKind;
use super::Db;

/// Name of the collection.
pub const COLLECTION: &str = "tags";

/// A tag as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TagDoc {
    /// String id.
    #[serde(rename = "_id")]
    pub id: String,
    /// Name, e.g. `rust`.
    pub name: String,
    /// Ids of its questions.
    #[serde(default)]
    pub questions: Vec<String>,
    /// User ids of its followers.
    #[serde(default)]
    pub followers: Vec<String>,
    /// When it was first used.
    #[serde(default = "DateTime::now")]
    pub created_on: DateTime,
}

/// The typed collection handle.
pub fn collection(db: &Db) -> Collection<TagDoc> {
    db.database().collection(COLLECTION)
}

/// Creates the indexes follower and question look-ups rely on, and the unique index
/// on `name` that keeps one document per tag however many askers create it at once.
pub async fn ensure_indexes(db: &Db, server: ServerKind) -> mongodb::error::Result<()> {
    let index = |keys| IndexModel::builder().keys(keys).build();
    let mut indexes = vec![IndexModel::builder()
        .keys(doc! { "name": 1 })
        .options(IndexOptions::builder().unique(true).build())
        .build()];
    if server.supports_multikey_indexes() {
        indexes.extend([
            index(doc! { "followers": 1 }),
            index(doc! { "questions": 1 }),
        ]);
    }
    collection(db).create_indexes(indexes).await?;
    Ok(())
}

/// Inserts many tags in one round trip (demo data, benchmarks).
pub async fn insert_tags(db: &Db, tags: &[TagDoc]) -> mongodb::error::Result<()> {
    if tags.is_empty() {
        return Ok(());
    }
    collection(db).insert_many(tags).await?;
    Ok(())
}

/// Finds a tag by its (normalised) name.
pub async fn find_tag_by_name(db: &Db, name: &str) -> mongodb::error::Result<Option<TagDoc>> {
    collection(db).find_one(doc! { "name": name }).await
}

/// The ids of the named tags, creating the ones that do not exist yet, in the order
/// given. A missing tag is inserted; the unique index on `name` makes a concurrent
/// asker's insert of the same tag fail, and that asker reads the winner, so everyone
/// ends up with one document. A tag created here but never used (the ask failed after
/// this) has no questions and no list shows it.
pub async fn upsert_tags(db: &Db, names: &[String]) -> mongodb::error::Result<Vec<TagRef>> {
    let mut refs = Vec::with_capacity(names.len());
    for name in names {
        let tag = match find_tag_by_name(db, name).await? {
            Some(tag) => tag,
            None => {
                let tag = TagDoc {
                    id: ObjectId::new().to_hex(),
                    name: name.clone(),
                    questions: Vec::new(),
                    followers: Vec::new(),
                    created_on: DateTime::now(),
                };
                match collection(db).insert_one(&tag).await {
                    Ok(_) => tag,
                    Err(error) if super::duplicate_key(&error).is_some() => {
                        find_tag_by_name(db, name).await?.ok_or(error)?
                    }
                    Err(error) => return Err(error),
                }
            }
        };
        refs.push(TagRef {
            id: tag.id,
            name: tag.name,
        });
    }
    Ok(refs)
}

/// Makes the question listed under exactly `tag_ids`: added to those (idempotent),
/// removed from any other tag that lists it.
pub async fn set_question_tags(
    db: &Db,
    question_id: &str,
    tag_ids: &[String],
) -> mongodb::error::Result<()> {
    let tags = collection(db);
    if !tag_ids.is_empty() {
        tags.update_many(
            doc! { "_id": { "$in": tag_ids } },
            doc! { "$addToSet": { "questions": question_id } },
        )
        .await?;
    }
    tags.update_many(
        doc! { "questions": question_id, "_id": { "$nin": tag_ids } },
        doc! { "$pull": { "questions": question_id } },
    )
    .await?;
    Ok(())
}

/// Names of the given tags, by id (unknown ids are absent).
pub async fn find_tag_names(
    db: &Db,
    tag_ids: &[String],
) -> mongodb::error::Result<HashMap<String, String>> {
    if tag_ids.is_empty() {
        return Ok(HashMap::new());
    }
    #[derive(Deserialize)]
    struct IdName {
        #[serde(rename = "_id")]
        id: String,
        name: String,
    }
    let tags: Vec<IdName> = collection(db)
        .clone_with_type::<IdName>()
        .find(doc! { "_id": { "$in": tag_ids } })
        .projection(doc! { "_id": 1, "name": 1 })
        .await?
        .try_collect()
        .await?;
    Ok(tags.into_iter().map(|t| (t.id, t.name)).collect())
}

/// Removes a user from every tag's followers.
pub async fn pull_follower(db: &Db, user_id: &str) -> mongodb::error::Result<()> {
    collection(db)
        .update_many(
            doc! { "followers": user_id },
            doc! { "$pull": { "followers": user_id } },
        )
        .await?;
    Ok(())
}

/// Removes deleted questions from every tag.
pub async fn pull_questions(db: &Db, question_ids: &[String]) -> mongodb::error::Result<()> {
    if question_ids.is_empty() {
        return Ok(());
    }
    collection(db)
        .update_many(
            doc! { "questions": { "$in": question_ids } },
            doc! { "$pull": { "questions": { "$in": question_ids } } },
        )
        .await?;
    Ok(())
}
