use backend::db::users;
use futures::TryStreamExt;
use mongodb::bson::doc;

use crate::helpers::{spawn_app_with, test_settings};

#[rocket::async_test]
async fn start_up_creates_the_user_indexes() {
    let app = spawn_app_with(test_settings()).await;

    let indexes = users::collection(&app.db)
        .list_index_names()
        .await
        .expect("list indexes");

    assert!(
        indexes.len() >= 5,
        "expected _id plus 4 indexes, got {indexes:?}"
    );
}

#[rocket::async_test]
async fn demo_data_is_loaded_into_an_empty_database_once() {
    // Arrange
    let settings = test_settings();
    let mut with_seed = settings.clone();
    with_seed.seed_demo = true;

    // Act: start twice on the same database.
    let first = spawn_app_with(with_seed.clone()).await;
    let after_first = users::collection(&first.db)
        .count_documents(doc! {})
        .await
        .expect("count");
    let second = spawn_app_with(with_seed).await;
    let after_second = users::collection(&second.db)
        .count_documents(doc! {})
        .await
        .expect("count");

    // Assert
    assert_eq!(after_first, backend::seed::demo_users().len() as u64);
    assert_eq!(
        after_second, after_first,
        "a second start must not seed again"
    );
}

#[rocket::async_test]
async fn demo_data_never_touches_a_database_that_has_data() {
    // Arrange: the database holds something unrelated.
    let mut settings = test_settings();
    settings.seed_demo = true;
    let probe = backend::db::Db::connect(&settings).await.expect("client");
    probe
        .database()
        .collection::<mongodb::bson::Document>("questions")
        .insert_one(doc! { "_id": "q1", "title": "real data" })
        .await
        .expect("insert");

    // Act
    let app = spawn_app_with(settings).await;

    // Assert
    assert_eq!(
        users::collection(&app.db)
            .count_documents(doc! {})
            .await
            .expect("count"),
        0
    );
}

#[rocket::async_test]
async fn demo_content_is_listed_and_its_reputation_matches_the_ledger() {
    let mut settings = test_settings();
    settings.seed_demo = true;
    let app = spawn_app_with(settings).await;

    let list: serde_json::Value = app
        .client
        .get("/api/questions?pageSize=100")
        .dispatch()
        .await
        .into_json()
        .await
        .expect("list");
    assert_eq!(list["total"], 12);
    assert!(list["items"]
        .as_array()
        .expect("items")
        .iter()
        .any(|q| q["hasAcceptedAnswer"] == true));

    let before: Vec<(String, i64)> = users::collection(&app.db)
        .find(doc! {})
        .await
        .expect("find")
        .try_collect::<Vec<_>>()
        .await
        .expect("users")
        .into_iter()
        .map(|u| (u.id, u.reputation))
        .collect();
    assert!(before.iter().any(|(_, r)| *r > 50));
    for (id, reputation) in &before {
        let summed = backend::content::reconcile::ledger_reputation(&app.db, id)
            .await
            .expect("sum");
        assert_eq!(
            summed, *reputation,
            "reputation of {id} is what the ledger sums to"
        );
    }
}
