//! Demo data for `cargo xtask dev`: users, questions, answers, votes, acceptances and
//! tags, loaded only into a database that has no data at all, so it can never mix with
//! or overwrite real data. Reputation is derived from the content by the live rules.

use chrono::{Duration, Utc};
use mongodb::bson::DateTime;

use mongodb::bson::oid::ObjectId;

use crate::content::reconcile;
use crate::db::answers::AnswerDoc;
use crate::db::posts::Votes;
use crate::db::questions::QuestionDoc;
use crate::db::tags::TagDoc;
use crate::db::users::{self, UserDoc};
use crate::db::Db;
use crate::domain::markdown;

/// (name, username, location, bio, website, days since joining)
type DemoUser = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    i64,
);

const DEMO_USERS: &[DemoUser] = &[
    (
        "Ada Lovelace",
        "ada",
        "London, UK",
        "Analytical engines, notes G and beyond. Rust since 1.0.",
        Some("https://example.org/ada"),
        410,
    ),
    (
        "Linus Svensson",
        "linus_s",
        "Stockholm, Sweden",
        "Kernel hacker by day, async Rust by night.",
        None,
        350,
    ),
    (
        "Grace Hopper",
        "grace",
        "Arlington, VA",
        "Compilers, COBOL and nanoseconds of wire.",
        Some("https://example.org/grace"),
        300,
    ),
    (
        "Priya Raman",
        "priya_r",
        "Bengaluru, India",
        "Backend engineer; MongoDB aggregation pipelines are my happy place.",
        None,
        220,
    ),
    (
        "Mateo García",
        "mateo",
        "Valencia, Spain",
        "Frontend dev moving from React to Yew.",
        Some("https://example.org/mateo"),
        180,
    ),
    (
        "Amara Okafor",
        "amara",
        "Lagos, Nigeria",
        "Building payments at scale. Ask me about idempotency keys.",
        None,
        150,
    ),
    (
        "Kenji Watanabe",
        "kenji_w",
        "Osaka, Japan",
        "Embedded Rust and WebAssembly tinkerer.",
        None,
        120,
    ),
    (
        "Sofia Rossi",
        "sofia",
        "Milan, Italy",
        "Data engineer. SQL, Rust, and too much espresso.",
        None,
        90,
    ),
    (
        "Noah Fischer",
        "noahf",
        "Berlin, Germany",
        "Learning Rocket one route at a time.",
        None,
        60,
    ),
    (
        "Chloé Martin",
        "chloe_m",
        "Lyon, France",
        "CS student; first open-source PR merged last week!",
        None,
        30,
    ),
    (
        "Yusuf Demir",
        "yusuf",
        "Istanbul, Türkiye",
        "DevOps, Kubernetes, and webhooks that never get lost.",
        None,
        12,
    ),
    (
        "Lena Novak",
        "lena",
        "Ljubljana, Slovenia",
        "Just joined. Hello, DevFlow!",
        None,
        2,
    ),
];

/// A demo question: (author, title, tags, Markdown, days ago, views).
type DemoQuestion = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
    i64,
    i64,
);
/// A demo answer: (question index, author, Markdown, hours after the question).
type DemoAnswer = (usize, &'static str, &'static str, i64);
/// Votes on a post: (index, up-voters, down-voters).
type DemoVotes = (usize, &'static [&'static str], &'static [&'static str]);

const DEMO_QUESTIONS: &[DemoQuestion] = &[
    (
        "mateo",
        "How do I share state between components in Yew without prop drilling?",
        &["yew", "rust", "webassembly"],
        "I'm moving a React app to **Yew 0.23**. In React I'd reach for a context. My tree is five levels deep and every component in between just forwards a callback:\n\n```rust\n#[component]\nfn Sidebar(props: &SidebarProps) -> Html {\n    html! { <UserMenu on_sign_out={props.on_sign_out.clone()} /> }\n}\n```\n\nWhat is the idiomatic way to do this?",
        21,
        342,
    ),
    (
        "noahf",
        "Rocket 0.5: how do I return a custom JSON error with the right status?",
        &["rocket", "rust", "rest-api"],
        "My handlers return `Result<Json<T>, String>` and every error comes back as a 500 with plain text. I want `{\"code\": \"not_found\", \"message\": \"...\"}` with a 404.\n\nDo I implement `Responder` myself, or is there something built in?",
        18,
        518,
    ),
    (
        "priya_r",
        "MongoDB: counting documents is slow on a large collection",
        &["mongodb", "performance"],
        "`count_documents({})` takes seconds on a collection with 40M documents. I only need the total for pagination (\"page 3 of 1,200\").\n\n- Is there a faster way for the unfiltered count?\n- What about counts with a filter?",
        16,
        801,
    ),
    (
        "kenji_w",
        "Why does my WebAssembly binary grow by 200 KB when I add serde_json?",
        &["webassembly", "rust", "performance"],
        "Release build with `opt-level = \"z\"`, LTO on, `wasm-opt -Oz`. Adding `serde_json` for one struct costs ~200 KB. Is that expected? Are there lighter options for the browser?",
        14,
        265,
    ),
    (
        "chloe_m",
        "What is the difference between &str and String?",
        &["rust", "beginner"],
        "I keep getting `expected &str, found String` and fixing it with `.as_str()` or `&` until it compiles. When should a function take `&str` and when `String`?",
        12,
        1204,
    ),
    (
        "amara",
        "How do I make a webhook handler idempotent when deliveries can repeat?",
        &["webhooks", "mongodb", "architecture"],
        "Our payment provider retries webhooks, sometimes two deliveries of the same event arrive at the same time on different servers. We end up charging twice.\n\nWhat pattern makes the handler safe with several backend instances and **no** in-memory locks?",
        10,
        640,
    ),
    (
        "sofia",
        "Rust: iterate over a HashMap in insertion order",
        &["rust", "collections"],
        "I build a `HashMap<String, u32>` of counts and need to print them in the order keys were first seen. `HashMap` iteration order looks random. What should I use?",
        8,
        198,
    ),
    (
        "yusuf",
        "Kubernetes liveness probe keeps killing my app while the database is down",
        &["kubernetes", "devops"],
        "My `/health` endpoint returns 503 when MongoDB is unreachable. Kubernetes restarts the pod in a loop, which makes the outage worse. What should liveness and readiness check?",
        6,
        377,
    ),
    (
        "lena",
        "Is it OK to use unwrap() in Rust tests?",
        &["rust", "testing", "beginner"],
        "Clippy in our project warns on `unwrap_used`. In tests I'd like to just `unwrap()` everywhere. Is that considered bad practice?",
        4,
        88,
    ),
    (
        "grace",
        "Async trait methods in Rust 2024: do I still need the async-trait crate?",
        &["rust", "async"],
        "Rust 1.75 stabilised `async fn` in traits. Our codebase still uses `#[async_trait]` everywhere. Can we drop it? Are there cases where it is still needed?",
        3,
        156,
    ),
    (
        "linus_s",
        "tokio::spawn requires 'static: how do I pass a reference?",
        &["rust", "async", "tokio"],
        "```rust\nasync fn handle(db: &Db) {\n    tokio::spawn(async { db.ping().await });\n}\n```\n\nfails with `borrowed value does not live long enough`. The task finishes before `handle` returns anyway. How do I make this compile?",
        1,
        47,
    ),
    (
        "ada",
        "Syntax highlighting Markdown on the server with pulldown-cmark",
        &["rust", "markdown"],
        "I render user posts with `pulldown-cmark` and sanitise with `ammonia`. Fenced code should be highlighted on the server so the client ships no highlighter. Where do I hook in?",
        0,
        12,
    ),
];

const DEMO_ANSWERS: &[DemoAnswer] = &[
    (0, "kenji_w", "Use a **context**. Provide it once near the root and read it anywhere below:\n\n```rust\n#[derive(Clone, PartialEq)]\npub struct Session { pub user: Option<String> }\n\nhtml! {\n    <ContextProvider<Session> context={session}>\n        <Layout />\n    </ContextProvider<Session>>\n}\n\n// deep inside\nlet session = use_context::<Session>();\n```\n\nFor state that changes, put a `UseStateHandle` or a reducer handle in the context.", 3),
    (0, "ada", "If many components change the state, wrap it in a hook that returns a handle with methods (like `use_bool_toggle`), and provide the handle through a context. Components then call `auth.sign_out()` instead of juggling callbacks.", 20),
    (1, "linus_s", "Implement `Responder` for your error type and map each variant to a status:\n\n```rust\nimpl<'r> Responder<'r, 'static> for ApiError {\n    fn respond_to(self, req: &'r Request<'_>) -> response::Result<'static> {\n        (self.status(), Json(self.body())).respond_to(req)\n    }\n}\n```\n\nThen handlers return `Result<Json<T>, ApiError>`. Register a catcher for Rocket's own 404/422 so they use the same shape.", 2),
    (1, "grace", "Also register `#[catch(default)]` on `/api`: without it a missing route returns Rocket's HTML page, not your JSON.", 30),
    (2, "amara", "For the unfiltered total use `estimated_document_count()`: it reads collection metadata and is constant time. Filtered counts need an index on the filter fields; even then they scan the index range, so consider showing \"1,000+\" beyond a cap.", 5),
    (2, "linus_s", "Another option is to skip totals altogether and paginate with a range on the sort key (`_id > last_seen`). That is what large sites do.", 48),
    (3, "mateo", "Yes, `serde_json` pulls in float formatting and a lot of generic code. In the browser you can use `js_sys::JSON::parse` and `serde-wasm-bindgen`, or keep serde_json and make sure you don't monomorphise it for dozens of types.", 6),
    (4, "grace", "Take `&str` when you only read the text; take `String` when the function keeps it (stores it in a struct, sends it to a thread). A `&String` derefs to `&str`, so callers with a `String` just pass `&name`.\n\n| You have | Function wants | Write |\n|---|---|---|\n| `String` | `&str` | `&s` |\n| `&str` | `String` | `s.to_owned()` |", 1),
    (4, "ada", "Rule of thumb: parameters borrow (`&str`), struct fields own (`String`). If you are unsure, `impl Into<String>` accepts both for constructors.", 4),
    (4, "noahf", "~~Always use String~~ — this is what I did at first and it leads to a lot of needless `.clone()` calls.", 9),
    (5, "priya_r", "Record each event id in a collection with a **unique index** before doing the work, and claim it with a lease:\n\n1. Insert `{_id: eventId, state: \"processing\", leaseUntil}`; a duplicate-key error means another server has it.\n2. Do the work with idempotent writes.\n3. Mark it `done`.\n\nA crashed holder's lease expires and the retry takes over.", 4),
    (5, "yusuf", "Also make the side effect itself idempotent where you can: pass the event id as an idempotency key to the payment API.", 26),
    (6, "linus_s", "Use the `indexmap` crate: `IndexMap` keeps insertion order and has the same API as `HashMap`.", 1),
    (7, "amara", "Liveness should only say \"the process is not stuck\" — never check dependencies there. Readiness can check the database so traffic stops while it is down, without restarts.", 2),
    (7, "kenji_w", "And give the app a start-up probe if it needs time to warm up, so liveness does not kill it during boot.", 12),
    (8, "sofia", "Prefer `expect(\"what should be true\")`: the panic message then says what broke. Many projects allow `unwrap_used` in tests only.", 3),
    (9, "linus_s", "You can drop it for static dispatch. You still need boxing (or `async-trait`) when you use the trait as `dyn Trait`, since async fn in traits is not object safe yet.", 5),
    (10, "grace", "Clone what the task needs (most handles like `Db` are cheap `Arc` clones) and move it in:\n\n```rust\nlet db = db.clone();\ntokio::spawn(async move { db.ping().await });\n```\n\nIf the task must borrow, use `tokio::task::scope`-like crates or `JoinSet` with owned data.", 2),
];

/// Question votes: (question, up-voters, down-voters).
const DEMO_QUESTION_VOTES: &[DemoVotes] = &[
    (0, &["ada", "kenji_w", "sofia", "linus_s"], &[]),
    (1, &["grace", "priya_r", "amara"], &[]),
    (2, &["ada", "amara", "linus_s", "sofia", "yusuf"], &[]),
    (3, &["mateo"], &[]),
    (
        4,
        &["grace", "ada", "noahf", "sofia", "lena", "kenji_w"],
        &["yusuf"],
    ),
    (5, &["priya_r", "yusuf", "linus_s"], &[]),
    (6, &[], &["noahf"]),
    (7, &["amara"], &[]),
    (8, &["chloe_m"], &[]),
    (9, &["linus_s", "ada"], &[]),
];

/// Answer votes: (answer, up-voters, down-voters).
const DEMO_ANSWER_VOTES: &[DemoVotes] = &[
    (0, &["mateo", "ada", "sofia"], &[]),
    (1, &["mateo"], &[]),
    (2, &["noahf", "grace", "ada", "priya_r"], &[]),
    (4, &["priya_r", "linus_s", "sofia"], &[]),
    (5, &["kenji_w"], &["amara"]),
    (7, &["chloe_m", "ada", "lena", "noahf"], &[]),
    (8, &["chloe_m"], &[]),
    (9, &[], &["grace", "sofia"]),
    (10, &["amara", "yusuf", "ada"], &[]),
    (12, &["sofia"], &[]),
    (13, &["yusuf", "kenji_w"], &[]),
    (15, &["lena"], &[]),
    (17, &["linus_s"], &[]),
];

/// Accepted answers: (question, answer).
const DEMO_ACCEPTED: &[(usize, usize)] =
    &[(0, 0), (1, 2), (2, 4), (4, 7), (5, 10), (6, 12), (7, 13)];

/// The demo questions, answers and tags among `users` (by username), with votes,
/// acceptances and views, as they would be stored.
pub fn demo_content(users: &[UserDoc]) -> (Vec<TagDoc>, Vec<QuestionDoc>, Vec<AnswerDoc>) {
    let now = Utc::now();
    let id_of = |username: &str| {
        users
            .iter()
            .find(|u| u.username == username)
            .map(|u| u.id.clone())
            .unwrap_or_default()
    };
    let ids_of = |names: &[&str]| names.iter().map(|n| id_of(n)).collect::<Vec<_>>();
    let mut tags: Vec<TagDoc> = Vec::new();
    let mut questions: Vec<QuestionDoc> = Vec::new();
    for (index, &(author, title, tag_names, body, days, views)) in DEMO_QUESTIONS.iter().enumerate()
    {
        let created = now - Duration::days(days) - Duration::hours(index as i64);
        let id = ObjectId::new().to_hex();
        let mut tag_ids = Vec::new();
        for name in tag_names {
            let position = match tags.iter().position(|t| t.name == *name) {
                Some(position) => position,
                None => {
                    tags.push(TagDoc::new(
                        ObjectId::new().to_hex(),
                        name,
                        DateTime::from_chrono(created),
                    ));
                    tags.len() - 1
                }
            };
            tags[position].questions.push(id.clone());
            tag_ids.push(tags[position].id.clone());
        }
        let (up, down) = DEMO_QUESTION_VOTES
            .iter()
            .find(|(q, _, _)| *q == index)
            .map(|(_, up, down)| (ids_of(up), ids_of(down)))
            .unwrap_or_default();
        questions.push(QuestionDoc {
            id,
            title: title.to_owned(),
            content: body.to_owned(),
            content_html: markdown::render(body),
            tags: tag_ids,
            author: id_of(author),
            views,
            votes: Votes {
                score: up.len() as i64 - down.len() as i64,
                upvotes: up,
                downvotes: down,
            },
            answers: Vec::new(),
            answer_count: 0,
            accepted_answer: None,
            created_at: DateTime::from_chrono(created),
            updated_at: None,
            rev: 1,
            pending_since: None,
        });
    }
    let mut answers: Vec<AnswerDoc> = Vec::new();
    for (index, &(question, author, body, hours)) in DEMO_ANSWERS.iter().enumerate() {
        let parent = &mut questions[question];
        let (up, down) = DEMO_ANSWER_VOTES
            .iter()
            .find(|(a, _, _)| *a == index)
            .map(|(_, up, down)| (ids_of(up), ids_of(down)))
            .unwrap_or_default();
        let created = parent.created_at.to_chrono() + Duration::hours(hours);
        let answer = AnswerDoc {
            id: ObjectId::new().to_hex(),
            question: parent.id.clone(),
            author: id_of(author),
            content: body.to_owned(),
            content_html: markdown::render(body),
            votes: Votes {
                score: up.len() as i64 - down.len() as i64,
                upvotes: up,
                downvotes: down,
            },
            created_at: DateTime::from_chrono(created.min(now)),
            updated_at: None,
            rev: 1,
            pending_since: None,
        };
        parent.answers.push(answer.id.clone());
        parent.answer_count += 1;
        answers.push(answer);
    }
    for &(question, answer) in DEMO_ACCEPTED {
        questions[question].accepted_answer = Some(answers[answer].id.clone());
    }
    (tags, questions, answers)
}

/// The demo users, with ids, dates and generated avatars filled in.
pub fn demo_users() -> Vec<UserDoc> {
    let now = Utc::now();
    DEMO_USERS
        .iter()
        .map(|&(name, username, location, bio, website, days)| UserDoc {
            email: Some(format!("{username}@example.com")),
            bio: Some(bio.to_owned()),
            location: Some(location.to_owned()),
            portfolio_website: website.map(str::to_owned),
            ..UserDoc::new(
                format!("user_demo_{username}"),
                name,
                username,
                DateTime::from_chrono(now - Duration::days(days)),
            )
        })
        .collect()
}

/// Given names for generated benchmark users.
const BENCH_FIRST: [&str; 16] = [
    "Ada", "Grace", "Alan", "Ali", "Alice", "Bob", "Carol", "Dave", "Eve", "Frank", "Heidi",
    "Ivan", "Judy", "Mallory", "Niaj", "Olivia",
];
/// Family names for generated benchmark users.
const BENCH_LAST: [&str; 8] = [
    "Lovelace", "Hopper", "Turing", "Smith", "Jones", "Garcia", "Kim", "Okafor",
];

/// Benchmark user `i` (`_id` `bench{i:06}`, Clerk id `user_bench{i:06}`): varied
/// names, join dates an hour apart, and reputations with many ties, as in real data.
pub fn bench_user(i: usize) -> UserDoc {
    let first = BENCH_FIRST[i % BENCH_FIRST.len()];
    let last = BENCH_LAST[(i / BENCH_FIRST.len()) % BENCH_LAST.len()];
    UserDoc {
        id: format!("bench{i:06}"),
        email: Some(format!("bench{i}@example.com")),
        picture: shared::avatar::initials_avatar(first),
        reputation: ((i * 7919) % 5000) as i64,
        ..UserDoc::new(
            format!("user_bench{i:06}"),
            format!("{first} {last}"),
            format!("{}_{i}", first.to_lowercase()),
            DateTime::from_millis(1_700_000_000_000 - (i as i64) * 3_600_000),
        )
    }
}

/// The database a benchmark seeder loads into (`MONGODB_URI` / `MONGODB_DB`), with
/// every index the app creates at start-up, so the data is measured as served.
pub async fn open_bench_database() -> anyhow::Result<Db> {
    let settings = crate::config::Settings::load()?;
    let db = Db::connect(&settings).await?;
    crate::startup::ensure_indexes(&db).await?;
    Ok(db)
}

/// Loads the demo data set when, and only when, the database holds no data at all.
/// Returns whether it seeded.
pub async fn seed_if_empty(db: &Db) -> mongodb::error::Result<bool> {
    if db.has_any_data().await? {
        tracing::info!("database already has data; demo data not loaded");
        return Ok(false);
    }
    let users = demo_users();
    users::insert_users(db, &users).await?;
    let (tags, questions, answers) = demo_content(&users);
    reconcile::insert_bulk(db, &tags, &questions, &answers).await?;
    tracing::info!(
        users = users.len(),
        questions = questions.len(),
        answers = answers.len(),
        "loaded demo data"
    );
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_usernames_and_clerk_ids_are_unique() {
        let users = demo_users();
        let mut usernames: Vec<_> = users.iter().map(|u| &u.username).collect();
        usernames.sort();
        usernames.dedup();

        assert_eq!(usernames.len(), users.len());
    }

    #[test]
    fn demo_content_references_only_demo_users_and_never_votes_on_its_own_posts() {
        let users = demo_users();
        let (tags, questions, answers) = demo_content(&users);
        let known = |id: &String| users.iter().any(|u| &u.id == id);
        for q in &questions {
            assert!(known(&q.author), "{}", q.title);
            assert!(
                q.votes
                    .upvotes
                    .iter()
                    .chain(&q.votes.downvotes)
                    .all(|v| known(v) && v != &q.author),
                "{}",
                q.title
            );
            assert!(q.tags.iter().all(|t| tags.iter().any(|tag| &tag.id == t)));
            assert!(q.content_html.starts_with('<'));
        }
        for a in &answers {
            assert!(known(&a.author));
            assert!(a
                .votes
                .upvotes
                .iter()
                .chain(&a.votes.downvotes)
                .all(|v| known(v) && v != &a.author));
        }
        assert!(
            questions.iter().any(|q| q.answers.is_empty()),
            "some questions are unanswered"
        );
        let derived = reconcile::derive_bulk(&questions, &answers);
        let ada = &users[0];
        assert!(derived.totals.get(&ada.id).copied().unwrap_or(0) > 0);
    }

    #[test]
    fn every_demo_user_has_an_offline_picture() {
        assert!(demo_users()
            .iter()
            .all(|u| u.picture.starts_with("data:image/svg+xml,")));
    }
}
