//! Tags (`/api/tags…`): counts, every order, search, paging, case-insensitive names,
//! tags that lose their last question, the tag's questions, and following.

use rocket::http::{Method, Status};
use serde_json::{json, Value};
use shared::ErrorCode;

use super::{names, titles, Forum, ADA, BOB, CY};

async fn tags(forum: &Forum, query: &str) -> Value {
    forum
        .get(&format!("/api/tags?{query}"), None)
        .await
        .expect(Status::Ok)
}

#[rocket::async_test]
async fn the_tag_list_counts_questions_and_orders_by_each_filter() {
    let forum = Forum::start().await;
    forum.ask(ADA, "Borrowing in Yew", &["rust", "yew"]).await;
    forum.ask(BOB, "Lifetimes again", &["Rust"]).await;
    forum.ask(CY, "Channels in Go", &["go"]).await;

    let popular = tags(&forum, "").await;
    assert_eq!(names(&popular)[0], "rust");
    assert_eq!(popular["total"], 3);
    let rust = &popular["items"][0];
    assert_eq!(rust["questions"], 2);
    assert_eq!(rust["followers"], 0);
    assert!(rust["description"]
        .as_str()
        .is_some_and(|d| d.contains("Rust")));
    for field in [
        "id",
        "name",
        "description",
        "questions",
        "followers",
        "createdOn",
    ] {
        assert!(rust.get(field).is_some(), "{field} in {rust}");
    }
    let cases = [
        ("filter=name", ["go", "rust", "yew"]),
        ("filter=recent", ["go", "yew", "rust"]),
        ("filter=old", ["rust", "yew", "go"]),
    ];
    for (query, expected) in cases {
        assert_eq!(names(&tags(&forum, query).await), expected, "{query}");
    }
    assert_eq!(names(&tags(&forum, "q=RU").await), ["rust"]);
    assert_eq!(names(&tags(&forum, "q=.").await), Vec::<String>::new());
    let second = tags(&forum, "filter=name&pageSize=1&page=2").await;
    assert_eq!(names(&second), ["rust"]);
    assert_eq!(
        (second["total"].clone(), second["isNext"].clone()),
        (json!(3), json!(true))
    );
}

#[rocket::async_test]
async fn bad_tag_list_parameters_are_400_naming_them() {
    let forum = Forum::start().await;
    let long = "x".repeat(101);
    let cases = [
        ("filter=hot".to_owned(), "filter"),
        ("page=0".to_owned(), "page"),
        ("pageSize=101".to_owned(), "pageSize"),
        (format!("q={long}"), "q"),
    ];
    forum.assert_bad_parameters("/api/tags", None, &cases).await;
}

#[rocket::async_test]
async fn a_tag_without_questions_disappears_from_lists() {
    let forum = Forum::start().await;
    let solo = forum.ask(ADA, "A lonely question", &["solo", "kept"]).await;
    let moved = forum.ask(ADA, "Another lonely one", &["moved"]).await;
    forum.ask(BOB, "Keeps kept alive", &["kept"]).await;

    forum
        .send(
            Method::Delete,
            &format!("/api/questions/{solo}"),
            Some(ADA),
            None,
        )
        .await
        .expect(Status::NoContent);
    forum
        .send(
            Method::Patch,
            &format!("/api/questions/{moved}"),
            Some(ADA),
            Some(json!({ "tags": ["kept"] })),
        )
        .await
        .expect(Status::Ok);

    let listed = tags(&forum, "").await;
    assert_eq!(names(&listed), ["kept"]);
    assert_eq!(listed["items"][0]["questions"], 2);
    for gone in ["solo", "moved"] {
        let reply = forum.get(&format!("/api/tags/{gone}"), None).await;
        assert_eq!(reply.code(), ErrorCode::NotFound, "{gone}");
    }
}

#[rocket::async_test]
async fn tag_names_are_case_insensitive_and_unknown_tags_are_404() {
    let forum = Forum::start().await;
    forum.ask(ADA, "Pointers in C++", &["c++"]).await;

    let tag = forum
        .get("/api/tags/C%2B%2B", None)
        .await
        .expect(Status::Ok);
    assert_eq!(tag["name"], "c++");
    assert_eq!(tag["following"], false);
    let questions = forum
        .get("/api/tags/C%2B%2B/questions", None)
        .await
        .expect(Status::Ok);
    assert_eq!(titles(&questions), ["Pointers in C++"]);
    for path in [
        "/api/tags/nope",
        "/api/tags/nope/questions",
        "/api/tags/bad%20name",
    ] {
        let reply = forum.get(path, None).await;
        assert_eq!(reply.status, Status::NotFound, "{path}");
        assert_eq!(reply.code(), ErrorCode::NotFound, "{path}");
    }
}

#[rocket::async_test]
async fn a_tags_questions_take_the_home_lists_parameters() {
    let forum = Forum::start().await;
    let answered = forum.ask(ADA, "Answered rust question", &["rust"]).await;
    forum.ask(BOB, "Open rust question", &["rust"]).await;
    forum.ask(CY, "Not about rust at all", &["go"]).await;
    forum.answer(CY, &answered).await;

    let page = |query: &'static str| {
        let forum = &forum;
        async move {
            forum
                .get(&format!("/api/tags/rust/questions?{query}"), None)
                .await
                .expect(Status::Ok)
        }
    };
    assert_eq!(
        titles(&page("").await),
        ["Open rust question", "Answered rust question"]
    );
    assert_eq!(
        titles(&page("filter=unanswered").await),
        ["Open rust question"]
    );
    assert_eq!(
        titles(&page("q=ANSWERED").await),
        ["Answered rust question"]
    );
    let second = page("pageSize=1&page=2").await;
    assert_eq!(titles(&second), ["Answered rust question"]);
    assert_eq!(second["total"], 2);
    assert_eq!(second["isNext"], false);
    let bad = forum.get("/api/tags/rust/questions?filter=hot", None).await;
    assert_eq!(bad.status, Status::BadRequest);
    assert!(bad.body["message"]
        .as_str()
        .is_some_and(|m| m.contains("filter")));
}

#[rocket::async_test]
async fn following_toggles_counts_once_and_feeds_recommendations() {
    let forum = Forum::start().await;
    forum.ask(ADA, "Goroutines and channels", &["go"]).await;
    forum.ask(BOB, "Select statements", &["go"]).await;
    forum.ask(ADA, "Unrelated rust question", &["rust"]).await;

    let follow = |who| forum.post("/api/tags/Go/follow", Some(who), json!({}));
    let state = follow(CY).await.expect(Status::Ok);
    assert_eq!(state, json!({ "following": true, "followers": 1 }));
    let state = follow(BOB).await.expect(Status::Ok);
    assert_eq!(state, json!({ "following": true, "followers": 2 }));
    let tag = forum.get("/api/tags/go", Some(CY)).await.expect(Status::Ok);
    assert_eq!(
        (tag["following"].clone(), tag["followers"].clone()),
        (json!(true), json!(2))
    );
    let anonymous = forum.get("/api/tags/go", None).await.expect(Status::Ok);
    assert_eq!(anonymous["following"], false);

    // Cy has done nothing else: the followed tag alone makes recommendations.
    let recommended = forum
        .get("/api/questions?filter=recommended", Some(CY))
        .await
        .expect(Status::Ok);
    assert_eq!(
        titles(&recommended),
        ["Select statements", "Goroutines and channels"]
    );

    let state = follow(BOB).await.expect(Status::Ok);
    assert_eq!(state, json!({ "following": false, "followers": 1 }));
    let signed_out = forum.post("/api/tags/go/follow", None, json!({})).await;
    assert_eq!(signed_out.status, Status::Unauthorized);
    let unknown = forum
        .post("/api/tags/nope/follow", Some(CY), json!({}))
        .await;
    assert_eq!(unknown.code(), ErrorCode::NotFound);
    let stored = forum.documents("tags").await;
    let go = stored
        .iter()
        .find(|t| t.get_str("name") == Ok("go"))
        .expect("go stored");
    assert_eq!(go.get_array("followers").map(Vec::len), Ok(1));
}
