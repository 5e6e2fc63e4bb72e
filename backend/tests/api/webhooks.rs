//! `POST /api/webhooks/clerk` against a real database, with deliveries signed by the
//! svix crate exactly as Clerk's sender signs them.

use backend::db::{content, users, webhook_events, Db};
use futures::future::join_all;
use mongodb::bson::{doc, Document};
use rocket::http::{ContentType, Header, Status};
use rocket::local::asynchronous::{Client, LocalResponse};
use secrecy::SecretString;
use serde_json::{json, Value};
use shared::{ErrorBody, WebhookOutcome, WebhookReceipt};
use svix::webhooks::Webhook;

use crate::helpers::{free_port, settings_for_port, spawn_app_with, test_settings, TestApp};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const CLERK_ID: &str = "user_29w83sxmDNGwOuEthce5gg56FcC";

async fn spawn_webhook_app() -> TestApp {
    spawn_app_with(test_settings().with_webhook_secret(Some(SecretString::from(SECRET)))).await
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// A Clerk `user.*` payload in the documented shape.
fn user_payload(
    kind: &str,
    clerk_id: &str,
    first: &str,
    email: &str,
    username: Option<&str>,
    updated_at: i64,
) -> String {
    json!({
        "data": {
            "birthday": "",
            "created_at": 1654012591514_i64,
            "email_addresses": [
                {"email_address": format!("backup.{email}"), "id": "idn_backup", "linked_to": [], "object": "email_address", "verification": {"status": "verified", "strategy": "ticket"}},
                {"email_address": email, "id": "idn_primary", "linked_to": [], "object": "email_address", "verification": {"status": "verified", "strategy": "ticket"}}
            ],
            "external_accounts": [],
            "external_id": null,
            "first_name": first,
            "gender": "",
            "id": clerk_id,
            "image_url": "https://img.clerk.com/xxxxxx",
            "last_name": "Example",
            "last_sign_in_at": 1654012591514_i64,
            "object": "user",
            "password_enabled": true,
            "phone_numbers": [],
            "primary_email_address_id": "idn_primary",
            "primary_phone_number_id": null,
            "primary_web3_wallet_id": null,
            "private_metadata": {},
            "profile_image_url": "https://www.gravatar.com/avatar?d=mp",
            "public_metadata": {},
            "two_factor_enabled": false,
            "unsafe_metadata": {},
            "updated_at": updated_at,
            "username": username,
            "web3_wallets": []
        },
        "event_attributes": {"http_request": {"client_ip": "0.0.0.0", "user_agent": "Mozilla/5.0"}},
        "object": "event",
        "timestamp": updated_at,
        "type": kind
    })
    .to_string()
}

fn created(clerk_id: &str, first: &str, email: &str, updated_at: i64) -> String {
    user_payload("user.created", clerk_id, first, email, None, updated_at)
}

fn updated(clerk_id: &str, first: &str, email: &str, updated_at: i64) -> String {
    user_payload("user.updated", clerk_id, first, email, None, updated_at)
}

fn deleted(clerk_id: &str) -> String {
    json!({
        "data": {"deleted": true, "id": clerk_id, "object": "user"},
        "object": "event",
        "timestamp": 1661861640000_i64,
        "type": "user.deleted"
    })
    .to_string()
}

fn sign(id: &str, timestamp: i64, body: &str) -> String {
    Webhook::new(SECRET)
        .expect("valid secret")
        .sign(id, timestamp, body.as_bytes())
        .expect("signable")
}

async fn post<'c>(
    client: &'c Client,
    body: &str,
    headers: Vec<(&'static str, String)>,
) -> LocalResponse<'c> {
    let mut request = client
        .post("/api/webhooks/clerk")
        .header(ContentType::JSON)
        .body(body);
    for (name, value) in headers {
        request = request.header(Header::new(name, value));
    }
    request.dispatch().await
}

/// Delivers `body` as svix would, with delivery id `id`.
async fn deliver<'c>(client: &'c Client, id: &str, body: &str) -> LocalResponse<'c> {
    let ts = now();
    post(
        client,
        body,
        vec![
            ("svix-id", id.to_owned()),
            ("svix-timestamp", ts.to_string()),
            ("svix-signature", sign(id, ts, body)),
        ],
    )
    .await
}

/// Delivers `body` and returns the 200 receipt (fails the test on any other status).
async fn apply(client: &Client, id: &str, body: &str) -> WebhookReceipt {
    receipt(deliver(client, id, body).await).await
}

async fn receipt(response: LocalResponse<'_>) -> WebhookReceipt {
    assert_eq!(response.status(), Status::Ok);
    response.into_json().await.expect("receipt JSON")
}

async fn user(db: &Db, clerk_id: &str) -> Option<users::UserDoc> {
    users::find_user_by_clerk_id(db, clerk_id)
        .await
        .expect("query")
}

async fn count(db: &Db, collection: &str) -> u64 {
    db.database()
        .collection::<Document>(collection)
        .count_documents(doc! {})
        .await
        .expect("count")
}

#[rocket::async_test]
async fn user_created_inserts_the_user_from_clerks_payload() {
    let app = spawn_webhook_app().await;

    let r = apply(
        &app.client,
        "msg_1",
        &created(CLERK_ID, "Ada", "ada@example.org", 1654012591835),
    )
    .await;

    assert_eq!(r.outcome, WebhookOutcome::Applied);
    assert_eq!(r.event_type, "user.created");
    let stored = user(&app.db, CLERK_ID).await.expect("user stored");
    assert_eq!(stored.name, "Ada Example");
    assert_eq!(
        stored.email.as_deref(),
        Some("ada@example.org"),
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
    assert_eq!(event.outcome, "applied");
    assert_eq!(event.clerk_user_id.as_deref(), Some(CLERK_ID));
}

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
    let body = created(CLERK_ID, "Ada", "ada@example.org", 1);
    let ts = now();
    let good = sign("msg_bad", ts, &body);
    let other_secret = Webhook::new("whsec_c2VjcmV0LXRoYXQtaXMtbm90LW91cnM=")
        .expect("secret")
        .sign("msg_bad", ts, body.as_bytes())
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
            "future timestamp",
            body.clone(),
            h("msg_bad", ts + 301, &sign("msg_bad", ts + 301, &body)),
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
        let error: ErrorBody = response.into_json().await.expect("ErrorBody");
        assert_eq!(error.code, code, "{name}");
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
    let body = created(CLERK_ID, "Ada", "ada@example.org", 1);
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
    assert_eq!(event.outcome, "unhandled");
    assert_eq!(count(&app.db, users::COLLECTION).await, 0);
}

#[rocket::async_test]
async fn without_a_configured_secret_webhooks_answer_503() {
    let app = spawn_app_with(test_settings().with_webhook_secret(None)).await;

    let response = deliver(
        &app.client,
        "msg_1",
        &created(CLERK_ID, "Ada", "ada@example.org", 1),
    )
    .await;

    assert_eq!(response.status(), Status::ServiceUnavailable);
    let error: ErrorBody = response.into_json().await.expect("ErrorBody");
    assert_eq!(error.code, "not_configured");
}

#[rocket::async_test]
async fn a_redelivered_event_is_applied_zero_more_times() {
    let app = spawn_webhook_app().await;
    let body = created(CLERK_ID, "Ada", "ada@example.org", 10);
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
    apply(
        &app.client,
        "msg_c",
        &created(CLERK_ID, "Ada", "ada@example.org", 100),
    )
    .await;
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
        &updated(CLERK_ID, "Later", "ada@example.org", 200),
    )
    .await;
    let create = apply(
        &app.client,
        "msg_c",
        &created(CLERK_ID, "Earlier", "ada@example.org", 100),
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
    apply(
        &app.client,
        "msg_c",
        &created(CLERK_ID, "Ada", "ada@example.org", 100),
    )
    .await;
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
        &updated(CLERK_ID, "Augusta", "ada@example.org", 200),
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
    apply(
        &app.client,
        "msg_c",
        &created(CLERK_ID, "Ada", "ada@example.org", 100),
    )
    .await;

    let body = user_payload(
        "user.updated",
        CLERK_ID,
        "Ada",
        "ada@example.org",
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

#[rocket::async_test]
async fn a_deleted_user_stays_deleted_when_late_events_arrive() {
    let app = spawn_webhook_app().await;
    apply(
        &app.client,
        "msg_c",
        &created(CLERK_ID, "Ada", "ada@example.org", 100),
    )
    .await;
    let delete = apply(&app.client, "msg_d", &deleted(CLERK_ID)).await;

    let late_update = apply(
        &app.client,
        "msg_u",
        &updated(CLERK_ID, "Ghost", "ada@example.org", 999),
    )
    .await;
    let replayed_create = apply(
        &app.client,
        "msg_c2",
        &created(CLERK_ID, "Ghost", "ada@example.org", 1000),
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
    apply(
        &app.client,
        "msg_a",
        &created(CLERK_ID, "Ada", "ada@example.org", 1),
    )
    .await;
    apply(
        &app.client,
        "msg_b",
        &created("user_bob", "Bob", "bob@example.org", 1),
    )
    .await;
    let ada = user(&app.db, CLERK_ID).await.expect("ada").id;
    let bob = user(&app.db, "user_bob").await.expect("bob").id;
    let col = |name: &str| app.db.database().collection::<Document>(name);
    col(content::QUESTIONS)
        .insert_many([
            doc! {"_id": "q_ada", "title": "Ada asks", "author": &ada, "upvotes": [&bob], "downvotes": [], "answers": ["a_bob_on_ada"], "tags": ["t_rust"]},
            doc! {"_id": "q_bob", "title": "Bob asks", "author": &bob, "upvotes": [&ada, &bob], "downvotes": [], "answers": ["a_ada_on_bob", "a_bob_on_bob"], "tags": ["t_rust"]},
            doc! {"_id": "q_bob2", "title": "Bob again", "author": &bob, "upvotes": [], "downvotes": [&ada], "answers": [], "tags": []},
        ])
        .await
        .expect("questions");
    col(content::ANSWERS)
        .insert_many([
            doc! {"_id": "a_bob_on_ada", "author": &bob, "question": "q_ada", "upvotes": [], "downvotes": []},
            doc! {"_id": "a_ada_on_bob", "author": &ada, "question": "q_bob", "upvotes": [&bob], "downvotes": []},
            doc! {"_id": "a_bob_on_bob", "author": &bob, "question": "q_bob", "upvotes": [&ada], "downvotes": [&ada]},
        ])
        .await
        .expect("answers");
    col(content::TAGS)
        .insert_one(doc! {"_id": "t_rust", "name": "rust", "followers": [&ada, &bob], "questions": ["q_ada", "q_bob"]})
        .await
        .expect("tags");
    col(content::INTERACTIONS)
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
    let questions = all(content::QUESTIONS).await;
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
    let answers = all(content::ANSWERS).await;
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
    let tags = all(content::TAGS).await;
    assert_eq!(tags[0].get_array("followers").expect("followers").len(), 1);
    assert_eq!(tags[0].get_array("questions").expect("questions").len(), 1);
    assert_eq!(ids(all(content::INTERACTIONS).await), vec!["i3"]);
    let bob_doc = user(&app.db, "user_bob").await.expect("bob stays");
    assert_eq!(bob_doc.saved, vec!["q_bob".to_owned()]);
}

#[rocket::async_test]
async fn concurrent_deliveries_of_one_event_apply_exactly_once() {
    let app = spawn_webhook_app().await;
    let body = created(CLERK_ID, "Ada", "ada@example.org", 1);

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
    let settings =
        settings_for_port(free_port()).with_webhook_secret(Some(SecretString::from(SECRET)));
    let app = spawn_app_with(settings).await;

    let response = deliver(
        &app.client,
        "msg_1",
        &created(CLERK_ID, "Ada", "ada@example.org", 1),
    )
    .await;

    assert_eq!(response.status(), Status::ServiceUnavailable);
    let error: ErrorBody = response.into_json().await.expect("ErrorBody");
    assert_eq!(error.code, "database_unavailable");
}

#[rocket::async_test]
async fn a_failed_application_releases_the_event_for_the_retry() {
    // Arrange: a claim left by a delivery whose process died a while ago.
    let app = spawn_webhook_app().await;
    let long_ago = chrono::Utc::now().timestamp_millis() - webhook_events::STALE_CLAIM_MS - 1;
    webhook_events::claim_webhook_event(&app.db, "msg_x", "user.created", None, long_ago)
        .await
        .expect("claim");

    // Act: Clerk retries the event.
    let r = apply(
        &app.client,
        "msg_x",
        &created(CLERK_ID, "Ada", "ada@example.org", 1),
    )
    .await;

    // Assert: the abandoned claim is taken over and the event applied, not lost.
    assert_eq!(r.outcome, WebhookOutcome::Applied);
    assert!(user(&app.db, CLERK_ID).await.is_some());
}

#[rocket::async_test]
async fn a_recent_claim_in_progress_asks_the_sender_to_retry() {
    let app = spawn_webhook_app().await;
    let now_ms = chrono::Utc::now().timestamp_millis();
    webhook_events::claim_webhook_event(&app.db, "msg_y", "user.created", None, now_ms)
        .await
        .expect("claim");

    let response = deliver(
        &app.client,
        "msg_y",
        &created(CLERK_ID, "Ada", "ada@example.org", 1),
    )
    .await;

    assert_eq!(response.status(), Status::Conflict);
    assert!(user(&app.db, CLERK_ID).await.is_none());
    let _: Value = response.into_json().await.expect("JSON body");
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
    assert_eq!(early_body.code, "email_in_use");
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
