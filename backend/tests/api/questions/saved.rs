//! The saved collection (`GET /api/me/saved`): every order, search, paging, saving
//! and unsaving, and who may see it.

use rocket::http::Status;
use serde_json::{json, Value};

use super::{titles, Forum, ADA, BOB, CY};

async fn saved(forum: &Forum, query: &str) -> Value {
    forum
        .get(&format!("/api/me/saved?{query}"), Some(CY))
        .await
        .expect(Status::Ok)
}

#[rocket::async_test]
async fn the_saved_list_offers_every_order_search_and_paging() {
    let forum = Forum::start().await;
    let first = forum.ask(ADA, "First asked question", &["rust"]).await;
    let voted = forum.ask(ADA, "Second one, most voted", &["rust"]).await;
    let viewed = forum.ask(BOB, "Third one, most viewed", &["go"]).await;
    forum.ask(BOB, "Never saved by Cy", &["go"]).await;
    forum
        .vote(BOB, &format!("/api/questions/{voted}"), "up")
        .await;
    forum.view(ADA, &viewed).await;
    forum.view(CY, &viewed).await;
    forum.answer(BOB, &first).await;
    forum.answer(CY, &first).await;
    for id in [&first, &voted, &viewed] {
        let state = forum
            .post(&format!("/api/questions/{id}/save"), Some(CY), json!({}))
            .await
            .expect(Status::Ok);
        assert_eq!(state["saved"], true);
    }

    let cases: [(&str, [&str; 3]); 5] = [
        (
            "",
            [
                "Third one, most viewed",
                "Second one, most voted",
                "First asked question",
            ],
        ),
        (
            "filter=oldest",
            [
                "First asked question",
                "Second one, most voted",
                "Third one, most viewed",
            ],
        ),
        (
            "filter=mostVoted",
            [
                "Second one, most voted",
                "Third one, most viewed",
                "First asked question",
            ],
        ),
        (
            "filter=mostViewed",
            [
                "Third one, most viewed",
                "Second one, most voted",
                "First asked question",
            ],
        ),
        (
            "filter=mostAnswered",
            [
                "First asked question",
                "Third one, most viewed",
                "Second one, most voted",
            ],
        ),
    ];
    for (query, expected) in cases {
        let page = saved(&forum, query).await;
        assert_eq!(titles(&page), expected, "{query}");
        assert_eq!(page["total"], 3, "{query}");
    }
    assert_eq!(
        titles(&saved(&forum, "q=VOTED").await),
        ["Second one, most voted"]
    );
    let second = saved(&forum, "filter=oldest&pageSize=2&page=2").await;
    assert_eq!(titles(&second), ["Third one, most viewed"]);
    assert_eq!(second["isNext"], false);

    forum
        .post(&format!("/api/questions/{voted}/save"), Some(CY), json!({}))
        .await
        .expect(Status::Ok);
    assert_eq!(saved(&forum, "").await["total"], 2);
    let nothing = forum
        .get("/api/me/saved", Some(ADA))
        .await
        .expect(Status::Ok);
    assert_eq!(nothing["total"], 0);
}

#[rocket::async_test]
async fn the_saved_list_is_private_and_checks_its_parameters() {
    let forum = Forum::start().await;
    let signed_out = forum.get("/api/me/saved", None).await;
    assert_eq!(signed_out.status, Status::Unauthorized);
    let cases = [
        ("filter=newest".to_owned(), "filter"),
        ("page=0".to_owned(), "page"),
        ("pageSize=0".to_owned(), "pageSize"),
    ];
    forum
        .assert_bad_parameters("/api/me/saved", Some(CY), &cases)
        .await;
}
