//! `cargo xtask bench [--quick]`: DevFlow's throughput and latency against the bare
//! `mongodb` driver on the same database, in one table (also `target/bench/latest.json`).
//!
//! A release backend serves a reproducible data set (10,000 users, 50,000 questions,
//! 150,000 answers; a tenth with `--quick`). Each scenario runs at 1 and 16 concurrent
//! clients under [goose], which keeps every latency in microsecond buckets. Each
//! database-backed scenario then runs its *baseline* for as long, at the same
//! concurrency: the queries and writes its response needs, sent straight through the
//! driver from this process (no HTTP, no JSON, no framework). DevFlow's rate and p99 as
//! a ratio of the baseline's are the numbers to improve: what DevFlow spends beyond the
//! database's own work.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::{Child, Command};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use futures::TryStreamExt;
use goose::config::GooseConfiguration;
use goose::goose::{GooseMethod, GooseRequest, GooseUser, Transaction, TransactionError};
use goose::prelude::{GooseAttack, Scenario, TransactionFunction};
use mongodb::bson::{doc, Bson, Document};
use serde_json::{json, Value};

use crate::shell::{cargo, free_port, note, run, step, target_dir, wait_for_port};
use crate::{http, tools, webhook};

use crate::webhook::TEST_SECRET as SECRET;
/// Seeded users `bench000000..15` vote and `bench000016..31` ask; the data set gives
/// them no posts, so every benchmark vote is on someone else's question.
const VOTERS: usize = 16;
const ASKERS: usize = 16;
/// Concurrency levels every scenario runs at.
const CLIENTS: [usize; 2] = [1, 16];
/// The page size the API uses by default (the baselines read as many).
const PAGE_SIZE: i64 = 20;
/// Pages the list scenarios spread over.
const PAGES: usize = 50;
/// How many of an author's questions the users list reads for their top tags
/// (`db::questions::TOP_TAGS_SCAN_LIMIT`).
const TOP_TAGS_SCAN: i64 = 1_000;
/// Name fragments the users search cycles through (seeded names contain them).
const SEARCHES: [&str; 4] = ["ali", "smith", "grace", "okafor"];

/// What one scenario does; its name is the contract `latest.json` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    WebhookUserCreated,
    WebhookVerify,
    UsersPage,
    UsersSearch,
    QuestionsNewest,
    QuestionsFrequent,
    QuestionsUnanswered,
    QuestionPage,
    VoteToggle,
    AskQuestion,
}

impl Kind {
    const ALL: [Kind; 10] = [
        Kind::WebhookUserCreated,
        Kind::WebhookVerify,
        Kind::UsersPage,
        Kind::UsersSearch,
        Kind::QuestionsNewest,
        Kind::QuestionsFrequent,
        Kind::QuestionsUnanswered,
        Kind::QuestionPage,
        Kind::VoteToggle,
        Kind::AskQuestion,
    ];

    fn name(self) -> &'static str {
        match self {
            Kind::WebhookUserCreated => "webhook_user_created",
            Kind::WebhookVerify => "webhook_verify_only",
            Kind::UsersPage => "users_page",
            Kind::UsersSearch => "users_search",
            Kind::QuestionsNewest => "questions_newest",
            Kind::QuestionsFrequent => "questions_frequent",
            Kind::QuestionsUnanswered => "questions_unanswered",
            Kind::QuestionPage => "question_page",
            Kind::VoteToggle => "vote_toggle",
            Kind::AskQuestion => "ask_question",
        }
    }

    /// Whether it reads (target ≥ 0.8 of the baseline's rate, p99 ≤ 1.5×).
    fn is_read(self) -> bool {
        matches!(
            self,
            Kind::UsersPage
                | Kind::UsersSearch
                | Kind::QuestionsNewest
                | Kind::QuestionsFrequent
                | Kind::QuestionsUnanswered
                | Kind::QuestionPage
        )
    }

    /// Signature verification runs in this process: it has no database baseline.
    fn has_baseline(self) -> bool {
        self != Kind::WebhookVerify
    }
}

/// Everything a request needs, shared by every simulated client.
struct Ctx {
    /// `http://127.0.0.1:PORT`.
    host: String,
    /// Session tokens: voters first, then askers.
    tokens: Vec<String>,
    db: mongodb::Database,
    questions: usize,
    /// Requests sent so far (drives which page, question or user each one uses).
    sent: AtomicUsize,
    /// Makes webhook users and asked titles unique across runs on one database.
    run_salt: u64,
}

impl Ctx {
    fn next(&self) -> usize {
        self.sent.fetch_add(1, Ordering::Relaxed)
    }

    /// The seeded question request `i` reads or votes on, spread over the data set.
    fn question_id(&self, i: usize) -> String {
        format!("bq{:06}", (i * 7919) % self.questions)
    }
}

/// One HTTP request of a scenario.
struct HttpCall {
    method: GooseMethod,
    path: String,
    headers: Vec<(&'static str, String)>,
    body: Option<Vec<u8>>,
    /// The status a success answers with.
    expect: u16,
}

impl HttpCall {
    fn get(path: String) -> Self {
        Self {
            method: GooseMethod::Get,
            path,
            headers: Vec::new(),
            body: None,
            expect: 200,
        }
    }

    fn post(path: String, token: Option<&str>, body: Vec<u8>) -> Self {
        let mut headers = vec![("Content-Type", "application/json".to_owned())];
        if let Some(token) = token {
            headers.push(("Authorization", format!("Bearer {token}")));
        }
        Self {
            method: GooseMethod::Post,
            path,
            headers,
            body: Some(body),
            expect: 200,
        }
    }
}

/// A signed Clerk delivery.
struct Signed {
    msg_id: String,
    body: Vec<u8>,
    headers: Vec<(&'static str, String)>,
}

/// A signed `user.created` delivery for a new user.
fn signed_user_created(seed: u64) -> Result<Signed> {
    let event = webhook::user_event("user.created", &webhook::UserOptions::default(), seed)?;
    let body = serde_json::to_vec(&event)?;
    let msg_id = webhook::random_id("msg_", seed);
    let headers = webhook::signed_headers(SECRET, &msg_id, &body)?;
    Ok(Signed {
        msg_id,
        body,
        headers,
    })
}

/// The API request scenario `kind` sends as its `i`-th, from simulated client `client`.
fn devflow_call(ctx: &Ctx, kind: Kind, client: usize, i: usize) -> Result<HttpCall> {
    let page = 1 + i % PAGES;
    Ok(match kind {
        Kind::WebhookUserCreated => {
            let signed = signed_user_created(ctx.run_salt << 32 | i as u64)?;
            let mut call = HttpCall::post("/api/webhooks/clerk".into(), None, signed.body);
            call.headers.extend(signed.headers);
            call
        }
        Kind::WebhookVerify => bail!("verification runs in process"),
        Kind::UsersPage => HttpCall::get(format!(
            "/api/users?filter=top_contributors&page={}",
            1 + i % PAGES
        )),
        Kind::UsersSearch => HttpCall::get(format!("/api/users?q={}", SEARCHES[i % 4])),
        Kind::QuestionsNewest => HttpCall::get(format!("/api/questions?page={page}")),
        Kind::QuestionsFrequent => {
            HttpCall::get(format!("/api/questions?filter=frequent&page={page}"))
        }
        Kind::QuestionsUnanswered => {
            HttpCall::get(format!("/api/questions?filter=unanswered&page={page}"))
        }
        Kind::QuestionPage => HttpCall::get(format!("/api/questions/{}", ctx.question_id(i))),
        Kind::VoteToggle => HttpCall::post(
            format!("/api/questions/{}/vote", ctx.question_id(i)),
            Some(&ctx.tokens[client % VOTERS]),
            br#"{"direction":"up"}"#.to_vec(),
        ),
        Kind::AskQuestion => HttpCall {
            expect: 201,
            ..HttpCall::post(
                "/api/questions".into(),
                Some(&ctx.tokens[VOTERS + client % ASKERS]),
                serde_json::to_vec(&ask_body(ctx, i))?,
            )
        },
    })
}

fn ask_body(ctx: &Ctx, i: usize) -> Value {
    json!({
        "title": format!("Benchmark run {} asks question {i}", ctx.run_salt),
        "content": "How do I keep p99 latency flat under load? I measured it and it grows.",
        "tags": [format!("topic-{}", i % 200), format!("topic-{}", (i * 7 + 3) % 200)],
    })
}

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

fn custom_error(error: impl std::fmt::Display) -> Box<TransactionError> {
    Box::new(TransactionError::Custom(format!("{error:#}")))
}

/// The goose transaction for DevFlow's side of `kind`.
fn devflow_transaction(ctx: Arc<Ctx>, kind: Kind) -> TransactionFunction {
    Arc::new(move |user: &mut GooseUser| -> BoxFuture<'_, _> {
        let ctx = ctx.clone();
        Box::pin(async move {
            let i = ctx.next();
            if kind == Kind::WebhookVerify {
                let started = Instant::now();
                let outcome = verify_once(i as u64);
                let elapsed = started.elapsed();
                let error = outcome.as_ref().err().map(|e| format!("{e:#}"));
                // Pure computation never yields: let goose's own timers run.
                tokio::task::yield_now().await;
                return user
                    .record_custom_request_duration(
                        "VERIFY",
                        kind.name(),
                        elapsed,
                        outcome.is_ok(),
                        None,
                        error.as_deref(),
                    )
                    .await;
            }
            let call =
                devflow_call(&ctx, kind, user.weighted_users_index, i).map_err(custom_error)?;
            let mut builder = user.get_request_builder(&call.method, &call.path)?;
            for (name, value) in call.headers {
                builder = builder.header(name, value);
            }
            if let Some(body) = call.body {
                builder = builder.body(body);
            }
            let request = GooseRequest::builder()
                .set_request_builder(builder)
                .name(kind.name())
                .expect_status_code(call.expect)
                .build();
            let response = user.request(request).await?;
            // Read the body so the connection goes back to the pool.
            if let Ok(response) = response.response {
                let _ = response.bytes().await;
            }
            Ok(())
        })
    })
}

/// One svix verification of a fresh signed delivery (what the webhook route does first).
fn verify_once(seed: u64) -> Result<()> {
    let signed = signed_user_created(seed)?;
    let mut map = ::http::HeaderMap::new();
    for (name, value) in signed.headers {
        map.insert(name, value.parse()?);
    }
    svix::webhooks::Webhook::new(SECRET)?
        .verify(&signed.body, &map)
        .context("verification failed")
}

/// The goose transaction for the baseline of `kind`: timed around the driver calls.
fn baseline_transaction(ctx: Arc<Ctx>, kind: Kind) -> TransactionFunction {
    Arc::new(move |user: &mut GooseUser| -> BoxFuture<'_, _> {
        let ctx = ctx.clone();
        Box::pin(async move {
            let i = ctx.next();
            let client = user.weighted_users_index;
            // Inputs are prepared before the clock starts, as the API's are parsed
            // before its handlers query.
            let prepared = prepare_baseline(&ctx, kind, client, i).map_err(custom_error)?;
            let started = Instant::now();
            let outcome = run_baseline(&ctx, kind, prepared).await;
            let elapsed = started.elapsed();
            let error = outcome.as_ref().err().map(|e| format!("{e:#}"));
            user.record_custom_request_duration(
                "DRIVER",
                kind.name(),
                elapsed,
                outcome.is_ok(),
                None,
                error.as_deref(),
            )
            .await
        })
    })
}

/// A baseline's inputs.
struct Prepared {
    i: usize,
    /// The acting user's id (voter or asker), the visitor, or the new user's document.
    user: Document,
    question: String,
}

fn prepare_baseline(ctx: &Ctx, kind: Kind, client: usize, i: usize) -> Result<Prepared> {
    let user = match kind {
        Kind::WebhookUserCreated => {
            let signed = signed_user_created(ctx.run_salt << 33 | i as u64)?;
            let msg_id = signed.msg_id;
            let event: Value = serde_json::from_slice(&signed.body)?;
            let data = &event["data"];
            let clerk_id = data["id"].as_str().unwrap_or_default().to_owned();
            doc! {
                "msg": msg_id,
                "doc": {
                    "_id": format!("u{}", clerk_id.trim_start_matches("user_")),
                    "clerkId": &clerk_id,
                    "name": format!("{} {}", data["first_name"].as_str().unwrap_or_default(),
                        data["last_name"].as_str().unwrap_or_default()),
                    "username": clerk_id.to_lowercase(),
                    "email": data["email_addresses"][0]["email_address"].as_str().unwrap_or_default(),
                    "picture": "",
                    "reputation": 0_i64,
                    "saved": [],
                    "joinedAt": mongodb::bson::DateTime::now(),
                }
            }
        }
        Kind::VoteToggle => doc! { "id": format!("bench{:06}", client % VOTERS) },
        Kind::AskQuestion => doc! { "id": format!("bench{:06}", VOTERS + client % ASKERS) },
        // Each simulated client is one visitor, as its cookie makes it on the API.
        Kind::QuestionPage => doc! { "visitor": format!("c:bench-{}-{client}", ctx.run_salt) },
        _ => Document::new(),
    };
    Ok(Prepared {
        i,
        user,
        question: ctx.question_id(i),
    })
}

/// The queries and writes `kind`'s response needs, through the bare driver: the same
/// collections, indexes and documents the API uses, nothing it could skip.
async fn run_baseline(ctx: &Ctx, kind: Kind, prepared: Prepared) -> Result<()> {
    let db = &ctx.db;
    let users = db.collection::<Document>("users");
    let questions = db.collection::<Document>("questions");
    let page = prepared.i % PAGES;
    let skip = (page as u64) * PAGE_SIZE as u64;
    match kind {
        // Applied once: the delivery is recorded by its id, then the user inserted.
        Kind::WebhookUserCreated => {
            let msg = prepared.user.get_str("msg")?;
            db.collection::<Document>("webhook_events")
                .insert_one(doc! { "_id": msg, "state": "applied" })
                .await?;
            users
                .insert_one(prepared.user.get_document("doc")?.clone())
                .await?;
        }
        Kind::WebhookVerify => {}
        // A page of users and the total, then the page's authors' tags for their top
        // tags (tag names are immutable: a server may keep them cached).
        Kind::UsersPage | Kind::UsersSearch => {
            let filter = if kind == Kind::UsersSearch {
                let q = SEARCHES[prepared.i % 4];
                let pattern = doc! { "$regex": q, "$options": "i" };
                doc! { "$or": [ { "name": pattern.clone() }, { "username": pattern } ] }
            } else {
                Document::new()
            };
            let skip = if kind == Kind::UsersSearch { 0 } else { skip };
            let find = users
                .find(filter.clone())
                .sort(doc! { "reputation": -1, "_id": 1 })
                .skip(skip)
                .limit(PAGE_SIZE);
            let page = async { find.await?.try_collect::<Vec<_>>().await };
            let total = count(&users, &filter);
            let (found, _) = futures::try_join!(async { anyhow::Ok(page.await?) }, total)?;
            let ids: Vec<&str> = found.iter().filter_map(|u| u.get_str("_id").ok()).collect();
            if !ids.is_empty() {
                questions
                    .find(doc! { "author": { "$in": ids } })
                    .projection(doc! { "_id": 0, "author": 1, "tags": 1 })
                    .limit(TOP_TAGS_SCAN)
                    .await?
                    .try_collect::<Vec<_>>()
                    .await?;
            }
        }
        // A page of questions (without their bodies) and the total, then the page's
        // authors.
        Kind::QuestionsNewest | Kind::QuestionsFrequent | Kind::QuestionsUnanswered => {
            let (filter, sort) = match kind {
                Kind::QuestionsFrequent => (Document::new(), doc! { "views": -1, "_id": -1 }),
                Kind::QuestionsUnanswered => (
                    doc! { "answerCount": 0_i64 },
                    doc! { "createdAt": -1, "_id": -1 },
                ),
                _ => (Document::new(), doc! { "createdAt": -1, "_id": -1 }),
            };
            let find = questions
                .find(filter.clone())
                .sort(sort)
                .skip(skip)
                .limit(PAGE_SIZE)
                .projection(doc! { "content": 0, "contentHtml": 0 });
            let page = async { find.await?.try_collect::<Vec<_>>().await };
            let total = count(&questions, &filter);
            let (found, _) = futures::try_join!(async { anyhow::Ok(page.await?) }, total)?;
            let authors: Vec<&str> = found
                .iter()
                .filter_map(|q| q.get_str("author").ok())
                .collect();
            users
                .find(doc! { "_id": { "$in": authors } })
                .await?
                .try_collect::<Vec<_>>()
                .await?;
        }
        // The question and the claim of this visitor's view (counted once per visitor
        // and day), then the count and the author.
        Kind::QuestionPage => {
            let id = &prepared.question;
            let now = mongodb::bson::DateTime::now().timestamp_millis();
            let claim = async {
                let result = db
                    .collection::<Document>("views")
                    .update_one(
                        doc! {
                            "_id": format!("{id}:{}", prepared.user.get_str("visitor")?),
                            "countedAt": { "$lte": now - 86_400_000 },
                        },
                        doc! { "$set": {
                            "countedAt": now,
                            "expiresAt": mongodb::bson::DateTime::from_millis(now + 86_400_000),
                        } },
                    )
                    .upsert(true)
                    .await;
                // A duplicate key: counted already.
                anyhow::Ok(result.is_ok_and(|r| r.upserted_id.is_some() || r.modified_count > 0))
            };
            let find = async { anyhow::Ok(questions.find_one(doc! { "_id": id }).await?) };
            let (question, claimed) = futures::try_join!(find, claim)?;
            let question = question.context("no such question")?;
            let author = users.find_one(doc! { "_id": question.get_str("author")? });
            if claimed {
                let count =
                    questions.update_one(doc! { "_id": id }, doc! { "$inc": { "views": 1_i64 } });
                futures::try_join!(async { author.await }, async { count.await })?;
            } else {
                author.await?;
            }
        }
        // Toggle the voter in the question's upvotes, then the author's reputation.
        Kind::VoteToggle => {
            let voter = prepared.user.get_str("id")?;
            let id = &prepared.question;
            let added = questions
                .find_one_and_update(
                    doc! { "_id": id, "upvotes": { "$ne": voter } },
                    doc! { "$push": { "upvotes": voter }, "$inc": { "score": 1_i64 } },
                )
                .await?;
            let (question, delta) = match added {
                Some(question) => (question, 10_i64),
                None => (
                    questions
                        .find_one_and_update(
                            doc! { "_id": id },
                            doc! { "$pull": { "upvotes": voter }, "$inc": { "score": -1_i64 } },
                        )
                        .await?
                        .context("no such question")?,
                    -10,
                ),
            };
            users
                .update_one(
                    doc! { "_id": question.get_str("author")? },
                    doc! { "$inc": { "reputation": delta } },
                )
                .await?;
        }
        // The question, then its tags' question lists.
        Kind::AskQuestion => {
            let body = ask_body(ctx, prepared.i);
            let id = format!("bb{}_{}", ctx.run_salt, prepared.i);
            let tag_names: Vec<&str> = body["tags"]
                .as_array()
                .map(|tags| tags.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let tag_ids: Vec<String> = tag_names
                .iter()
                .map(|name| format!("btag{}", name.trim_start_matches("topic-")))
                .collect();
            let content = body["content"].as_str().unwrap_or_default();
            questions
                .insert_one(doc! {
                    "_id": &id,
                    "title": body["title"].as_str().unwrap_or_default(),
                    "content": content,
                    "contentHtml": format!("<p>{content}</p>"),
                    "tags": &tag_ids,
                    "author": prepared.user.get_str("id")?,
                    "views": 0_i64, "upvotes": [], "downvotes": [], "score": 0_i64,
                    "answers": [], "answerCount": 0_i64,
                    "createdAt": mongodb::bson::DateTime::now(), "rev": 1_i64,
                })
                .await?;
            db.collection::<Document>("tags")
                .update_many(
                    doc! { "_id": { "$in": &tag_ids } },
                    doc! { "$addToSet": { "questions": &id } },
                )
                .await?;
        }
    }
    Ok(())
}

/// How many documents match `filter`: collection metadata when unfiltered, else a
/// `$match` + `$count` pipeline (what the API sends too: the driver's
/// `count_documents` groups instead, which the local server runs in Python, ~100×
/// slower there and no faster on MongoDB).
async fn count(collection: &mongodb::Collection<Document>, filter: &Document) -> Result<u64> {
    if filter.is_empty() {
        return Ok(collection.estimated_document_count().await?);
    }
    let rows: Vec<Document> = collection
        .aggregate([doc! { "$match": filter.clone() }, doc! { "$count": "n" }])
        .await?
        .try_collect()
        .await?;
    Ok(match rows.first().and_then(|row| row.get("n")) {
        Some(Bson::Int32(n)) => u64::try_from(*n).unwrap_or(0),
        Some(Bson::Int64(n)) => u64::try_from(*n).unwrap_or(0),
        _ => 0,
    })
}

/// One measured run.
#[derive(Debug, Clone, Copy)]
struct Measured {
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    errors: usize,
}

/// Runs `transaction` from `clients` simulated clients for `seconds`, under goose.
async fn attack(
    host: &str,
    label: &str,
    clients: usize,
    seconds: u64,
    transaction: TransactionFunction,
) -> Result<Measured> {
    let configuration = GooseConfiguration::parse_args_default(&[
        "--host",
        host,
        "--users",
        &clients.to_string(),
        // Every client at once: the measurement starts when all are running.
        "--increase-rate",
        "1000",
        "--run-time",
        &format!("{seconds}s"),
        "--quiet",
        "--no-print-metrics",
        "--no-error-summary",
        "--no-telnet",
        "--no-transaction-metrics",
        "--no-scenario-metrics",
    ])?;
    let metrics = GooseAttack::initialize_with_config(configuration)?
        .register_scenario(Scenario::new(label).register_transaction(Transaction::new(transaction)))
        .execute()
        .await?;
    let Some(aggregate) = metrics.requests.values().next() else {
        bail!("{label}: no request completed");
    };
    if let Some(error) = metrics.errors.values().next() {
        note(&format!("{label}: first error: {}", error.error));
    }
    let timing = &aggregate.raw_data;
    let ms = |us: u64| us as f64 / 1000.0;
    let duration = metrics.duration.max(1) as f64;
    Ok(Measured {
        // Answers per second: a failure is not a served request.
        rps: aggregate.success_count as f64 / duration,
        p50_ms: ms(timing.percentile_us(0.5)),
        p99_ms: ms(timing.percentile_us(0.99)),
        max_ms: ms(timing.maximum_time_us),
        errors: aggregate.fail_count,
    })
}

/// One line of the result: a scenario at one concurrency.
#[derive(Debug, Clone)]
struct Row {
    kind: Kind,
    clients: usize,
    devflow: Measured,
    baseline: Option<Measured>,
}

impl Row {
    fn ratio_rps(&self) -> Option<f64> {
        self.baseline
            .filter(|b| b.rps > 0.0)
            .map(|b| self.devflow.rps / b.rps)
    }

    fn ratio_p99(&self) -> Option<f64> {
        self.baseline
            .filter(|b| b.p99_ms > 0.0)
            .map(|b| self.devflow.p99_ms / b.p99_ms)
    }

    /// Whether the row meets the issue's target (reads ≥ 0.8 rate and p99 ≤ 1.5×,
    /// the webhook ≥ 0.5 rate); `None` where no target applies.
    fn meets_target(&self) -> Option<bool> {
        let rate = self.ratio_rps()?;
        if self.devflow.errors > 0 {
            return Some(false);
        }
        if self.kind.is_read() {
            Some(rate >= 0.8 && self.ratio_p99()? <= 1.5)
        } else if self.kind == Kind::WebhookUserCreated {
            Some(rate >= 0.5)
        } else {
            None
        }
    }

    fn json(&self) -> Value {
        let round = |x: f64| (x * 1000.0).round() / 1000.0;
        json!({
            "name": self.kind.name(),
            "clients": self.clients,
            "rps": round(self.devflow.rps),
            "p50_ms": round(self.devflow.p50_ms),
            "p99_ms": round(self.devflow.p99_ms),
            "max_ms": round(self.devflow.max_ms),
            "errors": self.devflow.errors,
            "baseline_rps": self.baseline.map(|b| round(b.rps)),
            "baseline_p99_ms": self.baseline.map(|b| round(b.p99_ms)),
            "ratio_rps": self.ratio_rps().map(round),
            "ratio_p99": self.ratio_p99().map(round),
        })
    }
}

/// The result as a Markdown table (the README's Performance section shows one).
fn table(database: &str, quick: bool, rows: &[Row]) -> String {
    let mut out = format!(
        "database: {database}{}\n\n| scenario | clients | req/s | p50 ms | p99 ms | max ms | errors | baseline req/s | baseline p99 ms | rate ratio | p99 ratio | target |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|:-:|\n",
        if quick { " (quick: a tenth of the data)" } else { "" }
    );
    let opt = |x: Option<f64>, digits: usize| {
        x.map(|x| format!("{x:.digits$}"))
            .unwrap_or_else(|| "–".into())
    };
    // Whole requests per second, but a tenth where there are few.
    let rate = |rps: f64| {
        if rps < 10.0 {
            format!("{rps:.1}")
        } else {
            format!("{rps:.0}")
        }
    };
    for row in rows {
        let d = row.devflow;
        out.push_str(&format!(
            "| {} | {} | {} | {:.2} | {:.2} | {:.1} | {} | {} | {} | {} | {} | {} |\n",
            row.kind.name(),
            row.clients,
            rate(d.rps),
            d.p50_ms,
            d.p99_ms,
            d.max_ms,
            d.errors,
            row.baseline.map_or_else(|| "–".into(), |b| rate(b.rps)),
            opt(row.baseline.map(|b| b.p99_ms), 2),
            opt(row.ratio_rps(), 2),
            opt(row.ratio_p99(), 2),
            match row.meets_target() {
                Some(true) => "met",
                Some(false) => "missed",
                None => "–",
            }
        ));
    }
    out
}

struct Backend(Child);
impl Drop for Backend {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the release backend on `uri`/`db_name` with local sign-in, the webhook secret
/// and rate limits off; returns it and its port.
fn start_backend(uri: &str, db_name: &str, log: &Path) -> Result<(Backend, u16)> {
    let port = free_port()?;
    let log = std::fs::File::create(log).context("create the backend log")?;
    let backend = Backend(
        Command::new(target_dir().join("release/backend"))
            .env("MONGODB_URI", uri)
            .env("MONGODB_DB", db_name)
            .env("CLERK_WEBHOOK_SIGNING_SECRET", SECRET)
            .env("DEVFLOW_LOCAL_SIGN_IN", "true")
            .env("ROCKET_PORT", port.to_string())
            .env("ROCKET_ADDRESS", "127.0.0.1")
            .env("RUST_LOG", "warn")
            .envs(tools::RATE_LIMITS_OFF)
            .stdout(log)
            .spawn()
            .context("start the backend")?,
    );
    wait_for_port(port, "the backend")?;
    Ok((backend, port))
}

/// A session token for seeded user `user`, minted by local sign-in.
fn sign_in(url: &http::Url, user: usize) -> Result<String> {
    let body = json!({ "clerkId": format!("user_bench{user:06}") }).to_string();
    let target = http::Url {
        path: "/api/dev/sign-in".to_owned(),
        ..url.clone()
    };
    let (status, response) = http::post(&target, &[], body.as_bytes())?;
    if status != 200 {
        bail!("local sign-in of bench user {user}: {status} {response}");
    }
    let session: Value = serde_json::from_str(&response)?;
    session["token"]
        .as_str()
        .map(str::to_owned)
        .context("no token in the sign-in reply")
}

/// What the database says it is, for the report.
async fn describe_database(db: &mongodb::Database, local: bool) -> String {
    let version = db
        .run_command(doc! { "buildInfo": 1 })
        .await
        .ok()
        .and_then(|info| match info.get("version") {
            Some(Bson::String(v)) => Some(v.clone()),
            _ => None,
        })
        .unwrap_or_else(|| "unknown version".into());
    if local {
        format!(
            "nx-27017 {} (local MongoDB-compatible server, reports {version})",
            tools::NX_27017_VERSION
        )
    } else {
        format!("MongoDB {version} (MONGODB_URI)")
    }
}

/// Builds the backend and the benchmark data loader (`backend/examples/seed_bench.rs`)
/// with the release or the dev profile; returns the loader's path.
pub fn build_backend_and_loader(release: bool) -> Result<PathBuf> {
    let mut args = vec![
        "build",
        "--locked",
        "-p",
        "backend",
        "--bin",
        "backend",
        "--example",
        "seed_bench",
    ];
    if release {
        args.push("--release");
    }
    run(cargo().args(args))?;
    let profile = if release { "release" } else { "debug" };
    Ok(target_dir().join(profile).join("examples/seed_bench"))
}

/// Fills database `db_name` at `uri` with the benchmark's fixed data for `users`
/// users (five questions each, three answers per question).
pub fn load_data(loader: &Path, users: usize, uri: &str, db_name: &str) -> Result<()> {
    run(Command::new(loader)
        .arg(users.to_string())
        .env("MONGODB_URI", uri)
        .env("MONGODB_DB", db_name))
}

/// `cargo xtask bench [--quick]`.
pub fn main(args: &[String]) -> Result<()> {
    let quick = args.iter().any(|a| a == "--quick");
    if let Some(other) = args.iter().find(|a| *a != "--quick") {
        bail!("unknown option `{other}` (cargo xtask bench [--quick])");
    }
    let users = if quick { 1_000 } else { 10_000 };
    let seconds = if quick { 2 } else { 10 };
    let out_dir = target_dir().join("bench");
    std::fs::create_dir_all(&out_dir)?;

    step("Building the backend and the data loader (release)");
    let loader = build_backend_and_loader(true)?;
    let nx = tools::ensure_nx()?;
    let state = tools::state_dir().join("bench");
    let (local, uri) = crate::localdb::from_env_or_throwaway(&nx, &state)?;
    let db_name = format!("devflow_bench_{}", std::process::id());
    step(&format!(
        "Loading {users} users, {} questions and their answers",
        users * 5
    ));
    let loading = Instant::now();
    load_data(&loader, users, &uri, &db_name)?;
    note(&format!(
        "loaded in {:.1} s",
        loading.elapsed().as_secs_f64()
    ));
    let log = state.join("backend.log");
    note(&format!("backend log: {}", log.display()));
    let (backend, port) = start_backend(&uri, &db_name, &log)?;
    let url = http::parse_url(&format!("http://127.0.0.1:{port}/"))?;
    let tokens = (0..VOTERS + ASKERS)
        .map(|user| sign_in(&url, user))
        .collect::<Result<Vec<_>>>()?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let result = runtime.block_on(async {
        let client = mongodb::Client::with_uri_str(&uri).await?;
        let ctx = Arc::new(Ctx {
            host: format!("http://127.0.0.1:{port}"),
            tokens,
            db: client.database(&db_name),
            questions: users * 5,
            sent: AtomicUsize::new(0),
            run_salt: u64::from(std::process::id()),
        });
        let database = describe_database(&ctx.db, local.is_some()).await;
        let measuring = Instant::now();
        let rows = run_scenarios(&ctx, seconds).await?;
        note(&format!(
            "scenarios measured in {:.0} s",
            measuring.elapsed().as_secs_f64()
        ));
        // A benchmark database is not kept (a real server's too).
        let _ = ctx.db.drop().await;
        anyhow::Ok((database, rows))
    });
    drop(backend);
    drop(local);
    let (database, rows) = result?;

    let report = table(&database, quick, &rows);
    println!("\n{report}");
    let latest = json!({
        "database": database,
        "quick": quick,
        "scenarios": rows.iter().map(Row::json).collect::<Vec<_>>(),
    });
    let path = out_dir.join("latest.json");
    std::fs::write(&path, serde_json::to_string_pretty(&latest)?)?;
    std::fs::write(out_dir.join("latest.md"), &report)?;
    note(&format!("written: {}", path.display()));
    let errors: usize = rows.iter().map(|r| r.devflow.errors).sum();
    if errors > 0 {
        // Reported, not hidden: a benchmark with errors is not a result.
        bail!("{errors} requests failed (see the table and the backend log)");
    }
    Ok(())
}

async fn run_scenarios(ctx: &Arc<Ctx>, seconds: u64) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    for kind in Kind::ALL {
        // Warm-up: connections, caches and the pages the scenario reads.
        attack(
            &ctx.host,
            kind.name(),
            2,
            1,
            devflow_transaction(ctx.clone(), kind),
        )
        .await?;
        for clients in CLIENTS {
            step(&format!(
                "{} at {clients} client(s), {seconds} s each side",
                kind.name()
            ));
            let devflow = attack(
                &ctx.host,
                kind.name(),
                clients,
                seconds,
                devflow_transaction(ctx.clone(), kind),
            )
            .await?;
            let baseline = if kind.has_baseline() {
                Some(
                    attack(
                        &ctx.host,
                        kind.name(),
                        clients,
                        seconds,
                        baseline_transaction(ctx.clone(), kind),
                    )
                    .await?,
                )
            } else {
                None
            };
            let row = Row {
                kind,
                clients,
                devflow,
                baseline,
            };
            note(&format!(
                "DevFlow {:.0} req/s, p99 {:.2} ms; baseline {}; ratio {}",
                devflow.rps,
                devflow.p99_ms,
                baseline
                    .map(|b| format!("{:.0} req/s, p99 {:.2} ms", b.rps, b.p99_ms))
                    .unwrap_or_else(|| "none".into()),
                row.ratio_rps()
                    .map(|r| format!("{r:.2}"))
                    .unwrap_or_else(|| "–".into())
            ));
            rows.push(row);
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measured(rps: f64, p99_ms: f64) -> Measured {
        Measured {
            rps,
            p50_ms: p99_ms / 2.0,
            p99_ms,
            max_ms: p99_ms * 2.0,
            errors: 0,
        }
    }

    #[test]
    fn a_read_meets_its_target_only_with_both_ratios_in_bounds() {
        let row = |rps, p99| Row {
            kind: Kind::UsersPage,
            clients: 16,
            devflow: measured(rps, p99),
            baseline: Some(measured(100.0, 10.0)),
        };

        assert_eq!(row(80.0, 15.0).meets_target(), Some(true));
        assert_eq!(row(79.0, 10.0).meets_target(), Some(false));
        assert_eq!(row(100.0, 15.1).meets_target(), Some(false));
    }

    #[test]
    fn rows_without_a_baseline_report_null_ratios() {
        let row = Row {
            kind: Kind::WebhookVerify,
            clients: 1,
            devflow: measured(5000.0, 0.3),
            baseline: None,
        };

        let json = row.json();

        assert_eq!(json["baseline_rps"], Value::Null);
        assert_eq!(json["ratio_p99"], Value::Null);
        assert_eq!(row.meets_target(), None);
        assert_eq!(json["name"], "webhook_verify_only");
    }

    #[test]
    fn a_row_with_errors_misses_its_target() {
        let mut failing = measured(100.0, 10.0);
        failing.errors = 1;
        let row = Row {
            kind: Kind::QuestionsNewest,
            clients: 16,
            devflow: failing,
            baseline: Some(measured(100.0, 10.0)),
        };

        assert_eq!(row.meets_target(), Some(false));
    }

    #[test]
    fn the_webhook_target_is_half_the_baseline_rate() {
        let row = Row {
            kind: Kind::WebhookUserCreated,
            clients: 16,
            devflow: measured(50.0, 40.0),
            baseline: Some(measured(100.0, 10.0)),
        };

        assert_eq!(row.meets_target(), Some(true));
    }
}
