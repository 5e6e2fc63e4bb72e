//! `cargo xtask bench-webhooks`: throughput and latency of verified `user.created`
//! deliveries against a release build of the backend on a local throwaway database, at
//! 1 and 16 concurrent senders, plus signature verification alone.

use std::process::{Child, Command};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::localdb::LocalDb;
use crate::shell::{cargo, free_port, note, run, step, target_dir, wait_for_port};
use crate::{http, tools, webhook};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

struct Backend(Child);
impl Drop for Backend {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// p-th percentile (0..=100) of sorted samples, nearest-rank.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Runs up to `total` requests from `senders` threads, stopping early after `budget`;
/// `send(i)` performs request `i` and returns its latency. Returns (requests/s, p50, p99).
fn run_load<F>(senders: usize, total: usize, send: F) -> Result<(f64, Duration, Duration)>
where
    F: Fn(usize) -> Result<Duration> + Send + Sync + 'static,
{
    run_load_for(senders, total, Duration::from_secs(3600), send)
}

fn run_load_for<F>(
    senders: usize,
    total: usize,
    budget: Duration,
    send: F,
) -> Result<(f64, Duration, Duration)>
where
    F: Fn(usize) -> Result<Duration> + Send + Sync + 'static,
{
    let next = Arc::new(AtomicUsize::new(0));
    let failures = Arc::new(AtomicUsize::new(0));
    let first_failure = Arc::new(std::sync::Mutex::new(None::<String>));
    let send = Arc::new(send);
    let started = Instant::now();
    let deadline = started + budget;
    let handles: Vec<_> = (0..senders)
        .map(|_| {
            let next = next.clone();
            let send = send.clone();
            let failures = failures.clone();
            let first_failure = first_failure.clone();
            std::thread::spawn(move || -> Result<Vec<Duration>> {
                let mut latencies = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= total || Instant::now() > deadline {
                        return Ok(latencies);
                    }
                    match send(i) {
                        Ok(latency) => latencies.push(latency),
                        Err(error) => {
                            failures.fetch_add(1, Ordering::Relaxed);
                            let mut first = first_failure
                                .lock()
                                .map_err(|_| anyhow::anyhow!("poisoned"))?;
                            first.get_or_insert_with(|| format!("{error:#}"));
                        }
                    }
                }
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(total);
    for handle in handles {
        latencies.extend(
            handle
                .join()
                .map_err(|_| anyhow::anyhow!("a sender panicked"))??,
        );
    }
    let elapsed = started.elapsed().as_secs_f64();
    let failed = failures.load(Ordering::Relaxed);
    if failed > 0 {
        let first = first_failure.lock().map(|f| f.clone()).unwrap_or_default();
        // Reported, not hidden: a benchmark with errors is not a result.
        bail!(
            "{failed} of {} requests failed; first: {}",
            failed + latencies.len(),
            first.unwrap_or_default()
        );
    }
    latencies.sort();
    Ok((
        latencies.len() as f64 / elapsed,
        percentile(&latencies, 50.0),
        percentile(&latencies, 99.0),
    ))
}

/// Sends one signed `user.created` event for a new user.
fn send_created(url: &http::Url, i: usize, salt: u64) -> Result<Duration> {
    let seed = salt << 32 | i as u64;
    let event = webhook::user_event("user.created", &webhook::UserOptions::default(), seed)?;
    let body = serde_json::to_vec(&event)?;
    let msg_id = webhook::random_id("msg_", seed);
    let headers = webhook::signed_headers(SECRET, &msg_id, &body)?;
    let sent = Instant::now();
    let (status, response) = http::post(url, &headers, &body)?;
    let latency = sent.elapsed();
    if status != 200 || !response.contains("\"applied\"") {
        bail!("event {i}: {status} {response}");
    }
    Ok(latency)
}

/// A release backend on a fresh throwaway database; returns it and its port.
fn start_stack(db_name: &str) -> Result<(LocalDb, Backend, u16)> {
    start_stack_with(db_name, &[])
}

/// [`start_stack`] with extra backend environment variables.
fn start_stack_with(db_name: &str, env: &[(&str, &str)]) -> Result<(LocalDb, Backend, u16)> {
    step("Building the backend (release)");
    run(cargo().args(["build", "--release", "-p", "backend", "--locked"]))?;
    let nx = tools::ensure_nx()?;
    step("Starting a throwaway database and the backend");
    let db = LocalDb::start(
        &nx,
        "memory",
        free_port()?,
        &tools::state_dir().join("bench"),
    )?;
    let port = free_port()?;
    let log_path = tools::state_dir().join("bench").join("backend.log");
    let log = std::fs::File::create(&log_path).context("create the backend log")?;
    note(&format!("backend log: {}", log_path.display()));
    let backend = Backend(
        Command::new(target_dir().join("release/backend"))
            .env("MONGODB_URI", &db.uri)
            .env("MONGODB_DB", db_name)
            .env("CLERK_WEBHOOK_SIGNING_SECRET", SECRET)
            .env("ROCKET_PORT", port.to_string())
            .env("ROCKET_ADDRESS", "127.0.0.1")
            .env("RUST_LOG", "warn")
            .envs(tools::RATE_LIMITS_OFF)
            .envs(env.iter().copied())
            .stdout(log)
            .spawn()
            .context("start the backend")?,
    );
    wait_for_port(port, "the backend")?;
    Ok((db, backend, port))
}

fn table(rows: &[(String, f64, Duration, Duration)]) {
    println!("\n| workload | req/s | p50 ms | p99 ms |\n| --- | --- | --- | --- |");
    for (name, rate, p50, p99) in rows {
        println!("| {name} | {rate:.0} | {:.2} | {:.2} |", ms(*p50), ms(*p99));
    }
}

fn verify_only(seconds: f64) -> Result<(f64, usize)> {
    let event = webhook::user_event("user.created", &webhook::UserOptions::default(), 1)?;
    let body = serde_json::to_vec(&event)?;
    let mut headers = ::http::HeaderMap::new();
    for (name, value) in webhook::signed_headers(SECRET, "msg_bench", &body)? {
        headers.insert(name, value.parse()?);
    }
    let verifier = svix::webhooks::Webhook::new(SECRET)?;
    let started = Instant::now();
    let mut count = 0_u64;
    while started.elapsed().as_secs_f64() < seconds {
        for _ in 0..1000 {
            verifier
                .verify(&body, &headers)
                .context("verification failed")?;
        }
        count += 1000;
    }
    Ok((count as f64 / started.elapsed().as_secs_f64(), body.len()))
}

fn events_arg(args: &[String], default: usize) -> Result<usize> {
    match args
        .iter()
        .position(|a| a == "--events" || a == "--requests")
    {
        Some(i) => Ok(args.get(i + 1).context("a count is needed")?.parse()?),
        None => Ok(default),
    }
}

/// `cargo xtask bench-webhooks [--events N]`.
pub fn webhooks_main(args: &[String]) -> Result<()> {
    let events = events_arg(args, 2000)?;
    let (db, backend, port) = start_stack("devflow_bench_webhooks")?;
    let url = http::parse_url(&format!("http://127.0.0.1:{port}/api/webhooks/clerk"))?;
    // Warm-up: connection pool, indexes, page cache.
    let warm = url.clone();
    run_load(4, 100, move |i| send_created(&warm, i, 99))?;

    let mut rows = Vec::new();
    for (salt, senders) in [(1_u64, 1_usize), (2, 16)] {
        step(&format!(
            "{events} verified user.created events, {senders} concurrent sender(s)"
        ));
        let target = url.clone();
        let (rate, p50, p99) = run_load(senders, events, move |i| send_created(&target, i, salt))?;
        note(&format!(
            "{rate:.0} events/s, p50 {:.2} ms, p99 {:.2} ms",
            ms(p50),
            ms(p99)
        ));
        rows.push((format!("user.created, {senders} sender(s)"), rate, p50, p99));
    }
    step("Signature verification alone (svix, in-process, one core)");
    let (verify_rate, size) = verify_only(2.0)?;
    note(&format!(
        "{verify_rate:.0} verifications/s on a {size}-byte payload"
    ));
    drop(backend);
    drop(db);
    table(&rows);
    println!("\nsignature verification alone: {verify_rate:.0}/s ({size}-byte payload)");
    Ok(())
}

/// `cargo xtask bench-users [--requests N]`: 10,000 users, 16 clients.
pub fn users_main(args: &[String]) -> Result<()> {
    let requests = events_arg(args, 2000)?;
    let seconds: u64 = match args.iter().position(|a| a == "--seconds") {
        Some(i) => args
            .get(i + 1)
            .context("--seconds needs a number")?
            .parse()?,
        None => 30,
    };
    let db_name = "devflow_bench_users";
    let (db, backend, port) = start_stack(db_name)?;
    step("Loading 10,000 users, 30,000 questions and 50 tags");
    run_seeder(&db, db_name, "seed_bench_users", 10_000)?;
    let url = http::parse_url(&format!("http://127.0.0.1:{port}/"))?;
    let workloads = [
        (
            "top_contributors, page 50",
            "/api/users?filter=top_contributors&page=50",
        ),
        ("search q=ali (page 1)", "/api/users?q=ali"),
        ("search q=smith, page 5", "/api/users?q=smith&page=5"),
    ];
    let mut rows = Vec::new();
    for (name, path) in workloads {
        let (status, body) = http::get(&url, path)?;
        if status != 200 || !body.contains("\"items\"") {
            bail!("{path}: {status} {body}");
        }
        let warm = url.clone();
        run_load(4, 50, move |_| timed_get(&warm, path))?;
        step(&format!(
            "GET {path}: up to {requests} requests or {seconds} s, 16 concurrent clients"
        ));
        let target = url.clone();
        let budget = Duration::from_secs(seconds);
        let (rate, p50, p99) =
            run_load_for(16, requests, budget, move |_| timed_get(&target, path))?;
        note(&format!(
            "{rate:.0} req/s, p50 {:.2} ms, p99 {:.2} ms",
            ms(p50),
            ms(p99)
        ));
        rows.push((name.to_owned(), rate, p50, p99));
    }
    drop(backend);
    drop(db);
    table(&rows);
    Ok(())
}

/// Loads the questions data set (the `seed_bench_questions` example) into `db_name`.
fn seed_questions(db: &LocalDb, db_name: &str, questions: usize) -> Result<()> {
    step(&format!(
        "Loading 1,000 users, 200 tags, {questions} questions and their answers"
    ));
    run_seeder(db, db_name, "seed_bench_questions", questions)
}

/// Runs a backend seeder example (release) with `count` against `db_name`.
fn run_seeder(db: &LocalDb, db_name: &str, example: &str, count: usize) -> Result<()> {
    run(cargo()
        .args([
            "run",
            "--release",
            "--locked",
            "-p",
            "backend",
            "--example",
            example,
            "--",
        ])
        .arg(count.to_string())
        .env("MONGODB_URI", &db.uri)
        .env("MONGODB_DB", db_name))
}

/// A session token for a benchmark user, minted by local sign-in.
fn sign_in(url: &http::Url, user: usize) -> Result<String> {
    let body = serde_json::json!({ "clerkId": format!("user_bench{user:06}") }).to_string();
    let target = http::Url {
        path: "/api/dev/sign-in".to_owned(),
        ..url.clone()
    };
    let (status, response) = http::post(&target, &[], body.as_bytes())?;
    if status != 200 {
        bail!("local sign-in of bench user {user}: {status} {response}");
    }
    let session: serde_json::Value = serde_json::from_str(&response)?;
    session["token"]
        .as_str()
        .map(str::to_owned)
        .context("no token in the sign-in reply")
}

/// Number of benchmark users who vote (they write nothing, so never vote on their own).
const VOTERS: usize = 16;

/// `cargo xtask bench-questions [--questions N] [--requests N] [--seconds S]`: the home
/// list in each order, a question page and a vote, at 16 clients, on 50,000 questions
/// and 150,000 answers.
pub fn questions_main(args: &[String]) -> Result<()> {
    let number = |flag: &str, default: u64| -> Result<u64> {
        match args.iter().position(|a| a == flag) {
            Some(i) => Ok(args
                .get(i + 1)
                .with_context(|| format!("{flag} needs a number"))?
                .parse()?),
            None => Ok(default),
        }
    };
    let questions = number("--questions", 50_000)? as usize;
    let requests = number("--requests", 2_000)? as usize;
    let seconds = number("--seconds", 30)?;
    let db_name = "devflow_bench_questions";
    let (db, backend, port) = start_stack_with(db_name, &[("DEVFLOW_LOCAL_SIGN_IN", "true")])?;
    seed_questions(&db, db_name, questions)?;
    let url = http::parse_url(&format!("http://127.0.0.1:{port}/"))?;
    let tokens: Vec<String> = (0..VOTERS)
        .map(|user| sign_in(&url, user))
        .collect::<Result<_>>()?;
    let tokens = Arc::new(tokens);
    // A voter's recommendations need interests: they read a few questions first, and
    // save them (the collection's workload).
    for (user, token) in tokens.iter().enumerate() {
        for k in 0..5 {
            let path = format!("/api/questions/bq{:06}", (user * 5 + k) * 97 % questions);
            authed_get(&url, &path, token)?;
            let (status, body) = http::post(
                &http::Url {
                    path: format!("{path}/save"),
                    ..url.clone()
                },
                &[("Authorization", format!("Bearer {token}"))],
                b"",
            )?;
            if status != 200 {
                bail!("{path}/save: {status} {body}");
            }
        }
    }
    let question_page = format!("/api/questions/bq{:06}", questions / 2);
    let workloads: Vec<(String, String, bool)> = vec![
        ("home, newest".into(), "/api/questions".into(), false),
        (
            "home, frequent".into(),
            "/api/questions?filter=frequent".into(),
            false,
        ),
        (
            "home, unanswered".into(),
            "/api/questions?filter=unanswered".into(),
            false,
        ),
        (
            "home, recommended (signed in)".into(),
            "/api/questions?filter=recommended".into(),
            true,
        ),
        (
            "home, newest, page 100".into(),
            "/api/questions?page=100".into(),
            false,
        ),
        ("question page".into(), question_page, false),
        ("tags, popular".into(), "/api/tags".into(), false),
        (
            "a tag's questions".into(),
            "/api/tags/topic-7/questions".into(),
            false,
        ),
        ("hot questions".into(), "/api/hot-questions".into(), false),
        ("popular tags".into(), "/api/popular-tags".into(), false),
        (
            "saved collection (signed in)".into(),
            "/api/me/saved".into(),
            true,
        ),
        (
            "search, words (all types; 1 client)".into(),
            "/api/search?q=borrow+checker".into(),
            false,
        ),
        (
            "search, operators (1 client)".into(),
            "/api/search?q=%5Btopic-5%5D+answers%3A0".into(),
            false,
        ),
    ];
    let budget = Duration::from_secs(seconds);
    let mut rows = Vec::new();
    for (name, path, signed_in) in workloads {
        let token = signed_in.then(|| tokens[0].clone());
        let probe = authed_get(&url, &path, token.as_deref().unwrap_or_default())?;
        if !probe.contains("\"id\"") {
            bail!("{path}: nothing listed: {probe}");
        }
        // Text search is a regex scan on the local server (MongoDB answers it from text
        // indexes), seconds per request at this size: more than one client queues past
        // the driver's timeout there, so search runs at one.
        let clients = if path.starts_with("/api/search") {
            1
        } else {
            16
        };
        step(&format!(
            "GET {path}: up to {requests} requests or {seconds} s, {clients} concurrent clients"
        ));
        let target = url.clone();
        let (rate, p50, p99) = run_load_for(clients, requests, budget, move |_| {
            let sent = Instant::now();
            authed_get(&target, &path, token.as_deref().unwrap_or_default())?;
            Ok(sent.elapsed())
        })?;
        note(&format!(
            "{rate:.0} req/s, p50 {:.2} ms, p99 {:.2} ms",
            ms(p50),
            ms(p99)
        ));
        rows.push((name, rate, p50, p99));
    }
    step(&format!(
        "POST /api/questions/{{id}}/vote: up to {requests} votes or {seconds} s, 16 voters"
    ));
    let target = url.clone();
    let voters = tokens.clone();
    let (rate, p50, p99) = run_load_for(16, requests, budget, move |i| {
        let question = (i * 7919) % questions;
        let path = format!("/api/questions/bq{question:06}/vote");
        let token = &voters[i % VOTERS];
        let sent = Instant::now();
        let (status, body) = http::post(
            &http::Url {
                path: path.clone(),
                ..target.clone()
            },
            &[("Authorization", format!("Bearer {token}"))],
            br#"{"direction":"up"}"#,
        )?;
        let latency = sent.elapsed();
        if status != 200 {
            bail!("{path}: {status} {body}");
        }
        Ok(latency)
    })?;
    note(&format!(
        "{rate:.0} req/s, p50 {:.2} ms, p99 {:.2} ms",
        ms(p50),
        ms(p99)
    ));
    rows.push(("vote on a question".into(), rate, p50, p99));
    drop(backend);
    drop(db);
    table(&rows);
    Ok(())
}

/// GET with a bearer token (empty: anonymous); fails unless 200. Returns the body.
fn authed_get(url: &http::Url, path: &str, token: &str) -> Result<String> {
    let target = http::Url {
        path: path.to_owned(),
        ..url.clone()
    };
    let headers = if token.is_empty() {
        Vec::new()
    } else {
        vec![("Authorization", format!("Bearer {token}"))]
    };
    let (status, body) = http::send("GET", &target, &headers, b"")?;
    if status != 200 {
        bail!("{path}: {status} {body}");
    }
    Ok(body)
}

fn timed_get(url: &http::Url, path: &str) -> Result<Duration> {
    let sent = Instant::now();
    let (status, body) = http::get(url, path)?;
    let latency = sent.elapsed();
    if status != 200 {
        bail!("{path}: {status} {body}");
    }
    Ok(latency)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_nearest_rank() {
        let samples: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();

        assert_eq!(percentile(&samples, 50.0), Duration::from_millis(50));
        assert_eq!(percentile(&samples, 99.0), Duration::from_millis(99));
        assert_eq!(percentile(&[], 50.0), Duration::ZERO);
    }
}
