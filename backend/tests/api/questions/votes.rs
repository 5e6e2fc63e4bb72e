//! Votes, acceptance and saving, with exact reputation for both sides.

use rocket::http::Status;
use serde_json::json;
use shared::ErrorCode;

use super::{Forum, ADA, BOB, CY};

#[rocket::async_test]
async fn question_votes_toggle_and_switch_with_exact_reputation() {
    let forum = Forum::start().await;
    let id = forum.ask(ADA, "A question to vote on", &["rust"]).await;
    let q = format!("/api/questions/{id}");
    assert_eq!(forum.reputations().await, [5, 0, 0]);

    // (voter, direction, upvotes, downvotes, myVote, [ada, bob, cy])
    let steps = [
        (BOB, "up", 1, 0, json!("up"), [15, 1, 0]),
        (BOB, "up", 0, 0, json!(null), [5, 0, 0]),
        (BOB, "down", 0, 1, json!("down"), [3, -1, 0]),
        (BOB, "up", 1, 0, json!("up"), [15, 1, 0]),
        (CY, "down", 1, 1, json!("down"), [13, 1, -1]),
        (BOB, "down", 0, 2, json!("down"), [1, -1, -1]),
        (CY, "down", 0, 1, json!(null), [3, -1, 0]),
    ];
    for (voter, direction, up, down, mine, reputations) in steps {
        let state = forum.vote(voter, &q, direction).await;
        assert_eq!(state["upvotes"], up, "{voter} {direction}");
        assert_eq!(state["downvotes"], down, "{voter} {direction}");
        assert_eq!(state["myVote"], mine, "{voter} {direction}");
        assert_eq!(
            forum.reputations().await,
            reputations,
            "{voter} {direction}"
        );
    }
    let seen_by_bob = forum.get(&q, Some(BOB)).await.expect(Status::Ok);
    assert_eq!(seen_by_bob["myVote"], "down");
}

#[rocket::async_test]
async fn answer_votes_pay_the_voter_two_and_cost_one() {
    let forum = Forum::start().await;
    let id = forum.ask(ADA, "A question to answer", &["rust"]).await;
    let answer = forum.answer(BOB, &id).await;
    let a = format!("/api/answers/{answer}");
    assert_eq!(forum.reputations().await, [5, 10, 0]);

    forum.vote(CY, &a, "up").await;
    assert_eq!(forum.reputations().await, [5, 20, 2]);
    forum.vote(CY, &a, "down").await;
    assert_eq!(forum.reputations().await, [5, 8, -1]);
    forum.vote(ADA, &a, "up").await;
    assert_eq!(forum.reputations().await, [7, 18, -1]);
    forum.vote(CY, &a, "down").await;
    assert_eq!(forum.reputations().await, [7, 20, 0]);
}

#[rocket::async_test]
async fn voting_on_your_own_post_is_refused() {
    let forum = Forum::start().await;
    let id = forum.ask(ADA, "My own question", &["rust"]).await;
    let answer = forum.answer(BOB, &id).await;
    for (who, post) in [
        (ADA, format!("/api/questions/{id}")),
        (BOB, format!("/api/answers/{answer}")),
    ] {
        let reply = forum
            .post(
                &format!("{post}/vote"),
                Some(who),
                json!({ "direction": "up" }),
            )
            .await;
        assert_eq!(reply.status, Status::Forbidden);
        assert_eq!(reply.code(), ErrorCode::OwnPost);
    }
    for body in [json!({ "direction": "sideways" }), json!({}), json!("up")] {
        let reply = forum
            .post(
                &format!("/api/questions/{id}/vote"),
                Some(BOB),
                body.clone(),
            )
            .await;
        assert_eq!(reply.status, Status::BadRequest, "{body}");
    }
    assert_eq!(forum.reputations().await, [5, 10, 0]);
}

#[rocket::async_test]
async fn concurrent_identical_votes_by_one_user_apply_once() {
    let forum = Forum::start().await;
    let id = forum.ask(ADA, "A question to race on", &["rust"]).await;
    let path = format!("/api/questions/{id}/vote");

    let votes = (0..8).map(|_| forum.post(&path, Some(BOB), json!({ "direction": "up" })));
    let replies = futures::future::join_all(votes).await;

    for reply in &replies {
        assert_eq!(reply.status, Status::Ok, "{}", reply.body);
    }
    let question = forum
        .get(&format!("/api/questions/{id}"), Some(BOB))
        .await
        .expect(Status::Ok);
    let upvotes = question["upvotes"].as_u64().expect("count");
    // Each request toggles what it read: whatever interleaving, the stored list and
    // the reputation agree, and Bob has at most one vote.
    assert!(upvotes <= 1, "{question}");
    let expected = if upvotes == 1 { [15, 1, 0] } else { [5, 0, 0] };
    assert_eq!(forum.reputations().await, expected);
    let stored = forum.documents("questions").await;
    let voters = stored[0].get_array("upvotes").expect("upvotes");
    assert_eq!(voters.len() as u64, upvotes);
    assert_eq!(
        stored[0]
            .get("score")
            .and_then(|s| s.as_i64().or(s.as_i32().map(i64::from))),
        Some(upvotes as i64)
    );
}

#[rocket::async_test]
async fn accepting_toggles_and_moves_with_exact_reputation() {
    let forum = Forum::start().await;
    let id = forum.ask(ADA, "Which answer is right?", &["rust"]).await;
    let bobs = forum.answer(BOB, &id).await;
    let cys = forum.answer(CY, &id).await;
    let own = forum.answer(ADA, &id).await;
    assert_eq!(forum.reputations().await, [15, 10, 10]);
    let accept = |answer: &str| format!("/api/answers/{answer}/accept");

    let reply = forum.post(&accept(&bobs), Some(BOB), json!({})).await;
    assert_eq!(reply.status, Status::Forbidden);

    let state = forum
        .post(&accept(&bobs), Some(ADA), json!({}))
        .await
        .expect(Status::Ok);
    assert_eq!(state["acceptedAnswer"], bobs.as_str());
    assert_eq!(forum.reputations().await, [17, 25, 10]);

    forum
        .post(&accept(&cys), Some(ADA), json!({}))
        .await
        .expect(Status::Ok);
    assert_eq!(forum.reputations().await, [17, 10, 25]);

    let state = forum
        .post(&accept(&cys), Some(ADA), json!({}))
        .await
        .expect(Status::Ok);
    assert_eq!(state["acceptedAnswer"], serde_json::Value::Null);
    assert_eq!(forum.reputations().await, [15, 10, 10]);

    forum
        .post(&accept(&own), Some(ADA), json!({}))
        .await
        .expect(Status::Ok);
    assert_eq!(
        forum.reputations().await,
        [15, 10, 10],
        "accepting your own answer earns nothing"
    );

    forum
        .post(&accept(&bobs), Some(ADA), json!({}))
        .await
        .expect(Status::Ok);
    let list = forum.get("/api/questions", None).await.expect(Status::Ok);
    assert_eq!(list["items"][0]["hasAcceptedAnswer"], true);

    // Deleting the accepted answer takes back both sides of the acceptance.
    forum
        .send(
            rocket::http::Method::Delete,
            &format!("/api/answers/{bobs}"),
            Some(BOB),
            None,
        )
        .await
        .expect(Status::NoContent);
    assert_eq!(forum.reputations().await, [15, 0, 10]);
    let question = forum
        .get(&format!("/api/questions/{id}"), None)
        .await
        .expect(Status::Ok);
    assert_eq!(question["acceptedAnswer"], serde_json::Value::Null);
    assert_eq!(question["answers"], 2);
}

#[rocket::async_test]
async fn saving_toggles_the_question_in_the_callers_list() {
    let forum = Forum::start().await;
    let id = forum.ask(ADA, "A question worth saving", &["rust"]).await;
    let save = format!("/api/questions/{id}/save");

    let state = forum
        .post(&save, Some(BOB), json!({}))
        .await
        .expect(Status::Ok);
    assert_eq!(state, json!({ "saved": true }));
    let question = forum
        .get(&format!("/api/questions/{id}"), Some(BOB))
        .await
        .expect(Status::Ok);
    assert_eq!(question["saved"], true);
    let me = forum.get("/api/me", Some(BOB)).await.expect(Status::Ok);
    assert_eq!(me["saved"], json!([id]));

    let state = forum
        .post(&save, Some(BOB), json!({}))
        .await
        .expect(Status::Ok);
    assert_eq!(state, json!({ "saved": false }));
    let me = forum.get("/api/me", Some(BOB)).await.expect(Status::Ok);
    assert_eq!(me["saved"], json!([]));

    let reply = forum
        .post(
            "/api/questions/6650f0c0c0c0c0c0c0c0c0c0/save",
            Some(BOB),
            json!({}),
        )
        .await;
    assert_eq!(reply.status, Status::NotFound);
}
