//! The home list (`GET /api/questions`): each filter, search, tag, paging and bad
//! parameters; and view counting.

use rocket::http::Status;
use serde_json::Value;

use super::{titles, Forum, ADA, BOB, CY};

async fn list(forum: &Forum, query: &str, who: Option<&str>) -> Value {
    forum
        .get(&format!("/api/questions?{query}"), who)
        .await
        .expect(Status::Ok)
}

#[rocket::async_test]
async fn each_filter_selects_and_orders_questions() {
    let forum = Forum::start().await;
    let borrow = forum.ask(ADA, "Borrow checker woes", &["rust"]).await;
    let _css = forum.ask(BOB, "Centering a div in CSS", &["css"]).await;
    let yew = forum
        .ask(CY, "Yew hooks and Rust closures", &["rust", "yew"])
        .await;
    forum.answer(BOB, &borrow).await;
    for who in [ADA, BOB, CY] {
        forum
            .get(&format!("/api/questions/{yew}"), Some(who))
            .await
            .expect(Status::Ok);
    }
    forum
        .get(&format!("/api/questions/{borrow}"), Some(CY))
        .await
        .expect(Status::Ok);

    let newest = list(&forum, "", None).await;
    assert_eq!(
        titles(&newest),
        [
            "Yew hooks and Rust closures",
            "Centering a div in CSS",
            "Borrow checker woes"
        ]
    );
    assert_eq!(newest["total"], 3);
    let item = &newest["items"][0];
    for field in [
        "id",
        "slug",
        "tags",
        "author",
        "upvotes",
        "downvotes",
        "answers",
        "views",
        "createdAt",
        "hasAcceptedAnswer",
    ] {
        assert!(!item[field].is_null(), "{field} in {item}");
    }
    assert!(item.get("content").is_none(), "lists leave bodies out");

    let frequent = list(&forum, "filter=frequent", None).await;
    assert_eq!(
        titles(&frequent)[..2],
        ["Yew hooks and Rust closures", "Borrow checker woes"]
    );
    assert_eq!(frequent["items"][0]["views"], 3);

    let unanswered = list(&forum, "filter=unanswered", None).await;
    assert_eq!(
        titles(&unanswered),
        ["Yew hooks and Rust closures", "Centering a div in CSS"]
    );
    assert_eq!(unanswered["total"], 2);

    let tagged = list(&forum, "tag=RUST", None).await;
    assert_eq!(
        titles(&tagged),
        ["Yew hooks and Rust closures", "Borrow checker woes"]
    );
    let unknown_tag = list(&forum, "tag=cobol", None).await;
    assert_eq!(unknown_tag["total"], 0);

    let searched = list(&forum, "q=rust%20CLOSURES", None).await;
    assert_eq!(titles(&searched), ["Yew hooks and Rust closures"]);
    let literal = list(&forum, "q=.*", None).await;
    assert_eq!(literal["total"], 0, "q is literal text, not a pattern");
    let in_body = list(&forum, "q=long%20enough", None).await;
    assert_eq!(in_body["total"], 3);

    let paged = list(&forum, "pageSize=2&page=2", None).await;
    assert_eq!(titles(&paged), ["Borrow checker woes"]);
    assert_eq!(paged["isNext"], false);
}

#[rocket::async_test]
async fn recommendations_follow_the_users_tags_and_leave_out_their_own() {
    let forum = Forum::start().await;
    let mine = forum.ask(ADA, "Ada asks about rust", &["rust"]).await;
    forum.ask(BOB, "Bob asks about rust too", &["rust"]).await;
    forum.ask(BOB, "Bob asks about css", &["css"]).await;
    let yew = forum.ask(CY, "Cy asks about yew", &["yew"]).await;

    let ada = list(&forum, "filter=recommended", Some(ADA)).await;
    assert_eq!(titles(&ada), ["Bob asks about rust too"]);

    // Viewing a yew question adds yew to Ada's interests.
    forum
        .get(&format!("/api/questions/{yew}"), Some(ADA))
        .await
        .expect(Status::Ok);
    let ada = list(&forum, "filter=recommended", Some(ADA)).await;
    assert_eq!(
        titles(&ada),
        ["Cy asks about yew", "Bob asks about rust too"]
    );

    // Cy only touched yew, and the only yew question is Cy's own: nothing to recommend.
    let cy = list(&forum, "filter=recommended", Some(CY)).await;
    assert_eq!(cy["total"], 0);
    // Signed out, recommended is newest.
    let anonymous = list(&forum, "filter=recommended", None).await;
    assert_eq!(anonymous["total"], 4);
    assert_eq!(anonymous["items"][3]["id"], mine.as_str());
}

#[rocket::async_test]
async fn bad_list_parameters_are_400_naming_them() {
    let forum = Forum::start().await;
    let cases: Vec<(String, &str)> = vec![
        ("filter=hot".into(), "filter"),
        ("page=0".into(), "page"),
        ("pageSize=101".into(), "pageSize"),
        ("tag=two%20words".into(), "tag"),
        (format!("q={}", "x".repeat(101)), "q"),
    ];
    forum
        .assert_bad_parameters("/api/questions", None, &cases)
        .await;
}

#[rocket::async_test]
async fn a_view_counts_once_per_viewer_per_hour() {
    let forum = Forum::start().await;
    let id = forum.ask(ADA, "A question people view", &["rust"]).await;
    let path = format!("/api/questions/{id}");
    let views = |reply: Value| reply["views"].as_u64().expect("views");

    // An anonymous visitor without the cookie is counted by address and given one...
    let first = forum
        .app
        .client
        .get(path.clone())
        .remote("203.0.113.9:4000".parse().expect("address"))
        .dispatch()
        .await;
    assert!(
        first.cookies().get("devflow_visitor").is_some(),
        "visitor cookie"
    );
    assert_eq!(views(first.into_json().await.expect("json")), 1);
    // ...and from then on counted by it (the test client sends it back), once.
    for _ in 0..3 {
        let reply = forum.get(&path, None).await.expect(Status::Ok);
        assert_eq!(views(reply), 2, "counted once by the cookie");
    }

    // Signed-in users, by id, reloading.
    assert_eq!(
        views(forum.get(&path, Some(BOB)).await.expect(Status::Ok)),
        3
    );
    assert_eq!(
        views(forum.get(&path, Some(BOB)).await.expect(Status::Ok)),
        3
    );
    assert_eq!(
        views(forum.get(&path, Some(CY)).await.expect(Status::Ok)),
        4
    );

    // Concurrent reloads by one viewer still count once.
    let reloads = (0..6).map(|_| forum.get(&path, Some(ADA)));
    futures::future::join_all(reloads).await;
    let stored = forum.get(&path, Some(BOB)).await.expect(Status::Ok);
    assert_eq!(views(stored), 5);

    // The SPA's first call already hands out the cookie.
    let config = forum.app.client.get("/api/config").dispatch().await;
    assert_eq!(config.status(), Status::Ok);
}
