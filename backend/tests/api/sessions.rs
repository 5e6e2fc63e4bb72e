//! Session tokens on the API: every way a token can be wrong, the `__session` cookie,
//! JWKS fetching, and local sign-in switched on and off.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use backend::db::users::{self, UserDoc};
use backend::domain::clerk_keys::publishable_key_for;
use base64::Engine;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use mongodb::bson::DateTime;
use rocket::http::{Cookie, Header as HttpHeader, Status};
use rocket::local::asynchronous::LocalResponse;
use serde_json::{json, Value};
use shared::{ClientConfig, ErrorBody, ErrorCode, LocalSession, Me};
use testkit::app::TestKey;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{settings_with, spawn_app_with, TestApp};

const HOST: &str = "clerk.devflow.test";
const ISSUER: &str = "https://clerk.devflow.test";
const APP_ORIGIN: &str = "https://devflow.test";
const CLERK_ID: &str = "user_2session";

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Claims as Clerk issues them for [`CLERK_ID`].
fn claims() -> Value {
    json!({
        "sub": CLERK_ID, "sid": "sess_1", "iss": ISSUER, "azp": APP_ORIGIN,
        "iat": now(), "nbf": now() - 10, "exp": now() + 60,
    })
}

fn with(mut claims: Value, key: &str, value: Value) -> Value {
    claims[key] = value;
    claims
}

fn without(mut claims: Value, key: &str) -> Value {
    claims.as_object_mut().expect("object").remove(key);
    claims
}

fn clerk_overrides(key: &TestKey) -> Vec<(&'static str, Value)> {
    vec![
        ("clerk_publishable_key", json!(publishable_key_for(HOST))),
        ("clerk_jwt_key", json!(key.public_pem())),
        ("public_url", json!(APP_ORIGIN)),
    ]
}

async fn app_with_user(overrides: &[(&str, Value)]) -> TestApp {
    let app = spawn_app_with(settings_with(overrides)).await;
    let user = UserDoc {
        email: Some("ada@example.org".into()),
        saved: vec!["q1".into()],
        ..UserDoc::new(CLERK_ID, "Ada Lovelace", "ada", DateTime::now())
    };
    users::insert_user(&app.db, &user).await.expect("insert");
    app
}

async fn get_me<'c>(app: &'c TestApp, token: &str) -> LocalResponse<'c> {
    app.client
        .get("/api/me")
        .header(HttpHeader::new("Authorization", format!("Bearer {token}")))
        .dispatch()
        .await
}

async fn client_config(app: &TestApp) -> ClientConfig {
    let response = app.client.get("/api/config").dispatch().await;
    response.into_json().await.expect("config")
}

async fn error_code(response: LocalResponse<'_>) -> ErrorCode {
    response
        .into_json::<ErrorBody>()
        .await
        .expect("ErrorBody")
        .code
}

#[rocket::async_test]
async fn a_valid_clerk_token_gives_the_users_own_profile() {
    let key = TestKey::generate();
    let app = app_with_user(&clerk_overrides(&key)).await;

    let response = get_me(&app, &key.sign(&claims(), "ins_any_kid")).await;

    assert_eq!(response.status(), Status::Ok);
    let me: Me = response.into_json().await.expect("Me");
    assert_eq!(me.clerk_id, CLERK_ID);
    assert_eq!(me.email.as_deref(), Some("ada@example.org"));
    assert_eq!(me.saved, vec!["q1".to_owned()]);
}

#[rocket::async_test]
async fn every_bad_token_is_an_invalid_session_that_does_not_say_why() {
    let key = TestKey::generate();
    let other = TestKey::generate();
    let app = app_with_user(&clerk_overrides(&key)).await;
    let b64 = |text: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text);
    let unsigned = format!(
        "{}.{}.",
        b64(r#"{"alg":"none","typ":"JWT"}"#),
        b64(&claims().to_string())
    );
    let hs256 = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims(),
        &EncodingKey::from_secret(key.public_pem().as_bytes()),
    )
    .expect("hs256");
    let cases: Vec<(&str, String)> = vec![
        (
            "expired",
            key.sign(&with(claims(), "exp", json!(now() - 60)), "k"),
        ),
        (
            "not yet valid",
            key.sign(&with(claims(), "nbf", json!(now() + 60)), "k"),
        ),
        (
            "wrong issuer",
            key.sign(&with(claims(), "iss", json!("https://evil.test")), "k"),
        ),
        (
            "azp not allowed",
            key.sign(&with(claims(), "azp", json!("https://evil.test")), "k"),
        ),
        ("another key", other.sign(&claims(), "k")),
        ("alg none", unsigned),
        ("hs256 with the public key", hs256),
        ("malformed", "not.a.token".to_owned()),
        ("garbage", "garbage".to_owned()),
        ("empty", String::new()),
        ("missing sub", key.sign(&without(claims(), "sub"), "k")),
        ("missing exp", key.sign(&without(claims(), "exp"), "k")),
    ];
    for (name, token) in cases {
        let response = get_me(&app, &token).await;

        assert_eq!(response.status(), Status::Unauthorized, "{name}");
        let body: ErrorBody = response.into_json().await.expect("ErrorBody");
        assert_eq!(body.code, ErrorCode::InvalidSession, "{name}");
        assert_eq!(
            body.message,
            ErrorCode::InvalidSession.default_message(),
            "{name}"
        );
    }
}

#[rocket::async_test]
async fn clock_skew_within_five_seconds_is_tolerated_and_azp_is_optional() {
    let key = TestKey::generate();
    let app = app_with_user(&clerk_overrides(&key)).await;
    let cases = [
        ("just expired", with(claims(), "exp", json!(now() - 2))),
        ("nearly valid", with(claims(), "nbf", json!(now() + 2))),
        ("no azp", without(claims(), "azp")),
    ];
    for (name, claims) in cases {
        let response = get_me(&app, &key.sign(&claims, "k")).await;
        assert_eq!(response.status(), Status::Ok, "{name}");
    }
}

#[rocket::async_test]
async fn no_token_unknown_users_and_deleted_users_get_their_own_answers() {
    let key = TestKey::generate();
    let app = app_with_user(&clerk_overrides(&key)).await;

    let anonymous = app.client.get("/api/me").dispatch().await;
    assert_eq!(anonymous.status(), Status::Unauthorized);
    assert_eq!(error_code(anonymous).await, ErrorCode::Unauthenticated);

    let pending = get_me(
        &app,
        &key.sign(&with(claims(), "sub", json!("user_new")), "k"),
    )
    .await;
    assert_eq!(pending.status(), Status::Forbidden);
    assert_eq!(error_code(pending).await, ErrorCode::AccountPending);

    backend::sync::delete_user_cascade(&app.db, CLERK_ID)
        .await
        .expect("delete");
    let deleted = get_me(&app, &key.sign(&claims(), "k")).await;
    assert_eq!(deleted.status(), Status::Unauthorized);
    assert_eq!(error_code(deleted).await, ErrorCode::InvalidSession);
}

#[rocket::async_test]
async fn the_session_cookie_works_for_the_apps_own_pages_only() {
    let key = TestKey::generate();
    let app = app_with_user(&clerk_overrides(&key)).await;
    let token = key.sign(&claims(), "k");

    let same_origin = app
        .client
        .get("/api/me")
        .cookie(Cookie::new("__session", token.clone()))
        .header(HttpHeader::new("Sec-Fetch-Site", "same-origin"))
        .dispatch()
        .await;
    let cross_site = app
        .client
        .get("/api/me")
        .cookie(Cookie::new("__session", token.clone()))
        .header(HttpHeader::new("Sec-Fetch-Site", "cross-site"))
        .header(HttpHeader::new("Origin", "https://evil.test"))
        .dispatch()
        .await;

    assert_eq!(same_origin.status(), Status::Ok);
    assert_eq!(cross_site.status(), Status::Unauthorized);
    assert_eq!(error_code(cross_site).await, ErrorCode::Unauthenticated);
}

/// A local stand-in for Clerk's Backend API that serves `GET /v1/jwks` and counts
/// the fetches.
async fn jwks_server(jwks: Arc<std::sync::Mutex<Value>>) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut request = vec![0_u8; 4096];
            let n = stream.read(&mut request).await.unwrap_or(0);
            let text = String::from_utf8_lossy(&request[..n]).to_string();
            let authorised = text.contains("authorization: Bearer sk_test_jwks")
                || text.contains("Authorization: Bearer sk_test_jwks");
            let (status, body) = if text.starts_with("GET /v1/jwks") && authorised {
                counter.fetch_add(1, Ordering::SeqCst);
                let body = jwks.lock().map(|j| j.to_string()).unwrap_or_default();
                ("200 OK", body)
            } else {
                ("401 Unauthorized", "{}".to_owned())
            };
            let response = format!(
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes()).await;
        }
    });
    (url, hits)
}

#[rocket::async_test]
async fn the_jwks_is_fetched_once_and_refreshed_for_an_unknown_kid_at_most_per_interval() {
    let first = TestKey::generate();
    let second = TestKey::generate();
    let jwks = Arc::new(std::sync::Mutex::new(json!({ "keys": [first.jwk("k1")] })));
    let (url, fetches) = jwks_server(jwks.clone()).await;
    let app = app_with_user(&[
        ("clerk_publishable_key", json!(publishable_key_for(HOST))),
        ("clerk_secret_key", json!("sk_test_jwks")),
        ("clerk_api_url", json!(url)),
        ("public_url", json!(APP_ORIGIN)),
        ("jwks_refresh_secs", json!(1)),
    ])
    .await;

    // Known kid: one fetch, then served from the cache.
    for _ in 0..3 {
        assert_eq!(
            get_me(&app, &first.sign(&claims(), "k1")).await.status(),
            Status::Ok
        );
    }
    assert_eq!(fetches.load(Ordering::SeqCst), 1);

    // Clerk rotates in a new key. Within the interval an unknown kid is refused
    // without asking Clerk again...
    *jwks.lock().expect("lock") = json!({ "keys": [first.jwk("k1"), second.jwk("k2")] });
    let early = get_me(&app, &second.sign(&claims(), "k2")).await;
    assert_eq!(early.status(), Status::Unauthorized);
    assert_eq!(fetches.load(Ordering::SeqCst), 1);

    // ...and once it has passed, the JWKS is fetched again and the new key works.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let later = get_me(&app, &second.sign(&claims(), "k2")).await;
    assert_eq!(later.status(), Status::Ok);
    assert_eq!(fetches.load(Ordering::SeqCst), 2);

    // A kid the JWKS never had is refused, and does not make every request fetch.
    for _ in 0..3 {
        let unknown = get_me(&app, &second.sign(&claims(), "k9")).await;
        assert_eq!(unknown.status(), Status::Unauthorized);
    }
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
}

#[rocket::async_test]
async fn the_spa_reads_the_publishable_key_at_run_time() {
    let key = TestKey::generate();
    let app = app_with_user(&clerk_overrides(&key)).await;

    let config = client_config(&app).await;

    assert_eq!(
        config.clerk_publishable_key,
        Some(publishable_key_for(HOST))
    );
    assert_eq!(
        config.clerk_js_url.as_deref(),
        Some("https://clerk.devflow.test/npm/@clerk/clerk-js@5/dist/clerk.browser.js")
    );
    assert!(!config.local_sign_in);
}

async fn local_sign_in<'c>(app: &'c TestApp, clerk_id: &str) -> LocalResponse<'c> {
    app.client
        .post("/api/dev/sign-in")
        .header(rocket::http::ContentType::JSON)
        .body(json!({ "clerkId": clerk_id }).to_string())
        .dispatch()
        .await
}

#[rocket::async_test]
async fn local_sign_in_mints_tokens_the_same_guard_accepts() {
    let app = app_with_user(&[("local_sign_in", json!(true))]).await;

    let response = local_sign_in(&app, CLERK_ID).await;
    assert_eq!(response.status(), Status::Ok);
    let session: LocalSession = response.into_json().await.expect("session");
    let me = get_me(&app, &session.token).await;
    let unknown = local_sign_in(&app, "user_nobody").await;

    assert_eq!(me.status(), Status::Ok);
    assert_eq!(me.into_json::<Me>().await.expect("Me").clerk_id, CLERK_ID);
    assert!(session.expires_at > now());
    assert_eq!(unknown.status(), Status::NotFound);
    let config = client_config(&app).await;
    assert!(config.local_sign_in);
}

#[rocket::async_test]
async fn with_local_sign_in_off_the_route_is_absent_and_local_tokens_are_refused() {
    let on = app_with_user(&[("local_sign_in", json!(true))]).await;
    let token = local_sign_in(&on, CLERK_ID)
        .await
        .into_json::<LocalSession>()
        .await
        .expect("session")
        .token;
    let key = TestKey::generate();
    let off = app_with_user(&clerk_overrides(&key)).await;

    let attempts = [
        json!({ "clerkId": CLERK_ID }),
        json!({ "clerkId": CLERK_ID, "localSignIn": true }),
    ];
    for body in attempts {
        let response = off
            .client
            .post("/api/dev/sign-in")
            .header(rocket::http::ContentType::JSON)
            .header(HttpHeader::new("X-DevFlow-Local-Sign-In", "true"))
            .body(body.to_string())
            .dispatch()
            .await;
        assert_eq!(response.status(), Status::NotFound);
    }
    let refused = get_me(&off, &token).await;
    assert_eq!(refused.status(), Status::Unauthorized);
    assert_eq!(error_code(refused).await, ErrorCode::InvalidSession);
}

#[rocket::async_test]
async fn local_sign_in_is_refused_at_start_up_off_loopback() {
    let error = testkit::app::settings(
        "mongodb://127.0.0.1:1",
        "devflow_test",
        &[
            ("local_sign_in", json!(true)),
            ("address", json!("0.0.0.0")),
        ],
    )
    .expect_err("refused");

    assert!(
        error.to_string().contains("DEVFLOW_LOCAL_SIGN_IN"),
        "{error}"
    );
}
