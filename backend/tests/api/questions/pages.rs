//! Pages rendered on the server: a question's page carries its title, body, answers,
//! canonical link and Open Graph tags, with the data embedded for hydration; hostile
//! posts stay inert; missing things are a 404 page; private pages and a shell that
//! cannot take a page fall back to the plain SPA shell.

use rocket::http::{ContentType, Header, Status};
use serde_json::{json, Value};

use super::{Forum, ADA, BOB};

/// A shell like trunk's: the root element the app renders into, and default head tags.
const SHELL: &str = "<!doctype html><html><head><meta charset=\"utf-8\" />\n\
    <meta name=\"description\" content=\"DevFlow: default.\" />\n<title>DevFlow</title>\n\
    </head><body><div id=\"devflow\"></div><noscript>x</noscript></body></html>";

async fn forum_with_shell(shell: &str) -> (Forum, tempfile::TempDir) {
    let dist = tempfile::tempdir().expect("temp dir");
    std::fs::write(dist.path().join("index.html"), shell).expect("write shell");
    let forum = Forum::start_with(&[
        ("static_dir", json!(dist.path())),
        ("public_url", json!("https://devflow.example")),
    ])
    .await;
    (forum, dist)
}

/// `GET path` as a browser: status and HTML.
async fn page(forum: &Forum, path: &str) -> (Status, String) {
    let response = forum
        .app
        .client
        .get(path.to_owned())
        .header(Header::new("Accept", "text/html"))
        .dispatch()
        .await;
    let status = response.status();
    assert_eq!(response.content_type(), Some(ContentType::HTML), "{path}");
    (status, response.into_string().await.unwrap_or_default())
}

/// The answers embedded for hydration, by API path.
fn embedded(html: &str) -> Value {
    let data = html
        .split("<script id=\"devflow-data\" type=\"application/json\">")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .expect("embedded data");
    serde_json::from_str(data).expect("embedded data is JSON")
}

#[rocket::async_test]
async fn a_question_page_is_rendered_with_its_answers_head_and_data() {
    let (forum, _dist) = forum_with_shell(SHELL).await;
    let id = forum
        .ask_with(
            ADA,
            "Why does the borrow checker reject this loop?",
            "I push to a vector while iterating over it and the compiler objects loudly.",
            &["rust"],
        )
        .await;
    forum
        .answer_with(
            BOB,
            &id,
            "Collect the new items first, then extend the vector.",
        )
        .await;

    let (status, html) = page(&forum, &format!("/question/{id}")).await;

    assert_eq!(status, Status::Ok);
    assert!(
        html.contains("Why does the borrow checker reject this loop?</h1>"),
        "{html}"
    );
    assert!(html.contains("the compiler objects loudly"), "{html}");
    assert!(html.contains("Collect the new items first"), "{html}");
    assert!(
        html.contains("<title>Why does the borrow checker reject this loop? · DevFlow</title>"),
        "{html}"
    );
    let canonical = format!(
        "<link rel=\"canonical\" href=\"https://devflow.example/question/{id}/why-does-the-borrow-checker-reject-this-loop\" />"
    );
    assert!(html.contains(&canonical), "{html}");
    assert!(
        html.contains("<meta name=\"description\" content=\"I push to a vector"),
        "{html}"
    );
    assert!(!html.contains("DevFlow: default."), "{html}");
    assert!(html.contains("<meta property=\"og:title\""), "{html}");
    let data = embedded(&html);
    assert_eq!(data[format!("/api/questions/{id}")]["status"], 200);
    assert_eq!(
        data[format!("/api/questions/{id}")]["body"]["title"],
        "Why does the borrow checker reject this loop?"
    );
    assert!(data
        .as_object()
        .expect("test value")
        .keys()
        .any(|path| path.starts_with(&format!("/api/questions/{id}/answers"))));
}

#[rocket::async_test]
async fn script_in_a_post_is_inert_in_the_page_and_in_its_data() {
    let (forum, _dist) = forum_with_shell(SHELL).await;
    let id = forum
        .ask_with(
            ADA,
            "Is this </script><script>alert(1)</script> title safe?",
            "Body <script>alert('body')</script> and </script><!-- too, long enough.",
            &["security"],
        )
        .await;

    let (status, html) = page(&forum, &format!("/question/{id}")).await;

    assert_eq!(status, Status::Ok);
    assert!(!html.to_lowercase().contains("<script>alert"), "{html}");
    assert!(!html.contains("</script><!--"), "{html}");
    // Exactly the shell's own script element: nothing in the content opened another.
    assert_eq!(html.matches("<script").count(), 1, "{html}");
    let data = embedded(&html);
    assert_eq!(
        data[format!("/api/questions/{id}")]["body"]["title"],
        "Is this </script><script>alert(1)</script> title safe?"
    );
}

#[rocket::async_test]
async fn a_missing_question_is_a_rendered_404_page() {
    let (forum, _dist) = forum_with_shell(SHELL).await;

    let (status, html) = page(&forum, "/question/000000000000000000000000/gone").await;

    assert_eq!(status, Status::NotFound);
    assert!(html.contains("Question not found"), "{html}");
}

#[rocket::async_test]
async fn public_lists_and_profiles_are_rendered_with_their_data() {
    let (forum, _dist) = forum_with_shell(SHELL).await;
    forum
        .ask(ADA, "A question for the home page", &["rust"])
        .await;

    for (path, expect) in [
        ("/", "A question for the home page"),
        ("/community", "Ada Lovelace"),
        ("/tags", "rust"),
        ("/tags/rust", "A question for the home page"),
        (&format!("/profile/{ADA}") as &str, "Ada Lovelace"),
    ] {
        let (status, html) = page(&forum, path).await;

        assert_eq!(status, Status::Ok, "{path}");
        assert!(html.contains(expect), "{path}: {html}");
        assert!(html.contains("id=\"devflow-data\""), "{path}");
    }
}

#[rocket::async_test]
async fn private_pages_and_a_shell_without_a_root_are_the_plain_shell() {
    let (forum, _dist) = forum_with_shell(SHELL).await;
    for path in ["/collection", "/ask-question", "/profile/edit", "/sign-in"] {
        let (status, html) = page(&forum, path).await;

        assert_eq!(status, Status::Ok, "{path}");
        assert_eq!(html, SHELL, "{path}");
    }

    let plain = "<!doctype html><title>DevFlow</title><div id=app></div>";
    let (forum, _dist) = forum_with_shell(plain).await;
    let (status, html) = page(&forum, "/community").await;
    assert_eq!(status, Status::Ok);
    assert_eq!(html, plain);
}
