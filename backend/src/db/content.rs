//! Content that references users, in DevOverflow's shapes: `questions` and `answers`
//! (author in `author`, an answer's question in `question`, votes as user ids in
//! `upvotes`/`downvotes`, a question's answer ids in `answers`), `tags` (`followers`,
//! `questions`) and `interactions` (`user`). Only what deleting a user needs lives here
//! until the questions feature gives each collection its own typed module.

use std::collections::HashMap;

use futures::TryStreamExt;
use mongodb::bson::{doc, Bson, Document};
use mongodb::Collection;

use super::Db;

/// Collection names.
pub const QUESTIONS: &str = "questions";
/// Answers collection.
pub const ANSWERS: &str = "answers";
/// Tags collection.
pub const TAGS: &str = "tags";
/// Interactions (views, votes...) collection.
pub const INTERACTIONS: &str = "interactions";

/// Indexes for the look-ups by author, question and user that profiles, top tags and
/// deleting a user make.
pub async fn ensure_indexes(db: &Db) -> mongodb::error::Result<()> {
    let index = |keys: Document| mongodb::IndexModel::builder().keys(keys).build();
    raw(db, QUESTIONS)
        .create_index(index(doc! { "author": 1 }))
        .await?;
    raw(db, ANSWERS)
        .create_indexes([index(doc! { "author": 1 }), index(doc! { "question": 1 })])
        .await?;
    raw(db, TAGS)
        .create_index(index(doc! { "followers": 1 }))
        .await?;
    raw(db, INTERACTIONS)
        .create_index(index(doc! { "user": 1 }))
        .await?;
    Ok(())
}

fn raw(db: &Db, name: &str) -> Collection<Document> {
    db.database().collection(name)
}

fn id_string(document: &Document) -> Option<String> {
    match document.get("_id")? {
        Bson::String(id) => Some(id.clone()),
        Bson::ObjectId(id) => Some(id.to_hex()),
        _ => None,
    }
}

async fn ids_matching(
    db: &Db,
    collection: &str,
    filter: Document,
) -> mongodb::error::Result<Vec<String>> {
    let documents: Vec<Document> = raw(db, collection)
        .find(filter)
        .projection(doc! { "_id": 1 })
        .await?
        .try_collect()
        .await?;
    Ok(documents.iter().filter_map(id_string).collect())
}

/// Lists the ids of the questions a user asked.
pub async fn list_question_ids_by_author(
    db: &Db,
    user_id: &str,
) -> mongodb::error::Result<Vec<String>> {
    ids_matching(db, QUESTIONS, doc! { "author": user_id }).await
}

/// Lists the ids of the answers a user wrote.
pub async fn list_answer_ids_by_author(
    db: &Db,
    user_id: &str,
) -> mongodb::error::Result<Vec<String>> {
    ids_matching(db, ANSWERS, doc! { "author": user_id }).await
}

/// Deletes answers by id and every answer to the given questions.
pub async fn delete_answers(
    db: &Db,
    answer_ids: &[String],
    question_ids: &[String],
) -> mongodb::error::Result<()> {
    raw(db, ANSWERS)
        .delete_many(doc! { "$or": [
            { "_id": { "$in": answer_ids } },
            { "question": { "$in": question_ids } },
        ] })
        .await?;
    Ok(())
}

/// Deletes questions by id.
pub async fn delete_questions(db: &Db, question_ids: &[String]) -> mongodb::error::Result<()> {
    raw(db, QUESTIONS)
        .delete_many(doc! { "_id": { "$in": question_ids } })
        .await?;
    Ok(())
}

/// Removes answer ids from the `answers` lists of (other users') questions.
pub async fn pull_answers_from_questions(
    db: &Db,
    answer_ids: &[String],
) -> mongodb::error::Result<()> {
    if answer_ids.is_empty() {
        return Ok(());
    }
    raw(db, QUESTIONS)
        .update_many(
            doc! { "answers": { "$in": answer_ids } },
            doc! { "$pull": { "answers": { "$in": answer_ids } } },
        )
        .await?;
    Ok(())
}

/// Removes a user's up- and down-votes from every question and answer.
pub async fn pull_votes_by_user(db: &Db, user_id: &str) -> mongodb::error::Result<()> {
    for collection in [QUESTIONS, ANSWERS] {
        raw(db, collection)
            .update_many(
                doc! { "$or": [ { "upvotes": user_id }, { "downvotes": user_id } ] },
                doc! { "$pull": { "upvotes": user_id, "downvotes": user_id } },
            )
            .await?;
    }
    Ok(())
}

/// Removes a user from tag follower lists and removed questions from tags.
pub async fn pull_user_from_tags(
    db: &Db,
    user_id: &str,
    question_ids: &[String],
) -> mongodb::error::Result<()> {
    raw(db, TAGS)
        .update_many(
            doc! { "followers": user_id },
            doc! { "$pull": { "followers": user_id } },
        )
        .await?;
    if !question_ids.is_empty() {
        raw(db, TAGS)
            .update_many(
                doc! { "questions": { "$in": question_ids } },
                doc! { "$pull": { "questions": { "$in": question_ids } } },
            )
            .await?;
    }
    Ok(())
}

/// Deletes a user's interactions and any interaction with removed content.
pub async fn delete_interactions(
    db: &Db,
    user_id: &str,
    question_ids: &[String],
    answer_ids: &[String],
) -> mongodb::error::Result<()> {
    raw(db, INTERACTIONS)
        .delete_many(doc! { "$or": [
            { "user": user_id },
            { "question": { "$in": question_ids } },
            { "answer": { "$in": answer_ids } },
        ] })
        .await?;
    Ok(())
}

fn as_u64(value: Option<&Bson>) -> u64 {
    match value {
        Some(Bson::Int32(n)) => u64::try_from(*n).unwrap_or(0),
        Some(Bson::Int64(n)) => u64::try_from(*n).unwrap_or(0),
        Some(Bson::Double(n)) if *n > 0.0 => *n as u64,
        _ => 0,
    }
}

/// Counts a user's questions, answers, upvotes received and question views.
pub async fn user_activity(
    db: &Db,
    user_id: &str,
) -> mongodb::error::Result<crate::domain::badges::UserActivity> {
    let totals = |collection: &'static str| {
        let db = db.clone();
        let user_id = user_id.to_owned();
        async move {
            let pipeline = [
                doc! { "$match": { "author": &user_id } },
                doc! { "$group": {
                    "_id": Bson::Null,
                    "count": { "$sum": 1 },
                    // `$ifNull`: a document without votes has no `upvotes` array.
                    "upvotes": { "$sum": { "$size": { "$ifNull": ["$upvotes", []] } } },
                    "views": { "$sum": "$views" },
                } },
            ];
            let rows: Vec<Document> = raw(&db, collection)
                .aggregate(pipeline)
                .await?
                .try_collect()
                .await?;
            Ok::<_, mongodb::error::Error>(rows.into_iter().next().unwrap_or_default())
        }
    };
    let (questions, answers) = futures::try_join!(totals(QUESTIONS), totals(ANSWERS))?;
    Ok(crate::domain::badges::UserActivity {
        questions: as_u64(questions.get("count")),
        answers: as_u64(answers.get("count")),
        question_upvotes: as_u64(questions.get("upvotes")),
        answer_upvotes: as_u64(answers.get("upvotes")),
        question_views: as_u64(questions.get("views")),
    })
}

/// Questions read at most when computing top tags for one page of users; keeps the
/// memory of a request bounded even for extremely prolific users.
pub const TOP_TAGS_SCAN_LIMIT: i64 = 10_000;

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
    let mut cursor = raw(db, QUESTIONS)
        .find(doc! { "author": { "$in": author_ids } })
        .projection(doc! { "_id": 0, "author": 1, "tags": 1 })
        .limit(TOP_TAGS_SCAN_LIMIT)
        .await?;
    let mut counts: HashMap<String, HashMap<String, u32>> = HashMap::new();
    while let Some(question) = cursor.try_next().await? {
        let Ok(author) = question.get_str("author") else {
            continue;
        };
        let per_author = counts.entry(author.to_owned()).or_default();
        for tag in question
            .get_array("tags")
            .map(|t| t.as_slice())
            .unwrap_or_default()
        {
            if let Some(tag) = tag.as_str() {
                *per_author.entry(tag.to_owned()).or_default() += 1;
            }
        }
    }
    Ok(counts
        .into_iter()
        .map(|(author, tags)| (author, crate::domain::tags::top_tags(tags, limit)))
        .collect())
}

/// Names of the given tags, by id (unknown ids are absent).
pub async fn find_tag_names(
    db: &Db,
    tag_ids: &[String],
) -> mongodb::error::Result<HashMap<String, String>> {
    if tag_ids.is_empty() {
        return Ok(Default::default());
    }
    let tags: Vec<Document> = raw(db, TAGS)
        .find(doc! { "_id": { "$in": tag_ids } })
        .projection(doc! { "_id": 1, "name": 1 })
        .await?
        .try_collect()
        .await?;
    Ok(tags
        .iter()
        .filter_map(|tag| Some((id_string(tag)?, tag.get_str("name").ok()?.to_owned())))
        .collect())
}
