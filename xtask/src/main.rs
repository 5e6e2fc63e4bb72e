//! `cargo xtask <command>`: DevFlow's project tasks, in Rust so they run wherever cargo
//! does. `dev` runs the app, `test` runs everything CI runs.

mod dev;
mod localdb;
mod shell;
mod test;
mod tools;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  dev     install missing tools, build the SPA, start a database and the backend
  test    fmt, clippy (native + wasm), unit tests, API tests, trunk build, browser tests
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dev") => dev::main(),
        Some("test") => test::main(),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(anyhow::anyhow!("unknown command `{other}`\n\n{USAGE}")),
        None => Err(anyhow::anyhow!("no command given\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("\nerror: {error:#}");
            ExitCode::FAILURE
        }
    }
}
