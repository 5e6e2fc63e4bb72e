//! Loads a benchmark data set into `MONGODB_URI` / `MONGODB_DB`: 10,000 users (or the
//! first argument) with varied names, join dates and reputations, 50 tags, and three
//! questions per user so top-tag look-ups do real work. Used by `cargo xtask bench-users`.

use backend::db::users::{self, UserDoc};
use backend::db::{questions, tags};
use mongodb::bson::{doc, Document};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let count: usize = std::env::args()
        .nth(1)
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(10_000);
    let db = backend::seed::open_bench_database().await?;
    let tags: Vec<Document> = (0..50)
        .map(|t| doc! {"_id": format!("tag{t}"), "name": format!("topic-{t}")})
        .collect();
    db.database()
        .collection::<Document>(tags::COLLECTION)
        .insert_many(tags)
        .await?;
    for start in (0..count).step_by(1000) {
        let batch: Vec<UserDoc> = (start..(start + 1000).min(count))
            .map(backend::seed::bench_user)
            .collect();
        users::insert_users(&db, &batch).await?;
        let questions: Vec<Document> = (start..(start + 1000).min(count))
            .flat_map(|i| {
                (0..3).map(move |k| {
                    doc! {
                        "_id": format!("q{i}_{k}"),
                        "title": format!("Question {k} of user {i}"),
                        "author": format!("bench{i:06}"),
                        "tags": [format!("tag{}", (i + k) % 50), format!("tag{}", (i * 3 + k) % 50)],
                        "upvotes": [], "downvotes": [], "views": (i % 100) as i64,
                    }
                })
            })
            .collect();
        db.database()
            .collection::<Document>(questions::COLLECTION)
            .insert_many(questions)
            .await?;
    }
    println!("loaded {count} users, {} questions, 50 tags", count * 3);
    Ok(())
}
