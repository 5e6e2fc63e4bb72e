//! The `tags` collection, in DevOverflow's shape: `name`, the ids of its questions in
//! `questions`, followers' user ids in `followers`.

use std::collections::HashMap;

use futures::TryStreamExt;
use mongodb::bson::{doc, DateTime};
use mongodb::{Collection, IndexModel};
use serde::{Deserialize, Serialize};

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

/// Creates the index follower look-ups rely on.
pub async fn ensure_indexes(db: &Db) -> mongodb::error::Result<()> {
    collection(db)
        .create_index(IndexModel::builder().keys(doc! { "followers": 1 }).build())
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
