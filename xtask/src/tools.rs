//! Pinned tools, installed once and reused. Every version here is checked against
//! `Trunk.toml` and `Cargo.lock` by a unit test, so they cannot drift apart.
//!
//! Nothing is downloaded from GitHub or a CDN (unreachable on offline build machines):
//! trunk and wasm-bindgen-cli build from crates.io, wasm-opt comes from npm's
//! `binaryen`, nx-27017 from PyPI, Chromium from Debian.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::shell::{cargo, note, output, root, run, step};

/// trunk 0.22 needs a newer rustc than the pinned toolchain.
pub const TRUNK_VERSION: &str = "0.21.14";
/// Must equal the `wasm-bindgen` crate in Cargo.lock and `[tools] wasm_bindgen` in Trunk.toml.
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";
/// Debian's binaryen is too old for current wasm-bindgen output.
pub const BINARYEN_VERSION: &str = "132";
/// The MongoDB-compatible server used for development and tests.
pub const NX_27017_VERSION: &str = "0.8.1";

fn home() -> PathBuf {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/root"))
}

/// Where `cargo install` puts binaries.
pub fn cargo_bin_dir() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| home().join(".cargo"))
        .join("bin")
}

/// Per-user cache shared by every clone (tools are installed once per machine).
fn cache_dir() -> PathBuf {
    std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| home().join(".cache"))
        .join("devflow")
}

/// The project's git-ignored state folder (venv, dev database, logs).
pub fn state_dir() -> PathBuf {
    root().join(".devflow")
}

fn version_of(program: &Path) -> Option<String> {
    output(Command::new(program).arg("--version"))
}

/// The `wasm32-unknown-unknown` target for the pinned toolchain (rustup normally
/// installs it from rust-toolchain.toml; this covers toolchains installed before).
pub fn ensure_wasm_target() -> Result<()> {
    let installed =
        output(
            Command::new("rustup")
                .current_dir(root())
                .args(["target", "list", "--installed"]),
        )
        .unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    step("Installing the wasm32-unknown-unknown Rust target");
    run(Command::new("rustup").current_dir(root()).args([
        "target",
        "add",
        "wasm32-unknown-unknown",
    ]))
}

fn ensure_cargo_tool(
    binary: &str,
    krate: &str,
    version: &str,
    locked: bool,
    minutes: u32,
) -> Result<()> {
    let path = cargo_bin_dir().join(binary);
    let wanted = format!("{binary} {version}");
    if version_of(&path).is_some_and(|v| v.starts_with(&wanted)) {
        return Ok(());
    }
    step(&format!(
        "Installing {krate} {version} from crates.io (slow: about {minutes} min, once per machine)"
    ));
    let mut install = cargo();
    install.args(["install", krate, "--version", version, "--force"]);
    if locked {
        install.arg("--locked");
    }
    // Outside the workspace, so its Cargo.lock and .cargo/config.toml do not apply.
    install.current_dir(home());
    run(&mut install)?;
    if !version_of(&path).is_some_and(|v| v.starts_with(&wanted)) {
        bail!(
            "{} does not report version {version} after installing",
            path.display()
        );
    }
    Ok(())
}

/// wasm-opt from npm's `binaryen`; returns the folder holding the `wasm-opt` launcher.
fn ensure_wasm_opt() -> Result<PathBuf> {
    let prefix = cache_dir().join(format!("binaryen-{BINARYEN_VERSION}"));
    let bin = prefix.join("node_modules").join(".bin");
    let wanted = format!("version {BINARYEN_VERSION}");
    if version_of(&bin.join("wasm-opt")).is_some_and(|v| v.contains(&wanted)) {
        return Ok(bin);
    }
    step(&format!(
        "Installing wasm-opt (npm binaryen@{BINARYEN_VERSION})"
    ));
    std::fs::create_dir_all(&prefix)?;
    run(Command::new("npm")
        .arg("install")
        .arg("--prefix")
        .arg(&prefix)
        .args([
            "--no-audit",
            "--no-fund",
            &format!("binaryen@{BINARYEN_VERSION}"),
        ]))
    .context("npm (Node.js) is needed for wasm-opt; install Node.js 18 or newer")?;
    Ok(bin)
}

/// Makes sure trunk, wasm-bindgen and wasm-opt are installed at their pinned versions
/// and returns a `PATH` that puts them first (trunk looks them up on `PATH`).
pub fn ensure_frontend_tools() -> Result<OsString> {
    ensure_wasm_target()?;
    ensure_cargo_tool("trunk", "trunk", TRUNK_VERSION, true, 12)?;
    // Not --locked: wasm-bindgen-cli's lockfile pins crates this toolchain cannot build.
    ensure_cargo_tool(
        "wasm-bindgen",
        "wasm-bindgen-cli",
        WASM_BINDGEN_VERSION,
        false,
        3,
    )?;
    let wasm_opt_dir = ensure_wasm_opt()?;
    let mut dirs = vec![wasm_opt_dir, cargo_bin_dir()];
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    Ok(std::env::join_paths(dirs)?)
}

/// A `trunk` command with the pinned tools first on `PATH`.
pub fn trunk(path: &OsString) -> Command {
    let mut command = Command::new(cargo_bin_dir().join("trunk"));
    command.current_dir(root()).env("PATH", path);
    command
}

/// Backend environment that switches every rate limit off: benchmarks and fault runs
/// measure the server, not the limiter (which has tests of its own).
pub const RATE_LIMITS_OFF: [(&str, &str); 3] = [
    ("DEVFLOW_RATE_LIMIT_WRITES", "0"),
    ("DEVFLOW_RATE_LIMIT_SIGN_IN", "0"),
    ("DEVFLOW_RATE_LIMIT_WEBHOOKS", "0"),
];

/// The nx-27017 server in a venv under `.devflow/`; returns its executable.
pub fn ensure_nx() -> Result<PathBuf> {
    let venv = state_dir().join("venv");
    let nx = venv.join("bin").join("nx-27017");
    let marker = venv.join(".nx-27017-version");
    if nx.exists() && std::fs::read_to_string(&marker).is_ok_and(|v| v.trim() == NX_27017_VERSION) {
        return Ok(nx);
    }
    step(&format!(
        "Installing nx-27017 {NX_27017_VERSION} (MongoDB-compatible dev server) into .devflow/venv"
    ));
    std::fs::create_dir_all(state_dir())?;
    if !venv.join("bin").join("python").exists() {
        run(Command::new("python3").arg("-m").arg("venv").arg(&venv))
            .context("Python 3 with the venv module is needed for the local database")?;
    }
    run(Command::new(venv.join("bin").join("pip"))
        .args(["install", "--quiet", "--disable-pip-version-check"])
        .arg(format!("nx-27017=={NX_27017_VERSION}")))?;
    std::fs::write(&marker, NX_27017_VERSION)?;
    Ok(nx)
}

/// The Schemathesis version `cargo xtask test` runs (pinned: its checks evolve).
const SCHEMATHESIS_VERSION: &str = "4.32.5";

/// Schemathesis in the project's venv (beside nx-27017); returns its executable.
pub fn ensure_schemathesis() -> Result<PathBuf> {
    ensure_nx()?;
    let venv = state_dir().join("venv");
    let schemathesis = venv.join("bin").join("schemathesis");
    let marker = venv.join(".schemathesis-version");
    if schemathesis.exists()
        && std::fs::read_to_string(&marker).is_ok_and(|v| v.trim() == SCHEMATHESIS_VERSION)
    {
        return Ok(schemathesis);
    }
    step(&format!(
        "Installing schemathesis {SCHEMATHESIS_VERSION} (API fuzzing from the OpenAPI description) into .devflow/venv"
    ));
    run(Command::new(venv.join("bin").join("pip"))
        .args(["install", "--quiet", "--disable-pip-version-check"])
        .arg(format!("schemathesis=={SCHEMATHESIS_VERSION}")))?;
    std::fs::write(&marker, SCHEMATHESIS_VERSION)?;
    Ok(schemathesis)
}

/// Paths of Chromium and ChromeDriver for the browser tests.
pub struct Browser {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

/// Debian's `chromium` and `chromium-driver`, installed with apt when missing.
impl Browser {
    /// Points a browser-test command at this browser, the database at `uri` and the
    /// built SPA in `dist/`.
    pub fn configure<'c>(
        &self,
        command: &'c mut std::process::Command,
        uri: &str,
    ) -> &'c mut std::process::Command {
        command
            .env("MONGODB_URI", uri)
            .env("DEVFLOW_STATIC_DIR", crate::shell::root().join("dist"))
            .env("CHROME_BIN", &self.chromium)
            .env("CHROMEDRIVER", &self.chromedriver)
    }
}

pub fn ensure_browser() -> Result<Browser> {
    let chromium = std::env::var_os("CHROME_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let chromedriver = std::env::var_os("CHROMEDRIVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromedriver"));
    if !(chromium.exists() && chromedriver.exists()) {
        step("Installing Chromium and ChromeDriver from Debian (apt; a few minutes)");
        let root_user = output(Command::new("id").arg("-u")).as_deref() == Some("0");
        let sudo = |args: &[&str]| {
            let mut command = if root_user {
                Command::new(args[0])
            } else {
                let mut c = Command::new("sudo");
                c.arg(args[0]);
                c
            };
            command
                .args(&args[1..])
                .env("DEBIAN_FRONTEND", "noninteractive");
            command
        };
        run(&mut sudo(&["apt-get", "update", "-qq"])).context(
            "apt-get is needed to install chromium (or set CHROME_BIN and CHROMEDRIVER)",
        )?;
        run(&mut sudo(&[
            "apt-get",
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            "chromium",
            "chromium-driver",
        ]))?;
    }
    note(&format!(
        "browser: {}",
        version_of(&chromium).unwrap_or_else(|| "unknown version".into())
    ));
    Ok(Browser {
        chromium,
        chromedriver,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(relative: &str) -> String {
        std::fs::read_to_string(root().join(relative)).expect("workspace file")
    }

    #[test]
    fn trunk_toml_pins_the_same_tool_versions_as_xtask() {
        let trunk = read("Trunk.toml");

        assert!(trunk.contains(&format!("wasm_bindgen = \"{WASM_BINDGEN_VERSION}\"")));
        assert!(trunk.contains(&format!("wasm_opt = \"version_{BINARYEN_VERSION}\"")));
    }

    #[test]
    fn cargo_lock_uses_the_wasm_bindgen_version_the_cli_is_installed_at() {
        let lock = read("Cargo.lock");
        let needle = format!("name = \"wasm-bindgen\"\nversion = \"{WASM_BINDGEN_VERSION}\"");

        assert!(
            lock.contains(&needle),
            "Cargo.lock's wasm-bindgen differs from {WASM_BINDGEN_VERSION}"
        );
    }
}
