//! `cargo xtask fault-load`: the API under sustained mixed load, a database outage and
//! a killed backend (loopback only, bounded in time; part of `cargo xtask test`).
//!
//! 1. **Sustained load**: 32 clients for 60 s send reads, votes, questions, signed
//!    webhooks and sign-ins. No 5xx, no request slower than 2 s, and the backend's
//!    resident memory stops growing once warm.
//! 2. **Database stop**: under the same load the database is killed, then restarted
//!    10 s later. While it is down every API call and webhook answers 503 within 2 s
//!    and `/api/health` says the database is unavailable; once it is back the API
//!    serves again within 5 s.
//! 3. **Backend kill**: webhook and vote traffic while the backend is SIGKILLed and
//!    restarted.
//!
//! After 2 and 3, as Clerk would, every delivery not answered 2xx is sent again; then
//! every delivery must be stored, none applied twice, every user's reputation must
//! equal what the ledger records for them, and every question's score its votes.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use futures::TryStreamExt;
use mongodb::bson::{doc, Bson, Document};
use serde_json::{json, Value};

use crate::fault::{Process, Rig};
use crate::shell::{note, step};
use crate::webhook;
use crate::webhook::TEST_SECRET as SECRET;

/// Seeded users; `bench000000..15` vote and ask (the seeder gives them no posts).
const USERS: usize = 200;
const ACTORS: usize = 16;
const CLIENTS: usize = 32;
/// No answer may take longer, outage or not.
const SLOWEST: Duration = Duration::from_secs(2);
/// Each simulated client pauses this long between requests on average, as people do: the 32
/// clients then ask for less than the local database can serve (one Python thread,
/// 65–100 API requests/s of this mix with a debug backend); without it every request
/// also waits in the database's queue for the 31 others (a question asked then takes
/// over 2 s), which measures the queue rather than the API.
const THINK_MS: u64 = 500;
/// How soon after the database is back the API must serve again.
const RECOVERY: Duration = Duration::from_secs(5);

/// What a simulated client does on a given turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    ListQuestions,
    ReadQuestion,
    ListUsers,
    Vote,
    Ask,
    Webhook,
    SignIn,
}

/// Which actions a phase mixes.
#[derive(Debug, Clone, Copy)]
enum Mix {
    /// Mostly reads, with writes, webhooks and sign-ins.
    Everything,
    /// Webhooks and votes only.
    WebhooksAndVotes,
}

impl Mix {
    fn action(self, turn: usize) -> Action {
        match self {
            Mix::Everything => match turn % 10 {
                0..=2 => Action::ListQuestions,
                3 | 4 => Action::ReadQuestion,
                5 => Action::ListUsers,
                6 => Action::Vote,
                7 => Action::Webhook,
                8 => Action::SignIn,
                _ => {
                    if turn % 20 == 9 {
                        Action::Ask
                    } else {
                        Action::Vote
                    }
                }
            },
            Mix::WebhooksAndVotes => {
                if turn.is_multiple_of(2) {
                    Action::Webhook
                } else {
                    Action::Vote
                }
            }
        }
    }
}

/// One answered (or failed) request.
#[derive(Debug, Clone)]
struct Record {
    action: Action,
    /// When it was sent, from the phase's start.
    sent: Duration,
    latency: Duration,
    /// 0: no HTTP answer (connection refused or reset).
    status: u16,
}

/// One Clerk delivery and what became of it.
#[derive(Debug)]
struct Delivery {
    msg_id: String,
    clerk_id: String,
    body: Vec<u8>,
    last_status: u16,
    applied: usize,
}

/// What every simulated client shares.
struct Load {
    client: reqwest::Client,
    base: String,
    /// Session tokens of the acting users (local sign-in: a restarted backend signs
    /// with a new key, so they are minted again after a restart).
    tokens: std::sync::RwLock<Vec<String>>,
    questions: usize,
    turns: AtomicUsize,
    stop: AtomicBool,
    started: Instant,
    records: Mutex<Vec<Record>>,
    deliveries: Mutex<Vec<Delivery>>,
}

impl Load {
    fn question(&self, turn: usize) -> String {
        format!("bq{:06}", (turn * 7919) % self.questions)
    }

    /// Sends `delivery` (signed now, as svix signs each attempt) and notes the answer.
    async fn deliver(&self, msg_id: &str, body: &[u8]) -> (u16, bool) {
        let Ok(headers) = webhook::signed_headers(SECRET, msg_id, body) else {
            return (0, false);
        };
        let mut request = self
            .client
            .post(format!("{}/api/webhooks/clerk", self.base))
            .header("Content-Type", "application/json")
            .body(body.to_vec());
        for (name, value) in headers {
            request = request.header(name, value);
        }
        match request.send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                let text = response.text().await.unwrap_or_default();
                (status, status == 200 && text.contains("\"applied\""))
            }
            Err(_) => (0, false),
        }
    }

    /// One turn of a simulated client: `(action, status)`.
    async fn turn(&self, mix: Mix, client: usize) -> Result<(Action, u16)> {
        let turn = self.turns.fetch_add(1, Ordering::Relaxed);
        let action = mix.action(turn);
        let token = self
            .tokens
            .read()
            .map_err(|_| anyhow::anyhow!("poisoned"))?[client % ACTORS]
            .clone();
        let request = match action {
            Action::ListQuestions => self.client.get(format!(
                "{}/api/questions?page={}",
                self.base,
                1 + turn % 20
            )),
            Action::ReadQuestion => self.client.get(format!(
                "{}/api/questions/{}",
                self.base,
                self.question(turn)
            )),
            Action::ListUsers => self.client.get(format!(
                "{}/api/users?filter=top_contributors&page={}",
                self.base,
                1 + turn % 10
            )),
            Action::Vote => self
                .client
                .post(format!(
                    "{}/api/questions/{}/vote",
                    self.base,
                    self.question(turn)
                ))
                .bearer_auth(&token)
                .json(&json!({ "direction": if turn.is_multiple_of(3) { "down" } else { "up" } })),
            Action::Ask => self
                .client
                .post(format!("{}/api/questions", self.base))
                .bearer_auth(&token)
                .json(&json!({
                    "title": format!("Load test question {turn}"),
                    "content": "What happens to this question when the database stops?",
                    "tags": [format!("topic-{}", turn % 200)],
                })),
            Action::SignIn => self
                .client
                .post(format!("{}/api/dev/sign-in", self.base))
                .json(&json!({ "clerkId": format!("user_bench{:06}", turn % USERS) })),
            Action::Webhook => {
                let seed = 0x10AD_0000_0000 | turn as u64;
                let event =
                    webhook::user_event("user.created", &webhook::UserOptions::default(), seed)?;
                let clerk_id = event["data"]["id"].as_str().unwrap_or_default().to_owned();
                let body = serde_json::to_vec(&event)?;
                let msg_id = webhook::random_id("msg_", seed);
                let (status, applied) = self.deliver(&msg_id, &body).await;
                self.deliveries
                    .lock()
                    .map_err(|_| anyhow::anyhow!("poisoned"))?
                    .push(Delivery {
                        msg_id,
                        clerk_id,
                        body,
                        last_status: status,
                        applied: usize::from(applied),
                    });
                return Ok((action, status));
            }
        };
        let status = match request.send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                // Read the body: the connection goes back to the pool.
                let _ = response.bytes().await;
                status
            }
            Err(_) => 0,
        };
        Ok((action, status))
    }
}

/// One client's think times: uniform from half to one and a half [`THINK_MS`]
/// (xorshift, seeded by the client, so runs repeat).
struct Pauses(u64);

impl Pauses {
    fn new(client: u64) -> Self {
        Self(0x9E37_79B9_7F4A_7C15 ^ (client + 1).wrapping_mul(0xBF58_476D_1CE4_E5B9))
    }

    fn next_ms(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        THINK_MS / 2 + self.0 % THINK_MS
    }
}

/// Runs `clients` simulated clients with `mix` until `load.stop` is set.
async fn drive(load: Arc<Load>, mix: Mix, clients: usize) -> Result<()> {
    let tasks: Vec<_> = (0..clients)
        .map(|client| {
            let load = load.clone();
            tokio::spawn(async move {
                // People neither arrive together nor click in step: clients start
                // spread over one pause and pause a varying time (same mean), so the
                // load is steady rather than 32 requests at once every half second.
                let mut pauses = Pauses::new(client as u64);
                let offset = THINK_MS * client as u64 / clients.max(1) as u64;
                tokio::time::sleep(Duration::from_millis(offset)).await;
                while !load.stop.load(Ordering::Relaxed) {
                    let sent = load.started.elapsed();
                    let clock = Instant::now();
                    let (action, status) = load.turn(mix, client).await?;
                    let latency = clock.elapsed();
                    load.records
                        .lock()
                        .map_err(|_| anyhow::anyhow!("poisoned"))?
                        .push(Record {
                            action,
                            sent,
                            latency,
                            status,
                        });
                    // A person reads before clicking again; nothing listening (the
                    // backend restarts) is no reason to spin either.
                    let pause = if status == 0 { 50 } else { pauses.next_ms() };
                    tokio::time::sleep(Duration::from_millis(pause)).await;
                }
                anyhow::Ok(())
            })
        })
        .collect();
    for task in tasks {
        task.await??;
    }
    Ok(())
}

/// The backend's resident memory in KiB (Linux).
fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
}

fn summary(records: &[Record]) -> String {
    let mut counts: HashMap<u16, usize> = HashMap::new();
    for record in records {
        *counts.entry(record.status).or_default() += 1;
    }
    let mut counts: Vec<_> = counts.into_iter().collect();
    counts.sort();
    let mut latencies: Vec<Duration> = records.iter().map(|r| r.latency).collect();
    latencies.sort();
    let p50 = latencies
        .get(latencies.len() / 2)
        .copied()
        .unwrap_or_default();
    let p99 = latencies
        .get(latencies.len().saturating_sub(1) * 99 / 100)
        .copied()
        .unwrap_or_default();
    let mut slowest: HashMap<String, Duration> = HashMap::new();
    for record in records {
        let entry = slowest.entry(format!("{:?}", record.action)).or_default();
        *entry = (*entry).max(record.latency);
    }
    let mut slowest: Vec<_> = slowest.into_iter().collect();
    slowest.sort();
    format!(
        "{} requests; statuses {}; p50 {:.1} ms; p99 {:.1} ms; slowest {:.1} ms ({})",
        records.len(),
        counts
            .iter()
            .map(|(s, n)| format!(
                "{}: {n}",
                if *s == 0 {
                    "none".into()
                } else {
                    s.to_string()
                }
            ))
            .collect::<Vec<_>>()
            .join(", "),
        p50.as_secs_f64() * 1000.0,
        p99.as_secs_f64() * 1000.0,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1000.0,
        slowest
            .iter()
            .map(|(action, d)| format!("{action} {:.0}", d.as_secs_f64() * 1000.0))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn take_records(load: &Load) -> Result<Vec<Record>> {
    Ok(std::mem::take(
        &mut *load
            .records
            .lock()
            .map_err(|_| anyhow::anyhow!("poisoned"))?,
    ))
}

/// The sustained-load phase: 60 s, every action, no 5xx, none over 2 s, memory flat.
async fn sustained(load: &Arc<Load>, backend_pid: u32, seconds: u64) -> Result<()> {
    step(&format!(
        "Sustained mixed load: {CLIENTS} clients for {seconds} s"
    ));
    let driver = tokio::spawn(drive(load.clone(), Mix::Everything, CLIENTS));
    let mut samples = Vec::new();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(seconds) {
        tokio::time::sleep(Duration::from_secs(2)).await;
        samples.push(rss_kib(backend_pid).context("read the backend's memory")?);
    }
    load.stop.store(true, Ordering::Relaxed);
    driver.await??;
    let records = take_records(load)?;
    note(&summary(&records));
    note(&format!(
        "backend RSS every 2 s (MiB): {}",
        samples
            .iter()
            .map(|kib| format!("{:.0}", *kib as f64 / 1024.0))
            .collect::<Vec<_>>()
            .join(" ")
    ));
    let failed: Vec<_> = records
        .iter()
        .filter(|r| r.status >= 500 || r.status == 0)
        .collect();
    if let Some(first) = failed.first() {
        bail!(
            "{} requests failed under load; first: {first:?}",
            failed.len()
        );
    }
    if let Some(slow) = records.iter().find(|r| r.latency > SLOWEST) {
        bail!("a request took over {SLOWEST:?} under load: {slow:?}");
    }
    // Warm after the first third: the last third may not be meaningfully above it.
    let third = samples.len() / 3;
    let warm = samples[third..2 * third]
        .iter()
        .copied()
        .max()
        .unwrap_or_default();
    let late = samples[2 * third..]
        .iter()
        .copied()
        .max()
        .unwrap_or_default();
    let allowed = warm + (warm / 5).max(16 * 1024);
    if late > allowed {
        bail!(
            "backend memory keeps growing: {} MiB in the middle third, {} MiB at the end",
            warm / 1024,
            late / 1024
        );
    }
    Ok(())
}

/// A success, or a 503 ("database unavailable"), answered within [`SLOWEST`].
fn answered_fast_with_503_or_success(record: &Record) -> bool {
    matches!(record.status, 200 | 201 | 503) && record.latency <= SLOWEST
}

/// The database-stop phase.
async fn database_stop(load: &Arc<Load>, db: &mut Option<Process>, rig: &Rig) -> Result<()> {
    step("The database stops under load, and comes back 10 s later");
    load.stop.store(false, Ordering::Relaxed);
    let driver = tokio::spawn(drive(load.clone(), Mix::Everything, CLIENTS));
    tokio::time::sleep(Duration::from_secs(4)).await;
    let down_at = load.started.elapsed();
    if let Some(process) = db.take() {
        process.signal("-KILL");
    }
    note("database killed (SIGKILL)");
    // Health, while it is down.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let asked = Instant::now();
    let health = load
        .client
        .get(format!("{}/api/health", load.base))
        .send()
        .await?;
    let health_status = health.status().as_u16();
    let health_body: Value = health.json().await.unwrap_or_default();
    let health_took = asked.elapsed();
    note(&format!(
        "/api/health while down: {health_status} {health_body} in {:.0} ms",
        health_took.as_secs_f64() * 1000.0
    ));
    if health_status != 503 || health_body["db"] != "unavailable" || health_took > SLOWEST {
        bail!(
            "/api/health did not report the database down quickly: {health_status} {health_body}"
        );
    }
    tokio::time::sleep(Duration::from_secs(7)).await;
    let restart = load.started.elapsed();
    *db = Some(rig.start_db()?);
    let up_at = load.started.elapsed();
    note(&format!(
        "database restarted (listening after {:.1} s)",
        (up_at - restart).as_secs_f64()
    ));
    tokio::time::sleep(Duration::from_secs(10)).await;
    load.stop.store(true, Ordering::Relaxed);
    driver.await??;
    let records = take_records(load)?;
    note(&summary(&records));

    let bad: Vec<&Record> = records
        .iter()
        .filter(|r| !answered_fast_with_503_or_success(r))
        .collect();
    if !bad.is_empty() {
        bail!(
            "around the outage (down at {down_at:?}, back at {up_at:?}) {} requests were not a fast 503 or a success: {bad:#?}",
            bad.len()
        );
    }
    // Sent well inside the outage: all 503. (In-flight requests drain in the first
    // 0.5 s; one sent within the selection timeout of the restart may be served.)
    let outage = |r: &&Record| {
        r.sent > down_at + Duration::from_millis(500)
            && r.sent + Duration::from_millis(1_500) < restart
    };
    let during: Vec<&Record> = records.iter().filter(outage).collect();
    let not_503: Vec<&&Record> = during.iter().filter(|r| r.status != 503).collect();
    if during.is_empty() || !not_503.is_empty() {
        bail!(
            "requests during the outage (down at {down_at:?}, restarted at {restart:?}) were not all 503 ({} sent): {not_503:#?}",
            during.len()
        );
    }
    if !during.iter().any(|r| r.action == Action::Webhook) {
        bail!("no webhook was delivered during the outage");
    }
    // Recovered: every request sent from 5 s after the database was back succeeded.
    let late_failure = records
        .iter()
        .filter(|r| r.sent >= up_at + RECOVERY)
        .find(|r| r.status == 503);
    if let Some(failure) = late_failure {
        bail!("still failing 5 s after the database came back: {failure:?}");
    }
    let recovered = records
        .iter()
        .filter(|r| r.sent >= up_at && r.status == 503)
        .map(|r| r.sent + r.latency)
        .max()
        .map_or(Duration::ZERO, |last| last.saturating_sub(up_at));
    note(&format!(
        "outage: {} requests answered 503 (all within {:?}); last 503 {:.1} s after the database was back",
        records.iter().filter(|r| r.status == 503).count(),
        SLOWEST,
        recovered.as_secs_f64()
    ));
    Ok(())
}

/// The backend-kill phase: webhooks and votes while the backend is SIGKILLed.
async fn backend_kill(
    load: &Arc<Load>,
    backend: &mut Option<Process>,
    restart: impl FnOnce() -> Result<Process>,
) -> Result<()> {
    step("The backend is killed (SIGKILL) under webhook and vote traffic, and restarted");
    load.stop.store(false, Ordering::Relaxed);
    let driver = tokio::spawn(drive(load.clone(), Mix::WebhooksAndVotes, 16));
    tokio::time::sleep(Duration::from_secs(4)).await;
    if let Some(process) = backend.take() {
        process.signal("-KILL");
    }
    note("backend killed");
    *backend = Some(restart()?);
    let tokens = sign_in_actors(&load.client, &load.base).await?;
    *load
        .tokens
        .write()
        .map_err(|_| anyhow::anyhow!("poisoned"))? = tokens;
    let signed_in = load.started.elapsed();
    note("backend restarted; signed in again (local sign-in keys are per process)");
    tokio::time::sleep(Duration::from_secs(4)).await;
    load.stop.store(true, Ordering::Relaxed);
    driver.await??;
    let records = take_records(load)?;
    note(&summary(&records));
    // Unanswered while it was down, and 401 for tokens of the killed process: expected.
    let expected = |r: &&Record| r.status == 0 || (r.status == 401 && r.sent < signed_in);
    if let Some(bad) = records
        .iter()
        .filter(|r| !expected(r))
        .find(|r| !answered_fast_with_503_or_success(r))
    {
        bail!("around the kill a request failed otherwise than unanswered: {bad:?}");
    }
    Ok(())
}

/// Re-sends every delivery not answered 2xx (as Clerk retries), up to 3 rounds.
async fn replay(load: &Load) -> Result<usize> {
    let mut resent = 0;
    for _ in 0..3 {
        let pending: Vec<(usize, String, Vec<u8>)> = load
            .deliveries
            .lock()
            .map_err(|_| anyhow::anyhow!("poisoned"))?
            .iter()
            .enumerate()
            .filter(|(_, d)| !(200..300).contains(&d.last_status))
            .map(|(i, d)| (i, d.msg_id.clone(), d.body.clone()))
            .collect();
        if pending.is_empty() {
            return Ok(resent);
        }
        for (i, msg_id, body) in pending {
            let (status, applied) = load.deliver(&msg_id, &body).await;
            let mut deliveries = load
                .deliveries
                .lock()
                .map_err(|_| anyhow::anyhow!("poisoned"))?;
            deliveries[i].last_status = status;
            deliveries[i].applied += usize::from(applied);
            resent += 1;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    bail!("deliveries still failing after 3 replay rounds")
}

/// An integer field however the server stored it (the local server's `$inc` can turn
/// an Int64 into an Int32); 0 when absent.
fn int(document: &Document, key: &str) -> i64 {
    match document.get(key) {
        Some(Bson::Int32(n)) => i64::from(*n),
        Some(Bson::Int64(n)) => *n,
        Some(Bson::Double(n)) => *n as i64,
        _ => 0,
    }
}

/// Nothing lost, nothing doubled, reputation equal to its recorded causes.
async fn check_consistency(load: &Load, db: &mongodb::Database) -> Result<String> {
    let resent = replay(load).await?;
    let users = db.collection::<Document>("users");
    let (total, doubled, clerk_ids) = {
        let deliveries = load
            .deliveries
            .lock()
            .map_err(|_| anyhow::anyhow!("poisoned"))?;
        (
            deliveries.len(),
            deliveries.iter().filter(|d| d.applied > 1).count(),
            deliveries
                .iter()
                .map(|d| d.clerk_id.clone())
                .collect::<Vec<_>>(),
        )
    };
    let stored = users
        .count_documents(doc! { "clerkId": { "$in": &clerk_ids } })
        .await? as usize;
    if doubled > 0 || stored != total {
        bail!("{total} deliveries: {stored} users stored, {doubled} applied twice");
    }

    // Reputation: what each user has equals the ledger's entries for them, less any
    // change the ledger still lists as pending and the user has not applied yet.
    let mut expected: HashMap<String, i64> = HashMap::new();
    let mut ledgers = db
        .collection::<Document>("reputation")
        .find(doc! {})
        .await?;
    let mut marks_needed: Vec<(String, String, i64, i64)> = Vec::new();
    while let Some(ledger) = ledgers.try_next().await? {
        let post = ledger.get_str("_id")?.to_owned();
        for entry in ledger
            .get_array("entries")
            .map(|a| a.as_slice())
            .unwrap_or_default()
        {
            if let Some(entry) = entry.as_document() {
                *expected
                    .entry(entry.get_str("user")?.to_owned())
                    .or_default() += int(entry, "points");
            }
        }
        for pending in ledger
            .get_array("pending")
            .map(|a| a.as_slice())
            .unwrap_or_default()
        {
            if let Some(pending) = pending.as_document() {
                let rev = pending
                    .get_str("tx")?
                    .rsplit_once('@')
                    .and_then(|(_, rev)| rev.parse().ok())
                    .unwrap_or(i64::MAX);
                marks_needed.push((
                    pending.get_str("user")?.to_owned(),
                    post.clone(),
                    rev,
                    int(pending, "delta"),
                ));
            }
        }
    }
    let mut actual: HashMap<String, (i64, Document)> = HashMap::new();
    let mut cursor = users
        .find(doc! {})
        .projection(doc! { "reputation": 1, "reputationRevs": 1 })
        .await?;
    while let Some(user) = cursor.try_next().await? {
        let marks = user
            .get_document("reputationRevs")
            .cloned()
            .unwrap_or_default();
        actual.insert(
            user.get_str("_id")?.to_owned(),
            (int(&user, "reputation"), marks),
        );
    }
    for (user, post, rev, delta) in &marks_needed {
        let applied = actual
            .get(user)
            .is_some_and(|(_, marks)| int(marks, post) >= *rev);
        if !applied {
            *expected.entry(user.clone()).or_default() -= delta;
        }
    }
    let wrong: Vec<String> = actual
        .iter()
        .filter(|(id, (reputation, _))| {
            expected.get(*id).copied().unwrap_or_default() != *reputation
        })
        .map(|(id, (reputation, _))| {
            format!(
                "{id}: {reputation} ≠ {}",
                expected.get(id).copied().unwrap_or_default()
            )
        })
        .collect();
    if !wrong.is_empty() {
        bail!(
            "{} users' reputation differs from the ledger: {}",
            wrong.len(),
            wrong.iter().take(5).cloned().collect::<Vec<_>>().join("; ")
        );
    }
    // Every question's score is its votes.
    let mut cursor = db
        .collection::<Document>("questions")
        .find(doc! {})
        .projection(doc! { "score": 1, "upvotes": 1, "downvotes": 1 })
        .await?;
    while let Some(question) = cursor.try_next().await? {
        let len = |field| question.get_array(field).map(Vec::len).unwrap_or_default() as i64;
        let score = int(&question, "score");
        if score != len("upvotes") - len("downvotes") {
            bail!("question {question} has a score that is not its votes");
        }
    }
    Ok(format!(
        "{total} deliveries ({resent} re-sent): all stored, none applied twice; {} users' reputation equals their ledger ({} changes pending)",
        actual.len(),
        marks_needed.len()
    ))
}

/// Session tokens for the acting users, by local sign-in.
async fn sign_in_actors(client: &reqwest::Client, base: &str) -> Result<Vec<String>> {
    let mut tokens = Vec::new();
    for user in 0..ACTORS {
        let session: Value = client
            .post(format!("{base}/api/dev/sign-in"))
            .json(&json!({ "clerkId": format!("user_bench{user:06}") }))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        tokens.push(
            session["token"]
                .as_str()
                .context("no token in the sign-in reply")?
                .to_owned(),
        );
    }
    Ok(tokens)
}

/// `cargo xtask fault-load`.
pub fn main(_args: &[String]) -> Result<()> {
    step("Building the backend and the data loader");
    let loader = crate::bench::build_backend_and_loader(false)?;
    let rig = Rig::new("fault-load")?;
    let db_name = "devflow_fault_load";
    let uri = rig.uri();

    let mut db = Some(rig.start_db()?);
    crate::bench::load_data(&loader, USERS, &uri, db_name)?;
    let env = [("DEVFLOW_LOCAL_SIGN_IN", "true")];
    let mut backend = Some(rig.start_backend(db_name, &env)?);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let outcome = runtime.block_on(async {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .pool_max_idle_per_host(CLIENTS)
            .build()?;
        let base = rig.base_url();
        let tokens = sign_in_actors(&client, &base).await?;
        let load = Arc::new(Load {
            client,
            base,
            tokens: std::sync::RwLock::new(tokens),
            questions: USERS * 5,
            turns: AtomicUsize::new(0),
            stop: AtomicBool::new(false),
            started: Instant::now(),
            records: Mutex::new(Vec::new()),
            deliveries: Mutex::new(Vec::new()),
        });
        let database = mongodb::Client::with_uri_str(&uri).await?.database(db_name);

        let pid = backend.as_ref().map(Process::id).context("no backend")?;
        // (A shorter sustained phase helps when working on the later ones.)
        let seconds = std::env::var("DEVFLOW_LOAD_SECONDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(60);
        sustained(&load, pid, seconds).await?;
        database_stop(&load, &mut db, &rig).await?;
        note(&check_consistency(&load, &database).await?);
        backend_kill(&load, &mut backend, || {
            std::thread::sleep(Duration::from_millis(300));
            rig.start_backend(db_name, &env)
        })
        .await?;
        note(&check_consistency(&load, &database).await?);
        anyhow::Ok(())
    });
    drop(backend);
    drop(db);
    rig.clean_up();
    outcome
}
