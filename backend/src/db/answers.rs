//! The `answers` collection, in DevOverflow's shape: the author's user id in `author`,
//! the question's id in `question`, voters in `upvotes` / `downvotes`.

use mongodb::bson::{doc, DateTime};
use mongodb::{Collection, IndexModel};
use serde::{Deserialize, Serialize};

use super::posts::{self, AuthorTotals, Votes};
use super::Db;

/// Name of the collection.
pub const COLLECTION: &str = "answers";

/// An answer as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AnswerDoc {
    /// String id.
    #[serde(rename = "_id")]
    pub id: String,
    /// The question's id.
    pub question: String,
    /// The author's user id.
    pub author: String,
    /// Markdown source.
    #[serde(default)]
    pub content: String,
    /// Who voted, and how.
    #[serde(flatten)]
    pub votes: Votes,
    /// When it was written.
    #[serde(default = "DateTime::now")]
    pub created_at: DateTime,
}

/// The typed collection handle.
pub fn collection(db: &Db) -> Collection<AnswerDoc> {
    db.database().collection(COLLECTION)
}

/// Creates the indexes look-ups by author and by question rely on.
pub async fn ensure_indexes(db: &Db) -> mongodb::error::Result<()> {
    let index = |keys| IndexModel::builder().keys(keys).build();
    collection(db)
        .create_indexes([index(doc! { "author": 1 }), index(doc! { "question": 1 })])
        .await?;
    Ok(())
}

/// Lists the ids of the answers a user wrote.
pub async fn list_answer_ids_by_author(
    db: &Db,
    user_id: &str,
) -> mongodb::error::Result<Vec<String>> {
    posts::ids_matching(&collection(db), doc! { "author": user_id }).await
}

/// Deletes answers by id and every answer to the given questions.
pub async fn delete_answers(
    db: &Db,
    answer_ids: &[String],
    question_ids: &[String],
) -> mongodb::error::Result<()> {
    collection(db)
        .delete_many(doc! { "$or": [
            { "_id": { "$in": answer_ids } },
            { "question": { "$in": question_ids } },
        ] })
        .await?;
    Ok(())
}

/// Removes a user's up- and down-votes from every answer.
pub async fn pull_votes_by_user(db: &Db, user_id: &str) -> mongodb::error::Result<()> {
    posts::pull_votes_by_user(&collection(db), user_id).await
}

/// A user's answer count and up-votes received.
pub async fn author_totals(db: &Db, user_id: &str) -> mongodb::error::Result<AuthorTotals> {
    posts::author_totals(&collection(db), user_id).await
}
