//! `cargo xtask bench-first-load`: builds the SPA for release, starts a throwaway
//! database (or uses `MONGODB_URI`), and runs `e2e`'s `first_load` measurement
//! (headless Chromium, demo data, loopback and slow 4G, median of 5 fresh loads).

use anyhow::Result;

use crate::localdb::from_env_or_throwaway;
use crate::shell::{cargo, run, step};
use crate::tools;

pub fn main() -> Result<()> {
    step("SPA release build (trunk build --release)");
    let path = tools::ensure_frontend_tools()?;
    run(tools::trunk(&path).args(["build", "--release"]))?;
    let browser = tools::ensure_browser()?;
    let nx = tools::ensure_nx()?;
    let (mut local, uri) = from_env_or_throwaway(&nx, &tools::state_dir().join("bench"))?;
    step("First loads of /community and a question page (5 each, loopback and slow 4G)");
    run(browser.configure(
        cargo().args([
            "run",
            "--release",
            "--quiet",
            "--locked",
            "-p",
            "e2e",
            "--bin",
            "first_load",
        ]),
        &uri,
    ))?;
    if let Some(local) = local.as_mut() {
        local.stop();
    }
    Ok(())
}
