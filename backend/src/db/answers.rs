//! The `answers` collection, in DevOverflow's shape: the author's user id in `author`,
//! the question's id in `question`, voters in `upvotes` / `downvotes`, plus the
//! rendered body and the revision bookkeeping reconciliation relies on.

use std::collections::HashMap;

use futures::TryStreamExt;
use mongodb::bson::{doc, DateTime, Document};
use mongodb::options::{IndexOptions, ReturnDocument};
use mongodb::{Collection, IndexModel};
use serde::{Deserialize, Serialize};
use shared::{AnswerFilter, VoteDirection};

use super::local_server::ServerKind;
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
    /// `content` rendered and sanitised when it was written.
    #[serde(default)]
    pub content_html: String,
    /// Who voted, and how.
    #[serde(flatten)]
    pub votes: Votes,
    /// When it was written.
    #[serde(default = "DateTime::now")]
    pub created_at: DateTime,
    /// When it was last edited.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::local_server::lenient_date"
    )]
    pub updated_at: Option<DateTime>,
    /// Revision of what the answer earns; see [`posts::revision_bump`].
    #[serde(default)]
    pub rev: i64,
    /// Set (ms) while the ledger may lag behind `rev`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_since: Option<i64>,
}

/// The typed collection handle.
pub fn collection(db: &Db) -> Collection<AnswerDoc> {
    db.database().collection(COLLECTION)
}

/// Creates the indexes look-ups by author, a question's answer list in each order and
/// recovery rely on.
pub async fn ensure_indexes(db: &Db, server: ServerKind) -> mongodb::error::Result<()> {
    let index = |keys| IndexModel::builder().keys(keys).build();
    if server.supports_text_search() {
        // Global search by words in the body.
        collection(db)
            .create_index(index(doc! { "content": "text" }))
            .await?;
    }
    collection(db)
        .create_indexes([
            index(doc! { "author": 1 }),
            index(doc! { "question": 1, "score": -1, "createdAt": 1 }),
            index(doc! { "question": 1, "createdAt": -1 }),
            // Searches without text (operators only) walk answers newest first.
            index(doc! { "createdAt": -1 }),
            IndexModel::builder()
                .keys(doc! { "pendingSince": 1 })
                .options(IndexOptions::builder().sparse(true).build())
                .build(),
        ])
        .await?;
    Ok(())
}

/// Inserts a new answer.
pub async fn insert_answer(db: &Db, answer: &AnswerDoc) -> mongodb::error::Result<()> {
    collection(db).insert_one(answer).await?;
    Ok(())
}

/// Inserts many answers in one round trip (demo data, benchmarks).
pub async fn insert_answers(db: &Db, answers: &[AnswerDoc]) -> mongodb::error::Result<()> {
    if answers.is_empty() {
        return Ok(());
    }
    collection(db).insert_many(answers).await?;
    Ok(())
}

/// Finds an answer by id.
pub async fn find_answer(db: &Db, id: &str) -> mongodb::error::Result<Option<AnswerDoc>> {
    collection(db).find_one(doc! { "_id": id }).await
}

fn sort_for(filter: AnswerFilter) -> Document {
    match filter {
        AnswerFilter::HighestUpvotes => doc! { "score": -1, "createdAt": 1, "_id": 1 },
        AnswerFilter::LowestUpvotes => doc! { "score": 1, "createdAt": 1, "_id": 1 },
        AnswerFilter::Recent => doc! { "createdAt": -1, "_id": -1 },
        AnswerFilter::Old => doc! { "createdAt": 1, "_id": 1 },
    }
}

/// A question's answers in `filter`'s order, leaving out `except` (the accepted
/// answer, which the caller puts first).
pub async fn list_answers(
    db: &Db,
    question: &str,
    except: Option<&str>,
    filter: AnswerFilter,
    skip: u64,
    limit: i64,
) -> mongodb::error::Result<Vec<AnswerDoc>> {
    if limit <= 0 {
        return Ok(Vec::new());
    }
    let mut selection = doc! { "question": question };
    if let Some(except) = except {
        selection.insert("_id", doc! { "$ne": except });
    }
    collection(db)
        .find(selection)
        .sort(sort_for(filter))
        .skip(skip)
        .limit(limit)
        .await?
        .try_collect()
        .await
}

/// A user's answers, newest (or best, with `top`) first, and how many there are.
pub async fn list_answers_by_author(
    db: &Db,
    author: &str,
    top: bool,
    skip: u64,
    limit: u32,
) -> mongodb::error::Result<(Vec<AnswerDoc>, u64)> {
    let answers = collection(db);
    let sort = if top {
        doc! { "score": -1, "createdAt": -1, "_id": -1 }
    } else {
        doc! { "createdAt": -1, "_id": -1 }
    };
    let page = async {
        answers
            .find(doc! { "author": author })
            .sort(sort)
            .skip(skip)
            .limit(i64::from(limit))
            .await?
            .try_collect::<Vec<_>>()
            .await
    };
    let total = async { super::count_matching(&answers, doc! { "author": author }).await };
    futures::try_join!(page, total)
}

/// Applies an edit by the answer's author (the filter checks it); `None` when there is
/// no such answer by that author.
pub async fn update_answer(
    db: &Db,
    id: &str,
    author: &str,
    content: &str,
    content_html: &str,
    now: DateTime,
) -> mongodb::error::Result<Option<AnswerDoc>> {
    collection(db)
        .find_one_and_update(
            doc! { "_id": id, "author": author },
            doc! { "$set": { "content": content, "contentHtml": content_html, "updatedAt": now } },
        )
        .return_document(ReturnDocument::After)
        .await
}

/// Moves a user's vote on an answer; see [`posts::apply_vote`].
pub async fn apply_vote(
    db: &Db,
    id: &str,
    voter: &str,
    from: Option<VoteDirection>,
    to: Option<VoteDirection>,
    now_ms: i64,
) -> mongodb::error::Result<Option<AnswerDoc>> {
    posts::apply_vote(&collection(db), id, voter, from, to, now_ms).await
}

/// Clears `pendingSince` if the answer is still at `rev`.
pub async fn clear_pending(db: &Db, id: &str, rev: i64) -> mongodb::error::Result<()> {
    posts::clear_pending(&collection(db), id, rev).await
}

/// Ids of answers left pending since before `before_ms`.
pub async fn list_pending(
    db: &Db,
    before_ms: i64,
    limit: i64,
) -> mongodb::error::Result<Vec<String>> {
    posts::list_pending(&collection(db), before_ms, limit).await
}

/// Lists the ids of the answers a user wrote.
pub async fn list_answer_ids_by_author(
    db: &Db,
    user_id: &str,
) -> mongodb::error::Result<Vec<String>> {
    posts::ids_matching(&collection(db), doc! { "author": user_id }).await
}

/// Lists the ids of a question's answers (including any not yet linked from it).
pub async fn list_answer_ids_for_question(
    db: &Db,
    question: &str,
) -> mongodb::error::Result<Vec<String>> {
    posts::ids_matching(&collection(db), doc! { "question": question }).await
}

/// Deletes one answer.
pub async fn delete_answer(db: &Db, id: &str) -> mongodb::error::Result<()> {
    collection(db).delete_one(doc! { "_id": id }).await?;
    Ok(())
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

/// Removes a user's up- and down-votes from every answer; returns the answers changed.
pub async fn pull_votes_by_user(
    db: &Db,
    user_id: &str,
    now_ms: i64,
) -> mongodb::error::Result<Vec<String>> {
    posts::pull_votes_by_user(&collection(db), user_id, now_ms).await
}

/// A user's answer count and up-votes received.
pub async fn author_totals(db: &Db, user_id: &str) -> mongodb::error::Result<AuthorTotals> {
    posts::author_totals(&collection(db), user_id).await
}

/// What a global search asks of answers.
#[derive(Debug, Clone, Default)]
pub struct AnswerSearch {
    /// Literal texts, all to be found in the body.
    pub texts: Vec<String>,
    /// Only answers by this user id.
    pub author: Option<String>,
    /// Only answers with at least this score.
    pub min_score: Option<i64>,
    /// Only answers in (`true`) or not in (`false`) this set of accepted answer ids.
    pub accepted: Option<(bool, Vec<String>)>,
}

/// Answers matching `search`, by relevance on MongoDB's text index (else newest first),
/// skipping `skip`, at most `limit`.
pub async fn search_answers(
    db: &Db,
    search: &AnswerSearch,
    skip: u64,
    limit: i64,
) -> mongodb::error::Result<Vec<AnswerDoc>> {
    let (mut filter, ranked) = super::text_match(db, &["content"], &search.texts);
    if let Some(author) = &search.author {
        filter.insert("author", author);
    }
    if let Some(min) = search.min_score {
        filter.insert("score", doc! { "$gte": min });
    }
    if let Some((accepted, ids)) = &search.accepted {
        let operator = if *accepted { "$in" } else { "$nin" };
        filter.insert("_id", doc! { operator: ids });
    }
    posts::search_page(&collection(db), filter, ranked, skip, limit).await
}

/// The total score of each question's answers, for `question_ids`.
pub async fn score_sums_by_question(
    db: &Db,
    question_ids: &[String],
) -> mongodb::error::Result<HashMap<String, i64>> {
    if question_ids.is_empty() {
        return Ok(HashMap::new());
    }
    #[derive(Deserialize)]
    struct QuestionScore {
        question: String,
        #[serde(default)]
        score: i64,
    }
    let mut cursor = collection(db)
        .clone_with_type::<QuestionScore>()
        .find(doc! { "question": { "$in": question_ids } })
        .projection(doc! { "_id": 0, "question": 1, "score": 1 })
        .await?;
    let mut sums = HashMap::new();
    while let Some(answer) = cursor.try_next().await? {
        *sums.entry(answer.question).or_insert(0) += answer.score;
    }
    Ok(sums)
}
