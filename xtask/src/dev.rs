//! `cargo xtask dev`: from a fresh clone to a running DevFlow with demo data.

use std::io::Read;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use base64::Engine;

use crate::localdb::LocalDb;
use crate::shell::{cargo, note, port_open, root, run, step, target_dir, terminate};
use crate::{http, tools};

fn env_port(var: &str, default: u16) -> Result<u16> {
    match std::env::var(var) {
        Ok(value) => value
            .trim()
            .parse()
            .with_context(|| format!("{var} must be a port number, got {value:?}")),
        Err(_) => Ok(default),
    }
}

/// The webhook secret: `CLERK_WEBHOOK_SIGNING_SECRET`, or a local one generated once and
/// kept in `.devflow/` so `cargo xtask webhook` can sign events for this backend.
pub fn webhook_secret() -> Result<String> {
    if let Ok(secret) = std::env::var("CLERK_WEBHOOK_SIGNING_SECRET") {
        if !secret.trim().is_empty() {
            return Ok(secret.trim().to_owned());
        }
    }
    let file = tools::state_dir().join("webhook-secret");
    if let Ok(secret) = std::fs::read_to_string(&file) {
        return Ok(secret.trim().to_owned());
    }
    let mut bytes = [0_u8; 24];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .context("read random bytes for a local webhook secret")?;
    let secret = format!(
        "whsec_{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    );
    std::fs::create_dir_all(tools::state_dir())?;
    std::fs::write(&file, &secret)?;
    Ok(secret)
}

/// Whether the developer configured a Clerk instance; without one `dev` switches on
/// local sign-in so every feature can be tried.
fn clerk_configured() -> bool {
    std::env::var("CLERK_PUBLISHABLE_KEY").is_ok_and(|key| !key.trim().is_empty())
}

/// Asks `/api/health` once; returns the HTTP status code.
fn health_status(port: u16) -> Option<u16> {
    let url = http::Url {
        host: "127.0.0.1".to_owned(),
        port,
        path: "/".to_owned(),
    };
    http::get(&url, "/api/health")
        .ok()
        .map(|(status, _)| status)
}

pub fn main() -> Result<()> {
    let started = Instant::now();
    let interrupted = Arc::new(AtomicBool::new(false));
    {
        let interrupted = interrupted.clone();
        ctrlc::set_handler(move || interrupted.store(true, Ordering::SeqCst))
            .context("install the Ctrl-C handler")?;
    }

    let port = env_port("ROCKET_PORT", 8000)?;
    if port_open(port) {
        bail!("port {port} is already in use: stop what runs there, or set ROCKET_PORT to another port");
    }

    step("Checking the frontend tools (trunk, wasm-bindgen, wasm-opt)");
    let path = tools::ensure_frontend_tools()?;

    step("Building the SPA (trunk build --release)");
    run(tools::trunk(&path).args(["build", "--release"]))?;

    step("Building the backend");
    run(cargo().args(["build", "-p", "backend", "--locked"]))?;

    step("Database");
    let mut local_db = None;
    let uri = match std::env::var("MONGODB_URI") {
        Ok(uri) if !uri.trim().is_empty() => {
            note("using MONGODB_URI (demo data is loaded only if that database is empty)");
            uri
        }
        _ => {
            let nx = tools::ensure_nx()?;
            let db_port = env_port("DEVFLOW_DB_PORT", 27017)?;
            if port_open(db_port) {
                bail!(
                    "port {db_port} is already in use (another MongoDB?): set MONGODB_URI to use it, \
                     or DEVFLOW_DB_PORT to start the local server on another port"
                );
            }
            let data = tools::state_dir().join("data");
            std::fs::create_dir_all(&data)?;
            note(&format!(
                "starting nx-27017 with data in {}",
                data.display()
            ));
            let db = LocalDb::start(&nx, &data.to_string_lossy(), db_port, &tools::state_dir())?;
            let uri = db.uri.clone();
            local_db = Some(db);
            uri
        }
    };

    step("Starting the backend");
    let secret = webhook_secret()?;
    let binary: PathBuf = target_dir().join("debug").join("backend");
    let mut command = Command::new(&binary);
    if clerk_configured() {
        note("signing in with Clerk (CLERK_PUBLISHABLE_KEY is set)");
    } else {
        note("no Clerk keys: local sign-in is on (pick any demo user at /sign-in)");
        command.env("DEVFLOW_LOCAL_SIGN_IN", "true");
    }
    let mut backend = command
        .current_dir(root())
        .env("MONGODB_URI", &uri)
        .env("DEVFLOW_STATIC_DIR", root().join("dist"))
        .env("DEVFLOW_SEED_DEMO", "true")
        .env("CLERK_WEBHOOK_SIGNING_SECRET", &secret)
        .env("ROCKET_PORT", port.to_string())
        .spawn()
        .with_context(|| format!("start {}", binary.display()))?;

    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(status) = backend.try_wait()? {
            bail!("the backend exited during start-up ({status}); its log is above");
        }
        match health_status(port) {
            Some(200) => break,
            Some(503) if Instant::now() > deadline => {
                note("the backend is up but the database does not answer yet");
                break;
            }
            _ if Instant::now() > deadline => {
                bail!("the backend did not answer on port {port} within 60 s")
            }
            _ => std::thread::sleep(Duration::from_millis(200)),
        }
        if interrupted.load(Ordering::SeqCst) {
            break;
        }
    }

    if !interrupted.load(Ordering::SeqCst) {
        step(&format!(
            "DevFlow is running at http://127.0.0.1:{port}  (ready in {:.0}s; Ctrl-C stops it and the database)",
            started.elapsed().as_secs_f64()
        ));
    }
    while !interrupted.load(Ordering::SeqCst) {
        if let Some(status) = backend.try_wait()? {
            if let Some(db) = local_db.as_mut() {
                db.stop();
            }
            bail!("the backend stopped unexpectedly ({status})");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    step("Stopping the backend and the database");
    terminate(&mut backend, Duration::from_secs(10));
    if let Some(db) = local_db.as_mut() {
        db.stop();
    }
    note("stopped");
    Ok(())
}
