//! What reaches the database at all: signature headers, signatures, timestamps, body
//! size and shape, unhandled types, and the route switched off without a secret.

use backend::db::users;
use backend::db::webhook_events::{self, EventState};
use rocket::http::{ContentType, Status};
use serde_json::Value;
use shared::{ErrorCode, WebhookOutcome};

use super::*;
use crate::helpers::spawn_app;

/// (name, body, headers, expected status, expected error code)
type BadCase = (
    &'static str,
    String,
    Vec<(&'static str, String)>,
    Status,
    &'static str,
);

#[rocket::async_test]
async fn bad_deliveries_get_the_right_status_and_write_nothing() {
    let app = spawn_webhook_app().await;
    let body = created(CLERK_ID, "Ada", EMAIL, 1);
    let ts = now();
    let good = sign("msg_bad", ts, &body);
    let other_secret = testkit::clerk::sign(
        "whsec_c2VjcmV0LXRoYXQtaXMtbm90LW91cnM=",
        "msg_bad",
        ts,
        body.as_bytes(),
    )
    .expect("sign");
    let h = |id: &str, ts: i64, sig: &str| {
        vec![
            ("svix-id", id.to_owned()),
            ("svix-timestamp", ts.to_string()),
            ("svix-signature", sig.to_owned()),
        ]
    };
    let not_json = "this is not json";
    let not_event = r#"{"hello": "world"}"#;
    let bad_user = r#"{"type": "user.created", "object": "event", "data": {"id": "user_1"}}"#;
    let big = format!("{{\"pad\": \"{}\"}}", "x".repeat(1024 * 1024 + 10));
    let cases: Vec<BadCase> = vec![
        (
            "no headers",
            body.clone(),
            vec![],
            Status::BadRequest,
            "invalid_signature_headers",
        ),
        (
            "no signature",
            body.clone(),
            vec![
                ("svix-id", "msg_bad".into()),
                ("svix-timestamp", ts.to_string()),
            ],
            Status::BadRequest,
            "invalid_signature_headers",
        ),
        (
            "garbage signature",
            body.clone(),
            h("msg_bad", ts, "garbage"),
            Status::BadRequest,
            "invalid_signature_headers",
        ),
        (
            "text timestamp",
            body.clone(),
            h("msg_bad", 0, &good)
                .into_iter()
                .map(|(k, v)| {
                    if k == "svix-timestamp" {
                        (k, "now".to_owned())
                    } else {
                        (k, v)
                    }
                })
                .collect(),
            Status::BadRequest,
            "invalid_signature_headers",
        ),
        (
            "other secret",
            body.clone(),
            h("msg_bad", ts, &other_secret),
            Status::Unauthorized,
            "invalid_signature",
        ),
        (
            "tampered body",
            body.replace("Ada", "Eve"),
            h("msg_bad", ts, &good),
            Status::Unauthorized,
            "invalid_signature",
        ),
        (
            "other id",
            body.clone(),
            h("msg_other", ts, &good),
            Status::Unauthorized,
            "invalid_signature",
        ),
        (
            "old timestamp",
            body.clone(),
            h("msg_bad", ts - 301, &sign("msg_bad", ts - 301, &body)),
            Status::Unauthorized,
            "timestamp_out_of_tolerance",
        ),
        (
            // A minute past the 5-minute tolerance, so a slow run cannot bring it back in.
            "future timestamp",
            body.clone(),
            h("msg_bad", ts + 360, &sign("msg_bad", ts + 360, &body)),
            Status::Unauthorized,
            "timestamp_out_of_tolerance",
        ),
        (
            "over 1 MiB",
            big.clone(),
            h("msg_bad", ts, &sign("msg_bad", ts, &big)),
            Status::PayloadTooLarge,
            "payload_too_large",
        ),
        (
            "signed non-JSON",
            not_json.into(),
            h("msg_bad", ts, &sign("msg_bad", ts, not_json)),
            Status::BadRequest,
            "invalid_event",
        ),
        (
            "signed non-event",
            not_event.into(),
            h("msg_bad", ts, &sign("msg_bad", ts, not_event)),
            Status::BadRequest,
            "invalid_event",
        ),
        (
            "signed bad user",
            bad_user.into(),
            h("msg_bad", ts, &sign("msg_bad", ts, bad_user)),
            Status::BadRequest,
            "invalid_event",
        ),
    ];
    for (name, body, headers, status, code) in cases {
        let response = post(&app.client, &body, headers).await;

        assert_eq!(response.status(), status, "{name}");
        assert_eq!(response.content_type(), Some(ContentType::JSON), "{name}");
        let error: Value = response.into_json().await.expect("ErrorBody");
        assert_eq!(error["code"], code, "{name}");
    }
    assert_eq!(
        count(&app.db, users::COLLECTION).await,
        0,
        "no user written"
    );
    assert_eq!(
        count(&app.db, webhook_events::COLLECTION).await,
        0,
        "no event recorded"
    );
}

#[rocket::async_test]
async fn unbranded_webhook_headers_and_rotated_signatures_are_accepted() {
    let app = spawn_webhook_app().await;
    let body = created(CLERK_ID, "Ada", EMAIL, 1);
    let ts = now();
    let rotated = format!(
        "v1,b2xkLXNpZ25hdHVyZS1mcm9tLWEtcmV0aXJlZC1zZWNyZXQ= {}",
        sign("msg_u", ts, &body)
    );

    let response = post(
        &app.client,
        &body,
        vec![
            ("webhook-id", "msg_u".into()),
            ("webhook-timestamp", ts.to_string()),
            ("webhook-signature", rotated),
        ],
    )
    .await;

    assert_eq!(receipt(response).await.outcome, WebhookOutcome::Applied);
}

#[rocket::async_test]
async fn an_unhandled_event_type_is_acknowledged_and_recorded() {
    let app = spawn_webhook_app().await;
    let body = json!({"type": "session.created", "object": "event", "data": {"id": "sess_1", "user_id": CLERK_ID}}).to_string();

    let r = apply(&app.client, "msg_s", &body).await;

    assert_eq!(r.outcome, WebhookOutcome::Unhandled);
    let event = webhook_events::find_webhook_event(&app.db, "msg_s")
        .await
        .expect("query")
        .expect("recorded");
    assert_eq!(
        event.outcome,
        EventState::Handled(WebhookOutcome::Unhandled)
    );
    assert_eq!(count(&app.db, users::COLLECTION).await, 0);
}

#[rocket::async_test]
async fn without_a_configured_secret_webhooks_answer_503() {
    let app = spawn_app().await;

    let response = deliver(&app.client, "msg_1", &created(CLERK_ID, "Ada", EMAIL, 1)).await;

    let error = error_with(response, Status::ServiceUnavailable).await;
    assert_eq!(error.code, ErrorCode::NotConfigured);
}

#[rocket::async_test]
async fn deliveries_over_the_limit_are_429_with_retry_after_and_not_applied() {
    let app = spawn_app_with(settings_with(&[
        ("clerk_webhook_signing_secret", json!(SECRET)),
        ("rate_limit_webhooks", json!(2)),
    ]))
    .await;
    let delivery = |i: usize| {
        let body = created(
            &format!("user_limit_{i}"),
            "Ada",
            &format!("limit{i}@example.org"),
            1,
        );
        (format!("msg_limit_{i}"), body)
    };
    for i in 0..2 {
        let (id, body) = delivery(i);
        apply(&app.client, &id, &body).await;
    }

    let (id, body) = delivery(2);
    let refused = deliver(&app.client, &id, &body).await;

    crate::helpers::retry_after_secs(&refused);
    let error = error_with(refused, Status::TooManyRequests).await;
    assert_eq!(error.code, ErrorCode::RateLimited);
    // Refused before it was read: nothing is stored, and Clerk's retry will bring it.
    assert!(user(&app.db, "user_limit_2").await.is_none());
    let event = webhook_events::find_webhook_event(&app.db, &id)
        .await
        .expect("query");
    assert!(event.is_none());
}
