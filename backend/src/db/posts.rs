//! What questions and answers share in storage (an author's user id in `author`,
//! voters in `upvotes` / `downvotes`, `views`): the queries written once for both
//! typed collections.

use futures::TryStreamExt;
use mongodb::bson::{doc, Bson, Document};
use mongodb::options::ReturnDocument;
use mongodb::Collection;
use serde::{Deserialize, Serialize};
use shared::VoteDirection;

/// Who voted on a post: user ids, at most one vote per user. [`apply_vote`] checks both
/// lists and changes them in one conditional update of the post, so the database, not
/// a read in the handler, keeps a user to one vote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Votes {
    /// User ids of up-voters.
    #[serde(default)]
    pub upvotes: Vec<String>,
    /// User ids of down-voters.
    #[serde(default)]
    pub downvotes: Vec<String>,
    /// Up-votes minus down-votes, kept in the same update as the lists, for sorting.
    #[serde(default)]
    pub score: i64,
}

impl Votes {
    /// How `user` voted.
    pub fn vote_of(&self, user: &str) -> Option<VoteDirection> {
        if self.upvotes.iter().any(|u| u == user) {
            Some(VoteDirection::Up)
        } else if self.downvotes.iter().any(|u| u == user) {
            Some(VoteDirection::Down)
        } else {
            None
        }
    }
}

/// Field names of the vote lists.
fn list_of(direction: VoteDirection) -> &'static str {
    match direction {
        VoteDirection::Up => "upvotes",
        VoteDirection::Down => "downvotes",
    }
}

fn score_of(direction: Option<VoteDirection>) -> i64 {
    match direction {
        Some(VoteDirection::Up) => 1,
        Some(VoteDirection::Down) => -1,
        None => 0,
    }
}

/// The fields every change that alters what a post earns sets: a new revision (the
/// ledger only ever takes a newer one) and `pendingSince`, which stays until the
/// ledger and the users' reputation are in step with that revision, so recovery can
/// find posts a failed request left half done.
pub fn revision_bump(now_ms: i64) -> (Document, Document) {
    (doc! { "rev": 1_i64 }, doc! { "pendingSince": now_ms })
}

/// Moves `voter`'s vote on a post from `from` to `to` if it is still `from` (the
/// filter checks both lists), in one atomic update that also adjusts `score` and bumps
/// the revision. `None` when the post is gone or the vote was no longer `from` (a
/// concurrent request changed it first: that one wins, nothing is applied twice).
pub async fn apply_vote<T>(
    collection: &Collection<T>,
    post_id: &str,
    voter: &str,
    from: Option<VoteDirection>,
    to: Option<VoteDirection>,
    now_ms: i64,
) -> mongodb::error::Result<Option<T>>
where
    T: Send + Sync + serde::de::DeserializeOwned,
{
    let mut filter = doc! { "_id": post_id };
    match from {
        Some(direction) => {
            filter.insert(list_of(direction), voter);
        }
        // `$nin`: "the array does not hold it", also when the array is missing.
        None => {
            filter.insert("upvotes", doc! { "$nin": [voter] });
            filter.insert("downvotes", doc! { "$nin": [voter] });
        }
    }
    let (mut inc, set) = revision_bump(now_ms);
    inc.insert("score", score_of(to) - score_of(from));
    let mut update = doc! { "$inc": inc, "$set": set };
    if let Some(direction) = from {
        update.insert("$pull", doc! { list_of(direction): voter });
    }
    if let Some(direction) = to {
        update.insert("$push", doc! { list_of(direction): voter });
    }
    collection
        .find_one_and_update(filter, update)
        .return_document(ReturnDocument::After)
        .await
}

/// Clears `pendingSince` if the post is still at revision `rev` (a newer change keeps
/// it pending for its own reconciliation).
pub async fn clear_pending<T: Send + Sync>(
    collection: &Collection<T>,
    post_id: &str,
    rev: i64,
) -> mongodb::error::Result<()> {
    collection
        .update_one(
            doc! { "_id": post_id, "rev": rev },
            doc! { "$unset": { "pendingSince": "" } },
        )
        .await?;
    Ok(())
}

/// Ids of posts pending since before `before_ms` (left half done by a failed request).
pub async fn list_pending<T: Send + Sync>(
    collection: &Collection<T>,
    before_ms: i64,
    limit: i64,
) -> mongodb::error::Result<Vec<String>> {
    #[derive(Deserialize)]
    struct Id {
        #[serde(rename = "_id")]
        id: String,
    }
    let ids: Vec<Id> = collection
        .clone_with_type::<Id>()
        .find(doc! { "pendingSince": { "$lt": before_ms } })
        .projection(doc! { "_id": 1 })
        .limit(limit)
        .await?
        .try_collect()
        .await?;
    Ok(ids.into_iter().map(|i| i.id).collect())
}

/// A user's totals over one kind of post.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AuthorTotals {
    /// Posts written.
    pub count: u64,
    /// Up-votes those posts received.
    pub upvotes: u64,
    /// Views of those posts (questions only; answers have none).
    pub views: u64,
}

/// The string ids of the documents matching `filter`.
pub async fn ids_matching<T: Send + Sync>(
    collection: &Collection<T>,
    filter: Document,
) -> mongodb::error::Result<Vec<String>> {
    #[derive(Deserialize)]
    struct Id {
        #[serde(rename = "_id")]
        id: Bson,
    }
    let ids: Vec<Id> = collection
        .clone_with_type::<Id>()
        .find(filter)
        .projection(doc! { "_id": 1 })
        .await?
        .try_collect()
        .await?;
    Ok(ids
        .into_iter()
        .filter_map(|Id { id }| match id {
            Bson::String(id) => Some(id),
            // Documents written by DevOverflow may carry ObjectIds.
            Bson::ObjectId(id) => Some(id.to_hex()),
            _ => None,
        })
        .collect())
}

/// Removes a user's up- and down-votes from every post of the collection (each post
/// in one update: list and score together), bumping the revision so reconciliation
/// takes back what the votes earned. Returns the ids of the posts changed.
pub async fn pull_votes_by_user<T: Send + Sync>(
    collection: &Collection<T>,
    user_id: &str,
    now_ms: i64,
) -> mongodb::error::Result<Vec<String>> {
    let mut changed = Vec::new();
    for direction in [VoteDirection::Up, VoteDirection::Down] {
        let list = list_of(direction);
        let filter = doc! { list: user_id };
        changed.extend(ids_matching(collection, filter.clone()).await?);
        let (mut inc, set) = revision_bump(now_ms);
        inc.insert("score", -score_of(Some(direction)));
        collection
            .update_many(
                filter,
                doc! { "$pull": { list: user_id }, "$inc": inc, "$set": set },
            )
            .await?;
    }
    changed.sort();
    changed.dedup();
    Ok(changed)
}

fn as_u64(value: Option<&Bson>) -> u64 {
    match value {
        Some(Bson::Int32(n)) => u64::try_from(*n).unwrap_or(0),
        Some(Bson::Int64(n)) => u64::try_from(*n).unwrap_or(0),
        Some(Bson::Double(n)) if *n > 0.0 => *n as u64,
        _ => 0,
    }
}

/// A user's post count, up-votes received and views, in one aggregation.
pub async fn author_totals<T: Send + Sync>(
    collection: &Collection<T>,
    user_id: &str,
) -> mongodb::error::Result<AuthorTotals> {
    let pipeline = [
        doc! { "$match": { "author": user_id } },
        doc! { "$group": {
            "_id": Bson::Null,
            "count": { "$sum": 1 },
            // `$ifNull`: a document without votes has no `upvotes` array.
            "upvotes": { "$sum": { "$size": { "$ifNull": ["$upvotes", []] } } },
            "views": { "$sum": "$views" },
        } },
    ];
    let rows: Vec<Document> = collection.aggregate(pipeline).await?.try_collect().await?;
    let row = rows.into_iter().next().unwrap_or_default();
    Ok(AuthorTotals {
        count: as_u64(row.get("count")),
        upvotes: as_u64(row.get("upvotes")),
        views: as_u64(row.get("views")),
    })
}

/// One page of search results from a post collection: by relevance when `filter` is a
/// `$text` query (`ranked`), else newest first; without the rendered body.
pub async fn search_page<T>(
    collection: &Collection<T>,
    filter: Document,
    ranked: bool,
    skip: u64,
    limit: i64,
) -> mongodb::error::Result<Vec<T>>
where
    T: Send + Sync + serde::de::DeserializeOwned,
{
    let sort = if ranked {
        doc! { "relevance": { "$meta": "textScore" }, "_id": 1 }
    } else {
        doc! { "createdAt": -1, "_id": -1 }
    };
    collection
        .find(filter)
        .sort(sort)
        .skip(skip)
        .limit(limit)
        .projection(doc! { "contentHtml": 0 })
        .await?
        .try_collect()
        .await
}
