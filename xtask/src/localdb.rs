//! The local MongoDB-compatible server (nx-27017): persistent for `dev`, in-memory and
//! throwaway for `test`. Always on loopback; stopped (SIGTERM, then kill) on drop.

use std::path::Path;
use std::process::Child;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::shell::{note, port_open, terminate};

/// A running nx-27017 process we started.
pub struct LocalDb {
    child: Option<Child>,
    /// Connection string for it.
    pub uri: String,
}

impl LocalDb {
    /// Starts a server on `port` storing databases under `data` (`memory` for throwaway),
    /// with its log and pid files in `state` (their defaults would write to /tmp).
    pub fn start(nx: &Path, data: &str, port: u16, state: &Path) -> Result<Self> {
        std::fs::create_dir_all(state)?;
        let log = state.join(format!("db-{port}.log"));
        let child = testkit::nx_command(nx, port, data, state)
            .spawn()
            .with_context(|| format!("could not start {}", nx.display()))?;
        let mut db = Self {
            child: Some(child),
            uri: format!("mongodb://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while !port_open(port) {
            if let Some(child) = db.child.as_mut() {
                if let Some(status) = child.try_wait()? {
                    db.child = None;
                    bail!(
                        "the database server exited at start ({status}); see {}",
                        log.display()
                    );
                }
            }
            if Instant::now() > deadline {
                bail!(
                    "the database server did not listen on port {port} within 30 s; see {}",
                    log.display()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        note(&format!("database listening at {}", db.uri));
        Ok(db)
    }

    /// Stops the server: SIGTERM so it flushes, then a kill if it takes over 10 s.
    pub fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        terminate(&mut child, Duration::from_secs(10));
    }
}

/// The database to test or measure against: `MONGODB_URI` when set (nothing started),
/// else a throwaway in-memory local server (stopped when the returned handle drops).
pub fn from_env_or_throwaway(nx: &Path, state: &Path) -> Result<(Option<LocalDb>, String)> {
    match std::env::var("MONGODB_URI") {
        Ok(uri) if !uri.trim().is_empty() => Ok((None, uri)),
        _ => {
            let db = LocalDb::start(nx, "memory", crate::shell::free_port()?, state)?;
            let uri = db.uri.clone();
            Ok((Some(db), uri))
        }
    }
}

impl Drop for LocalDb {
    fn drop(&mut self) {
        self.stop();
    }
}
