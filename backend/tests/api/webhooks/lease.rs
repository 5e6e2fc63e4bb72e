//! Claims are short leases: a claim left by a dead handler is taken over once its lease
//! lapses, a live handler that keeps renewing is never taken over, a handler that gives
//! up releases its claim at once, and racing take-overs apply an event exactly once.
//! Leases here are short (configured), so the tests run in real time.

use std::time::Duration;

use backend::config::{LeaseTiming, Settings};
use backend::db::webhook_events::{self, Claim, EventState, WebhookEventDoc};
use backend::db::{users, Db};
use futures::future::join_all;
use rocket::http::Status;
use serde_json::json;
use shared::{ErrorCode, WebhookOutcome};

use super::*;
use crate::helpers::{settings_with, spawn_app_with, TestApp};

const LEASE: Duration = Duration::from_millis(600);

fn lease_settings(lease: Duration, apply_timeout_ms: u64) -> Settings {
    settings_with(&[
        ("clerk_webhook_signing_secret", json!(SECRET)),
        ("webhook_lease_ms", json!(lease.as_millis() as u64)),
        ("webhook_apply_timeout_ms", json!(apply_timeout_ms)),
    ])
}

async fn short_lease_app() -> TestApp {
    spawn_app_with(lease_settings(LEASE, 10_000)).await
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Claims `id` as a handler on another backend would, returning its token.
async fn claim_elsewhere(db: &Db, id: &str, at_ms: i64) -> String {
    match webhook_events::claim_webhook_event(db, id, "user.created", None, at_ms, LEASE)
        .await
        .expect("claim")
    {
        Claim::Claimed(token) => token,
        other => panic!("expected a claim, got {other:?}"),
    }
}

async fn record(db: &Db, id: &str) -> WebhookEventDoc {
    webhook_events::find_webhook_event(db, id)
        .await
        .expect("query")
        .expect("recorded")
}

#[rocket::async_test]
async fn a_claim_left_by_a_dead_handler_is_taken_over_once_its_lease_lapses() {
    let app = short_lease_app().await;
    let body = created(CLERK_ID, "Ada", EMAIL, 1);
    claim_elsewhere(&app.db, "msg_dead", now_ms()).await;

    let early = deliver(&app.client, "msg_dead", &body).await.status();
    tokio::time::sleep(LEASE + Duration::from_millis(150)).await;
    let later = apply(&app.client, "msg_dead", &body).await;

    assert_eq!(early, Status::Conflict);
    assert_eq!(later.outcome, WebhookOutcome::Applied);
    let event = record(&app.db, "msg_dead").await;
    assert_eq!(event.outcome, EventState::Handled(WebhookOutcome::Applied));
    assert_eq!((event.attempts, event.takeovers), (2, 1));
}

#[rocket::async_test]
async fn a_live_handler_renewing_its_lease_is_never_taken_over() {
    let app = short_lease_app().await;
    let body = created(CLERK_ID, "Ada", EMAIL, 1);
    let token = claim_elsewhere(&app.db, "msg_slow", now_ms()).await;

    // A slow handler elsewhere renews as the backend does (every lease / 3) for 2 s,
    // over three leases, while Clerk's copies of the event keep arriving.
    let renewing = {
        let db = app.db.clone();
        tokio::spawn(async move {
            for _ in 0..10 {
                tokio::time::sleep(LEASE / 3).await;
                let held =
                    webhook_events::renew_webhook_claim(&db, "msg_slow", &token, now_ms(), LEASE)
                        .await
                        .expect("renew");
                assert!(held, "the live handler lost its claim");
            }
        })
    };
    let mut statuses = Vec::new();
    for _ in 0..12 {
        statuses.push(deliver(&app.client, "msg_slow", &body).await.status());
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    renewing.await.expect("renewals ran");

    assert!(
        statuses.iter().all(|s| *s == Status::Conflict),
        "a delivery took over a live claim: {statuses:?}"
    );
    assert!(user(&app.db, CLERK_ID).await.is_none());
    assert_eq!(record(&app.db, "msg_slow").await.takeovers, 0);
}

#[rocket::async_test]
async fn the_apply_timeout_releases_the_claim_for_an_immediate_retry() {
    // A backend whose apply timeout is zero gives up at once...
    let impatient_settings = lease_settings(LeaseTiming::DEFAULT.lease, 0);
    let mut patient_settings = impatient_settings.clone();
    patient_settings.webhook_timing = LeaseTiming::DEFAULT;
    let impatient = spawn_app_with(impatient_settings).await;
    let body = created(CLERK_ID, "Ada", EMAIL, 1);

    let gave_up = deliver(&impatient.client, "msg_t", &body).await;
    let error = error_with(gave_up, Status::ServiceUnavailable).await;
    let released = record(&impatient.db, "msg_t").await;

    // ...and a retry reaching another backend on the same database applies at once,
    // not after a lease.
    let patient = spawn_app_with(patient_settings).await;
    let retry = apply(&patient.client, "msg_t", &body).await;

    assert_eq!(error.code, ErrorCode::Timeout);
    assert_eq!(released.claim, "");
    assert!(released
        .last_error
        .as_deref()
        .is_some_and(|e| e.contains("too long")));
    assert_eq!(retry.outcome, WebhookOutcome::Applied);
    let event = record(&patient.db, "msg_t").await;
    assert_eq!((event.attempts, event.takeovers), (2, 0));
}

#[rocket::async_test]
async fn racing_take_overs_apply_an_event_exactly_once() {
    let app = short_lease_app().await;
    let body = created(CLERK_ID, "Ada", EMAIL, 1);
    claim_elsewhere(&app.db, "msg_race", now_ms() - 10_000).await;

    let responses = join_all((0..8).map(|_| deliver(&app.client, "msg_race", &body))).await;

    let mut applied = 0;
    for response in responses {
        if response.status() == Status::Ok {
            let outcome = receipt(response).await.outcome;
            applied += usize::from(outcome == WebhookOutcome::Applied);
        } else {
            assert_eq!(response.status(), Status::Conflict);
        }
    }
    assert_eq!(applied, 1);
    assert_eq!(count(&app.db, users::COLLECTION).await, 1);
    assert_eq!(record(&app.db, "msg_race").await.takeovers, 1);
}
