use backend::db::users;
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
