//! The API checked against its own description: Schemathesis (PyPI, in the project's
//! venv) generates requests from `/api/openapi.json` (valid and invalid parameters and
//! bodies, and sequences of calls) and sends them to a debug backend with demo data,
//! signed in with a local sign-in token. It fails on any 5xx, any status, content
//! type, header or body the description does not declare, and any request that breaks
//! the description but is accepted. Part of `cargo xtask test`.

use std::process::{Child, Command, Stdio};

use anyhow::{bail, Context, Result};

use crate::shell::{cargo, free_port, note, run, step, target_dir, wait_for_port};
use crate::{dev, http, tools};

/// Schemathesis's checks that hold the API to its description. Not run:
/// `positive_data_acceptance` (the description states lengths and patterns, but some
/// rules, e.g. text that is blank once trimmed, are the server's alone) and
/// `unsupported_method` (Rocket 0.5 answers methods it does not know, such as
/// `QUERY`, with 400 before any route; undeclared known methods get 405, which the API
/// tests check).
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,\
                      response_headers_conformance,response_schema_conformance,negative_data_rejection";
/// Examples per operation and phase: enough to reach each parameter's edge cases,
/// small enough to finish in about a minute.
const MAX_EXAMPLES: &str = "40";

/// A child process that is killed when dropped.
struct Backend(Child);

impl Drop for Backend {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The seed `cargo xtask test` uses, so CI is repeatable; `cargo xtask api-fuzz`
/// draws a new one each run (Schemathesis prints it) to explore further.
pub const CI_SEED: &str = "20261128";

/// Runs Schemathesis against a backend with demo data on the database server `uri`,
/// with `seed` (else a random one).
pub fn run_against(uri: &str, seed: Option<&str>) -> Result<()> {
    let schemathesis = tools::ensure_schemathesis()?;
    run(cargo().args(["build", "-p", "backend", "--locked"]))?;
    let port = free_port()?;
    let log_path = tools::state_dir().join("schemathesis-backend.log");
    let log = std::fs::File::create(&log_path).context("create the backend log")?;
    note(&format!("backend log: {}", log_path.display()));
    let _backend = Backend(
        Command::new(target_dir().join("debug/backend"))
            .env("MONGODB_URI", uri)
            .env(
                "MONGODB_DB",
                format!("devflow_schemathesis_{}", std::process::id()),
            )
            .env("DEVFLOW_SEED_DEMO", "true")
            .env("DEVFLOW_LOCAL_SIGN_IN", "true")
            .env("CLERK_WEBHOOK_SIGNING_SECRET", dev::webhook_secret()?)
            .env("DEVFLOW_STATIC_DIR", target_dir().join("no-spa"))
            .env("ROCKET_PORT", port.to_string())
            .env("ROCKET_ADDRESS", "127.0.0.1")
            .env("RUST_LOG", "warn")
            // Generated writes should reach the handlers, not the limiter.
            .envs(tools::RATE_LIMITS_OFF)
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .context("start the backend")?,
    );
    wait_for_port(port, "the backend")?;
    let sign_in = http::parse_url(&format!("http://127.0.0.1:{port}/api/dev/sign-in"))?;
    let (status, body) = http::post(
        &sign_in,
        &[("content-type", "application/json".to_owned())],
        br#"{"clerkId":"user_demo_ada"}"#,
    )?;
    if status != 200 {
        bail!("local sign-in failed: {status} {body}");
    }
    let session: serde_json::Value = serde_json::from_str(&body)?;
    let token = session["token"]
        .as_str()
        .context("the sign-in answer has no token")?;
    step("Schemathesis: every operation of /api/openapi.json, signed in as a demo user");
    let mut command = Command::new(schemathesis);
    command
        .current_dir(tools::state_dir())
        .args(["run", &format!("http://127.0.0.1:{port}/api/openapi.json")])
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .args(["--checks", CHECKS])
        .args(["--max-examples", MAX_EXAMPLES])
        // One worker: Hypothesis's lambda introspection is not thread-safe.
        .args(["--workers", "1"])
        .args(["--request-timeout", "10"]);
    if let Some(seed) = seed {
        command.args(["--seed", seed]);
    }
    run(&mut command)
}

/// `cargo xtask api-fuzz`: the same run on a throwaway database (or `MONGODB_URI`).
pub fn main() -> Result<()> {
    let nx = tools::ensure_nx()?;
    let (mut local, uri) =
        crate::localdb::from_env_or_throwaway(&nx, &tools::state_dir().join("api-fuzz"))?;
    let result = run_against(&uri, None);
    if let Some(local) = local.as_mut() {
        local.stop();
    }
    result
}
