//! The right sidebar's `GET /api/hot-questions` and `GET /api/popular-tags`, and a
//! profile's total views.

use rocket::http::Status;

use super::{names, titles, Forum, ADA, BOB, CY};

#[rocket::async_test]
async fn hot_questions_rank_by_activity_and_popular_tags_by_questions() {
    let forum = Forum::start().await;
    let mut ids = Vec::new();
    for (i, tag) in ["a1", "b2", "b2", "c3", "c3", "c3", "d4", "e5", "f6"]
        .iter()
        .enumerate()
    {
        ids.push(
            forum
                .ask(ADA, &format!("Question number {i}"), &[tag])
                .await,
        );
    }
    // The oldest question gets views, answers and votes: it is the hottest.
    let hot = &ids[0];
    forum.view(BOB, hot).await;
    forum.view(CY, hot).await;
    let answer = forum.answer(BOB, hot).await;
    forum.answer(CY, hot).await;
    forum
        .vote(BOB, &format!("/api/questions/{hot}"), "up")
        .await;
    forum
        .vote(CY, &format!("/api/answers/{answer}"), "up")
        .await;

    let hottest = forum
        .get("/api/hot-questions", None)
        .await
        .expect(Status::Ok);
    let listed = titles(&hottest);
    assert_eq!(listed.len(), 5);
    assert_eq!(listed[0], "Question number 0");
    assert_eq!(hottest[0]["answers"], 2);
    assert_eq!(hottest[0]["score"], 1);
    assert_eq!(hottest[0]["slug"], "question-number-0");

    let popular = forum
        .get("/api/popular-tags", None)
        .await
        .expect(Status::Ok);
    let top = names(&popular);
    assert_eq!(top.len(), 5);
    assert_eq!(&top[..2], ["c3", "b2"]);
    assert_eq!(popular[0]["questions"], 3);
}

#[rocket::async_test]
async fn a_profile_shows_the_views_of_all_the_users_questions() {
    let forum = Forum::start().await;
    let one = forum.ask(ADA, "First viewed question", &["rust"]).await;
    let two = forum.ask(ADA, "Second viewed question", &["rust"]).await;
    forum.view(BOB, &one).await;
    forum.view(CY, &one).await;
    forum.view(BOB, &two).await;

    let profile = forum
        .get(&format!("/api/users/{ADA}"), None)
        .await
        .expect(Status::Ok);
    assert_eq!(profile["totalViews"], 3);
    let bob = forum
        .get(&format!("/api/users/{BOB}"), None)
        .await
        .expect(Status::Ok);
    assert_eq!(bob["totalViews"], 0);
}
