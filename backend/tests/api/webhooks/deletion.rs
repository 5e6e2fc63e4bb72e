//! `user.deleted`: tombstones, the cascade over everything the user owned, and
//! emails still held by a user whose deletion has not arrived.

use backend::db::{answers, interactions, questions, tags, users};
use mongodb::bson::{doc, Document};
use rocket::http::Status;
use shared::{ErrorBody, ErrorCode, WebhookOutcome};

use super::*;

#[rocket::async_test]
async fn a_deleted_user_stays_deleted_when_late_events_arrive() {
    let app = spawn_webhook_app().await;
    apply(&app.client, "msg_c", &created(CLERK_ID, "Ada", EMAIL, 100)).await;
    let delete = apply(&app.client, "msg_d", &deleted(CLERK_ID)).await;

    let late_update = apply(
        &app.client,
        "msg_u",
        &updated(CLERK_ID, "Ghost", EMAIL, 999),
    )
    .await;
    let replayed_create = apply(
        &app.client,
        "msg_c2",
        &created(CLERK_ID, "Ghost", EMAIL, 1000),
    )
    .await;

    assert_eq!(delete.outcome, WebhookOutcome::Applied);
    assert_eq!(late_update.outcome, WebhookOutcome::IgnoredDeleted);
    assert_eq!(replayed_create.outcome, WebhookOutcome::IgnoredDeleted);
    assert!(user(&app.db, CLERK_ID).await.is_none());
}

#[rocket::async_test]
async fn deleting_a_user_we_never_had_succeeds() {
    let app = spawn_webhook_app().await;

    let r = apply(&app.client, "msg_d", &deleted("user_unknown")).await;

    assert_eq!(r.outcome, WebhookOutcome::Applied);
}

#[rocket::async_test]
async fn deleting_a_user_removes_everything_that_only_exists_because_of_them() {
    // Arrange: DevOverflow-shaped content around two users.
    let app = spawn_webhook_app().await;
    apply(&app.client, "msg_a", &created(CLERK_ID, "Ada", EMAIL, 1)).await;
    apply(
        &app.client,
        "msg_b",
        &created("user_bob", "Bob", "bob@example.org", 1),
    )
    .await;
    let ada = user(&app.db, CLERK_ID).await.expect("ada").id;
    let bob = user(&app.db, "user_bob").await.expect("bob").id;
    let col = |name: &str| app.db.database().collection::<Document>(name);
    col(questions::COLLECTION)
        .insert_many([
            doc! {"_id": "q_ada", "title": "Ada asks", "author": &ada, "upvotes": [&bob], "downvotes": [], "answers": ["a_bob_on_ada"], "tags": ["t_rust"]},
            doc! {"_id": "q_bob", "title": "Bob asks", "author": &bob, "upvotes": [&ada, &bob], "downvotes": [], "answers": ["a_ada_on_bob", "a_bob_on_bob"], "tags": ["t_rust"]},
            doc! {"_id": "q_bob2", "title": "Bob again", "author": &bob, "upvotes": [], "downvotes": [&ada], "answers": [], "tags": []},
        ])
        .await
        .expect("questions");
    col(answers::COLLECTION)
        .insert_many([
            doc! {"_id": "a_bob_on_ada", "author": &bob, "question": "q_ada", "upvotes": [], "downvotes": []},
            doc! {"_id": "a_ada_on_bob", "author": &ada, "question": "q_bob", "upvotes": [&bob], "downvotes": []},
            doc! {"_id": "a_bob_on_bob", "author": &bob, "question": "q_bob", "upvotes": [&ada], "downvotes": [&ada]},
        ])
        .await
        .expect("answers");
    col(tags::COLLECTION)
        .insert_one(doc! {"_id": "t_rust", "name": "rust", "followers": [&ada, &bob], "questions": ["q_ada", "q_bob"]})
        .await
        .expect("tags");
    col(interactions::COLLECTION)
        .insert_many([
            doc! {"_id": "i1", "user": &ada, "action": "view", "question": "q_bob"},
            doc! {"_id": "i2", "user": &bob, "action": "view", "question": "q_ada"},
            doc! {"_id": "i3", "user": &bob, "action": "view", "question": "q_bob"},
        ])
        .await
        .expect("interactions");
    users::collection(&app.db)
        .update_one(
            doc! {"_id": &bob},
            doc! {"$set": {"saved": ["q_ada", "q_bob"]}},
        )
        .await
        .expect("saved");

    // Act
    apply(&app.client, "msg_d", &deleted(CLERK_ID)).await;

    // Assert
    assert!(user(&app.db, CLERK_ID).await.is_none());
    let ids = |docs: Vec<Document>| {
        docs.iter()
            .map(|d| d.get_str("_id").expect("id").to_owned())
            .collect::<Vec<_>>()
    };
    let all = |name: &'static str| {
        let c = col(name);
        async move {
            use futures::TryStreamExt;
            let mut v: Vec<Document> = c
                .find(doc! {})
                .await
                .expect("find")
                .try_collect()
                .await
                .expect("collect");
            v.sort_by(|a, b| {
                a.get_str("_id")
                    .unwrap_or("")
                    .cmp(b.get_str("_id").unwrap_or(""))
            });
            v
        }
    };
    let questions = all(questions::COLLECTION).await;
    assert_eq!(
        ids(questions.clone()),
        vec!["q_bob", "q_bob2"],
        "Ada's question is gone"
    );
    let q_bob = &questions[0];
    assert_eq!(
        q_bob.get_array("upvotes").expect("upvotes").len(),
        1,
        "Ada's vote is gone"
    );
    assert_eq!(
        q_bob.get_array("answers").expect("answers").len(),
        1,
        "Ada's answer is unlinked"
    );
    assert!(questions[1]
        .get_array("downvotes")
        .expect("downvotes")
        .is_empty());
    let answers = all(answers::COLLECTION).await;
    assert_eq!(
        ids(answers.clone()),
        vec!["a_bob_on_bob"],
        "Ada's answers and answers to her question are gone"
    );
    assert!(answers[0].get_array("upvotes").expect("upvotes").is_empty());
    assert!(answers[0]
        .get_array("downvotes")
        .expect("downvotes")
        .is_empty());
    let tags = all(tags::COLLECTION).await;
    assert_eq!(tags[0].get_array("followers").expect("followers").len(), 1);
    assert_eq!(tags[0].get_array("questions").expect("questions").len(), 1);
    assert_eq!(ids(all(interactions::COLLECTION).await), vec!["i3"]);
    let bob_doc = user(&app.db, "user_bob").await.expect("bob stays");
    assert_eq!(bob_doc.saved, vec!["q_bob".to_owned()]);
}

#[rocket::async_test]
async fn an_email_still_held_by_a_user_whose_deletion_is_pending_is_retried_not_an_error() {
    // Arrange: Ada holds the address; in Clerk she was deleted and Bob signed up with it,
    // but Bob's user.created arrives before Ada's user.deleted.
    let app = spawn_webhook_app().await;
    apply(
        &app.client,
        "msg_a",
        &created(CLERK_ID, "Ada", "shared@example.org", 1),
    )
    .await;

    // Act
    let early = deliver(
        &app.client,
        "msg_b",
        &created("user_bob", "Bob", "shared@example.org", 2),
    )
    .await;
    let early_status = early.status();
    let early_body: ErrorBody = early.into_json().await.expect("ErrorBody");
    apply(&app.client, "msg_d", &deleted(CLERK_ID)).await;
    let retried = apply(
        &app.client,
        "msg_b",
        &created("user_bob", "Bob", "shared@example.org", 2),
    )
    .await;

    // Assert: 409 (Clerk retries), and the retry after the deletion applies.
    assert_eq!(early_status, Status::Conflict);
    assert_eq!(early_body.code, ErrorCode::EmailInUse);
    assert_eq!(retried.outcome, WebhookOutcome::Applied);
    assert_eq!(
        user(&app.db, "user_bob")
            .await
            .expect("bob")
            .email
            .as_deref(),
        Some("shared@example.org")
    );
}
