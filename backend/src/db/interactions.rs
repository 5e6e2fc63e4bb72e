//! The `interactions` collection: who asked, answered, viewed or voted on what (with
//! the question's tags), the input for recommendations. Each references its user by
//! id in `user`, and its question or answer.

use futures::TryStreamExt;
use mongodb::bson::{doc, DateTime};
use mongodb::{Collection, IndexModel};
use serde::{Deserialize, Serialize};

use super::Db;

/// Name of the collection.
pub const COLLECTION: &str = "interactions";

/// An interaction as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InteractionDoc {
    /// String id.
    #[serde(rename = "_id")]
    pub id: String,
    /// The user's id.
    pub user: String,
    /// What they did (`ask_question`, `view_question`, `upvote_answer`...).
    pub action: String,
    /// The question involved, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// The answer involved, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    /// The question's tag ids at the time.
    #[serde(default)]
    pub tags: Vec<String>,
    /// When it happened.
    #[serde(default = "DateTime::now")]
    pub created_at: DateTime,
}

/// The typed collection handle.
pub fn collection(db: &Db) -> Collection<InteractionDoc> {
    db.database().collection(COLLECTION)
}

/// Creates the indexes look-ups by user (most recent first) and by post rely on.
pub async fn ensure_indexes(db: &Db) -> mongodb::error::Result<()> {
    let index = |keys| IndexModel::builder().keys(keys).build();
    collection(db)
        .create_indexes([
            index(doc! { "user": 1, "createdAt": -1 }),
            index(doc! { "question": 1 }),
            index(doc! { "answer": 1 }),
        ])
        .await?;
    Ok(())
}

/// Records an interaction under a deterministic id (`ask:{question}`,
/// `vote:{post}:{user}`...), so a retried request records it once.
pub async fn record_interaction(
    db: &Db,
    interaction: &InteractionDoc,
) -> mongodb::error::Result<()> {
    collection(db)
        .replace_one(doc! { "_id": &interaction.id }, interaction)
        .upsert(true)
        .await?;
    Ok(())
}

/// Inserts many interactions in one round trip (demo data, benchmarks).
pub async fn insert_interactions(
    db: &Db,
    interactions: &[InteractionDoc],
) -> mongodb::error::Result<()> {
    if interactions.is_empty() {
        return Ok(());
    }
    collection(db).insert_many(interactions).await?;
    Ok(())
}

/// Deletes one interaction by id (an undone vote).
pub async fn delete_interaction(db: &Db, id: &str) -> mongodb::error::Result<()> {
    collection(db).delete_one(doc! { "_id": id }).await?;
    Ok(())
}

/// Interactions read at most when collecting a user's tags for recommendations.
pub const RECENT_INTERACTIONS: i64 = 500;

/// Most tags recommendations match on (the user's most recent interests).
pub const RECENT_TAGS: usize = 50;

/// The tag ids of a user's most recent interactions, most recent first, distinct, at
/// most [`RECENT_TAGS`].
pub async fn recent_tag_ids(db: &Db, user_id: &str) -> mongodb::error::Result<Vec<String>> {
    #[derive(Deserialize)]
    struct Tags {
        #[serde(default)]
        tags: Vec<String>,
    }
    // A pipeline rather than `find`: the same index walk on MongoDB, and the local
    // server runs it in SQL (its `find` with a sort filters in Python).
    let pipeline = [
        doc! { "$match": { "user": user_id } },
        doc! { "$sort": { "createdAt": -1 } },
        doc! { "$limit": RECENT_INTERACTIONS },
        doc! { "$project": { "_id": 0, "tags": 1 } },
    ];
    let rows: Vec<Tags> = collection(db)
        .aggregate(pipeline)
        .with_type::<Tags>()
        .await?
        .try_collect()
        .await?;
    let mut seen = Vec::new();
    for tag in rows.into_iter().flat_map(|r| r.tags) {
        if seen.len() == RECENT_TAGS {
            break;
        }
        if !seen.contains(&tag) {
            seen.push(tag);
        }
    }
    Ok(seen)
}

/// Deletes every interaction with the given questions or answers.
pub async fn delete_interactions_with(
    db: &Db,
    question_ids: &[String],
    answer_ids: &[String],
) -> mongodb::error::Result<()> {
    collection(db)
        .delete_many(doc! { "$or": [
            { "question": { "$in": question_ids } },
            { "answer": { "$in": answer_ids } },
        ] })
        .await?;
    Ok(())
}

/// Deletes a user's interactions and any interaction with removed content.
pub async fn delete_interactions(
    db: &Db,
    user_id: &str,
    question_ids: &[String],
    answer_ids: &[String],
) -> mongodb::error::Result<()> {
    collection(db)
        .delete_many(doc! { "$or": [
            { "user": user_id },
            { "question": { "$in": question_ids } },
            { "answer": { "$in": answer_ids } },
        ] })
        .await?;
    Ok(())
}
