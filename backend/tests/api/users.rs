//! `GET /api/users` and `GET /api/users/{clerkId}` on a real database.

use backend::db::users::{self, UserDoc};
use backend::db::{answers, questions, tags, Db};
use mongodb::bson::{doc, DateTime, Document};
use rocket::http::Status;
use serde_json::Value;
use shared::{ErrorBody, Page, UserProfile, UserSummary};

use crate::helpers::{spawn_app, TestApp};

fn user(n: u32, name: &str, username: &str, reputation: i64, joined_days_ago: i64) -> UserDoc {
    UserDoc {
        id: format!("u{n:03}"),
        email: Some(format!("{username}@example.com")),
        picture: format!("https://img.example.com/{n}.png"),
        bio: Some(format!("Bio of {name}")),
        location: Some("Earth".to_owned()),
        portfolio_website: Some(format!("https://{username}.dev")),
        reputation,
        clerk_updated_at: Some(1),
        ..UserDoc::new(
            format!("user_{n:03}"),
            name,
            username,
            DateTime::from_millis(1_700_000_000_000 - joined_days_ago * 86_400_000),
        )
    }
}

async fn app_with(users_to_insert: Vec<UserDoc>) -> TestApp {
    let app = spawn_app().await;
    users::insert_users(&app.db, &users_to_insert)
        .await
        .expect("insert users");
    app
}

async fn list(app: &TestApp, query: &str) -> Page<UserSummary> {
    let response = app
        .client
        .get(format!("/api/users{query}"))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::Ok, "{query}");
    response.into_json().await.expect("page JSON")
}

fn usernames(page: &Page<UserSummary>) -> Vec<&str> {
    page.items.iter().map(|u| u.username.as_str()).collect()
}

fn demo() -> Vec<UserDoc> {
    vec![
        user(1, "Alice Smith", "alice", 50, 30),
        user(2, "Bob Alison", "bobby", 500, 10),
        user(3, "Carol", "carol_ali", 5, 20),
        user(4, "Dave", "dave", 1000, 40),
        user(5, "A.B (x)", "dots", 1, 50),
        user(6, "aXb", "axb", 2, 60),
    ]
}

#[rocket::async_test]
async fn the_default_list_is_newest_first_with_the_paging_envelope() {
    let app = app_with(demo()).await;

    let response = app.client.get("/api/users").dispatch().await;

    assert_eq!(response.status(), Status::Ok);
    let json: Value = response.into_json().await.expect("JSON");
    assert_eq!(json["page"], 1);
    assert_eq!(json["pageSize"], 20);
    assert_eq!(json["total"], 6);
    assert_eq!(json["isNext"], false);
    let names: Vec<&str> = json["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|u| u["username"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        names,
        ["bobby", "carol_ali", "alice", "dave", "dots", "axb"]
    );
}

#[rocket::async_test]
async fn each_filter_orders_the_list() {
    let app = app_with(demo()).await;
    let cases = [
        (
            "?filter=new_users",
            vec!["bobby", "carol_ali", "alice", "dave", "dots", "axb"],
        ),
        (
            "?filter=old_users",
            vec!["axb", "dots", "dave", "alice", "carol_ali", "bobby"],
        ),
        (
            "?filter=top_contributors",
            vec!["dave", "bobby", "alice", "carol_ali", "axb", "dots"],
        ),
        (
            "?filter=",
            vec!["bobby", "carol_ali", "alice", "dave", "dots", "axb"],
        ),
    ];
    for (query, expected) in cases {
        assert_eq!(usernames(&list(&app, query).await), expected, "{query}");
    }
}

#[rocket::async_test]
async fn search_is_case_insensitive_over_name_and_username() {
    let app = app_with(demo()).await;
    let cases = [
        ("?q=ali", vec!["bobby", "carol_ali", "alice"]),
        ("?q=ALI", vec!["bobby", "carol_ali", "alice"]),
        ("?q=%20%20ali%20", vec!["bobby", "carol_ali", "alice"]),
        ("?q=bobby", vec!["bobby"]),
        ("?q=zzz", vec![]),
        (
            "?q=",
            vec!["bobby", "carol_ali", "alice", "dave", "dots", "axb"],
        ),
    ];
    for (query, expected) in cases {
        let page = list(&app, query).await;
        assert_eq!(usernames(&page), expected, "{query}");
        assert_eq!(page.total, expected.len() as u64, "{query}");
    }
}

#[rocket::async_test]
async fn regex_metacharacters_in_a_search_match_themselves() {
    let app = app_with(demo()).await;
    let cases = [
        ("?q=a.b", vec!["dots"]),
        ("?q=a.b%20(x)", vec!["dots"]),
        ("?q=(", vec!["dots"]),
        ("?q=.*", vec![]),
        ("?q=%5B", vec![]),
        ("?q=%5C", vec![]),
        ("?q=%24", vec![]),
    ];
    for (query, expected) in cases {
        assert_eq!(usernames(&list(&app, query).await), expected, "{query}");
    }
}

#[rocket::async_test]
async fn pages_never_repeat_or_skip_even_with_ties() {
    // 25 users with the same reputation and join date: only the tie-breaker orders them.
    let app = app_with(
        (0..25)
            .map(|n| user(n, &format!("Same {n}"), &format!("same{n:02}"), 7, 1))
            .collect(),
    )
    .await;

    let mut seen = Vec::new();
    for page in 1..=3 {
        let p = list(
            &app,
            &format!("?filter=top_contributors&pageSize=10&page={page}"),
        )
        .await;
        assert_eq!(p.is_next, page < 3, "page {page}");
        seen.extend(p.items.into_iter().map(|u| u.username));
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();

    assert_eq!(seen.len(), 25);
    assert_eq!(unique.len(), 25);
}

#[rocket::async_test]
async fn paging_boundaries() {
    let app = app_with(demo()).await;

    let first = list(&app, "?pageSize=4").await;
    let last = list(&app, "?pageSize=4&page=2").await;
    let past = list(&app, "?pageSize=4&page=3").await;
    let far = list(&app, "?page=1000000").await;
    let exact = list(&app, "?pageSize=6").await;

    assert_eq!(
        (first.items.len(), first.is_next, first.total),
        (4, true, 6)
    );
    assert_eq!((last.items.len(), last.is_next), (2, false));
    assert_eq!((past.items.len(), past.is_next, past.total), (0, false, 6));
    assert_eq!((far.items.len(), far.is_next), (0, false));
    assert_eq!((exact.items.len(), exact.is_next), (6, false));
}

#[rocket::async_test]
async fn bad_parameters_are_400s_that_name_the_parameter() {
    let app = app_with(demo()).await;
    let long_q = format!("?q={}", "a".repeat(101));
    let cases = [
        ("?page=0", "page"),
        ("?page=-1", "page"),
        ("?page=two", "page"),
        ("?page=1000001", "page"),
        ("?pageSize=0", "pageSize"),
        ("?pageSize=101", "pageSize"),
        ("?pageSize=abc", "pageSize"),
        ("?filter=popular", "filter"),
        (long_q.as_str(), "q"),
    ];
    for (query, param) in cases {
        let response = app
            .client
            .get(format!("/api/users{query}"))
            .dispatch()
            .await;

        assert_eq!(response.status(), Status::BadRequest, "{query}");
        let body: ErrorBody = response.into_json().await.expect("ErrorBody");
        assert_eq!(body.code, shared::ErrorCode::InvalidParameter, "{query}");
        assert!(
            body.message.contains(&format!("`{param}`")),
            "{query}: {}",
            body.message
        );
    }
}

#[rocket::async_test]
async fn list_items_carry_public_fields_only() {
    let app = app_with(demo()).await;

    let json: Value = app
        .client
        .get("/api/users?q=alice")
        .dispatch()
        .await
        .into_json()
        .await
        .expect("JSON");

    let item = json["items"][0].as_object().expect("an item");
    let mut keys: Vec<&str> = item.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "clerkId",
            "joinedAt",
            "name",
            "picture",
            "reputation",
            "topTags",
            "username"
        ]
    );
    assert_eq!(item["joinedAt"], "2023-10-15T22:13:20Z");
}

async fn insert_content(db: &Db) {
    let col = |name: &str| db.database().collection::<Document>(name);
    col(tags::COLLECTION)
        .insert_many([
            doc! {"_id": "t_rust", "name": "rust"},
            doc! {"_id": "t_mongo", "name": "mongodb"},
            doc! {"_id": "t_yew", "name": "yew"},
            doc! {"_id": "t_css", "name": "css"},
        ])
        .await
        .expect("tags");
    let question = |id: &str, tags: Vec<&str>, upvotes: i32, views: i32| {
        let upvoters: Vec<String> = (0..upvotes).map(|i| format!("voter{i}")).collect();
        doc! {"_id": id, "title": id, "author": "u001", "tags": tags, "upvotes": upvoters, "downvotes": [], "views": views}
    };
    let mut questions: Vec<Document> = vec![
        question("q1", vec!["t_rust", "t_yew"], 10, 600),
        question("q2", vec!["t_rust", "t_mongo"], 1, 500),
        question("q3", vec!["t_rust", "t_mongo", "t_css"], 0, 0),
        question("q4", vec!["t_yew"], 0, 0),
    ];
    questions.push(doc! {"_id": "q_other", "author": "u002", "tags": ["t_css"]});
    col(questions::COLLECTION)
        .insert_many(questions)
        .await
        .expect("questions");
    let answers: Vec<Document> = (0..12)
        .map(|i| doc! {"_id": format!("a{i}"), "author": "u001", "question": "q_other", "upvotes": []})
        .collect();
    col(answers::COLLECTION)
        .insert_many(answers)
        .await
        .expect("answers");
}

#[rocket::async_test]
async fn top_tags_are_the_three_most_asked_about() {
    let app = app_with(demo()).await;
    insert_content(&app.db).await;

    let page = list(&app, "?q=alice").await;

    let tags: Vec<&str> = page.items[0]
        .top_tags
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    // rust 3, then mongodb 2 and yew 2 (ties by id: t_mongo < t_yew); css 1 is fourth.
    assert_eq!(tags, ["rust", "mongodb", "yew"]);
    assert_eq!(page.items[0].top_tags[0].id, "t_rust");
}

#[rocket::async_test]
async fn a_profile_has_public_fields_counts_and_badges() {
    let app = app_with(demo()).await;
    insert_content(&app.db).await;

    let response = app.client.get("/api/users/user_001").dispatch().await;

    assert_eq!(response.status(), Status::Ok);
    let json: Value = response.into_json().await.expect("JSON");
    assert!(json.get("email").is_none());
    let profile: UserProfile = serde_json::from_value(json).expect("profile");
    assert_eq!(profile.summary.name, "Alice Smith");
    assert_eq!(profile.bio.as_deref(), Some("Bio of Alice Smith"));
    assert_eq!(profile.location.as_deref(), Some("Earth"));
    assert_eq!(
        profile.portfolio_website.as_deref(),
        Some("https://alice.dev")
    );
    assert_eq!(profile.question_count, 4);
    assert_eq!(profile.answer_count, 12);
    // Bronze: 12 answers >= 10, 11 question upvotes >= 10, 1100 views >= 1000.
    assert_eq!(
        profile.badges,
        shared::BadgeCounts {
            gold: 0,
            silver: 0,
            bronze: 3
        }
    );
    assert_eq!(profile.summary.top_tags.len(), 3);
}

#[rocket::async_test]
async fn an_unknown_profile_is_a_json_404() {
    let app = app_with(demo()).await;

    let response = app.client.get("/api/users/user_nobody").dispatch().await;

    assert_eq!(response.status(), Status::NotFound);
    let body: ErrorBody = response.into_json().await.expect("ErrorBody");
    assert_eq!(body.code, shared::ErrorCode::NotFound);
}
