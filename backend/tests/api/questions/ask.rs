//! Asking, reading, editing and deleting questions.

use rocket::http::{Method, Status};
use serde_json::json;
use shared::ErrorCode;

use super::{Forum, ADA, BOB, BODY, CY};

#[rocket::async_test]
async fn asking_answers_201_with_the_question_and_its_canonical_slug() {
    let forum = Forum::start().await;

    let reply = forum
        .post(
            "/api/questions",
            Some(ADA),
            json!({
                "title": "  How do lifetimes work in Rust?  ",
                "content": "I read **the book** but:\n\n```rust\nfn f<'a>(x: &'a str) {}\n```\n",
                "tags": [" Rust ", "LIFETIMES", "rust"],
            }),
        )
        .await;
    let question = reply.expect(Status::Created);

    assert_eq!(question["title"], "How do lifetimes work in Rust?");
    assert_eq!(question["slug"], "how-do-lifetimes-work-in-rust");
    let tags: Vec<&str> = question["tags"]
        .as_array()
        .expect("tags")
        .iter()
        .map(|t| t["name"].as_str().expect("name"))
        .collect();
    assert_eq!(tags, ["rust", "lifetimes"]);
    assert_eq!(question["author"]["clerkId"], ADA);
    assert_eq!(question["author"]["reputation"], 5);
    assert!(question["contentHtml"]
        .as_str()
        .expect("html")
        .contains("<strong>the book</strong>"));
    assert!(question["contentHtml"]
        .as_str()
        .expect("html")
        .contains("hl-keyword"));
    assert_eq!(question["mine"], true);
    assert_eq!(question["myVote"], serde_json::Value::Null);
    assert_eq!(question["answers"], 0);
    assert_eq!(forum.reputation(ADA).await, 5);

    let id = question["id"].as_str().expect("id");
    let fetched = forum
        .get(&format!("/api/questions/{id}"), None)
        .await
        .expect(Status::Ok);
    assert_eq!(fetched["content"], question["content"]);
    assert_eq!(fetched["mine"], false);
}

#[rocket::async_test]
async fn invalid_questions_are_refused_with_the_field_and_the_shared_message() {
    let forum = Forum::start().await;
    let long = |n: usize| "x".repeat(n);
    let cases = [
        (
            json!({ "title": "Why?", "content": BODY, "tags": ["a"] }),
            "title",
        ),
        (
            json!({ "title": long(131), "content": BODY, "tags": ["a"] }),
            "title",
        ),
        (
            json!({ "title": "Fine title", "content": "too short", "tags": ["a"] }),
            "content",
        ),
        (
            json!({ "title": "Fine title", "content": long(30_001), "tags": ["a"] }),
            "content",
        ),
        (
            json!({ "title": "Fine title", "content": BODY, "tags": [] }),
            "tags",
        ),
        (
            json!({ "title": "Fine title", "content": BODY, "tags": ["a", "b", "c", "d", "e", "f"] }),
            "tags",
        ),
        (
            json!({ "title": "Fine title", "content": BODY, "tags": ["no spaces"] }),
            "tags",
        ),
        (
            json!({ "title": "Fine title", "content": BODY, "tags": [long(25)] }),
            "tags",
        ),
    ];
    for (body, field) in cases {
        let reply = forum.post("/api/questions", Some(ADA), body.clone()).await;
        assert_eq!(reply.status, Status::BadRequest, "{body}");
        assert_eq!(reply.code(), ErrorCode::InvalidParameter);
        assert_eq!(reply.body["field"], field, "{body}");
    }
    for body in [
        json!({ "title": "Fine title", "content": BODY }),
        json!({ "title": "Fine title", "content": BODY, "tags": ["a"], "extra": 1 }),
        json!("not an object"),
    ] {
        let reply = forum.post("/api/questions", Some(ADA), body.clone()).await;
        assert_eq!(reply.status, Status::BadRequest, "{body}");
        assert_eq!(reply.code(), ErrorCode::BadRequest);
    }
    assert!(forum.documents("questions").await.is_empty());
    assert_eq!(forum.reputation(ADA).await, 0);
}

#[rocket::async_test]
async fn writing_needs_a_signed_in_user() {
    let forum = Forum::start().await;
    let id = forum.ask(ADA, "A question to act on", &["rust"]).await;
    let answer = forum.answer(BOB, &id).await;

    let requests = [
        (Method::Post, "/api/questions".to_owned()),
        (Method::Patch, format!("/api/questions/{id}")),
        (Method::Delete, format!("/api/questions/{id}")),
        (Method::Post, format!("/api/questions/{id}/vote")),
        (Method::Post, format!("/api/questions/{id}/save")),
        (Method::Post, format!("/api/questions/{id}/answers")),
        (Method::Patch, format!("/api/answers/{answer}")),
        (Method::Delete, format!("/api/answers/{answer}")),
        (Method::Post, format!("/api/answers/{answer}/vote")),
        (Method::Post, format!("/api/answers/{answer}/accept")),
    ];
    for (method, path) in requests {
        let reply = forum
            .send(method, &path, None, Some(json!({ "direction": "up" })))
            .await;
        assert_eq!(reply.status, Status::Unauthorized, "{method} {path}");
        assert_eq!(reply.code(), ErrorCode::Unauthenticated, "{method} {path}");
    }
}

#[rocket::async_test]
async fn unknown_and_malformed_ids_are_404() {
    let forum = Forum::start().await;
    for id in ["6650f0c0c0c0c0c0c0c0c0c0", "nope", "%24where", "a.b"] {
        let reply = forum.get(&format!("/api/questions/{id}"), None).await;
        assert_eq!(reply.status, Status::NotFound, "{id}");
        assert_eq!(reply.code(), ErrorCode::NotFound);
        let reply = forum
            .get(&format!("/api/questions/{id}/answers"), None)
            .await;
        assert_eq!(reply.status, Status::NotFound, "{id}");
        let reply = forum.vote_reply(BOB, &format!("/api/answers/{id}")).await;
        assert_eq!(reply.status, Status::NotFound, "{id}");
    }
}

impl Forum {
    async fn vote_reply(&self, who: &str, post: &str) -> super::Reply {
        self.post(
            &format!("{post}/vote"),
            Some(who),
            json!({ "direction": "up" }),
        )
        .await
    }
}

#[rocket::async_test]
async fn only_the_author_edits_and_an_edit_re_renders_and_retags() {
    let forum = Forum::start().await;
    let id = forum
        .ask(ADA, "Original title here", &["rust", "old"])
        .await;
    let path = format!("/api/questions/{id}");

    let reply = forum
        .send(
            Method::Patch,
            &path,
            Some(BOB),
            Some(json!({ "title": "Hijacked title" })),
        )
        .await;
    assert_eq!(reply.status, Status::Forbidden);
    assert_eq!(reply.code(), ErrorCode::Forbidden);

    let reply = forum
        .send(
            Method::Patch,
            &path,
            Some(ADA),
            Some(json!({ "content": "short" })),
        )
        .await;
    assert_eq!(reply.body["field"], "content");

    let edited = forum
        .send(
            Method::Patch,
            &path,
            Some(ADA),
            Some(json!({ "title": "Edited title here", "content": "Now with *emphasis* and enough text.", "tags": ["rust", "new"] })),
        )
        .await
        .expect(Status::Ok);
    assert_eq!(edited["slug"], "edited-title-here");
    assert!(edited["contentHtml"]
        .as_str()
        .expect("html")
        .contains("<em>emphasis</em>"));
    assert!(edited["updatedAt"].is_string());

    let tags = forum.documents("tags").await;
    let questions_of = |name: &str| {
        tags.iter()
            .find(|t| t.get_str("name") == Ok(name))
            .map(|t| t.get_array("questions").map(|q| q.len()).unwrap_or(0))
    };
    assert_eq!(questions_of("rust"), Some(1));
    assert_eq!(questions_of("new"), Some(1));
    assert_eq!(questions_of("old"), Some(0));
    assert_eq!(forum.reputation(ADA).await, 5, "an edit earns nothing");
}

#[rocket::async_test]
async fn deleting_a_question_removes_everything_hanging_off_it_and_its_reputation() {
    let forum = Forum::start().await;
    let keep = forum.ask(BOB, "A question that stays", &["rust"]).await;
    let id = forum
        .ask(ADA, "A question to delete", &["rust", "gone"])
        .await;
    let answer = forum.answer(BOB, &id).await;
    forum.vote(BOB, &format!("/api/questions/{id}"), "up").await;
    forum
        .vote(CY, &format!("/api/answers/{answer}"), "up")
        .await;
    forum
        .post(
            &format!("/api/answers/{answer}/accept"),
            Some(ADA),
            json!({}),
        )
        .await
        .expect(Status::Ok);
    forum
        .post(&format!("/api/questions/{id}/save"), Some(CY), json!({}))
        .await
        .expect(Status::Ok);
    forum
        .get(&format!("/api/questions/{id}"), Some(CY))
        .await
        .expect(Status::Ok);
    // Ada: 5 ask + 10 upvoted + 2 accepting; Bob: 5 ask + 10 answer + 1 vote + 10
    // upvoted + 15 accepted; Cy: 2 for voting on an answer.
    assert_eq!(forum.reputations().await, [17, 41, 2]);

    let reply = forum
        .send(
            Method::Delete,
            &format!("/api/questions/{id}"),
            Some(BOB),
            None,
        )
        .await;
    assert_eq!(reply.status, Status::Forbidden);
    forum
        .send(
            Method::Delete,
            &format!("/api/questions/{id}"),
            Some(ADA),
            None,
        )
        .await
        .expect(Status::NoContent);

    assert_eq!(forum.reputations().await, [0, 5, 0]);
    forum
        .get(&format!("/api/questions/{id}"), None)
        .await
        .expect(Status::NotFound);
    let ids = |docs: Vec<mongodb::bson::Document>| -> Vec<String> {
        docs.iter()
            .map(|d| d.get_str("_id").expect("id").to_owned())
            .collect()
    };
    assert_eq!(ids(forum.documents("questions").await), [keep.as_str()]);
    assert!(forum.documents("answers").await.is_empty());
    assert!(forum.documents("deletions").await.is_empty());
    let interactions = forum.documents("interactions").await;
    assert!(
        interactions
            .iter()
            .all(|i| i.get_str("question") == Ok(keep.as_str())),
        "{interactions:?}"
    );
    let me: serde_json::Value = forum.get("/api/me", Some(CY)).await.expect(Status::Ok);
    assert_eq!(me["saved"], json!([]));
    let tags = forum.documents("tags").await;
    for tag in tags {
        let questions = tag.get_array("questions").expect("questions");
        let expected = if tag.get_str("name") == Ok("rust") {
            1
        } else {
            0
        };
        assert_eq!(questions.len(), expected, "{tag}");
    }
}
