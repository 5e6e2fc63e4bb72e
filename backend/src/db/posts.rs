//! What questions and answers share in storage (an author's user id in `author`,
//! voters in `upvotes` / `downvotes`, `views`): the queries written once for both
//! typed collections.

use futures::TryStreamExt;
use mongodb::bson::{doc, Bson, Document};
use mongodb::Collection;
use serde::{Deserialize, Serialize};

/// Who voted on a post: user ids, at most one vote per user (the vote writes check both
/// lists in the same conditional update).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Votes {
    /// User ids of up-voters.
    #[serde(default)]
    pub upvotes: Vec<String>,
    /// User ids of down-voters.
    #[serde(default)]
    pub downvotes: Vec<String>,
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

/// Removes a user's up- and down-votes from every post of the collection.
pub async fn pull_votes_by_user<T: Send + Sync>(
    collection: &Collection<T>,
    user_id: &str,
) -> mongodb::error::Result<()> {
    collection
        .update_many(
            doc! { "$or": [ { "upvotes": user_id }, { "downvotes": user_id } ] },
            doc! { "$pull": { "upvotes": user_id, "downvotes": user_id } },
        )
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
