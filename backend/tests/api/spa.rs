use rocket::http::{ContentType, Status};
use shared::ErrorBody;

use std::path::Path;

use serde_json::json;

use crate::helpers::{settings_with, spawn_app_with, TestApp};

const INDEX: &str = "<!doctype html><title>DevFlow</title><div id=app></div>";

fn write_file(dir: &Path, relative: &str, contents: &str) {
    std::fs::write(dir.join(relative), contents).expect("write test file");
}

async fn app_with_dist() -> (TestApp, tempfile::TempDir) {
    let dist = tempfile::tempdir().expect("temp dir");
    write_file(dist.path(), "index.html", INDEX);
    write_file(
        dist.path(),
        "frontend-0123456789abcdef.js",
        "export default 1;",
    );
    write_file(dist.path(), "style.css", "body{}");
    let app = spawn_app_with(settings_with(&[("static_dir", json!(dist.path()))])).await;
    (app, dist)
}

#[rocket::async_test]
async fn client_side_routes_and_deep_links_get_the_app_shell() {
    let (app, _dist) = app_with_dist().await;
    for path in [
        "/",
        "/community",
        "/question/42/some-title?tab=answers",
        "/profile/user_1",
    ] {
        let response = app.client.get(path).dispatch().await;

        assert_eq!(response.status(), Status::Ok, "{path}");
        assert_eq!(response.content_type(), Some(ContentType::HTML), "{path}");
        assert_eq!(
            response.headers().get_one("Cache-Control"),
            Some("no-cache")
        );
        assert_eq!(
            response.into_string().await.as_deref(),
            Some(INDEX),
            "{path}"
        );
    }
}

#[rocket::async_test]
async fn built_assets_are_served_with_their_type_and_long_caching() {
    let (app, _dist) = app_with_dist().await;

    let response = app
        .client
        .get("/frontend-0123456789abcdef.js")
        .dispatch()
        .await;

    assert_eq!(response.status(), Status::Ok);
    assert_eq!(response.content_type(), Some(ContentType::JavaScript));
    assert_eq!(
        response.headers().get_one("Cache-Control"),
        Some("public, max-age=31536000, immutable")
    );
}

#[rocket::async_test]
async fn a_missing_file_with_an_extension_is_a_real_404() {
    let (app, _dist) = app_with_dist().await;
    for path in ["/missing.js", "/assets/logo.svg", "/.env"] {
        let response = app.client.get(path).dispatch().await;

        assert_eq!(response.status(), Status::NotFound, "{path}");
        let body = response.into_string().await.unwrap_or_default();
        assert!(
            !body.contains("DevFlow</title>"),
            "{path} must not get the app shell"
        );
    }
}

#[rocket::async_test]
async fn unknown_api_paths_get_a_json_404_for_any_method() {
    let (app, _dist) = app_with_dist().await;
    let requests = [
        app.client.get("/api/nope"),
        app.client.get("/api"),
        app.client.get("/api/health/extra"),
        app.client.post("/api/nope"),
        app.client.delete("/api/nope/deeper"),
    ];
    // (A known address with another method is a 405: see `http.rs`.)
    for request in requests {
        let response = request.dispatch().await;

        assert_eq!(response.status(), Status::NotFound);
        assert_eq!(response.content_type(), Some(ContentType::JSON));
        let body: ErrorBody = response.into_json().await.expect("ErrorBody JSON");
        assert_eq!(body.code, shared::ErrorCode::NotFound);
    }
}

#[rocket::async_test]
async fn without_a_built_spa_pages_are_404_not_a_crash() {
    let empty = tempfile::tempdir().expect("temp dir");
    let app = spawn_app_with(settings_with(&[(
        "static_dir",
        json!(empty.path().join("nothing")),
    )]))
    .await;

    let response = app.client.get("/community").dispatch().await;

    assert_eq!(response.status(), Status::NotFound);
}
