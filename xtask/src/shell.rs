//! Running commands with a readable trace: every step says what it does, how long it
//! took, and a failure names the command that failed.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};

/// The workspace root (the folder holding the root `Cargo.toml`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one folder below the workspace root")
        .to_path_buf()
}

/// Cargo's target folder (`CARGO_TARGET_DIR`, else `target/` in the workspace).
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => root().join(dir),
        _ => root().join("target"),
    }
}

/// Prints a step header.
pub fn step(message: &str) {
    println!("\n==> {message}");
}

/// Prints a detail line under a step.
pub fn note(message: &str) {
    println!("    {message}");
}

/// Runs a command to completion; fails with the command line when it exits non-zero.
pub fn run(command: &mut Command) -> Result<()> {
    let started = Instant::now();
    let shown = display(command);
    note(&format!("$ {shown}"));
    let status = command
        .status()
        .with_context(|| format!("could not start `{shown}`"))?;
    if !status.success() {
        bail!("`{shown}` failed ({status})");
    }
    note(&format!("done in {:.1}s", started.elapsed().as_secs_f64()));
    Ok(())
}

/// Runs a command and returns its trimmed stdout, or `None` if it cannot run or fails.
pub fn output(command: &mut Command) -> Option<String> {
    let out = command.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

fn display(command: &Command) -> String {
    std::iter::once(command.get_program().to_string_lossy().into_owned())
        .chain(command.get_args().map(|a| a.to_string_lossy().into_owned()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `cargo` as invoked by the user (respects the `CARGO` cargo sets for subcommands).
pub fn cargo() -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(root());
    command
}

/// Stops a child gracefully: SIGTERM, up to `grace` to exit, then a kill.
pub fn terminate(child: &mut std::process::Child, grace: std::time::Duration) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + grace;
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Asks the OS for a free loopback port.
pub fn free_port() -> Result<u16> {
    testkit::free_port().context("bind a free port")
}

/// Whether something accepts connections on `127.0.0.1:port`.
pub fn port_open(port: u16) -> bool {
    std::net::TcpStream::connect_timeout(
        &std::net::SocketAddr::from(([127, 0, 0, 1], port)),
        std::time::Duration::from_millis(200),
    )
    .is_ok()
}

/// Waits up to 30 s for something (named `what` in the error) to listen on `port`.
pub fn wait_for_port(port: u16, what: &str) -> Result<()> {
    let deadline = Instant::now() + std::time::Duration::from_secs(30);
    while !port_open(port) {
        if Instant::now() > deadline {
            bail!("{what} did not listen on port {port} within 30 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    Ok(())
}
