//! Hostile input, generated: query strings of the list endpoints, ids in paths, JSON
//! bodies of the writes and whatever reaches the webhook route. Whatever arrives, the
//! answer is never a 5xx, every error is an `ErrorBody`, and a refused request writes
//! nothing. Plus NoSQL-injection attempts, table-driven: operators where text is
//! expected are refused or read as text.

use proptest::prelude::*;
use rocket::http::{Method, Status};
use serde_json::{json, Value};
use shared::ErrorBody;

use crate::questions::{Forum, Reply, ADA, BOB, BODY};
use crate::webhooks::SECRET;

/// Cases per property: each is a real request through the app on the local server.
const CASES: u32 = 48;

/// One runtime and forum for a whole property (starting one per case would dominate).
struct Arena {
    runtime: tokio::runtime::Runtime,
    forum: Forum,
    question: String,
    answer: String,
}

impl Arena {
    fn new() -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        let (forum, question, answer) = runtime.block_on(async {
            let forum = Forum::start_with(&[
                ("rate_limit_writes", json!(0)),
                ("rate_limit_webhooks", json!(0)),
                ("clerk_webhook_signing_secret", json!(SECRET)),
            ])
            .await;
            let question = forum.ask(ADA, "A question under attack", &["rust"]).await;
            let answer = forum.answer(BOB, &question).await;
            (forum, question, answer)
        });
        Self {
            runtime,
            forum,
            question,
            answer,
        }
    }

    fn send(&self, method: Method, path: &str, who: Option<&str>, body: Option<Value>) -> Reply {
        self.runtime
            .block_on(self.forum.send(method, path, who, body))
    }

    /// How many documents each collection that writes touch holds, to prove a refused
    /// request changed nothing.
    fn footprint(&self) -> Vec<(String, usize)> {
        self.runtime.block_on(async {
            let mut counts = Vec::new();
            for name in [
                "questions",
                "answers",
                "users",
                "tags",
                "interactions",
                "webhook_events",
            ] {
                counts.push((name.to_owned(), self.forum.documents(name).await.len()));
            }
            let users = self.forum.documents("users").await;
            counts.push(("users-state".to_owned(), format!("{users:?}").len()));
            let questions = self.forum.documents("questions").await;
            counts.push(("questions-state".to_owned(), format!("{questions:?}").len()));
            counts
        })
    }
}

/// A reply that is not a server failure, and an `ErrorBody` whenever it is an error.
fn assert_sane(reply: &Reply, what: &str) {
    assert!(
        reply.status.code < 500,
        "{what}: {} {}",
        reply.status,
        reply.body
    );
    if reply.status.code >= 400 {
        assert!(
            serde_json::from_value::<ErrorBody>(reply.body.clone()).is_ok(),
            "{what}: not an ErrorBody: {}",
            reply.body
        );
    }
}

/// Percent-encodes everything but unreserved characters.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// Text a hostile client would try: operators, brackets, quotes, control and
/// non-ASCII characters, huge numbers.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[$a-z{}\\[\\]\"'.:=&?/\\\\ 0-9-]{0,40}",
        Just("$gt".to_owned()),
        Just("{\"$ne\": null}".to_owned()),
        Just("99999999999999999999".to_owned()),
        Just("-1".to_owned()),
        Just("0".to_owned()),
        Just(String::new()),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        hostile_text().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map(
                prop_oneof![
                    Just("title".to_owned()),
                    Just("content".to_owned()),
                    Just("tags".to_owned()),
                    Just("direction".to_owned()),
                    Just("username".to_owned()),
                    Just("name".to_owned()),
                    Just("$set".to_owned()),
                    Just("a.b".to_owned()),
                    hostile_text(),
                ],
                inner,
                0..4
            )
            .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

#[test]
fn list_parameters_never_fail_the_server() {
    let arena = Arena::new();
    let lists = [
        "/api/questions",
        "/api/users",
        "/api/tags",
        "/api/search",
        "/api/me/saved",
        "/api/tags/rust/questions",
        &format!("/api/questions/{}/answers", arena.question),
        "/api/users/user_2ada/questions",
        "/api/users/user_2ada/answers",
    ];
    let keys = prop_oneof![
        Just("q".to_owned()),
        Just("filter".to_owned()),
        Just("page".to_owned()),
        Just("pageSize".to_owned()),
        Just("tag".to_owned()),
        Just("type".to_owned()),
        Just("limit".to_owned()),
        Just("q[$gt]".to_owned()),
        Just("filter[$ne]".to_owned()),
        hostile_text(),
    ];
    let query = prop::collection::vec((keys, hostile_text()), 0..5);
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(CASES));
    runner
        .run(&(0..lists.len(), query), |(list, pairs)| {
            let query: Vec<String> = pairs
                .iter()
                .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
                .collect();
            let path = format!("{}?{}", lists[list], query.join("&"));
            let reply = arena.send(Method::Get, &path, Some(ADA), None);
            assert_sane(&reply, &path);
            Ok(())
        })
        .expect("no list answers a 5xx");
}

#[test]
fn ids_in_paths_never_fail_the_server_and_refused_writes_change_nothing() {
    let arena = Arena::new();
    let before = arena.footprint();
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(CASES));
    runner
        .run(&(hostile_text(), 0..9_usize), |(id, route)| {
            let id = encode(&id);
            let (method, path, body) = match route {
                0 => (Method::Get, format!("/api/questions/{id}"), None),
                1 => (Method::Get, format!("/api/users/{id}"), None),
                2 => (Method::Get, format!("/api/tags/{id}"), None),
                3 => (
                    Method::Post,
                    format!("/api/questions/{id}/vote"),
                    Some(json!({"direction": "up"})),
                ),
                4 => (Method::Post, format!("/api/questions/{id}/save"), None),
                5 => (
                    Method::Post,
                    format!("/api/answers/{id}/vote"),
                    Some(json!({"direction": "down"})),
                ),
                6 => (Method::Delete, format!("/api/questions/{id}"), None),
                7 => (Method::Post, format!("/api/answers/{id}/accept"), None),
                _ => (Method::Post, format!("/api/tags/{id}/follow"), None),
            };
            let reply = arena.send(method, &path, Some(BOB), body);
            assert_sane(&reply, &path);
            // Only real ids can be written to; those are not what is generated here.
            if method != Method::Get && reply.status.code >= 400 {
                prop_assert_eq!(&arena.footprint(), &before, "{}", path);
            }
            Ok(())
        })
        .expect("no id answers a 5xx");
}

#[test]
fn write_bodies_never_fail_the_server_and_refused_ones_change_nothing() {
    let arena = Arena::new();
    let writes = [
        (Method::Post, "/api/questions".to_owned()),
        (Method::Patch, format!("/api/questions/{}", arena.question)),
        (
            Method::Post,
            format!("/api/questions/{}/answers", arena.question),
        ),
        (Method::Patch, format!("/api/answers/{}", arena.answer)),
        (
            Method::Post,
            format!("/api/questions/{}/vote", arena.question),
        ),
        (Method::Patch, "/api/me".to_owned()),
        (Method::Post, "/api/markdown/preview".to_owned()),
    ];
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(CASES));
    runner
        .run(&(0..writes.len(), json_value()), |(write, body)| {
            let (method, path) = &writes[write];
            let before = arena.footprint();
            // Ada wrote the question; Bob wrote the answer and may vote on the question.
            let who = if write == 3 || write == 4 { BOB } else { ADA };
            let reply = arena.send(*method, path, Some(who), Some(body.clone()));
            assert_sane(&reply, &format!("{method} {path} {body}"));
            if reply.status.code >= 400 {
                prop_assert_eq!(&arena.footprint(), &before, "{} {}", path, body);
            }
            Ok(())
        })
        .expect("no write answers a 5xx");
}

#[test]
fn the_webhook_route_refuses_anything_unsigned_and_writes_nothing() {
    let arena = Arena::new();
    let before = arena.footprint();
    let header = prop_oneof![
        Just(None),
        hostile_text().prop_map(Some),
        Just(Some("v1,AAAA".to_owned())),
    ];
    let body = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..256),
        json_value().prop_map(|v| v.to_string().into_bytes()),
        Just(br#"{"type":"user.created","data":{"id":"user_x"}}"#.to_vec()),
    ];
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(CASES));
    runner
        .run(
            &(header.clone(), header.clone(), header, body),
            |(id, timestamp, signature, body)| {
                let reply = arena.runtime.block_on(async {
                    let mut request = arena.forum.app.client.post("/api/webhooks/clerk");
                    for (name, value) in [
                        ("svix-id", id),
                        ("svix-timestamp", timestamp),
                        ("svix-signature", signature),
                    ] {
                        if let Some(value) = value {
                            request = request.header(rocket::http::Header::new(name, value));
                        }
                    }
                    let response = request.body(body).dispatch().await;
                    let status = response.status();
                    let text = response.into_string().await.unwrap_or_default();
                    Reply {
                        status,
                        body: serde_json::from_str(&text).unwrap_or(Value::String(text)),
                    }
                });
                assert_sane(&reply, "webhook");
                prop_assert!(reply.status.code >= 400, "{}", reply.body);
                Ok(())
            },
        )
        .expect("no delivery answers a 5xx");
    assert_eq!(arena.footprint()[..3], before[..3]);
}

#[rocket::async_test]
async fn nosql_operators_where_text_is_expected_are_refused_or_read_as_text() {
    let forum = Forum::start().await;
    let id = forum
        .ask(ADA, "A question about operators", &["rust"])
        .await;

    let bodies = [
        json!({"title": {"$gt": ""}, "content": BODY, "tags": ["rust"]}),
        json!({"title": "A fine title", "content": {"$where": "sleep(1000)"}, "tags": ["rust"]}),
        json!({"title": "A fine title", "content": BODY, "tags": [{"$ne": null}]}),
        json!({"title": "A fine title", "content": BODY, "tags": ["rust"], "$set": {"author": "x"}}),
        json!({"title": "A fine title", "content": BODY, "tags": ["rust"], "author.id": "x"}),
    ];
    for body in bodies {
        let reply = forum.post("/api/questions", Some(BOB), body.clone()).await;
        assert_eq!(reply.status, Status::BadRequest, "{body}");
    }
    let vote = forum
        .post(
            &format!("/api/questions/{id}/vote"),
            Some(BOB),
            json!({"direction": {"$ne": "down"}}),
        )
        .await;
    assert_eq!(vote.status, Status::BadRequest);
    let profile = forum
        .send(
            Method::Patch,
            "/api/me",
            Some(BOB),
            Some(json!({"username": {"$regex": ".*"}})),
        )
        .await;
    assert_eq!(profile.status, Status::BadRequest);

    // In query strings an operator is only ever text (or an unknown parameter).
    for query in [
        "q=%24where",
        "q[$gt]=",
        "q=%7B%22%24gt%22%3A%22%22%7D",
        "tag[$ne]=rust",
        "q=.*",
    ] {
        let reply = forum.get(&format!("/api/questions?{query}"), None).await;
        assert_eq!(reply.status, Status::Ok, "{query}");
        let titles = crate::questions::titles(&reply.body);
        if query.starts_with("q=") {
            assert!(titles.is_empty(), "{query} matched {titles:?} as a pattern");
        }
    }
    let users = forum.get("/api/users?q=.*", None).await.expect(Status::Ok);
    assert_eq!(users["total"], 0, "a regex in q is literal text");
}
