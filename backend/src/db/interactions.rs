//! The `interactions` collection: who asked, answered, viewed or voted on what (with
//! the question's tags), the input for recommendations. Each references its user by
//! id in `user`, and its question or answer.

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

/// Creates the index look-ups by user rely on.
pub async fn ensure_indexes(db: &Db) -> mongodb::error::Result<()> {
    collection(db)
        .create_index(IndexModel::builder().keys(doc! { "user": 1 }).build())
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
