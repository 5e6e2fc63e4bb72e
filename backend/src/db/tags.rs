//! The `tags` collection, in DevOverflow's shape: `name`, `description`, the ids of its
//! questions in `questions`, followers' user ids in `followers`; plus the two counts
//! (`questionCount`, `followerCount`) kept in the same conditional updates as the
//! lists, so lists can be ordered by them on an index.

use std::collections::HashMap;

use futures::TryStreamExt;
use mongodb::bson::oid::ObjectId;
use mongodb::bson::{doc, DateTime, Document};
use mongodb::options::{IndexOptions, ReturnDocument};
use mongodb::{Collection, IndexModel};
use serde::{Deserialize, Serialize};
use shared::{TagFilter, TagListQuery, TagRef};

use super::local_server::ServerKind;
use super::Db;
use crate::domain::search::escape_regex;

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
    /// What the tag is about.
    #[serde(default)]
    pub description: String,
    /// Ids of its questions.
    #[serde(default)]
    pub questions: Vec<String>,
    /// `questions.len()`, moved in the same updates as the list.
    #[serde(default)]
    pub question_count: i64,
    /// User ids of its followers.
    #[serde(default)]
    pub followers: Vec<String>,
    /// `followers.len()`, moved in the same updates as the list.
    #[serde(default)]
    pub follower_count: i64,
    /// When it was first used.
    #[serde(default = "DateTime::now")]
    pub created_on: DateTime,
}

impl TagDoc {
    /// A new tag with no questions or followers, described if it is a well-known one.
    pub fn new(id: String, name: &str, created_on: DateTime) -> Self {
        Self {
            id,
            name: name.to_owned(),
            description: crate::domain::tags::known_description(name)
                .unwrap_or_default()
                .to_owned(),
            questions: Vec::new(),
            question_count: 0,
            followers: Vec::new(),
            follower_count: 0,
            created_on,
        }
    }
}

impl From<TagDoc> for shared::Tag {
    fn from(tag: TagDoc) -> Self {
        Self {
            id: tag.id,
            name: tag.name,
            description: tag.description,
            questions: u64::try_from(tag.question_count).unwrap_or(0),
            followers: u64::try_from(tag.follower_count).unwrap_or(0),
            created_on: tag.created_on.to_chrono(),
        }
    }
}

/// The typed collection handle.
pub fn collection(db: &Db) -> Collection<TagDoc> {
    db.database().collection(COLLECTION)
}

/// Creates the unique index on `name` (one document per tag however many askers
/// create it at once; also the `name` order and prefix search), the indexes of the
/// list orders, and the follower and question look-ups.
pub async fn ensure_indexes(db: &Db, server: ServerKind) -> mongodb::error::Result<()> {
    let index = |keys| IndexModel::builder().keys(keys).build();
    let mut indexes = vec![
        IndexModel::builder()
            .keys(doc! { "name": 1 })
            .options(IndexOptions::builder().unique(true).build())
            .build(),
        index(doc! { "createdOn": -1 }),
    ];
    indexes.push(if server.supports_compound_id_indexes() {
        index(doc! { "questionCount": -1, "_id": 1 })
    } else {
        index(doc! { "questionCount": -1 })
    });
    if server.supports_multikey_indexes() {
        indexes.extend([
            index(doc! { "followers": 1 }),
            index(doc! { "questions": 1 }),
        ]);
    }
    collection(db).create_indexes(indexes).await?;
    Ok(())
}

/// Inserts many tags in one round trip (demo data, benchmarks), their counts taken
/// from their lists.
pub async fn insert_tags(db: &Db, tags: &[TagDoc]) -> mongodb::error::Result<()> {
    if tags.is_empty() {
        return Ok(());
    }
    let counted = tags.iter().map(|tag| TagDoc {
        question_count: tag.questions.len() as i64,
        follower_count: tag.followers.len() as i64,
        ..tag.clone()
    });
    collection(db).insert_many(counted).await?;
    Ok(())
}

/// Gives tags stored before the counts existed their `questionCount` and
/// `followerCount`, from their lists (idempotent: only tags without a count match, and
/// each is set from its own lists in one update).
pub async fn backfill_counts(db: &Db) -> mongodb::error::Result<()> {
    let tags = collection(db);
    let mut cursor = tags
        .find(doc! { "questionCount": { "$exists": false } })
        .await?;
    while let Some(tag) = cursor.try_next().await? {
        tags.update_one(
            doc! { "_id": &tag.id, "questionCount": { "$exists": false } },
            doc! { "$set": {
                "questionCount": tag.questions.len() as i64,
                "followerCount": tag.followers.len() as i64,
            } },
        )
        .await?;
    }
    Ok(())
}

/// Finds a tag by its (normalised) name.
pub async fn find_tag_by_name(db: &Db, name: &str) -> mongodb::error::Result<Option<TagDoc>> {
    collection(db)
        .find_one(doc! { "name": name })
        .projection(doc! { "questions": 0 })
        .await
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
                let tag = TagDoc::new(ObjectId::new().to_hex(), name, DateTime::now());
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
/// removed from any other tag that lists it. Each update matches a tag only if the
/// list does (not) hold the question yet and moves the count with it, so retries and
/// racing reconciliations never count twice.
pub async fn set_question_tags(
    db: &Db,
    question_id: &str,
    tag_ids: &[String],
) -> mongodb::error::Result<()> {
    let tags = collection(db);
    if !tag_ids.is_empty() {
        tags.update_many(
            doc! { "_id": { "$in": tag_ids }, "questions": { "$nin": [question_id] } },
            doc! { "$push": { "questions": question_id }, "$inc": { "questionCount": 1_i64 } },
        )
        .await?;
    }
    tags.update_many(
        doc! { "questions": { "$in": [question_id] }, "_id": { "$nin": tag_ids } },
        doc! { "$pull": { "questions": question_id }, "$inc": { "questionCount": -1_i64 } },
    )
    .await?;
    Ok(())
}

/// Names of the given tags, by id (unknown ids are absent).
pub async fn find_tag_names(
    db: &Db,
    tag_ids: &[String],
) -> mongodb::error::Result<HashMap<String, String>> {
    let (mut names, missing) = db.tag_names().split(tag_ids);
    if missing.is_empty() {
        return Ok(names);
    }
    let found = read_tag_names(db, &missing).await?;
    db.tag_names().remember(&found);
    names.extend(found);
    Ok(names)
}

/// Tag names by id, as this process has read them. A tag's name never changes once
/// the tag exists (renaming is not an operation; a deleted tag's id is never reused),
/// so an entry is never stale and several backends need not agree on anything: each
/// list or profile page then skips the look-up of names it has seen. Bounded: emptied
/// when full, then refilled from reads.
#[derive(Debug, Default)]
pub struct TagNames(std::sync::Mutex<HashMap<String, String>>);

impl TagNames {
    /// Entries kept before the map is emptied (a few MB at most).
    const CAPACITY: usize = 50_000;

    /// The known names of `ids`, and the ids not known.
    fn split(&self, ids: &[String]) -> (HashMap<String, String>, Vec<String>) {
        let known = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut names = HashMap::new();
        let mut missing = Vec::new();
        for id in ids {
            match known.get(id) {
                Some(name) => {
                    names.insert(id.clone(), name.clone());
                }
                None => missing.push(id.clone()),
            }
        }
        (names, missing)
    }

    fn remember(&self, found: &HashMap<String, String>) {
        let mut known = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if known.len() + found.len() > Self::CAPACITY {
            known.clear();
        }
        known.extend(found.iter().map(|(id, name)| (id.clone(), name.clone())));
    }
}

/// Reads the names of `tag_ids` from the database.
async fn read_tag_names(
    db: &Db,
    tag_ids: &[String],
) -> mongodb::error::Result<HashMap<String, String>> {
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

/// Ids of the named tags, by name (unknown names are absent).
pub async fn find_tag_ids(
    db: &Db,
    names: &[String],
) -> mongodb::error::Result<HashMap<String, String>> {
    if names.is_empty() {
        return Ok(HashMap::new());
    }
    let tags: Vec<TagDoc> = collection(db)
        .find(doc! { "name": { "$in": names } })
        .projection(doc! { "questions": 0, "followers": 0 })
        .await?
        .try_collect()
        .await?;
    Ok(tags.into_iter().map(|t| (t.name, t.id)).collect())
}

/// The documents a list shows: only tags that still have questions, without the
/// (long) id lists.
fn listed(mut filter: Document) -> Document {
    filter.insert("questionCount", doc! { "$gt": 0_i64 });
    filter
}

fn without_lists() -> Document {
    doc! { "questions": 0, "followers": 0 }
}

/// One page of tags for `query` and the total. `q` is literal, case-insensitive text
/// anywhere in the name (the tag collection is small: a few thousand names at most).
pub async fn list_tags(
    db: &Db,
    query: &TagListQuery,
) -> mongodb::error::Result<(Vec<TagDoc>, u64)> {
    let mut filter = Document::new();
    if !query.q.is_empty() {
        filter.insert(
            "name",
            doc! { "$regex": escape_regex(&query.q), "$options": "i" },
        );
    }
    let filter = listed(filter);
    let sort = match query.filter {
        TagFilter::Popular => doc! { "questionCount": -1, "_id": 1 },
        TagFilter::Recent => doc! { "createdOn": -1, "_id": 1 },
        TagFilter::Name => doc! { "name": 1 },
        TagFilter::Old => doc! { "createdOn": 1, "_id": 1 },
    };
    let tags = collection(db);
    let page = async {
        tags.find(filter.clone())
            .sort(sort)
            .skip(query.skip())
            .limit(i64::from(query.page_size))
            .projection(without_lists())
            .await?
            .try_collect::<Vec<_>>()
            .await
    };
    let total = super::count_matching(&tags, filter.clone());
    futures::try_join!(page, total)
}

/// Tags whose name starts with `prefix` (lower-cased; served by the unique `name`
/// index), most questions first, skipping `skip`, at most `limit`.
pub async fn search_tags(
    db: &Db,
    prefix: &str,
    skip: u64,
    limit: i64,
) -> mongodb::error::Result<Vec<TagDoc>> {
    let filter = listed(doc! {
        "name": { "$regex": format!("^{}", escape_regex(&prefix.to_lowercase())) }
    });
    collection(db)
        .find(filter)
        .sort(doc! { "questionCount": -1, "_id": 1 })
        .skip(skip)
        .limit(limit)
        .projection(without_lists())
        .await?
        .try_collect()
        .await
}

/// Names of the tags that have questions, by name, skipping `skip`, at most `limit`.
pub async fn list_listed_tag_names(
    db: &Db,
    skip: u64,
    limit: i64,
) -> mongodb::error::Result<Vec<String>> {
    let found: Vec<TagDoc> = collection(db)
        .find(listed(Document::new()))
        .sort(doc! { "name": 1 })
        .skip(skip)
        .limit(limit)
        .projection(without_lists())
        .await?
        .try_collect()
        .await?;
    Ok(found.into_iter().map(|t| t.name).collect())
}

/// How many tags have questions.
pub async fn count_listed_tags(db: &Db) -> mongodb::error::Result<u64> {
    super::count_matching(&collection(db), listed(Document::new())).await
}

/// The `limit` tags with the most questions.
pub async fn list_popular_tags(db: &Db, limit: i64) -> mongodb::error::Result<Vec<TagDoc>> {
    collection(db)
        .find(listed(Document::new()))
        .sort(doc! { "questionCount": -1, "_id": 1 })
        .limit(limit)
        .projection(without_lists())
        .await?
        .try_collect()
        .await
}

/// Whether `user_id` follows the tag.
pub async fn is_follower(db: &Db, tag_id: &str, user_id: &str) -> mongodb::error::Result<bool> {
    let found = collection(db)
        .find_one(doc! { "_id": tag_id, "followers": { "$in": [user_id] } })
        .projection(doc! { "_id": 1 })
        .await?;
    Ok(found.is_some())
}

/// Makes `user_id` follow the tag (or stop), moving the count in the same conditional
/// update as the list, so a double click cannot count twice. Returns the tag as it is
/// now (`None`: no such tag).
pub async fn set_follower(
    db: &Db,
    tag_id: &str,
    user_id: &str,
    follow: bool,
) -> mongodb::error::Result<Option<TagDoc>> {
    let (filter, update) = if follow {
        (
            doc! { "_id": tag_id, "followers": { "$nin": [user_id] } },
            doc! { "$push": { "followers": user_id }, "$inc": { "followerCount": 1_i64 } },
        )
    } else {
        (
            doc! { "_id": tag_id, "followers": { "$in": [user_id] } },
            doc! { "$pull": { "followers": user_id }, "$inc": { "followerCount": -1_i64 } },
        )
    };
    let changed = collection(db)
        .find_one_and_update(filter, update)
        .projection(doc! { "questions": 0 })
        .return_document(ReturnDocument::After)
        .await?;
    match changed {
        Some(tag) => Ok(Some(tag)),
        // Already in that state (a double click): read it as it is.
        None => {
            collection(db)
                .find_one(doc! { "_id": tag_id })
                .projection(doc! { "questions": 0 })
                .await
        }
    }
}

/// Ids of the tags a user follows.
pub async fn list_followed_tag_ids(db: &Db, user_id: &str) -> mongodb::error::Result<Vec<String>> {
    #[derive(Deserialize)]
    struct Id {
        #[serde(rename = "_id")]
        id: String,
    }
    let found: Vec<Id> = collection(db)
        .clone_with_type::<Id>()
        .find(doc! { "followers": { "$in": [user_id] } })
        .projection(doc! { "_id": 1 })
        .await?
        .try_collect()
        .await?;
    Ok(found.into_iter().map(|t| t.id).collect())
}

/// Removes a user from every tag's followers.
pub async fn pull_follower(db: &Db, user_id: &str) -> mongodb::error::Result<()> {
    collection(db)
        .update_many(
            doc! { "followers": { "$in": [user_id] } },
            doc! { "$pull": { "followers": user_id }, "$inc": { "followerCount": -1_i64 } },
        )
        .await?;
    Ok(())
}

/// Removes deleted questions from every tag.
pub async fn pull_questions(db: &Db, question_ids: &[String]) -> mongodb::error::Result<()> {
    // One question at a time: a tag holds each question at most once, so the count
    // moves by exactly one per match, in the same update as the list.
    for question_id in question_ids {
        collection(db)
            .update_many(
                doc! { "questions": { "$in": [question_id] } },
                doc! { "$pull": { "questions": question_id }, "$inc": { "questionCount": -1_i64 } },
            )
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|id| (*id).to_owned()).collect()
    }

    #[test]
    fn names_read_once_are_answered_from_memory_and_others_are_asked_for() {
        let cache = TagNames::default();
        cache.remember(&HashMap::from([("t1".to_owned(), "rust".to_owned())]));

        let (known, missing) = cache.split(&ids(&["t1", "t2"]));

        assert_eq!(known, HashMap::from([("t1".to_owned(), "rust".to_owned())]));
        assert_eq!(missing, ids(&["t2"]));
    }

    #[test]
    fn a_full_cache_starts_again_rather_than_growing() {
        let cache = TagNames::default();
        let many: HashMap<String, String> = (0..TagNames::CAPACITY)
            .map(|i| (format!("t{i}"), format!("tag-{i}")))
            .collect();
        cache.remember(&many);

        cache.remember(&HashMap::from([("new".to_owned(), "new".to_owned())]));

        let (known, missing) = cache.split(&ids(&["t0", "new"]));
        assert_eq!(known.len(), 1);
        assert_eq!(missing, ids(&["t0"]));
    }
}
