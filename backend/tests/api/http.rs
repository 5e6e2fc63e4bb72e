//! What every API client may rely on, whatever the endpoint: request ids, security
//! headers, CORS, conditional GETs and caching rules, rate limits shared by every
//! instance, and an OpenAPI description that documents every mounted route.

use std::path::Path;

use rocket::http::{Header, Method, Status};
use serde_json::{json, Value};
use shared::{ErrorBody, ErrorCode};

use crate::helpers::{settings_with, spawn_app, spawn_app_with};
use crate::questions::{Forum, ADA, BOB};

#[rocket::async_test]
async fn every_response_carries_a_request_id_and_echoes_the_clients() {
    let app = spawn_app().await;

    let generated = app.client.get("/api/health").dispatch().await;
    let given = app
        .client
        .get("/api/nope")
        .header(Header::new("X-Request-Id", "bug-report-42"))
        .dispatch()
        .await;

    let id = generated.headers().get_one("X-Request-Id").expect("an id");
    assert_eq!(id.len(), 24);
    assert_eq!(
        given.headers().get_one("X-Request-Id"),
        Some("bug-report-42")
    );
}

#[rocket::async_test]
async fn api_answers_carry_security_headers_and_a_policy_that_loads_nothing() {
    let app = spawn_app().await;

    let response = app.client.get("/api/users").dispatch().await;

    let headers = response.headers();
    assert_eq!(headers.get_one("X-Content-Type-Options"), Some("nosniff"));
    assert_eq!(headers.get_one("X-Frame-Options"), Some("DENY"));
    assert_eq!(
        headers.get_one("Referrer-Policy"),
        Some("strict-origin-when-cross-origin")
    );
    assert_eq!(
        headers.get_one("Content-Security-Policy"),
        Some("default-src 'none'; frame-ancestors 'none'")
    );
}

#[rocket::async_test]
async fn pages_allow_webassembly_and_exactly_the_shells_inline_scripts() {
    let dist = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        Path::new(dist.path()).join("index.html"),
        "<!doctype html><title>DevFlow</title><script>a()</script><div id=devflow></div>",
    )
    .expect("write the shell");
    let app = spawn_app_with(settings_with(&[("static_dir", json!(dist.path()))])).await;

    let response = app.client.get("/sign-in").dispatch().await;

    let policy = response
        .headers()
        .get_one("Content-Security-Policy")
        .expect("a policy")
        .to_owned();
    let script = policy
        .split("; ")
        .find(|d| d.starts_with("script-src"))
        .expect("script-src");
    assert!(script.contains("'wasm-unsafe-eval'"), "{policy}");
    // sha256 of `a()`.
    assert!(
        script.contains("'sha256-qVpDBgj7bpq5hMAcGp3AOc79J3Y1Z4HvySTwKrWDoy4='"),
        "{policy}"
    );
    assert!(!script.contains("'unsafe-inline'"), "{policy}");
}

#[rocket::async_test]
async fn cors_answers_allowed_origins_with_credentials_and_ignores_others() {
    let app = spawn_app_with(settings_with(&[(
        "cors_origins",
        json!("https://tools.example"),
    )]))
    .await;

    let allowed = app
        .client
        .get("/api/users")
        .header(Header::new("Origin", "https://tools.example"))
        .dispatch()
        .await;
    let other = app
        .client
        .get("/api/users")
        .header(Header::new("Origin", "https://evil.example"))
        .dispatch()
        .await;

    assert_eq!(
        allowed.headers().get_one("Access-Control-Allow-Origin"),
        Some("https://tools.example")
    );
    assert_eq!(
        allowed
            .headers()
            .get_one("Access-Control-Allow-Credentials"),
        Some("true")
    );
    assert!(allowed
        .headers()
        .get_one("Access-Control-Expose-Headers")
        .is_some_and(|h| h.contains("ETag") && h.contains("X-Request-Id")));
    assert_eq!(other.status(), Status::Ok);
    assert_eq!(other.headers().get_one("Access-Control-Allow-Origin"), None);
    assert_eq!(
        other.headers().get_one("Access-Control-Allow-Credentials"),
        None
    );
}

#[rocket::async_test]
async fn a_preflight_from_an_allowed_origin_is_answered_and_others_are_not() {
    let app = spawn_app_with(settings_with(&[(
        "cors_origins",
        json!("https://tools.example"),
    )]))
    .await;
    let preflight = |origin: &'static str| {
        app.client
            .req(Method::Options, "/api/questions")
            .header(Header::new("Origin", origin))
            .header(Header::new("Access-Control-Request-Method", "POST"))
            .header(Header::new(
                "Access-Control-Request-Headers",
                "authorization, content-type",
            ))
            .dispatch()
    };

    let allowed = preflight("https://tools.example").await;
    let other = preflight("https://evil.example").await;

    assert_eq!(allowed.status(), Status::NoContent);
    let methods = allowed
        .headers()
        .get_one("Access-Control-Allow-Methods")
        .expect("methods");
    assert!(methods.contains("POST") && methods.contains("PATCH"));
    let headers = allowed
        .headers()
        .get_one("Access-Control-Allow-Headers")
        .expect("headers")
        .to_ascii_lowercase();
    assert!(headers.contains("authorization") && headers.contains("content-type"));
    assert_eq!(other.status(), Status::Forbidden);
    assert_eq!(other.headers().get_one("Access-Control-Allow-Origin"), None);
    let refused: ErrorBody = other.into_json().await.expect("an ErrorBody");
    assert_eq!(refused.code, ErrorCode::Forbidden);
}

#[rocket::async_test]
async fn any_origin_may_read_but_never_with_credentials() {
    let app = spawn_app_with(settings_with(&[("cors_origins", json!("*"))])).await;

    let response = app
        .client
        .get("/api/tags")
        .header(Header::new("Origin", "https://anyone.example"))
        .dispatch()
        .await;

    assert_eq!(
        response.headers().get_one("Access-Control-Allow-Origin"),
        Some("*")
    );
    assert_eq!(
        response
            .headers()
            .get_one("Access-Control-Allow-Credentials"),
        None
    );
}

/// A GET's status, ETag, Cache-Control and body length.
async fn conditional_get(
    forum: &Forum,
    path: &str,
    if_none_match: Option<&str>,
) -> (Status, Option<String>, Option<String>, usize) {
    let mut request = forum.app.client.get(path.to_owned());
    if let Some(tag) = if_none_match {
        request = request.header(Header::new("If-None-Match", tag.to_owned()));
    }
    let response = request.dispatch().await;
    let status = response.status();
    let tag = response.headers().get_one("ETag").map(str::to_owned);
    let cache = response
        .headers()
        .get_one("Cache-Control")
        .map(str::to_owned);
    let body = response.into_bytes().await.unwrap_or_default();
    (status, tag, cache, body.len())
}

#[rocket::async_test]
async fn a_matching_if_none_match_is_a_bodyless_304_until_the_list_changes() {
    let forum = Forum::start().await;
    forum.ask(ADA, "How do lifetimes work?", &["rust"]).await;

    let (status, tag, cache, _) = conditional_get(&forum, "/api/questions", None).await;
    let tag = tag.expect("an ETag");
    let (again, _, _, length) = conditional_get(&forum, "/api/questions", Some(&tag)).await;
    forum.ask(BOB, "What is a trait object?", &["rust"]).await;
    let (changed, new_tag, _, _) = conditional_get(&forum, "/api/questions", Some(&tag)).await;

    assert_eq!(status, Status::Ok);
    assert!(tag.starts_with('"') && !tag.starts_with("W/"), "{tag}");
    assert_eq!(cache.as_deref(), Some("public, max-age=30"));
    assert_eq!(again, Status::NotModified);
    assert_eq!(length, 0);
    assert_eq!(changed, Status::Ok);
    assert_ne!(new_tag.as_deref(), Some(tag.as_str()));
}

#[rocket::async_test]
async fn single_resources_revalidate_and_personal_answers_are_private_or_unstored() {
    let forum = Forum::start().await;
    let id = forum.ask(ADA, "How do lifetimes work?", &["rust"]).await;
    let cache_of = |reply: rocket::local::asynchronous::LocalResponse<'_>| {
        reply.headers().get_one("Cache-Control").map(str::to_owned)
    };

    let anonymous = forum
        .app
        .client
        .get(format!("/api/questions/{id}"))
        .cookie(rocket::http::Cookie::new(
            "devflow_visitor",
            "0123456789abcdef01234567",
        ))
        .dispatch()
        .await;
    let anonymous = cache_of(anonymous);
    let signed_in = forum
        .send(Method::Get, "/api/questions", Some(ADA), None)
        .await;
    let me = forum
        .app
        .client
        .get("/api/me")
        .header(Header::new(
            "Authorization",
            format!(
                "Bearer {}",
                crate::helpers::local_token(&forum.app, ADA).await
            ),
        ))
        .dispatch()
        .await;

    assert_eq!(anonymous.as_deref(), Some("public, no-cache"));
    assert_eq!(signed_in.status, Status::Ok);
    assert_eq!(cache_of(me).as_deref(), Some("no-store"));
    let listed = forum
        .app
        .client
        .get("/api/questions")
        .header(Header::new("Authorization", "Bearer x.y.z"))
        .dispatch()
        .await;
    assert_ne!(cache_of(listed).as_deref(), Some("public, max-age=30"));
}

#[rocket::async_test]
async fn writes_over_the_limit_are_429_and_change_nothing() {
    let forum = Forum::start_with(&[("rate_limit_writes", json!(3))]).await;
    let id = forum.ask(ADA, "How do lifetimes work?", &["rust"]).await;
    let save = format!("/api/questions/{id}/save");

    let mut replies = Vec::new();
    for _ in 0..4 {
        replies.push(forum.post(&save, Some(BOB), json!({})).await);
    }
    let ada = forum.post(&save, Some(ADA), json!({})).await;

    let statuses: Vec<Status> = replies.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        [Status::Ok, Status::Ok, Status::Ok, Status::TooManyRequests]
    );
    assert_eq!(replies[3].code(), ErrorCode::RateLimited);
    // Saved, unsaved, saved: the refused fourth toggle changed nothing.
    let me = forum.get("/api/me", Some(BOB)).await.expect(Status::Ok);
    assert_eq!(me["saved"], json!([id]));
    // Each user has a budget of their own (Ada spent one on asking).
    assert_eq!(ada.status, Status::Ok);
}

#[rocket::async_test]
async fn a_refused_write_says_when_to_retry() {
    let forum = Forum::start_with(&[("rate_limit_writes", json!(1))]).await;
    forum.ask(ADA, "How do lifetimes work?", &["rust"]).await;

    let response = forum
        .app
        .client
        .post("/api/questions")
        .header(Header::new(
            "Authorization",
            format!("Bearer {}", crate::helpers::local_token(&forum.app, ADA).await),
        ))
        .header(rocket::http::ContentType::JSON)
        .body(json!({"title": "A second question", "content": crate::questions::BODY, "tags": ["rust"]}).to_string())
        .dispatch()
        .await;

    assert_eq!(response.status(), Status::TooManyRequests);
    crate::helpers::retry_after_secs(&response);
    let body: ErrorBody = response.into_json().await.expect("an ErrorBody");
    assert_eq!(body.code, ErrorCode::RateLimited);
    let list = forum.get("/api/questions", None).await.expect(Status::Ok);
    assert_eq!(list["total"], 1);
}

#[rocket::async_test]
async fn two_instances_on_one_database_share_one_budget() {
    let settings = settings_with(&[
        ("local_sign_in", json!(true)),
        ("rate_limit_sign_in", json!(2)),
    ]);
    let one = spawn_app_with(settings.clone()).await;
    let two = spawn_app_with(settings).await;

    let mut statuses = Vec::new();
    for app in [&one, &two, &one] {
        let response = app
            .client
            .post("/api/dev/sign-in")
            .header(rocket::http::ContentType::JSON)
            .body(json!({"clerkId": "user_nobody"}).to_string())
            .dispatch()
            .await;
        statuses.push(response.status());
    }

    assert_eq!(
        statuses,
        [Status::NotFound, Status::NotFound, Status::TooManyRequests]
    );
}

#[rocket::async_test]
async fn reads_are_never_limited() {
    let forum = Forum::start_with(&[("rate_limit_writes", json!(1))]).await;

    for _ in 0..5 {
        forum
            .get("/api/questions", Some(ADA))
            .await
            .expect(Status::Ok);
    }
}

#[rocket::async_test]
async fn every_mounted_api_route_is_in_the_openapi_document() {
    let app = spawn_app_with(settings_with(&[("local_sign_in", json!(true))])).await;
    let document: Value = app
        .client
        .get("/api/openapi.json")
        .dispatch()
        .await
        .into_json()
        .await
        .expect("the document");

    assert!(document["openapi"]
        .as_str()
        .is_some_and(|v| v.starts_with("3.1")));
    let mut missing = Vec::new();
    let mut mounted = 0;
    for route in app.client.rocket().routes() {
        let path = route.uri.path().to_string();
        if !path.starts_with("/api/") {
            continue;
        }
        mounted += 1;
        // `/api/questions/<id>` is `/api/questions/{id}` in OpenAPI.
        let templated = path.replace('<', "{").replace('>', "}");
        let method = route.method.as_str().to_ascii_lowercase();
        if !document["paths"][&templated][&method].is_object() {
            missing.push(format!("{method} {templated}"));
        }
    }
    assert!(missing.is_empty(), "undocumented routes: {missing:?}");
    assert!(mounted >= 30, "{mounted}");
}

#[rocket::async_test]
async fn the_api_reference_is_a_self_contained_page() {
    let app = spawn_app().await;

    let response = app.client.get("/api/docs").dispatch().await;

    assert_eq!(response.status(), Status::Ok);
    assert_eq!(
        response.content_type(),
        Some(rocket::http::ContentType::HTML)
    );
    let html = response.into_string().await.expect("html");
    assert!(html.contains("/api/questions/{id}"));
    assert!(html.contains("rate_limited"));
    assert!(!html.contains("<script"));
    assert!(
        !html.contains("https://"),
        "nothing is fetched from elsewhere"
    );
}

#[rocket::async_test]
async fn a_known_address_with_another_method_is_405_naming_the_allowed_ones() {
    let app = spawn_app().await;

    let response = app.client.put("/api/questions").dispatch().await;

    assert_eq!(response.status(), Status::MethodNotAllowed);
    assert_eq!(response.headers().get_one("Allow"), Some("GET, HEAD, POST"));
    let body: ErrorBody = response.into_json().await.expect("an ErrorBody");
    assert_eq!(body.code, ErrorCode::MethodNotAllowed);
}

#[rocket::async_test]
async fn a_body_that_is_not_one_json_object_is_refused() {
    let forum = Forum::start().await;

    for body in [
        json!([null, null]),
        json!(["Ada", "ada"]),
        json!("x"),
        json!(1),
    ] {
        let reply = forum
            .send(Method::Patch, "/api/me", Some(ADA), Some(body.clone()))
            .await;
        assert_eq!(reply.status, Status::BadRequest, "{body}");
        assert_eq!(reply.code(), ErrorCode::BadRequest, "{body}");
    }
}

#[rocket::async_test]
async fn a_browsers_policy_violation_report_is_kept_and_junk_is_refused() {
    let app = spawn_app().await;
    let report = json!({"csp-report": {
        "document-uri": "http://127.0.0.1:8000/",
        "effective-directive": "script-src-elem",
        "blocked-uri": "inline",
        "line-number": 12
    }});

    let kept = app
        .client
        .post("/api/csp-reports")
        .header(rocket::http::ContentType::new("application", "csp-report"))
        .body(report.to_string())
        .dispatch()
        .await
        .status();
    let mut refused = Vec::new();
    for junk in ["not json", "[1, 2]", "{\"csp-report\": 3}"] {
        let status = app
            .client
            .post("/api/csp-reports")
            .body(junk)
            .dispatch()
            .await
            .status();
        refused.push(status);
    }

    assert_eq!(kept, Status::NoContent);
    assert_eq!(refused, [Status::BadRequest; 3]);
    let stored = backend::db::csp_reports::list_csp_reports(&app.db, 10)
        .await
        .expect("reports");
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].directive, "script-src-elem");
    assert!(stored[0].summary.contains("blocked inline"));
}
