//! What DevFlow's tests and developer tools share, written once: Clerk webhook payloads
//! and their svix signatures ([`clerk`]), free loopback ports, and with the `app`
//! feature the settings for a backend on a fresh database ([`app`]).

pub mod clerk;

#[cfg(feature = "app")]
pub mod app;

/// A loopback port nothing listens on (the OS picks it; it stays free until someone
/// binds it, which is enough for tests and local tools).
pub fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// The command that starts the local `nx-27017` database server at `nx` on loopback
/// port `port`, storing databases under `data` (`memory`: throwaway) and its log and
/// pid files in `state` (their defaults would write to /tmp). Output is discarded.
pub fn nx_command(
    nx: &std::path::Path,
    port: u16,
    data: &str,
    state: &std::path::Path,
) -> std::process::Command {
    use std::process::Stdio;
    let mut command = std::process::Command::new(nx);
    command
        .args(["--host", "127.0.0.1", "-p", &port.to_string()])
        .args(["--data-dir", data])
        .arg("--log-file")
        .arg(state.join(format!("db-{port}.log")))
        .arg("--pid-file")
        .arg(state.join(format!("db-{port}.pid")))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}
