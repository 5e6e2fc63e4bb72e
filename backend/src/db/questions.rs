//! The `questions` collection, in DevOverflow's shape: the author's user id in `author`,
//! tag ids in `tags`, voters' user ids in `upvotes` / `downvotes`, answer ids in
//! `answers`, plus the rendered body, the accepted answer and the revision bookkeeping
//! reconciliation relies on.

use std::collections::HashMap;

use futures::TryStreamExt;
use mongodb::bson::{doc, Bson, DateTime, Document};
use mongodb::options::{IndexOptions, ReturnDocument};
use mongodb::{Collection, IndexModel};
use serde::{Deserialize, Serialize};
use shared::VoteDirection;

use super::local_server::ServerKind;
use super::posts::{self, AuthorTotals, Votes};
use super::Db;
use crate::domain::search::escape_regex;

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
    /// `content` rendered and sanitised when it was written.
    #[serde(default)]
    pub content_html: String,
    /// Ids of its tags, in the asker's order.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The asker's user id.
    pub author: String,
    /// How many times it was viewed (at most once per viewer per hour).
    #[serde(default)]
    pub views: i64,
    /// Who voted, and how.
    #[serde(flatten)]
    pub votes: Votes,
    /// Ids of its answers.
    #[serde(default)]
    pub answers: Vec<String>,
    /// `answers.len()`, kept in the same updates as the list, so "unanswered" is an
    /// indexed equality (`answerCount: 0`) rather than a scan for empty arrays.
    #[serde(default)]
    pub answer_count: i64,
    /// The accepted answer's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted_answer: Option<String>,
    /// When it was asked.
    #[serde(default = "DateTime::now")]
    pub created_at: DateTime,
    /// When it was last edited.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::local_server::lenient_date"
    )]
    pub updated_at: Option<DateTime>,
    /// Revision of what the question earns (votes, acceptance); see [`posts::revision_bump`].
    #[serde(default)]
    pub rev: i64,
    /// Set (ms) while the ledger may lag behind `rev`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_since: Option<i64>,
}

/// The typed collection handle.
pub fn collection(db: &Db) -> Collection<QuestionDoc> {
    db.database().collection(COLLECTION)
}

/// Creates the indexes the lists, look-ups by author and tag, and recovery rely on.
pub async fn ensure_indexes(db: &Db, server: ServerKind) -> mongodb::error::Result<()> {
    let index = |keys| IndexModel::builder().keys(keys).build();
    let mut indexes = vec![
        index(doc! { "author": 1 }),
        index(doc! { "answerCount": 1, "createdAt": -1 }),
        IndexModel::builder()
            .keys(doc! { "pendingSince": 1 })
            .options(IndexOptions::builder().sparse(true).build())
            .build(),
        // `isaccepted:` in search reads the accepted answers' ids.
        IndexModel::builder()
            .keys(doc! { "acceptedAnswer": 1 })
            .options(IndexOptions::builder().sparse(true).build())
            .build(),
        // Hot questions: recently edited ones are candidates.
        IndexModel::builder()
            .keys(doc! { "updatedAt": -1 })
            .options(IndexOptions::builder().sparse(true).build())
            .build(),
    ];
    if server.supports_text_search() {
        indexes.push(index(doc! { "title": "text", "content": "text" }));
    }
    if server.supports_multikey_indexes() {
        indexes.push(index(doc! { "tags": 1, "createdAt": -1 }));
    }
    // The list orders with their `_id` tie-breakers (see `sort_for`); the local server
    // cannot index `_id` in a compound index, so it gets the leading keys.
    indexes.extend(if server.supports_compound_id_indexes() {
        [
            index(doc! { "createdAt": -1, "_id": -1 }),
            index(doc! { "views": -1, "_id": -1 }),
        ]
    } else {
        [index(doc! { "createdAt": -1 }), index(doc! { "views": -1 })]
    });
    collection(db).create_indexes(indexes).await?;
    Ok(())
}

/// Inserts a new question.
pub async fn insert_question(db: &Db, question: &QuestionDoc) -> mongodb::error::Result<()> {
    collection(db).insert_one(question).await?;
    Ok(())
}

/// Inserts many questions in one round trip (demo data, benchmarks).
pub async fn insert_questions(db: &Db, questions: &[QuestionDoc]) -> mongodb::error::Result<()> {
    if questions.is_empty() {
        return Ok(());
    }
    collection(db).insert_many(questions).await?;
    Ok(())
}

/// Finds a question by id.
pub async fn find_question(db: &Db, id: &str) -> mongodb::error::Result<Option<QuestionDoc>> {
    collection(db).find_one(doc! { "_id": id }).await
}

/// Finds questions by id, keyed by it.
pub async fn find_questions_by_ids(
    db: &Db,
    ids: &[String],
) -> mongodb::error::Result<HashMap<String, QuestionDoc>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let found: Vec<QuestionDoc> = collection(db)
        .find(doc! { "_id": { "$in": ids } })
        .await?
        .try_collect()
        .await?;
    Ok(found.into_iter().map(|q| (q.id.clone(), q)).collect())
}

/// Which questions a list shows, in which order.
#[derive(Debug, Clone, Default)]
pub struct QuestionSelection {
    /// Literal, case-insensitive text in title or body.
    pub text: String,
    /// Only questions with this tag id.
    pub tag_id: Option<String>,
    /// Only questions with any of these tag ids (recommendations).
    pub any_tag_ids: Option<Vec<String>>,
    /// Only questions by this author.
    pub author: Option<String>,
    /// Never questions by this author (recommendations leave out your own).
    pub not_author: Option<String>,
    /// Only questions with these ids (a saved list).
    pub ids: Option<Vec<String>>,
    /// Only questions without answers.
    pub unanswered: bool,
    /// The order.
    pub order: QuestionOrder,
}

/// How a list of questions is ordered (`_id` breaks ties so pages never overlap).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum QuestionOrder {
    /// Newest first.
    #[default]
    Newest,
    /// Most viewed first.
    Views,
    /// Best score first (a profile's top questions; served by the author index).
    Score,
    /// Oldest first.
    Oldest,
    /// Most answers first.
    Answers,
}

impl QuestionSelection {
    fn filter(&self) -> Document {
        let mut filter = Document::new();
        if !self.text.is_empty() {
            let pattern = doc! { "$regex": escape_regex(&self.text), "$options": "i" };
            filter.insert(
                "$or",
                vec![
                    doc! { "title": pattern.clone() },
                    doc! { "content": pattern },
                ],
            );
        }
        // `$in` with one value rather than plain equality: the same match on an array
        // field, and the one the local server also counts right in a pipeline.
        match (&self.tag_id, &self.any_tag_ids) {
            (Some(tag), Some(any)) => {
                filter.insert(
                    "$and",
                    vec![
                        doc! { "tags": { "$in": [tag] } },
                        doc! { "tags": { "$in": any } },
                    ],
                );
            }
            (Some(tag), None) => {
                filter.insert("tags", doc! { "$in": [tag] });
            }
            (None, Some(any)) => {
                filter.insert("tags", doc! { "$in": any });
            }
            (None, None) => {}
        }
        match (&self.author, &self.not_author) {
            (Some(author), _) => {
                filter.insert("author", author);
            }
            (None, Some(not)) => {
                filter.insert("author", doc! { "$ne": not });
            }
            (None, None) => {}
        }
        if let Some(ids) = &self.ids {
            filter.insert("_id", doc! { "$in": ids });
        }
        if self.unanswered {
            filter.insert("answerCount", 0_i64);
        }
        filter
    }

    fn sort(&self) -> Document {
        match self.order {
            QuestionOrder::Newest => doc! { "createdAt": -1, "_id": -1 },
            QuestionOrder::Views => doc! { "views": -1, "_id": -1 },
            QuestionOrder::Score => doc! { "score": -1, "createdAt": -1, "_id": -1 },
            QuestionOrder::Oldest => doc! { "createdAt": 1, "_id": 1 },
            QuestionOrder::Answers => doc! { "answerCount": -1, "createdAt": -1, "_id": -1 },
        }
    }
}

/// One page of questions and the total selected. Only the page is read (skip + limit
/// on an indexed order); an unfiltered total comes from collection metadata.
pub async fn list_questions(
    db: &Db,
    selection: &QuestionSelection,
    skip: u64,
    limit: u32,
) -> mongodb::error::Result<(Vec<QuestionDoc>, u64)> {
    let filter = selection.filter();
    let questions = collection(db);
    let page = async {
        questions
            .find(filter.clone())
            .sort(selection.sort())
            .skip(skip)
            .limit(i64::from(limit))
            .projection(doc! { "content": 0, "contentHtml": 0 })
            .await?
            .try_collect::<Vec<_>>()
            .await
    };
    let total = async {
        if filter.is_empty() {
            questions.estimated_document_count().await
        } else {
            super::count_matching(&questions, filter.clone()).await
        }
    };
    futures::try_join!(page, total)
}

/// What a global search asks of questions.
#[derive(Debug, Clone, Default)]
pub struct QuestionSearch {
    /// Literal texts, all to be found in the title or body.
    pub texts: Vec<String>,
    /// Only questions with every one of these tag ids.
    pub all_tag_ids: Vec<String>,
    /// Only questions with none of these tag ids.
    pub excluded_tag_ids: Vec<String>,
    /// Only questions by this user id.
    pub author: Option<String>,
    /// At least this many answers (0: none at all).
    pub answers: Option<u32>,
    /// Only questions with at least this score.
    pub min_score: Option<i64>,
}

/// Questions matching `search`, by relevance on MongoDB's text index (else newest
/// first), skipping `skip`, at most `limit`.
pub async fn search_questions(
    db: &Db,
    search: &QuestionSearch,
    skip: u64,
    limit: i64,
) -> mongodb::error::Result<Vec<QuestionDoc>> {
    let (text, ranked) = super::text_match(db, &["title", "content"], &search.texts);
    // `$in` with one value per tag rather than `$all`: the same match, and the one
    // every compatible server supports on array fields.
    let mut all: Vec<Document> = search
        .all_tag_ids
        .iter()
        .map(|tag| doc! { "tags": { "$in": [tag] } })
        .collect();
    if !text.is_empty() {
        all.push(text);
    }
    let mut filter = Document::new();
    if !all.is_empty() {
        filter.insert("$and", all);
    }
    if !search.excluded_tag_ids.is_empty() {
        filter.insert("tags", doc! { "$nin": &search.excluded_tag_ids });
    }
    if let Some(author) = &search.author {
        filter.insert("author", author);
    }
    match search.answers {
        Some(0) => {
            filter.insert("answerCount", 0_i64);
        }
        Some(n) => {
            filter.insert("answerCount", doc! { "$gte": i64::from(n) });
        }
        None => {}
    }
    if let Some(min) = search.min_score {
        filter.insert("score", doc! { "$gte": min });
    }
    posts::search_page(&collection(db), filter, ranked, skip, limit).await
}

/// Accepted answers' ids read at most for one `isaccepted:` search.
pub const ACCEPTED_SCAN_LIMIT: i64 = 10_000;

/// The ids of accepted answers, most recent questions first, at most
/// [`ACCEPTED_SCAN_LIMIT`] (read off the sparse `acceptedAnswer` index).
pub async fn list_accepted_answer_ids(db: &Db) -> mongodb::error::Result<Vec<String>> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Accepted {
        accepted_answer: Option<String>,
    }
    let found: Vec<Accepted> = collection(db)
        .clone_with_type::<Accepted>()
        .find(doc! { "acceptedAnswer": { "$exists": true } })
        .sort(doc! { "createdAt": -1 })
        .limit(ACCEPTED_SCAN_LIMIT)
        .projection(doc! { "_id": 0, "acceptedAnswer": 1 })
        .await?
        .try_collect()
        .await?;
    Ok(found
        .into_iter()
        .filter_map(|a| a.accepted_answer)
        .collect())
}

/// How many of the newest, most viewed and most recently edited questions are hot
/// candidates.
pub const HOT_CANDIDATES: (i64, i64, i64) = (100, 50, 50);

/// The questions that can be hot: the newest, the most viewed and the most recently
/// edited ([`HOT_CANDIDATES`]), read off their indexes without bodies. Hotness decays
/// with age as `age^1.5`, so an old question that is none of these cannot outrank them.
pub async fn list_hot_candidates(db: &Db) -> mongodb::error::Result<Vec<QuestionDoc>> {
    let (newest, viewed, edited) = HOT_CANDIDATES;
    let read = |filter: Document, sort: Document, limit: i64| async move {
        collection(db)
            .find(filter)
            .sort(sort)
            .limit(limit)
            .projection(doc! { "content": 0, "contentHtml": 0, "upvotes": 0, "downvotes": 0 })
            .await?
            .try_collect::<Vec<_>>()
            .await
    };
    let (a, b, c) = futures::try_join!(
        read(doc! {}, doc! { "createdAt": -1 }, newest),
        read(doc! {}, doc! { "views": -1 }, viewed),
        read(
            doc! { "updatedAt": { "$exists": true } },
            doc! { "updatedAt": -1 },
            edited
        ),
    )?;
    let mut seen = std::collections::HashSet::new();
    Ok(a.into_iter()
        .chain(b)
        .chain(c)
        .filter(|q| seen.insert(q.id.clone()))
        .collect())
}

/// A question's address and dates, for the sitemap.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuestionStamp {
    /// String id.
    #[serde(rename = "_id")]
    pub id: String,
    /// Title (for the slug).
    pub title: String,
    /// When it was asked.
    pub created_at: DateTime,
    /// When it was last edited.
    #[serde(default, deserialize_with = "super::local_server::lenient_date")]
    pub updated_at: Option<DateTime>,
}

/// Questions in `_id` order, skipping `skip`, at most `limit`, without bodies.
pub async fn list_question_stamps(
    db: &Db,
    skip: u64,
    limit: i64,
) -> mongodb::error::Result<Vec<QuestionStamp>> {
    collection(db)
        .clone_with_type::<QuestionStamp>()
        .find(doc! {})
        .sort(doc! { "_id": 1 })
        .skip(skip)
        .limit(limit)
        .projection(doc! { "title": 1, "createdAt": 1, "updatedAt": 1 })
        .await?
        .try_collect()
        .await
}

/// How many questions there are (collection metadata: constant time).
pub async fn count_questions(db: &Db) -> mongodb::error::Result<u64> {
    collection(db).estimated_document_count().await
}

/// The edited fields of a question.
#[derive(Debug, Clone, Default)]
pub struct QuestionEdit {
    /// New title.
    pub title: Option<String>,
    /// New Markdown and its HTML.
    pub content: Option<(String, String)>,
    /// New tag ids.
    pub tags: Option<Vec<String>>,
}

/// Applies an edit by the question's author (the filter checks it) and returns the
/// question as it is now; `None` when there is no such question by that author.
pub async fn update_question(
    db: &Db,
    id: &str,
    author: &str,
    edit: &QuestionEdit,
    now: DateTime,
) -> mongodb::error::Result<Option<QuestionDoc>> {
    let mut set = doc! { "updatedAt": now };
    if let Some(title) = &edit.title {
        set.insert("title", title);
    }
    if let Some((content, html)) = &edit.content {
        set.insert("content", content);
        set.insert("contentHtml", html);
    }
    if let Some(tags) = &edit.tags {
        set.insert("tags", tags);
    }
    // Pending too: the tags' question lists follow the new tags in reconciliation.
    let (inc, pending) = posts::revision_bump(now.timestamp_millis());
    set.extend(pending);
    collection(db)
        .find_one_and_update(
            doc! { "_id": id, "author": author },
            doc! { "$set": set, "$inc": inc },
        )
        .return_document(ReturnDocument::After)
        .await
}

/// Moves a user's vote on a question; see [`posts::apply_vote`].
pub async fn apply_vote(
    db: &Db,
    id: &str,
    voter: &str,
    from: Option<VoteDirection>,
    to: Option<VoteDirection>,
    now_ms: i64,
) -> mongodb::error::Result<Option<QuestionDoc>> {
    posts::apply_vote(&collection(db), id, voter, from, to, now_ms).await
}

/// Changes the accepted answer from `from` to `to` if it is still `from` and `author`
/// asked the question, bumping the revision (acceptance moves reputation). `None` when
/// that no longer holds.
pub async fn set_accepted_answer(
    db: &Db,
    id: &str,
    author: &str,
    from: Option<&str>,
    to: Option<&str>,
    now_ms: i64,
) -> mongodb::error::Result<Option<QuestionDoc>> {
    let mut filter = doc! { "_id": id, "author": author };
    match from {
        Some(answer) => filter.insert("acceptedAnswer", answer),
        None => filter.insert("acceptedAnswer", doc! { "$exists": false }),
    };
    let (inc, mut set) = posts::revision_bump(now_ms);
    let mut update = doc! { "$inc": inc };
    match to {
        Some(answer) => {
            set.insert("acceptedAnswer", answer);
        }
        None => {
            update.insert("$unset", doc! { "acceptedAnswer": "" });
        }
    }
    update.insert("$set", set);
    collection(db)
        .find_one_and_update(filter, update)
        .return_document(ReturnDocument::After)
        .await
}

/// Adds an answer id to its question's `answers` (idempotent). Returns whether the
/// question exists.
pub async fn add_answer(db: &Db, id: &str, answer_id: &str) -> mongodb::error::Result<bool> {
    // Pushed and counted in one update, only if not there yet: a retry adds nothing.
    let added = collection(db)
        .update_one(
            doc! { "_id": id, "answers": { "$nin": [answer_id] } },
            doc! { "$push": { "answers": answer_id }, "$inc": { "answerCount": 1_i64 } },
        )
        .await?;
    if added.matched_count > 0 {
        return Ok(true);
    }
    Ok(find_question(db, id).await?.is_some())
}

/// Removes an answer from its question, un-accepting it if it was accepted (that
/// bumps the revision: the acceptance's reputation goes).
pub async fn remove_answer(
    db: &Db,
    id: &str,
    answer_id: &str,
    now_ms: i64,
) -> mongodb::error::Result<()> {
    let questions = collection(db);
    let (inc, set) = posts::revision_bump(now_ms);
    questions
        .update_one(
            doc! { "_id": id, "acceptedAnswer": answer_id },
            doc! { "$unset": { "acceptedAnswer": "" }, "$inc": inc, "$set": set },
        )
        .await?;
    questions
        .update_one(
            doc! { "_id": id },
            doc! { "$pull": { "answers": answer_id }, "$inc": { "answerCount": -1_i64 } },
        )
        .await?;
    Ok(())
}

/// Adds one view.
pub async fn add_view(db: &Db, id: &str) -> mongodb::error::Result<()> {
    collection(db)
        .update_one(doc! { "_id": id }, doc! { "$inc": { "views": 1_i64 } })
        .await?;
    Ok(())
}

/// Clears `pendingSince` if the question is still at `rev`.
pub async fn clear_pending(db: &Db, id: &str, rev: i64) -> mongodb::error::Result<()> {
    posts::clear_pending(&collection(db), id, rev).await
}

/// Ids of questions left pending since before `before_ms`.
pub async fn list_pending(
    db: &Db,
    before_ms: i64,
    limit: i64,
) -> mongodb::error::Result<Vec<String>> {
    posts::list_pending(&collection(db), before_ms, limit).await
}

/// Deletes a question.
pub async fn delete_question(db: &Db, id: &str) -> mongodb::error::Result<()> {
    collection(db).delete_one(doc! { "_id": id }).await?;
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
    // One answer at a time: a question holds each answer id at most once, so the
    // count moves by exactly one per match, in the same update as the list.
    for answer_id in answer_ids {
        collection(db)
            .update_many(
                doc! { "answers": answer_id },
                doc! { "$pull": { "answers": answer_id }, "$inc": { "answerCount": -1_i64 } },
            )
            .await?;
    }
    Ok(())
}

/// Removes a user's up- and down-votes from every question; returns the questions changed.
pub async fn pull_votes_by_user(
    db: &Db,
    user_id: &str,
    now_ms: i64,
) -> mongodb::error::Result<Vec<String>> {
    posts::pull_votes_by_user(&collection(db), user_id, now_ms).await
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
