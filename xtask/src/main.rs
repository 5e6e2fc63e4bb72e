//! `cargo xtask <command>`: DevFlow's project tasks, in Rust so they run wherever cargo
//! does. `dev` runs the app, `test` runs everything CI runs.

mod api_fuzz;
mod bench;
mod budget;
mod dev;
mod fault;
mod first_load;
mod http;
mod load;
mod localdb;
mod precompress;
mod shell;
mod test;
mod tools;
mod webhook;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  dev     install missing tools, build the SPA, start a database and the backend
  test    fmt, clippy (native + wasm), unit tests, API tests, Schemathesis against the
          OpenAPI description, fault-webhooks, fault-load, trunk build with the size
          budget, browser tests
  precompress [DIR]
          write .br and .gz beside every text and wasm file of a built SPA (trunk runs
          it after release builds)
  api-fuzz
          Schemathesis against /api/openapi.json on a backend with demo data (also part
          of `test`)
  webhook sign and send a Clerk-style event to a running backend (see `cargo xtask webhook --help`)
  bench [--quick]
          DevFlow against the bare MongoDB driver on the same database: req/s, p50,
          p99 and max latency of each scenario at 1 and 16 clients, and the ratio to
          the driver's baseline (release build, 10,000 users / 50,000 questions /
          150,000 answers; --quick: a tenth, 2 s per run); target/bench/latest.json
  fault-webhooks
          480 Clerk deliveries from 8 senders while the database hangs, is killed and
          restarted and the backend is SIGKILLed; replays failures every 6 s like Clerk
          and checks every event is applied once within two rounds
  fault-load
          32 clients of mixed traffic for 60 s (no 5xx, none over 2 s, memory flat), then
          the database killed and restarted under load (fast 503s, recovery within 5 s)
          and the backend SIGKILLed under webhooks and votes; checks nothing was lost
          or doubled and every reputation equals its ledger
  bench-first-load
          bytes on the wire and time until content is visible for a first visit to
          /community and a question page (headless Chromium, loopback and slow 4G,
          median of 5); also target/bench/first-load.json
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dev") => dev::main(),
        Some("test") => test::main(),
        Some("webhook") => webhook::main(&args[1..]),
        Some("precompress") => precompress::main(&args[1..]),
        Some("fault-webhooks") => fault::main(&args[1..]),
        Some("fault-load") => load::main(&args[1..]),
        Some("api-fuzz") => api_fuzz::main(),
        Some(bench @ "bench") if cfg!(debug_assertions) => {
            // Load generators and in-process verification must be optimised to measure
            // the server rather than themselves: re-run this command from a release build.
            shell::run(
                shell::cargo()
                    .args([
                        "run",
                        "--release",
                        "--quiet",
                        "--locked",
                        "-p",
                        "xtask",
                        "--",
                        bench,
                    ])
                    .args(&args[1..]),
            )
        }
        Some("bench-first-load") => first_load::main(),
        Some("bench") => bench::main(&args[1..]),
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
