//! `/robots.txt` and `/sitemap.xml` (and its pages).

use rocket::http::{ContentType, Status};
use serde_json::json;

use crate::helpers::{local_token, settings_with, spawn_app_with};

#[rocket::async_test]
async fn robots_txt_keeps_crawlers_off_the_api_and_names_the_sitemap() {
    let app = spawn_app_with(settings_with(&[(
        "public_url",
        json!("https://devflow.example"),
    )]))
    .await;
    let response = app.client.get("/robots.txt").dispatch().await;
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(response.content_type(), Some(ContentType::Plain));
    let text = response.into_string().await.unwrap_or_default();
    assert!(text.contains("Disallow: /api/"), "{text}");
    assert!(
        text.contains("Sitemap: https://devflow.example/sitemap.xml"),
        "{text}"
    );
}

#[rocket::async_test]
async fn the_sitemap_lists_a_new_question_its_tag_and_its_author() {
    let app = spawn_app_with(settings_with(&[
        ("public_url", json!("https://devflow.example")),
        ("local_sign_in", json!(true)),
    ]))
    .await;
    let ada =
        backend::db::users::UserDoc::new("user_ada", "Ada", "ada", mongodb::bson::DateTime::now());
    backend::db::users::insert_user(&app.db, &ada)
        .await
        .expect("insert");
    let token = local_token(&app, "user_ada").await;
    let asked = app
        .client
        .post("/api/questions")
        .header(ContentType::JSON)
        .header(rocket::http::Header::new("Authorization", format!("Bearer {token}")))
        .body(json!({"title": "Sitemaps & <escaping>", "content": "A body long enough for the rules.", "tags": ["c++"]}).to_string())
        .dispatch()
        .await;
    assert_eq!(asked.status(), Status::Created);
    let id = asked.into_json::<serde_json::Value>().await.expect("json")["id"]
        .as_str()
        .expect("id")
        .to_owned();

    let response = app.client.get("/sitemap.xml").dispatch().await;
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(response.content_type(), Some(ContentType::XML));
    let xml = response.into_string().await.unwrap_or_default();
    assert!(xml.contains("<urlset"), "{xml}");
    for loc in [
        "https://devflow.example/".to_owned(),
        format!("https://devflow.example/question/{id}/sitemaps-escaping"),
        "https://devflow.example/tags/c%2B%2B".to_owned(),
        "https://devflow.example/profile/user_ada".to_owned(),
    ] {
        assert!(xml.contains(&format!("<loc>{loc}</loc>")), "{loc} in {xml}");
    }
    assert!(xml.contains("<lastmod>"), "{xml}");

    let page = app.client.get("/sitemaps/questions-1.xml").dispatch().await;
    assert_eq!(page.status(), Status::Ok);
    assert!(page.into_string().await.unwrap_or_default().contains(&id));
    for missing in [
        "/sitemaps/questions-2.xml",
        "/sitemaps/nope-1.xml",
        "/sitemaps/x",
    ] {
        let response = app.client.get(missing).dispatch().await;
        assert_eq!(response.status(), Status::NotFound, "{missing}");
    }
}
