use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs the real binary with one bad variable and returns (exit success, stderr).
/// A binary that starts anyway is killed after 20 s and reported as a start.
fn start_with(var: &str, value: &str) -> (bool, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_backend"))
        // Port 0 first, so a test of ROCKET_PORT itself overrides it.
        .env("ROCKET_PORT", "0")
        .env(var, value)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the backend binary");
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().expect("poll the backend") {
            break Some(status);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        let _ = pipe.read_to_string(&mut stderr);
    }
    (
        status.is_some_and(|s| s.success()) || status.is_none(),
        stderr,
    )
}

#[test]
fn invalid_settings_stop_start_up_with_one_line_naming_the_variable() {
    let cases = [
        ("MONGODB_URI", "http://not-mongo", "MONGODB_URI"),
        ("MONGODB_DB", "bad/name", "MONGODB_DB"),
        (
            "CLERK_WEBHOOK_SIGNING_SECRET",
            "not-a-secret",
            "CLERK_WEBHOOK_SIGNING_SECRET",
        ),
        ("DEVFLOW_SEED_DEMO", "maybe", "SEED_DEMO"),
        ("ROCKET_PORT", "eighty", "PORT"),
    ];
    for (var, value, named) in cases {
        let (ok, stderr) = start_with(var, value);

        assert!(!ok, "{var}={value} must stop start-up");
        let lines: Vec<_> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "{var}: expected one line, got {stderr:?}");
        assert!(
            lines[0].contains(named),
            "{var}: {stderr:?} should name {named}"
        );
        assert!(!stderr.contains("panicked"), "{var}: {stderr:?}");
    }
}

#[test]
fn a_secret_value_is_never_echoed_in_the_error() {
    let (ok, stderr) = start_with("MONGODB_URI", "mongodb://user:hunter2@/bad path");

    assert!(!ok);
    assert!(!stderr.contains("hunter2"), "{stderr:?}");
}

#[rocket::async_test]
async fn the_config_hands_a_new_visitor_their_visitor_cookie() {
    let app = crate::helpers::spawn_app().await;

    let response = app.client.get("/api/config").dispatch().await;

    let cookie = response
        .cookies()
        .get("devflow_visitor")
        .cloned()
        .expect("cookie");
    assert_eq!(cookie.value().len(), 24);
    assert_eq!(cookie.http_only(), Some(true));
    let again = app.client.get("/api/config").dispatch().await;
    assert!(
        again.cookies().get("devflow_visitor").is_none(),
        "kept, not replaced"
    );
}
