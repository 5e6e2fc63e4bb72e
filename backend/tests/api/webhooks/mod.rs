//! `POST /api/webhooks/clerk` against a real database, with deliveries signed exactly
//! as Clerk's sender (svix) signs them. One file per behaviour; the helpers below are
//! what every file uses.

mod concurrency;
mod deletion;
mod lease;
mod ordering;
mod verification;

use backend::db::{users, Db};
use mongodb::bson::{doc, Document};
use rocket::http::{ContentType, Header, Status};
use rocket::local::asynchronous::{Client, LocalResponse};
use serde_json::json;
use shared::WebhookReceipt;
use testkit::clerk::{deleted_event, ClerkUser};

use crate::helpers::{settings_with, spawn_app_with, TestApp};

/// The signing secret the test app is configured with.
pub const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
/// A Clerk user id in Clerk's format.
pub const CLERK_ID: &str = "user_29w83sxmDNGwOuEthce5gg56FcC";
/// The email most cases give that user.
pub const EMAIL: &str = "ada@example.org";

/// The app on a fresh database with [`SECRET`] configured.
pub async fn spawn_webhook_app() -> TestApp {
    spawn_app_with(settings_with(&[(
        "clerk_webhook_signing_secret",
        json!(SECRET),
    )]))
    .await
}

/// Now, in Unix seconds (svix timestamps).
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// A Clerk `user.*` payload: "`first` Example", primary `email` after a backup address,
/// Clerk's image, created at a fixed time and updated at `updated_at`.
pub fn user_payload(
    kind: &str,
    clerk_id: &str,
    first: &str,
    email: &str,
    username: Option<&str>,
    updated_at: i64,
) -> String {
    ClerkUser {
        first_name: first.to_owned(),
        email: Some(email.to_owned()),
        other_emails: vec![format!("backup.{email}")],
        username: username.map(str::to_owned),
        image_url: "https://img.clerk.com/xxxxxx".to_owned(),
        created_at_ms: 1654012591514,
        ..ClerkUser::new(clerk_id, updated_at)
    }
    .event(kind)
    .to_string()
}

/// `user.created` without a username.
pub fn created(clerk_id: &str, first: &str, email: &str, updated_at: i64) -> String {
    user_payload("user.created", clerk_id, first, email, None, updated_at)
}

/// `user.updated` without a username.
pub fn updated(clerk_id: &str, first: &str, email: &str, updated_at: i64) -> String {
    user_payload("user.updated", clerk_id, first, email, None, updated_at)
}

/// `user.deleted`.
pub fn deleted(clerk_id: &str) -> String {
    deleted_event(clerk_id, 1661861640000).to_string()
}

/// The `svix-signature` for `body` as message `id` at `timestamp`, with [`SECRET`].
pub fn sign(id: &str, timestamp: i64, body: &str) -> String {
    testkit::clerk::sign(SECRET, id, timestamp, body.as_bytes()).expect("signable")
}

/// Posts `body` with exactly `headers`.
pub async fn post<'c>(
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
pub async fn deliver<'c>(client: &'c Client, id: &str, body: &str) -> LocalResponse<'c> {
    let headers =
        testkit::clerk::signed_headers(SECRET, id, now(), body.as_bytes()).expect("signable");
    post(client, body, headers).await
}

/// Delivers `body` and returns the 200 receipt (fails the test on any other status).
pub async fn apply(client: &Client, id: &str, body: &str) -> WebhookReceipt {
    receipt(deliver(client, id, body).await).await
}

/// The receipt of a 200 answer (fails the test on any other status).
pub async fn receipt(response: LocalResponse<'_>) -> WebhookReceipt {
    assert_eq!(response.status(), Status::Ok);
    response.into_json().await.expect("receipt JSON")
}

/// The error body of a response that must have `status`.
pub async fn error_with(response: LocalResponse<'_>, status: Status) -> shared::ErrorBody {
    assert_eq!(response.status(), status);
    response.into_json().await.expect("ErrorBody")
}

/// The stored user with this Clerk id.
pub async fn user(db: &Db, clerk_id: &str) -> Option<users::UserDoc> {
    users::find_user_by_clerk_id(db, clerk_id)
        .await
        .expect("query")
}

/// How many documents `collection` holds.
pub async fn count(db: &Db, collection: &str) -> u64 {
    db.database()
        .collection::<Document>(collection)
        .count_documents(doc! {})
        .await
        .expect("count")
}
