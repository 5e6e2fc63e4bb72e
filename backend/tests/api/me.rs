//! `PATCH /api/me`: every field's bounds, unknown fields, username collisions, and
//! edits that survive Clerk's later updates. Tokens come from local sign-in, which
//! the same guard verifies as Clerk's.

use backend::db::users::{self, UserDoc};
use mongodb::bson::DateTime;
use rocket::http::{ContentType, Header, Status};
use rocket::local::asynchronous::LocalResponse;
use serde_json::{json, Value};
use shared::{ErrorBody, ErrorCode, Me};

use crate::helpers::{local_token, settings_with, spawn_app_with, TestApp};
use crate::webhooks::{apply, updated, user_payload, SECRET};

const ADA: &str = "user_2ada";

struct Signed {
    app: TestApp,
    token: String,
}

async fn signed_in() -> Signed {
    let app = spawn_app_with(settings_with(&[
        ("local_sign_in", json!(true)),
        ("clerk_webhook_signing_secret", json!(SECRET)),
    ]))
    .await;
    for (clerk_id, name, username) in [(ADA, "Ada Lovelace", "ada"), ("user_2bob", "Bob", "bob")] {
        let user = UserDoc {
            clerk_updated_at: Some(100),
            ..UserDoc::new(clerk_id, name, username, DateTime::now())
        };
        users::insert_user(&app.db, &user).await.expect("insert");
    }
    let token = local_token(&app, ADA).await;
    Signed { app, token }
}

impl Signed {
    async fn patch(&self, body: &Value) -> LocalResponse<'_> {
        self.app
            .client
            .patch("/api/me")
            .header(ContentType::JSON)
            .header(Header::new(
                "Authorization",
                format!("Bearer {}", self.token),
            ))
            .body(body.to_string())
            .dispatch()
            .await
    }

    async fn me(&self) -> Me {
        self.app
            .client
            .get("/api/me")
            .header(Header::new(
                "Authorization",
                format!("Bearer {}", self.token),
            ))
            .dispatch()
            .await
            .into_json()
            .await
            .expect("Me")
    }
}

#[rocket::async_test]
async fn each_field_is_saved_trimmed_and_cleared_with_an_empty_value() {
    let ada = signed_in().await;

    let response = ada
        .patch(&json!({
            "name": "  Augusta Ada King  ",
            "username": "countess",
            "bio": "Poetical science.",
            "location": "London",
            "portfolioWebsite": "https://ada.dev",
        }))
        .await;
    assert_eq!(response.status(), Status::Ok);
    let cleared = ada
        .patch(&json!({ "bio": "", "portfolioWebsite": "" }))
        .await;
    assert_eq!(cleared.status(), Status::Ok);

    let me = ada.me().await;
    assert_eq!(me.name, "Augusta Ada King");
    assert_eq!(me.username, "countess");
    assert_eq!(me.bio, None);
    assert_eq!(me.location.as_deref(), Some("London"));
    assert_eq!(me.portfolio_website, None);
    let profile: Value = ada
        .app
        .client
        .get(format!("/api/users/{ADA}"))
        .dispatch()
        .await
        .into_json()
        .await
        .expect("profile");
    assert_eq!(profile["location"], "London");
}

#[rocket::async_test]
async fn values_out_of_bounds_are_refused_with_their_field() {
    let ada = signed_in().await;
    let long = |n: usize| "x".repeat(n);
    let cases = [
        (json!({ "name": "" }), "name"),
        (json!({ "name": long(81) }), "name"),
        (json!({ "username": "ab" }), "username"),
        (json!({ "username": long(31) }), "username"),
        (json!({ "username": "Has Caps" }), "username"),
        (json!({ "bio": long(501) }), "bio"),
        (json!({ "location": long(101) }), "location"),
        (
            json!({ "portfolioWebsite": "ftp://x.org" }),
            "portfolioWebsite",
        ),
        (
            json!({ "portfolioWebsite": format!("https://{}", long(200)) }),
            "portfolioWebsite",
        ),
    ];
    for (body, field) in cases {
        let response = ada.patch(&body).await;

        assert_eq!(response.status(), Status::BadRequest, "{body}");
        let error: ErrorBody = response.into_json().await.expect("ErrorBody");
        assert_eq!(error.code, ErrorCode::InvalidParameter, "{body}");
        assert_eq!(error.field.as_deref(), Some(field), "{body}");
    }
    let at_the_limits = ada
        .patch(&json!({
            "name": long(80), "username": long(30), "bio": long(500), "location": long(100),
        }))
        .await;
    assert_eq!(at_the_limits.status(), Status::Ok);
}

#[rocket::async_test]
async fn unknown_fields_and_non_json_bodies_are_bad_requests() {
    let ada = signed_in().await;

    for body in [
        json!({ "reputation": 1_000_000 }),
        json!({ "name": "A", "email": "x@y.z" }),
        json!("name"),
    ] {
        let response = ada.patch(&body).await;
        assert_eq!(response.status(), Status::BadRequest, "{body}");
    }
    assert_eq!(ada.me().await.reputation, 0);
}

#[rocket::async_test]
async fn a_username_someone_has_is_taken() {
    let ada = signed_in().await;

    let response = ada.patch(&json!({ "username": "bob" })).await;

    assert_eq!(response.status(), Status::Conflict);
    let error: ErrorBody = response.into_json().await.expect("ErrorBody");
    assert_eq!(error.code, ErrorCode::UsernameTaken);
    assert_eq!(error.field.as_deref(), Some("username"));
    assert_eq!(ada.me().await.username, "ada");
}

#[rocket::async_test]
async fn editing_needs_a_signed_in_user() {
    let ada = signed_in().await;

    let response = ada
        .app
        .client
        .patch("/api/me")
        .header(ContentType::JSON)
        .body(json!({ "name": "Mallory" }).to_string())
        .dispatch()
        .await;

    assert_eq!(response.status(), Status::Unauthorized);
}

#[rocket::async_test]
async fn a_later_clerk_update_keeps_the_users_edits_but_applies_a_new_clerk_username() {
    let ada = signed_in().await;
    ada.patch(&json!({ "name": "Countess of Lovelace", "bio": "Mine." }))
        .await;

    apply(
        &ada.app.client,
        "msg_after_edit",
        &updated(ADA, "Clerkname", "ada@example.org", 200),
    )
    .await;
    let after_update = ada.me().await;
    apply(
        &ada.app.client,
        "msg_username",
        &user_payload(
            "user.updated",
            ADA,
            "Clerkname",
            "ada@example.org",
            Some("lovelace"),
            300,
        ),
    )
    .await;
    let after_username = ada.me().await;

    assert_eq!(after_update.name, "Countess of Lovelace");
    assert_eq!(after_update.bio.as_deref(), Some("Mine."));
    assert_eq!(after_update.email.as_deref(), Some("ada@example.org"));
    assert_eq!(after_username.username, "lovelace");
    assert_eq!(after_username.name, "Countess of Lovelace");
}
