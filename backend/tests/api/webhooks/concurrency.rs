//! Races and failures: concurrent deliveries, database outages, claims released
//! or taken over, deliveries that must retry.

use backend::config::LeaseTiming;
use backend::db::{users, webhook_events};
use futures::future::join_all;
use serde_json::{json, Value};
use shared::{ErrorCode, WebhookOutcome};

use super::*;
use crate::helpers::{free_port, settings_for_port, spawn_app_with};

#[rocket::async_test]
async fn concurrent_deliveries_of_one_event_apply_exactly_once() {
    let app = spawn_webhook_app().await;
    let body = created(CLERK_ID, "Ada", EMAIL, 1);

    let responses = join_all((0..8).map(|_| deliver(&app.client, "msg_same", &body))).await;

    let mut applied = 0;
    for response in responses {
        match response.status() {
            Status::Ok => {
                let r: WebhookReceipt = response.into_json().await.expect("receipt");
                assert!(matches!(
                    r.outcome,
                    WebhookOutcome::Applied | WebhookOutcome::Duplicate
                ));
                applied += usize::from(r.outcome == WebhookOutcome::Applied);
            }
            // Still being applied by another delivery: Clerk retries later.
            Status::Conflict => {}
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!(applied, 1);
    assert_eq!(count(&app.db, users::COLLECTION).await, 1);
    assert_eq!(count(&app.db, webhook_events::COLLECTION).await, 1);
}

#[rocket::async_test]
async fn concurrent_different_events_for_new_users_all_apply() {
    let app = spawn_webhook_app().await;
    let bodies: Vec<(String, String)> = (0..8)
        .map(|i| {
            (
                format!("msg_{i}"),
                created(
                    &format!("user_{i}"),
                    "Sam",
                    &format!("sam{i}@example.org"),
                    1,
                ),
            )
        })
        .collect();

    let responses = join_all(
        bodies
            .iter()
            .map(|(id, body)| deliver(&app.client, id, body)),
    )
    .await;

    for response in responses {
        assert_eq!(receipt(response).await.outcome, WebhookOutcome::Applied);
    }
    assert_eq!(count(&app.db, users::COLLECTION).await, 8);
}

#[rocket::async_test]
async fn an_unavailable_database_answers_503_so_clerk_retries() {
    let settings = settings_for_port(
        free_port(),
        &[("clerk_webhook_signing_secret", json!(SECRET))],
    );
    let app = spawn_app_with(settings).await;

    let response = deliver(&app.client, "msg_1", &created(CLERK_ID, "Ada", EMAIL, 1)).await;

    let error = error_with(response, Status::ServiceUnavailable).await;
    assert_eq!(error.code, ErrorCode::DatabaseUnavailable);
}

#[rocket::async_test]
async fn a_failed_application_releases_the_event_for_the_retry() {
    // Arrange: a claim left by a delivery whose process died a while ago.
    let app = spawn_webhook_app().await;
    let lease = LeaseTiming::DEFAULT.lease;
    let long_ago = chrono::Utc::now().timestamp_millis() - 60_000;
    webhook_events::claim_webhook_event(&app.db, "msg_x", "user.created", None, long_ago, lease)
        .await
        .expect("claim");

    // Act: Clerk retries the event.
    let r = apply(&app.client, "msg_x", &created(CLERK_ID, "Ada", EMAIL, 1)).await;

    // Assert: the abandoned claim is taken over and the event applied, not lost.
    assert_eq!(r.outcome, WebhookOutcome::Applied);
    assert!(user(&app.db, CLERK_ID).await.is_some());
}

#[rocket::async_test]
async fn a_recent_claim_in_progress_asks_the_sender_to_retry() {
    let app = spawn_webhook_app().await;
    let now_ms = chrono::Utc::now().timestamp_millis();
    let lease = LeaseTiming::DEFAULT.lease;
    webhook_events::claim_webhook_event(&app.db, "msg_y", "user.created", None, now_ms, lease)
        .await
        .expect("claim");

    let response = deliver(&app.client, "msg_y", &created(CLERK_ID, "Ada", EMAIL, 1)).await;

    assert_eq!(response.status(), Status::Conflict);
    assert!(user(&app.db, CLERK_ID).await.is_none());
    let _: Value = response.into_json().await.expect("JSON body");
}
