//! DevFlow API server: read settings, build the Rocket app, launch it.

use std::process::ExitCode;

#[rocket::main]
async fn main() -> ExitCode {
    backend::telemetry::init();

    let settings = match backend::config::Settings::load() {
        Ok(settings) => settings,
        Err(error) => {
            // One clear line naming the variable, not a panic trace.
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };

    let rocket = match backend::build_rocket(settings) {
        Ok(rocket) => rocket,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    match rocket.launch().await {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
