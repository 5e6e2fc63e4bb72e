//! `cargo xtask bench-webhooks`: throughput and latency of verified `user.created`
//! deliveries against a release build of the backend on a local throwaway database, at
//! 1 and 16 concurrent senders, plus signature verification alone.

use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::localdb::LocalDb;
use crate::shell::{cargo, free_port, note, port_open, root, run, step};
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

fn run_load(url: &http::Url, senders: usize, events: usize) -> Result<(f64, Duration, Duration)> {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let handles: Vec<_> = (0..senders)
        .map(|sender| {
            let next = next.clone();
            let url = url.clone();
            std::thread::spawn(move || -> Result<Vec<Duration>> {
                let mut latencies = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= events {
                        return Ok(latencies);
                    }
                    let seed = (sender as u64) << 32 | i as u64;
                    let event = webhook::user_event(
                        "user.created",
                        &webhook::UserOptions::default(),
                        seed,
                    )?;
                    let body = serde_json::to_vec(&event)?;
                    let msg_id = webhook::random_id("msg_", seed);
                    let headers = webhook::signed_headers(SECRET, &msg_id, &body)?;
                    let sent = Instant::now();
                    let (status, response) = http::post(&url, &headers, &body)?;
                    latencies.push(sent.elapsed());
                    if status != 200 || !response.contains("\"applied\"") {
                        bail!("event {i}: {status} {response}");
                    }
                }
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(events);
    for handle in handles {
        latencies.extend(
            handle
                .join()
                .map_err(|_| anyhow::anyhow!("a sender panicked"))??,
        );
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    Ok((
        latencies.len() as f64 / elapsed,
        percentile(&latencies, 50.0),
        percentile(&latencies, 99.0),
    ))
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

pub fn main(args: &[String]) -> Result<()> {
    let events: usize = match args.iter().position(|a| a == "--events") {
        Some(i) => args
            .get(i + 1)
            .context("--events needs a number")?
            .parse()?,
        None => 2000,
    };
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
    let backend = Backend(
        Command::new(root().join("target/release/backend"))
            .env("MONGODB_URI", &db.uri)
            .env("MONGODB_DB", "devflow_bench")
            .env("CLERK_WEBHOOK_SIGNING_SECRET", SECRET)
            .env("ROCKET_PORT", port.to_string())
            .env("ROCKET_ADDRESS", "127.0.0.1")
            .env("ROCKET_WORKERS", "16")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .context("start the backend")?,
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while !port_open(port) {
        if Instant::now() > deadline {
            bail!("the backend did not start");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let url = http::parse_url(&format!("http://127.0.0.1:{port}/api/webhooks/clerk"))?;
    // Warm-up: connection pool, indexes, page cache.
    run_load(&url, 4, 100)?;

    let mut rows = Vec::new();
    for senders in [1, 16] {
        step(&format!(
            "{events} verified user.created events, {senders} concurrent sender(s)"
        ));
        let (rate, p50, p99) = run_load(&url, senders, events)?;
        note(&format!(
            "{rate:.0} events/s, p50 {:.2} ms, p99 {:.2} ms",
            ms(p50),
            ms(p99)
        ));
        rows.push((senders, rate, p50, p99));
    }
    step("Signature verification alone (svix, in-process, one core)");
    let (verify_rate, size) = verify_only(2.0)?;
    note(&format!(
        "{verify_rate:.0} verifications/s on a {size}-byte payload"
    ));
    drop(backend);
    drop(db);

    println!("\n| senders | events/s | p50 ms | p99 ms |\n| --- | --- | --- | --- |");
    for (senders, rate, p50, p99) in rows {
        println!(
            "| {senders} | {rate:.0} | {:.2} | {:.2} |",
            ms(p50),
            ms(p99)
        );
    }
    println!("\nsignature verification alone: {verify_rate:.0}/s ({size}-byte payload)");
    Ok(())
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
