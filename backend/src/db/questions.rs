//! The `questions` collection, in DevOverflow's shape: the author's user id in `author`,
//! tag ids in `tags`, voters' user ids in `upvotes` / `downvotes`, answer ids in
//! `answers`.

use std::collections::HashMap;

use futures::TryStreamExt;
use mongodb::bson::{doc, Bson, DateTime};
use mongodb::{Collection, IndexModel};
use serde::{Deserialize, Serialize};

use super::posts::{self, AuthorTotals, Votes};
use super::Db;

/// Name of the collection.
pub const COLLECTION: &str = "questions";

/// Questions read at most when computing top tags for one page of users; keeps the
/// memory of a request bounded even for extremely prolific users.
pub const TOP_TAGS_SCAN_LIMIT: i64 = 10_000;

/// A question as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuestionDoc {
    /// String id.
    #[serde(rename = "_id")]
    pub id: String,
    /// Title.
    pub title: String,
    /// Markdown source.
    #[serde(default)]
    pub content: String,
    /// Ids of its tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The asker's user id.
    pub author: String,
    /// How many times it was viewed.
    #[serde(default)]
    pub views: i64,
    /// Who voted, and how.
    #[serde(flatten)]
    pub votes: Votes,
    /// Ids of its answers.
    #[serde(default)]
    pub answers: Vec<String>,
    /// When it was asked.
    #[serde(default = "DateTime::now")]
    pub created_at: DateTime,
}

/// The typed collection handle.
pub fn collection(db: &Db) -> Collection<QuestionDoc> {
    db.database().collection(COLLECTION)
}

/// Creates the indexes look-ups by author rely on.
pub async fn ensure_indexes(db: &Db) -> mongodb::error::Result<()> {
    collection(db)
        .create_index(IndexModel::builder().keys(doc! { "author": 1 }).build())
        .await?;
    Ok(())
}

/// Lists the ids of the questions a user asked.
pub async fn list_question_ids_by_author(
    db: &Db,
    user_id: &str,
) -> mongodb::error::Result<Vec<String>> {
    posts::ids_matching(&collection(db), doc! { "author": user_id }).await
}

/// Deletes questions by id.
pub async fn delete_questions(db: &Db, question_ids: &[String]) -> mongodb::error::Result<()> {
    collection(db)
        .delete_many(doc! { "_id": { "$in": question_ids } })
        .await?;
    Ok(())
}

/// Removes answer ids from the `answers` lists of (other users') questions.
pub async fn pull_answers(db: &Db, answer_ids: &[String]) -> mongodb::error::Result<()> {
    if answer_ids.is_empty() {
        return Ok(());
    }
    collection(db)
        .update_many(
            doc! { "answers": { "$in": answer_ids } },
            doc! { "$pull": { "answers": { "$in": answer_ids } } },
        )
        .await?;
    Ok(())
}

/// Removes a user's up- and down-votes from every question.
pub async fn pull_votes_by_user(db: &Db, user_id: &str) -> mongodb::error::Result<()> {
    posts::pull_votes_by_user(&collection(db), user_id).await
}

/// A user's question count, up-votes received and views.
pub async fn author_totals(db: &Db, user_id: &str) -> mongodb::error::Result<AuthorTotals> {
    posts::author_totals(&collection(db), user_id).await
}

/// For each author, the ids of the tags they asked most about (most used first, ties
/// by id), at most `limit` each. One query for the whole page: the authors' questions,
/// projected to their tags, counted here. (A `$group` on author and tag would be the
/// natural pipeline on MongoDB, but the local dev server cannot group on a compound
/// key, and per-author pipelines cost one round trip each.)
pub async fn top_tag_ids_by_author(
    db: &Db,
    author_ids: &[String],
    limit: usize,
) -> mongodb::error::Result<HashMap<String, Vec<String>>> {
    if author_ids.is_empty() {
        return Ok(HashMap::new());
    }
    #[derive(Deserialize)]
    struct AuthorTags {
        author: String,
        #[serde(default)]
        tags: Vec<Bson>,
    }
    let mut cursor = collection(db)
        .clone_with_type::<AuthorTags>()
        .find(doc! { "author": { "$in": author_ids } })
        .projection(doc! { "_id": 0, "author": 1, "tags": 1 })
        .limit(TOP_TAGS_SCAN_LIMIT)
        .await?;
    let mut counts: HashMap<String, HashMap<String, u32>> = HashMap::new();
    while let Some(question) = cursor.try_next().await? {
        let per_author = counts.entry(question.author).or_default();
        for tag in question.tags.iter().filter_map(Bson::as_str) {
            *per_author.entry(tag.to_owned()).or_default() += 1;
        }
    }
    Ok(counts
        .into_iter()
        .map(|(author, tags)| (author, crate::domain::tags::top_tags(tags, limit)))
        .collect())
}
