//! `cargo xtask fault-webhooks`: Clerk deliveries under faults. 8 senders deliver 480
//! signed events (a `user.created` and a `user.updated` for each of 240 users) while
//! the database hangs for 4 s (SIGSTOP), is killed and restarted, and the backend is
//! SIGKILLed and restarted. Then, as Clerk would, every delivery that did not get a 2xx
//! is sent again every 6 s. It passes when every delivery is applied within two replay
//! rounds, nothing is lost (every user exists with their update) and nothing is
//! applied twice (no delivery answers "applied" more than once).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use serde_json::Value;

use crate::shell::{cargo, free_port, note, run, step, target_dir, wait_for_port};
use crate::{http, tools, webhook};

use crate::webhook::TEST_SECRET as SECRET;
const USERS: usize = 240;
const SENDERS: usize = 8;
/// Clerk (svix) retries a failed delivery after 5 s; replay rounds come every 6 s.
const REPLAY_EVERY: Duration = Duration::from_secs(6);
const MAX_ROUNDS: usize = 2;

/// A child process, killed when dropped.
pub struct Process(Child);

impl Process {
    /// Its process id.
    pub fn id(&self) -> u32 {
        self.0.id()
    }

    /// Sends `signal` (`-STOP`, `-KILL`, …) with `kill`.
    pub fn signal(&self, signal: &str) {
        let _ = Command::new("kill")
            .args([signal, &self.0.id().to_string()])
            .status();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A fault run's place: the local server, a state directory, a fresh data directory
/// (on disk, so the database survives being killed), an emptied backend log and free
/// ports for the database and the backend.
pub struct Rig {
    /// The nx-27017 executable.
    nx: PathBuf,
    /// `.devflow/{name}`: the server's pid and log files, the backend log.
    state: PathBuf,
    /// The database's files for this run (removed by [`Rig::clean_up`]).
    data: PathBuf,
    /// The backend's output, across restarts.
    log: PathBuf,
    /// The database's port.
    db_port: u16,
    /// The backend's port.
    port: u16,
}

impl Rig {
    /// Prepares the run called `name` (installing the local server if needed).
    pub fn new(name: &str) -> Result<Self> {
        let nx = tools::ensure_nx()?;
        let state = tools::state_dir().join(name);
        let data = state.join(format!("data-{}", std::process::id()));
        std::fs::create_dir_all(&data)?;
        let log = state.join("backend.log");
        let _ = std::fs::remove_file(&log);
        note(&format!("backend log: {}", log.display()));
        Ok(Self {
            nx,
            state,
            data,
            log,
            db_port: free_port()?,
            port: free_port()?,
        })
    }

    /// The database's address.
    pub fn uri(&self) -> String {
        format!("mongodb://127.0.0.1:{}", self.db_port)
    }

    /// The backend's address.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Starts (or restarts, on the same files) the database.
    pub fn start_db(&self) -> Result<Process> {
        start_db(&self.nx, self.db_port, &self.data, &self.state)
    }

    /// Starts (or restarts) the debug backend on `db_name` with the `extra` environment.
    pub fn start_backend(&self, db_name: &str, extra: &[(&str, &str)]) -> Result<Process> {
        start_backend(self.db_port, db_name, self.port, &self.log, extra)
    }

    /// Removes the database's files (once its process has stopped).
    pub fn clean_up(&self) {
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

/// Starts nx-27017 on `port` keeping its data in `data` (so it survives being killed).
fn start_db(nx: &Path, port: u16, data: &Path, state: &Path) -> Result<Process> {
    let child = testkit::nx_command(nx, port, &data.to_string_lossy(), state)
        .spawn()
        .context("start nx-27017")?;
    wait_for_port(port, "the database")?;
    Ok(Process(child))
}

/// Starts the debug backend on `port` against `db_name`, appending its output to `log`,
/// with the webhook secret, rate limits off and the `extra` environment.
fn start_backend(
    db_port: u16,
    db_name: &str,
    port: u16,
    log: &Path,
    extra: &[(&str, &str)],
) -> Result<Process> {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)?;
    let child = Command::new(target_dir().join("debug/backend"))
        .env("MONGODB_URI", format!("mongodb://127.0.0.1:{db_port}"))
        .env("MONGODB_DB", db_name)
        .env("CLERK_WEBHOOK_SIGNING_SECRET", SECRET)
        .env("ROCKET_PORT", port.to_string())
        .env("ROCKET_ADDRESS", "127.0.0.1")
        .env("DEVFLOW_STATIC_DIR", target_dir().join("no-spa"))
        .env("RUST_LOG", "warn")
        .envs(crate::tools::RATE_LIMITS_OFF)
        .envs(extra.iter().copied())
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()
        .context("start the backend")?;
    wait_for_port(port, "the backend")?;
    Ok(Process(child))
}

/// One delivery and what became of it.
struct Delivery {
    msg_id: String,
    body: Vec<u8>,
    last_status: Option<u16>,
    applied: usize,
}

fn send(url: &http::Url, delivery: &mut Delivery) {
    let result = webhook::signed_headers(SECRET, &delivery.msg_id, &delivery.body)
        .and_then(|headers| http::post(url, &headers, &delivery.body));
    delivery.last_status = match result {
        Ok((status, body)) => {
            if status == 200 && body.contains("\"applied\"") {
                delivery.applied += 1;
            }
            Some(status)
        }
        Err(_) => None,
    };
}

fn pending(deliveries: &[Arc<Mutex<Delivery>>]) -> Vec<Arc<Mutex<Delivery>>> {
    deliveries
        .iter()
        .filter(|d| {
            d.lock()
                .map(|d| !d.last_status.is_some_and(|s| (200..300).contains(&s)))
                .unwrap_or(true)
        })
        .cloned()
        .collect()
}

fn statuses(deliveries: &[Arc<Mutex<Delivery>>]) -> String {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for delivery in deliveries {
        if let Ok(d) = delivery.lock() {
            let key = d
                .last_status
                .map_or("no answer".to_owned(), |s| s.to_string());
            *counts.entry(key).or_default() += 1;
        }
    }
    let mut parts: Vec<String> = counts
        .into_iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect();
    parts.sort();
    parts.join(", ")
}

pub fn main(_args: &[String]) -> Result<()> {
    step("Building the backend");
    run(cargo().args(["build", "-p", "backend", "--locked"]))?;
    let rig = Rig::new("fault")?;
    let db_name = "devflow_fault";

    step("Starting a database (on disk, so it survives being killed) and the backend");
    let mut db = rig.start_db()?;
    let mut backend = rig.start_backend(db_name, &[])?;
    let url = http::parse_url(&format!("{}/api/webhooks/clerk", rig.base_url()))?;

    // Every user gets a created and, a little later, an updated event.
    let mut users = Vec::new();
    let mut per_sender: Vec<Vec<Arc<Mutex<Delivery>>>> = vec![Vec::new(); SENDERS];
    for i in 0..USERS {
        let clerk_id = testkit::clerk::id_from_seed("user_", 0xFA17 + i as u64);
        let base = webhook::UserOptions {
            clerk_id: Some(clerk_id.clone()),
            first: Some("Before".into()),
            last: Some(format!("N{i}")),
            ..webhook::UserOptions::default()
        };
        let created = webhook::user_event("user.created", &base, i as u64)?;
        let mut updated = webhook::user_event(
            "user.updated",
            &webhook::UserOptions {
                first: Some("After".into()),
                ..base
            },
            i as u64,
        )?;
        // Clerk's updated_at of the update is later than the create's.
        let later = created["data"]["updated_at"].as_i64().unwrap_or_default() + 1000;
        updated["data"]["updated_at"] = Value::from(later);
        for (k, event) in [created, updated].into_iter().enumerate() {
            per_sender[i % SENDERS].push(Arc::new(Mutex::new(Delivery {
                msg_id: testkit::clerk::id_from_seed("msg_", (0xFA17 + i as u64) << 1 | k as u64),
                body: serde_json::to_vec(&event)?,
                last_status: None,
                applied: 0,
            })));
        }
        users.push(clerk_id);
    }
    let all: Vec<Arc<Mutex<Delivery>>> = per_sender.iter().flatten().cloned().collect();

    step(&format!(
        "Delivering {} events from {SENDERS} senders under faults",
        all.len()
    ));
    let started = Instant::now();
    let senders: Vec<_> = per_sender
        .into_iter()
        .map(|deliveries| {
            let url = url.clone();
            std::thread::spawn(move || {
                for delivery in deliveries {
                    if let Ok(mut d) = delivery.lock() {
                        send(&url, &mut d);
                    }
                    std::thread::sleep(Duration::from_millis(180));
                }
            })
        })
        .collect();
    // The faults, while deliveries flow.
    std::thread::sleep(Duration::from_secs(2));
    note("database hangs for 4 s (SIGSTOP)");
    db.signal("-STOP");
    std::thread::sleep(Duration::from_secs(4));
    db.signal("-CONT");
    std::thread::sleep(Duration::from_secs(2));
    note("database killed (SIGKILL) and restarted");
    db.signal("-KILL");
    drop(db);
    std::thread::sleep(Duration::from_secs(1));
    db = rig.start_db()?;
    std::thread::sleep(Duration::from_secs(2));
    note("backend killed (SIGKILL) and restarted");
    backend.signal("-KILL");
    drop(backend);
    std::thread::sleep(Duration::from_secs(1));
    backend = rig.start_backend(db_name, &[])?;
    for sender in senders {
        sender
            .join()
            .map_err(|_| anyhow::anyhow!("a sender panicked"))?;
    }
    note(&format!(
        "first pass done in {:.1} s: {}",
        started.elapsed().as_secs_f64(),
        statuses(&all)
    ));

    let mut rounds = 0;
    loop {
        let left = pending(&all);
        if left.is_empty() {
            break;
        }
        if rounds == MAX_ROUNDS {
            bail!(
                "{} deliveries still not applied after {MAX_ROUNDS} replay rounds ({})",
                left.len(),
                statuses(&left)
            );
        }
        rounds += 1;
        std::thread::sleep(REPLAY_EVERY);
        for delivery in &left {
            if let Ok(mut d) = delivery.lock() {
                send(&url, &mut d);
            }
        }
        note(&format!(
            "replay round {rounds}: re-sent {}, now {}",
            left.len(),
            statuses(&left)
        ));
    }

    step("Checking that nothing was lost or doubled");
    let doubled = all
        .iter()
        .filter(|d| d.lock().map(|d| d.applied > 1).unwrap_or(false))
        .count();
    let base = http::Url {
        path: "/".into(),
        ..url.clone()
    };
    let mut missing = 0;
    for clerk_id in &users {
        let (status, body) = http::get(&base, &format!("/api/users/{clerk_id}"))?;
        let name_is_updated = serde_json::from_str::<Value>(&body)
            .ok()
            .and_then(|v| v["name"].as_str().map(|n| n.starts_with("After ")))
            .unwrap_or(false);
        if status != 200 || !name_is_updated {
            missing += 1;
        }
    }
    let (_, list) = http::get(&base, "/api/users?pageSize=1")?;
    let total = serde_json::from_str::<Value>(&list)?["total"]
        .as_u64()
        .unwrap_or_default();
    // The backend logs each take-over of a claim whose holder died.
    let takeovers = std::fs::read_to_string(&rig.log)
        .map(|text| text.matches("took over a webhook claim").count())
        .unwrap_or_default();
    println!(
        "\n| deliveries | replay rounds | claims taken over | users expected | users stored | lost or stale | applied twice |\n| --- | --- | --- | --- | --- | --- | --- |\n| {} | {rounds} | {takeovers} | {USERS} | {total} | {missing} | {doubled} |",
        all.len()
    );
    drop(backend);
    drop(db);
    rig.clean_up();
    if missing > 0 || doubled > 0 || total != USERS as u64 {
        bail!("deliveries were lost or applied twice");
    }
    Ok(())
}
