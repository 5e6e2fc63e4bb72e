//! Compression: pre-compressed static variants chosen by `Accept-Encoding` (with the
//! identity fallback and `Vary`), and API JSON over 1 kB compressed on the fly.

use std::io::Read;
use std::path::Path;

use backend::db::users::{self, UserDoc};
use mongodb::bson::DateTime;
use rocket::http::{ContentType, Header, Status};
use serde_json::json;

use crate::helpers::{settings_with, spawn_app_with, TestApp};

const WASM: &[u8] = b"\0asm-pretend-module";
const WASM_PATH: &str = "frontend-0123456789abcdef_bg.wasm";

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).expect("write test file");
}

/// A dist folder whose wasm file has both variants (with recognisable bodies) and whose
/// stylesheet has none.
async fn app_with_variants() -> (TestApp, tempfile::TempDir) {
    let dist = tempfile::tempdir().expect("temp dir");
    write(
        dist.path(),
        "index.html",
        b"<!doctype html><title>DevFlow</title>",
    );
    write(dist.path(), "index.html.br", b"brotli index");
    write(dist.path(), WASM_PATH, WASM);
    write(dist.path(), &format!("{WASM_PATH}.br"), b"brotli bytes");
    write(dist.path(), &format!("{WASM_PATH}.gz"), b"gzip bytes");
    write(dist.path(), "style.css", b"body{}");
    let app = spawn_app_with(settings_with(&[("static_dir", json!(dist.path()))])).await;
    (app, dist)
}

async fn fetch(
    app: &TestApp,
    path: &str,
    accept: Option<&str>,
) -> (Status, Vec<(String, String)>, Vec<u8>) {
    let mut request = app.client.get(path.to_owned());
    if let Some(accept) = accept {
        request = request.header(Header::new("Accept-Encoding", accept.to_owned()));
    }
    let response = request.dispatch().await;
    let status = response.status();
    let headers = response
        .headers()
        .iter()
        .map(|h| (h.name().to_string(), h.value().to_string()))
        .collect();
    let body = response.into_bytes().await.unwrap_or_default();
    (status, headers, body)
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[rocket::async_test]
async fn static_files_are_sent_in_the_best_accepted_variant() {
    let (app, _dist) = app_with_variants().await;
    let path = format!("/{WASM_PATH}");
    let cases: [(Option<&str>, Option<&str>, &[u8]); 6] = [
        (Some("gzip, deflate, br"), Some("br"), b"brotli bytes"),
        (Some("gzip"), Some("gzip"), b"gzip bytes"),
        (Some("br;q=0, gzip;q=0.8"), Some("gzip"), b"gzip bytes"),
        (Some("identity"), None, WASM),
        (Some("deflate"), None, WASM),
        (None, None, WASM),
    ];
    for (accept, encoding, body) in cases {
        let (status, headers, bytes) = fetch(&app, &path, accept).await;
        assert_eq!(status, Status::Ok, "{accept:?}");
        assert_eq!(header(&headers, "Content-Encoding"), encoding, "{accept:?}");
        assert_eq!(bytes, body, "{accept:?}");
        assert_eq!(
            header(&headers, "Content-Type"),
            Some("application/wasm"),
            "{accept:?}"
        );
        assert_eq!(
            header(&headers, "Vary"),
            Some("Accept-Encoding"),
            "{accept:?}"
        );
        assert_eq!(
            header(&headers, "Cache-Control"),
            Some("public, max-age=31536000, immutable")
        );
    }
}

#[rocket::async_test]
async fn the_app_shell_has_variants_too_and_files_without_any_fall_back() {
    let (app, _dist) = app_with_variants().await;
    let (_, headers, body) = fetch(&app, "/community", Some("br")).await;
    assert_eq!(header(&headers, "Content-Encoding"), Some("br"));
    assert_eq!(
        header(&headers, "Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(body, b"brotli index");

    let (status, headers, body) = fetch(&app, "/style.css", Some("br, gzip")).await;
    assert_eq!(status, Status::Ok);
    assert_eq!(header(&headers, "Content-Encoding"), None);
    assert_eq!(body, b"body{}");
}

#[rocket::async_test]
async fn api_json_over_a_kilobyte_is_compressed_and_small_json_is_not() {
    let app = spawn_app_with(settings_with(&[])).await;
    let people: Vec<UserDoc> = (0..20)
        .map(|i| {
            UserDoc::new(
                format!("user_{i:02}"),
                format!("Person {i:02}"),
                format!("person{i:02}"),
                DateTime::now(),
            )
        })
        .collect();
    users::insert_users(&app.db, &people).await.expect("insert");

    let (_, plain_headers, plain) = fetch(&app, "/api/users", None).await;
    assert_eq!(header(&plain_headers, "Content-Encoding"), None);
    assert!(
        plain.len() > 1024,
        "the page is big enough: {}",
        plain.len()
    );
    assert!(header(&plain_headers, "Vary").is_some_and(|v| v.contains("Accept-Encoding")));

    let (_, headers, gz) = fetch(&app, "/api/users", Some("gzip")).await;
    assert_eq!(header(&headers, "Content-Encoding"), Some("gzip"));
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(gz.as_slice())
        .read_to_end(&mut text)
        .expect("gunzip");
    assert_eq!(text, plain);
    assert!(
        gz.len() < plain.len() / 3,
        "{} of {}",
        gz.len(),
        plain.len()
    );

    let (_, headers, br) = fetch(&app, "/api/users", Some("gzip, br")).await;
    assert_eq!(header(&headers, "Content-Encoding"), Some("br"));
    let mut text = Vec::new();
    brotli::Decompressor::new(br.as_slice(), 4096)
        .read_to_end(&mut text)
        .expect("unbrotli");
    assert_eq!(text, plain);

    let (status, headers, body) = fetch(&app, "/api/health", Some("gzip, br")).await;
    assert_eq!(status, Status::Ok);
    assert_eq!(
        header(&headers, "Content-Encoding"),
        None,
        "small JSON goes as it is"
    );
    assert!(serde_json::from_slice::<serde_json::Value>(&body).is_ok());
    let _ = ContentType::JSON;
}
