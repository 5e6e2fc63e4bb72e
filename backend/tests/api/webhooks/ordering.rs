//! Applying events once and in order: inserts from Clerk's payload, redeliveries,
//! stale updates, updates before creates, fields DevFlow owns, usernames.

use backend::db::users;
use backend::db::webhook_events::{self, EventState};
use mongodb::bson::doc;
use shared::WebhookOutcome;

use super::*;

#[rocket::async_test]
async fn user_created_inserts_the_user_from_clerks_payload() {
    let app = spawn_webhook_app().await;

    let r = apply(
        &app.client,
        "msg_1",
        &created(CLERK_ID, "Ada", EMAIL, 1654012591835),
    )
    .await;

    assert_eq!(r.outcome, WebhookOutcome::Applied);
    assert_eq!(r.event_type, "user.created");
    let stored = user(&app.db, CLERK_ID).await.expect("user stored");
    assert_eq!(stored.name, "Ada Example");
    assert_eq!(
        stored.email.as_deref(),
        Some(EMAIL),
        "the primary address, not the first"
    );
    assert_eq!(stored.picture, "https://img.clerk.com/xxxxxx");
    assert_eq!(stored.username, "ada");
    assert_eq!(stored.reputation, 0);
    assert!(stored.saved.is_empty());
    assert_eq!(stored.joined_at.timestamp_millis(), 1654012591514);
    let event = webhook_events::find_webhook_event(&app.db, "msg_1")
        .await
        .expect("query")
        .expect("recorded");
    assert_eq!(event.outcome, EventState::Handled(WebhookOutcome::Applied));
    assert_eq!(event.clerk_user_id.as_deref(), Some(CLERK_ID));
}

#[rocket::async_test]
async fn a_redelivered_event_is_applied_zero_more_times() {
    let app = spawn_webhook_app().await;
    let body = created(CLERK_ID, "Ada", EMAIL, 10);
    let first = apply(&app.client, "msg_r", &body).await;
    // DevFlow changes the user after the event was applied...
    users::collection(&app.db)
        .update_one(
            doc! {"clerkId": CLERK_ID},
            doc! {"$set": {"name": "Renamed in DevFlow"}},
        )
        .await
        .expect("update");

    // ...then Clerk redelivers the same event.
    let second = apply(&app.client, "msg_r", &body).await;

    assert_eq!(first.outcome, WebhookOutcome::Applied);
    assert_eq!(second.outcome, WebhookOutcome::Duplicate);
    assert_eq!(
        user(&app.db, CLERK_ID).await.expect("user").name,
        "Renamed in DevFlow"
    );
    assert_eq!(count(&app.db, users::COLLECTION).await, 1);
    assert_eq!(count(&app.db, webhook_events::COLLECTION).await, 1);
}

#[rocket::async_test]
async fn an_update_older_than_the_stored_one_is_ignored() {
    let app = spawn_webhook_app().await;
    apply(&app.client, "msg_c", &created(CLERK_ID, "Ada", EMAIL, 100)).await;
    let newer = apply(
        &app.client,
        "msg_u3",
        &updated(CLERK_ID, "Newest", "new@example.org", 300),
    )
    .await;

    let older = apply(
        &app.client,
        "msg_u2",
        &updated(CLERK_ID, "Older", "old@example.org", 200),
    )
    .await;

    assert_eq!(newer.outcome, WebhookOutcome::Applied);
    assert_eq!(older.outcome, WebhookOutcome::IgnoredStale);
    let stored = user(&app.db, CLERK_ID).await.expect("user");
    assert_eq!(stored.name, "Newest Example");
    assert_eq!(stored.email.as_deref(), Some("new@example.org"));
    assert_eq!(stored.clerk_updated_at, Some(300));
}

#[rocket::async_test]
async fn an_update_arriving_before_the_create_still_wins_over_it() {
    let app = spawn_webhook_app().await;

    let update = apply(
        &app.client,
        "msg_u",
        &updated(CLERK_ID, "Later", EMAIL, 200),
    )
    .await;
    let create = apply(
        &app.client,
        "msg_c",
        &created(CLERK_ID, "Earlier", EMAIL, 100),
    )
    .await;

    assert_eq!(update.outcome, WebhookOutcome::Applied);
    assert_eq!(create.outcome, WebhookOutcome::IgnoredStale);
    assert_eq!(
        user(&app.db, CLERK_ID).await.expect("user").name,
        "Later Example"
    );
}

#[rocket::async_test]
async fn clerk_updates_never_reset_fields_devflow_owns() {
    let app = spawn_webhook_app().await;
    apply(&app.client, "msg_c", &created(CLERK_ID, "Ada", EMAIL, 100)).await;
    users::collection(&app.db)
        .update_one(
            doc! {"clerkId": CLERK_ID},
            doc! {"$set": {"reputation": 50_i64, "saved": ["q1"], "bio": "Hi", "location": "London", "portfolioWebsite": "https://ada.dev", "username": "countess"}},
        )
        .await
        .expect("update");

    apply(
        &app.client,
        "msg_u",
        &updated(CLERK_ID, "Augusta", EMAIL, 200),
    )
    .await;

    let stored = user(&app.db, CLERK_ID).await.expect("user");
    assert_eq!(stored.name, "Augusta Example");
    assert_eq!(stored.reputation, 50);
    assert_eq!(stored.saved, vec!["q1".to_owned()]);
    assert_eq!(stored.bio.as_deref(), Some("Hi"));
    assert_eq!(stored.location.as_deref(), Some("London"));
    assert_eq!(stored.portfolio_website.as_deref(), Some("https://ada.dev"));
    assert_eq!(
        stored.username, "countess",
        "a username set later is never replaced by a derived one"
    );
}

#[rocket::async_test]
async fn a_username_chosen_in_clerk_is_applied() {
    let app = spawn_webhook_app().await;
    apply(&app.client, "msg_c", &created(CLERK_ID, "Ada", EMAIL, 100)).await;

    let body = user_payload(
        "user.updated",
        CLERK_ID,
        "Ada",
        EMAIL,
        Some("lovelace"),
        200,
    );
    apply(&app.client, "msg_u", &body).await;

    assert_eq!(
        user(&app.db, CLERK_ID).await.expect("user").username,
        "lovelace"
    );
}

#[rocket::async_test]
async fn colliding_derived_usernames_get_a_stable_suffix() {
    let app = spawn_webhook_app().await;

    apply(
        &app.client,
        "msg_1",
        &created("user_one", "Ada", "ada@one.org", 1),
    )
    .await;
    apply(
        &app.client,
        "msg_2",
        &created("user_two", "Ada", "ada@two.org", 1),
    )
    .await;
    let body = user_payload(
        "user.created",
        "user_three",
        "Ada",
        "x@three.org",
        Some("ada"),
        1,
    );
    apply(&app.client, "msg_3", &body).await;

    let one = user(&app.db, "user_one").await.expect("one").username;
    let two = user(&app.db, "user_two").await.expect("two").username;
    let three = user(&app.db, "user_three").await.expect("three").username;
    assert_eq!(one, "ada");
    assert_eq!(
        two,
        backend::domain::clerk::username_candidates("ada", "user_two")[1]
    );
    assert_eq!(
        three,
        backend::domain::clerk::username_candidates("ada", "user_three")[1]
    );
    assert_ne!(two, three);
}
