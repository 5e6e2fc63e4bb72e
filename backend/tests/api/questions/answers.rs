//! Answers: writing, listing in each order with the accepted answer first, editing
//! and deleting.

use rocket::http::{Method, Status};
use serde_json::{json, Value};
use shared::ErrorCode;

use super::{Forum, ADA, BOB, BODY, CY};

fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|a| a["id"].as_str().expect("id").to_owned())
        .collect()
}

#[rocket::async_test]
async fn an_answer_is_201_and_counted_on_its_question() {
    let forum = Forum::start().await;
    let id = forum.ask(ADA, "A question to answer", &["rust"]).await;

    let answer = forum
        .post(
            &format!("/api/questions/{id}/answers"),
            Some(BOB),
            json!({ "content": "Use `Box<dyn Error>` and **return early**." }),
        )
        .await
        .expect(Status::Created);

    assert_eq!(answer["questionId"], id.as_str());
    assert_eq!(answer["author"]["clerkId"], BOB);
    assert_eq!(answer["mine"], true);
    assert!(answer["contentHtml"]
        .as_str()
        .expect("html")
        .contains("<code>Box&lt;dyn Error&gt;</code>"));
    let question = forum
        .get(&format!("/api/questions/{id}"), None)
        .await
        .expect(Status::Ok);
    assert_eq!(question["answers"], 1);
    assert_eq!(forum.reputations().await, [5, 10, 0]);
}

#[rocket::async_test]
async fn bad_answers_are_refused() {
    let forum = Forum::start().await;
    let id = forum.ask(ADA, "A question to answer", &["rust"]).await;
    let path = format!("/api/questions/{id}/answers");
    let cases = [
        (
            json!({ "content": "short" }),
            Status::BadRequest,
            ErrorCode::InvalidParameter,
        ),
        (
            json!({ "content": "x".repeat(30_001) }),
            Status::BadRequest,
            ErrorCode::InvalidParameter,
        ),
        (
            json!({ "content": "   ".repeat(10) }),
            Status::BadRequest,
            ErrorCode::InvalidParameter,
        ),
        (json!({}), Status::BadRequest, ErrorCode::BadRequest),
        (
            json!({ "content": BODY, "x": 1 }),
            Status::BadRequest,
            ErrorCode::BadRequest,
        ),
    ];
    for (body, status, code) in cases {
        let reply = forum.post(&path, Some(BOB), body).await;
        assert_eq!(
            (reply.status, reply.code()),
            (status, code),
            "{}",
            reply.body
        );
    }
    let reply = forum
        .post(
            "/api/questions/unknown/answers",
            Some(BOB),
            json!({ "content": BODY }),
        )
        .await;
    assert_eq!(reply.status, Status::NotFound);
    assert!(forum.documents("answers").await.is_empty());
}

#[rocket::async_test]
async fn answers_come_in_each_order_with_the_accepted_one_first() {
    let forum = Forum::start().await;
    let id = forum.ask(ADA, "Which is best?", &["rust"]).await;
    let first = forum.answer(BOB, &id).await;
    let second = forum.answer(CY, &id).await;
    let third = forum.answer(BOB, &id).await;
    forum
        .vote(ADA, &format!("/api/answers/{second}"), "up")
        .await;
    forum
        .vote(CY, &format!("/api/answers/{third}"), "down")
        .await;
    let list = |filter: &str| format!("/api/questions/{id}/answers?filter={filter}");

    let highest = forum
        .get(&list("highestUpvotes"), None)
        .await
        .expect(Status::Ok);
    assert_eq!(
        ids(&highest),
        [second.as_str(), first.as_str(), third.as_str()]
    );
    let lowest = forum
        .get(&list("lowestUpvotes"), None)
        .await
        .expect(Status::Ok);
    assert_eq!(
        ids(&lowest),
        [third.as_str(), first.as_str(), second.as_str()]
    );
    let recent = forum.get(&list("recent"), None).await.expect(Status::Ok);
    assert_eq!(
        ids(&recent),
        [third.as_str(), second.as_str(), first.as_str()]
    );
    let old = forum.get(&list("old"), None).await.expect(Status::Ok);
    assert_eq!(ids(&old), [first.as_str(), second.as_str(), third.as_str()]);

    forum
        .post(
            &format!("/api/answers/{third}/accept"),
            Some(ADA),
            json!({}),
        )
        .await
        .expect(Status::Ok);
    let highest = forum
        .get(&list("highestUpvotes"), Some(CY))
        .await
        .expect(Status::Ok);
    assert_eq!(
        ids(&highest),
        [third.as_str(), second.as_str(), first.as_str()]
    );
    assert_eq!(highest["items"][0]["accepted"], true);
    assert_eq!(highest["items"][0]["myVote"], "down");
    assert_eq!(highest["items"][1]["mine"], true);
    let old = forum.get(&list("old"), None).await.expect(Status::Ok);
    assert_eq!(ids(&old), [third.as_str(), first.as_str(), second.as_str()]);

    // Paged, the accepted answer is only on page 1 and nothing repeats or goes missing.
    let mut paged = Vec::new();
    for page in 1..=3 {
        let reply = forum
            .get(&format!("{}&page={page}&pageSize=1", list("old")), None)
            .await
            .expect(Status::Ok);
        assert_eq!(reply["total"], 3);
        assert_eq!(reply["isNext"], page < 3);
        paged.extend(ids(&reply));
    }
    assert_eq!(paged, [third.as_str(), first.as_str(), second.as_str()]);

    let reply = forum.get(&list("best"), None).await;
    assert_eq!(reply.status, Status::BadRequest);
    assert_eq!(
        reply.body["message"].as_str().map(|m| m.contains("filter")),
        Some(true)
    );
}

#[rocket::async_test]
async fn only_the_author_edits_or_deletes_an_answer() {
    let forum = Forum::start().await;
    let id = forum.ask(ADA, "A question to answer", &["rust"]).await;
    let answer = forum.answer(BOB, &id).await;
    let path = format!("/api/answers/{answer}");

    let reply = forum
        .send(
            Method::Patch,
            &path,
            Some(CY),
            Some(json!({ "content": BODY })),
        )
        .await;
    assert_eq!(
        (reply.status, reply.code()),
        (Status::Forbidden, ErrorCode::Forbidden)
    );
    let reply = forum.send(Method::Delete, &path, Some(ADA), None).await;
    assert_eq!(reply.status, Status::Forbidden);

    let edited = forum
        .send(
            Method::Patch,
            &path,
            Some(BOB),
            Some(json!({ "content": "An edited answer with ~~strike~~ text." })),
        )
        .await
        .expect(Status::Ok);
    assert!(edited["contentHtml"]
        .as_str()
        .expect("html")
        .contains("<del>strike</del>"));
    assert!(edited["updatedAt"].is_string());

    forum
        .send(Method::Delete, &path, Some(BOB), None)
        .await
        .expect(Status::NoContent);
    let question = forum
        .get(&format!("/api/questions/{id}"), None)
        .await
        .expect(Status::Ok);
    assert_eq!(question["answers"], 0);
    assert_eq!(forum.reputations().await, [5, 0, 0]);
    let reply = forum.send(Method::Delete, &path, Some(BOB), None).await;
    assert_eq!(reply.status, Status::NotFound);
}

#[rocket::async_test]
async fn a_profile_lists_the_users_questions_and_answers() {
    let forum = Forum::start().await;
    let first = forum.ask(ADA, "Ada's first question", &["rust"]).await;
    let second = forum.ask(ADA, "Ada's second question", &["yew"]).await;
    let answer = forum.answer(BOB, &first).await;
    forum
        .vote(CY, &format!("/api/questions/{first}"), "up")
        .await;

    let questions = forum
        .get(&format!("/api/users/{ADA}/questions"), None)
        .await
        .expect(Status::Ok);
    assert_eq!(ids(&questions), [second.as_str(), first.as_str()]);
    let top = forum
        .get(&format!("/api/users/{ADA}/questions?filter=top"), None)
        .await
        .expect(Status::Ok);
    assert_eq!(ids(&top), [first.as_str(), second.as_str()]);
    let answers = forum
        .get(&format!("/api/users/{BOB}/answers"), None)
        .await
        .expect(Status::Ok);
    assert_eq!(ids(&answers), [answer.as_str()]);
    assert_eq!(answers["items"][0]["questionTitle"], "Ada's first question");
    assert_eq!(answers["items"][0]["questionSlug"], "ada-s-first-question");
    let reply = forum.get("/api/users/user_nobody/answers", None).await;
    assert_eq!(reply.status, Status::NotFound);
}
