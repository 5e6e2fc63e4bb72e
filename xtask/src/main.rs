//! `cargo xtask <command>`: DevFlow's project tasks, in Rust so they run wherever cargo
//! does. `dev` runs the app, `test` runs everything CI runs.

mod api_fuzz;
mod bench;
mod budget;
mod dev;
mod fault;
mod first_load;
mod http;
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
          OpenAPI description, trunk build, browser tests
  precompress [DIR]
          write .br and .gz beside every text and wasm file of a built SPA (trunk runs
          it after release builds)
  api-fuzz
          Schemathesis against /api/openapi.json on a backend with demo data (also part
          of `test`)
  webhook sign and send a Clerk-style event to a running backend (see `cargo xtask webhook --help`)
  bench-webhooks [--events N]
          verified user.created events/s and p50/p99 latency at 1 and 16 senders,
          and signature verifications/s (release build, throwaway database)
  fault-webhooks
          480 Clerk deliveries from 8 senders while the database hangs, is killed and
          restarted and the backend is SIGKILLed; replays failures every 6 s like Clerk
          and checks every event is applied once within two rounds
  bench-users [--requests N] [--seconds S]
          GET /api/users req/s and p50/p99 with 10,000 users at 16 clients
          (each workload stops after N requests or S seconds; defaults 2000, 30)
  bench-first-load
          bytes on the wire and time until content is visible for a first visit to
          /community and a question page (headless Chromium, loopback and slow 4G,
          median of 5); also target/bench/first-load.json
  bench-questions [--questions N] [--requests N] [--seconds S]
          home list (each filter), a question page and votes: req/s and p50/p99 at
          16 clients on N questions (default 50,000, with 3 answers per question on
          average: 150,000) and 1,000 users
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dev") => dev::main(),
        Some("test") => test::main(),
        Some("webhook") => webhook::main(&args[1..]),
        Some("precompress") => precompress::main(&args[1..]),
        Some("fault-webhooks") => fault::main(&args[1..]),
        Some("api-fuzz") => api_fuzz::main(),
        Some(bench @ ("bench-webhooks" | "bench-users" | "bench-questions"))
            if cfg!(debug_assertions) =>
        {
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
        Some("bench-webhooks") => bench::webhooks_main(&args[1..]),
        Some("bench-users") => bench::users_main(&args[1..]),
        Some("bench-questions") => bench::questions_main(&args[1..]),
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
