//! Global search (`GET /api/search`): each operator alone and combined, result types,
//! snippets and URLs, paging one type, notices for operators that cannot apply, bad
//! parameters, and private data (emails) never found or shown.

use std::collections::BTreeSet;

use rocket::http::Status;
use serde_json::{json, Value};

use super::{Forum, ADA, BOB, CY};

/// The forum every search test reads.
struct Corpus {
    forum: Forum,
    borrow: String,
    goroutines: String,
    arc: String,
    clone: String,
}

async fn corpus() -> Corpus {
    let forum = Forum::start().await;
    let borrow = forum
        .ask_with(
            ADA,
            "Borrow checker fights in async code",
            "How do lifetimes interact with the borrow checker across an await point?",
            &["rust", "async"],
        )
        .await;
    let goroutines = forum
        .ask_with(
            BOB,
            "Goroutines never finish",
            "My goroutines leak when the channel is never closed. What is the idiom?",
            &["go"],
        )
        .await;
    forum
        .ask_with(
            CY,
            "Unanswered rust question",
            "Nobody has answered this question about traits and generics yet.",
            &["rust"],
        )
        .await;
    let arc = forum
        .answer_with(
            CY,
            &borrow,
            "Share ownership with an Arc so the borrow checker accepts the future.",
        )
        .await;
    let clone = forum
        .answer_with(
            BOB,
            &borrow,
            "Clone the data before the await point; cheap enough for small structs.",
        )
        .await;
    forum
        .post(&format!("/api/answers/{arc}/accept"), Some(ADA), json!({}))
        .await
        .expect(Status::Ok);
    forum
        .vote(BOB, &format!("/api/questions/{borrow}"), "up")
        .await;
    forum
        .vote(CY, &format!("/api/questions/{borrow}"), "up")
        .await;
    forum.vote(ADA, &format!("/api/answers/{arc}"), "up").await;
    Corpus {
        forum,
        borrow,
        goroutines,
        arc,
        clone,
    }
}

async fn search(forum: &Forum, query: &str, who: Option<&str>) -> Value {
    let params = shared::SearchParams {
        q: query.to_owned(),
        ..shared::SearchParams::default()
    };
    let path = format!("/api/search?{}", params.to_query_string());
    forum.get(&path, who).await.expect(Status::Ok)
}

/// `type:id` of every result.
fn hits(results: &Value) -> BTreeSet<String> {
    results["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|hit| {
            format!(
                "{}:{}",
                hit["type"].as_str().unwrap_or("?"),
                hit["id"].as_str().unwrap_or("?")
            )
        })
        .collect()
}

#[rocket::async_test]
async fn each_operator_alone_and_combined_selects_the_right_posts() {
    let c = corpus().await;
    let q = |id: &str| format!("question:{id}");
    let a = |id: &str| format!("answer:{id}");
    let unanswered = search(&c.forum, "unanswered", None).await;
    let unanswered = unanswered["items"][0]["id"]
        .as_str()
        .expect("found")
        .to_owned();
    let cases: Vec<(&str, Vec<String>)> = vec![
        ("borrow", vec![q(&c.borrow), a(&c.arc)]),
        ("BORROW checker", vec![q(&c.borrow), a(&c.arc)]),
        ("\"await point\"", vec![q(&c.borrow), a(&c.clone)]),
        ("\"point await\"", vec![]),
        ("[rust]", vec![q(&c.borrow), q(&unanswered)]),
        ("[rust] [async]", vec![q(&c.borrow)]),
        ("[rust] -[async]", vec![q(&unanswered)]),
        ("-[rust]", vec![q(&c.goroutines)]),
        ("user:bob", vec![q(&c.goroutines), a(&c.clone)]),
        ("user:ada borrow", vec![q(&c.borrow)]),
        ("is:question borrow", vec![q(&c.borrow)]),
        ("is:answer borrow", vec![a(&c.arc)]),
        ("answers:0", vec![q(&c.goroutines), q(&unanswered)]),
        ("answers:2", vec![q(&c.borrow)]),
        ("score:1", vec![q(&c.borrow), a(&c.arc)]),
        ("score:2 is:question", vec![q(&c.borrow)]),
        ("isaccepted:yes", vec![a(&c.arc)]),
        ("isaccepted:no", vec![a(&c.clone)]),
        ("isaccepted:yes user:cy arc", vec![a(&c.arc)]),
        ("[go] goroutines answers:0", vec![q(&c.goroutines)]),
        ("[nosuchtag]", vec![]),
    ];
    for (query, expected) in cases {
        let results = search(&c.forum, query, None).await;
        let expected: BTreeSet<String> = expected.into_iter().collect();
        assert_eq!(hits(&results), expected, "{query}: {results}");
    }
}

#[rocket::async_test]
async fn results_carry_a_title_snippet_and_url_for_each_type() {
    let c = corpus().await;
    let results = search(&c.forum, "goroutines", None).await;
    let question = &results["items"][0];
    assert_eq!(question["type"], "question");
    assert_eq!(question["title"], "Goroutines never finish");
    assert!(question["snippet"]
        .as_str()
        .is_some_and(|s| s.contains("goroutines leak")));
    assert_eq!(
        question["url"],
        format!("/question/{}/goroutines-never-finish", c.goroutines)
    );

    let answer = search(&c.forum, "is:answer arc", None).await;
    assert_eq!(
        answer["items"][0]["title"],
        "Answer to: Borrow checker fights in async code"
    );
    assert_eq!(
        answer["items"][0]["url"],
        format!(
            "/question/{}/borrow-checker-fights-in-async-code#answer-{}",
            c.borrow, c.arc
        )
    );

    let people = search(&c.forum, "lovelace", None).await;
    assert_eq!(hits(&people), BTreeSet::from([format!("user:{ADA}")]));
    assert_eq!(people["items"][0]["url"], format!("/profile/{ADA}"));
    let by_handle = search(&c.forum, "bo", None).await;
    assert!(
        hits(&by_handle).contains(&format!("user:{BOB}")),
        "{by_handle}"
    );

    let tags = c
        .forum
        .get("/api/search?q=asy&type=tag", None)
        .await
        .expect(Status::Ok);
    assert_eq!(hits(&tags), BTreeSet::from(["tag:async".to_owned()]));
    assert_eq!(tags["items"][0]["url"], "/tags/async");
}

#[rocket::async_test]
async fn one_type_pages_with_limit_and_page() {
    let c = corpus().await;
    let page = |n: u32| {
        let forum = &c.forum;
        async move {
            forum
                .get(
                    &format!("/api/search?q=%5Brust%5D&type=question&limit=1&page={n}"),
                    None,
                )
                .await
        }
    };
    let first = page(1).await.expect(Status::Ok);
    let second = page(2).await.expect(Status::Ok);
    assert_eq!(first["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(first["isNext"], true);
    assert_eq!(second["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(second["isNext"], false);
    assert_ne!(first["items"][0]["id"], second["items"][0]["id"]);

    let users_only = c
        .forum
        .get("/api/search?q=borrow&type=user", None)
        .await
        .expect(Status::Ok);
    assert!(users_only["items"].as_array().is_some_and(Vec::is_empty));
}

#[rocket::async_test]
async fn operators_that_cannot_apply_give_a_notice_not_an_error() {
    let c = corpus().await;
    let cases = [
        ("user:me borrow", None, "Sign in"),
        ("user:nobody borrow", None, "nobody"),
        ("[nosuchtag] borrow", None, "nosuchtag"),
        ("[rust] isaccepted:yes", None, "drop one"),
    ];
    for (query, who, says) in cases {
        let results = search(&c.forum, query, who).await;
        assert!(
            results["items"].as_array().is_some_and(Vec::is_empty),
            "{query}"
        );
        let notice = results["notices"][0].as_str().unwrap_or_default();
        assert!(notice.contains(says), "{query}: {notice}");
    }
    let mine = search(&c.forum, "user:me", Some(CY)).await;
    assert_eq!(
        hits(&mine),
        BTreeSet::from([
            format!("answer:{}", c.arc),
            "question:".to_owned() + &unanswered_id(&c).await
        ])
    );
    let nothing = search(&c.forum, "   ", None).await;
    assert!(nothing["items"].as_array().is_some_and(Vec::is_empty));
}

async fn unanswered_id(c: &Corpus) -> String {
    let found = search(&c.forum, "[rust] answers:0", None).await;
    found["items"][0]["id"].as_str().expect("found").to_owned()
}

#[rocket::async_test]
async fn bad_search_parameters_are_400_naming_them() {
    let forum = Forum::start().await;
    let long = "x".repeat(201);
    let cases = [
        ("type=post".to_owned(), "type"),
        ("limit=0".to_owned(), "limit"),
        ("limit=51".to_owned(), "limit"),
        ("page=-1".to_owned(), "page"),
        (format!("q={long}"), "q"),
    ];
    forum
        .assert_bad_parameters("/api/search", None, &cases)
        .await;
}

#[rocket::async_test]
async fn emails_are_never_searched_or_shown() {
    let c = corpus().await;
    c.forum
        .app
        .db
        .database()
        .collection::<mongodb::bson::Document>("users")
        .update_one(
            mongodb::bson::doc! { "clerkId": ADA },
            mongodb::bson::doc! { "$set": { "email": "secret.person@example.com" } },
        )
        .await
        .expect("set email");

    for query in ["secret.person", "example.com", "secret", "ada"] {
        let results = search(&c.forum, query, None).await;
        let text = results.to_string();
        assert!(!text.contains("secret.person"), "{query}: {text}");
        assert!(!text.contains("example.com"), "{query}: {text}");
        if query != "ada" {
            assert!(
                !hits(&results).contains(&format!("user:{ADA}")),
                "{query} found Ada by her email"
            );
        }
    }
}
