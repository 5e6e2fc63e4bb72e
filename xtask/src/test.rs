//! `cargo xtask test`: everything CI checks, in order, stopping at the first failure.

use std::time::Instant;

use anyhow::{Context, Result};

use crate::localdb::from_env_or_throwaway;
use crate::shell::{cargo, note, root, run, step};
use crate::tools;

/// Clippy over `selection` (packages, target), every target, warnings as errors.
fn clippy(selection: &[&str]) -> Result<()> {
    run(cargo().arg("clippy").args(selection).args([
        "--all-targets",
        "--locked",
        "--",
        "-D",
        "warnings",
    ]))
}

pub fn run_all() -> Result<()> {
    step("Formatting (cargo fmt --check)");
    run(cargo().args(["fmt", "--all", "--", "--check"]))
        .context("code is not formatted: run `cargo fmt --all`")?;

    step("Lints (clippy, native)");
    clippy(&["--workspace"])?;

    step("Lints (clippy, wasm32 for the SPA)");
    tools::ensure_wasm_target()?;
    clippy(&[
        "-p",
        "frontend",
        "-p",
        "shared",
        "--target",
        "wasm32-unknown-unknown",
    ])?;

    step("Unit tests");
    run(cargo().args(["test", "--workspace", "--lib", "--bins", "--locked"]))?;
    step("Unit tests of the SPA rendered on the server (frontend --features ssr)");
    run(cargo().args([
        "test",
        "-p",
        "frontend",
        "--features",
        "ssr",
        "--lib",
        "--locked",
    ]))?;

    let nx = tools::ensure_nx()?;
    step(
        if std::env::var("MONGODB_URI").is_ok_and(|uri| !uri.trim().is_empty()) {
            "API integration tests (against MONGODB_URI)"
        } else {
            "API integration tests (throwaway in-memory database)"
        },
    );
    let (mut local, uri) = from_env_or_throwaway(&nx, &tools::state_dir().join("test"))?;
    run(cargo()
        .args(["test", "-p", "backend", "--test", "*", "--locked"])
        .env("MONGODB_URI", &uri)
        .env("DEVFLOW_NX_BIN", &nx))?;

    step("The API against its OpenAPI description (Schemathesis)");
    crate::api_fuzz::run_against(&uri, Some(crate::api_fuzz::CI_SEED))?;

    if local.is_some() {
        step("Clerk deliveries under database and backend faults");
        crate::fault::main(&[])?;
        step("The API under sustained load, a database outage and a backend kill");
        crate::load::main(&[])?;
    }

    step("SPA release build (trunk build --release)");
    let path = tools::ensure_frontend_tools()?;
    run(tools::trunk(&path).args(["build", "--release"]))?;
    step("First-load size budget");
    crate::budget::check(&root().join("dist"))?;

    step("Browser end-to-end tests (headless Chromium)");
    let browser = tools::ensure_browser()?;
    run(browser.configure(
        cargo().args(["test", "-p", "e2e", "--locked", "--", "--test-threads=2"]),
        &uri,
    ))?;

    if let Some(local) = local.as_mut() {
        local.stop();
    }
    Ok(())
}

pub fn main() -> Result<()> {
    let started = Instant::now();
    run_all()?;
    step("All checks passed");
    note(&format!("total {:.0}s", started.elapsed().as_secs_f64()));
    Ok(())
}
