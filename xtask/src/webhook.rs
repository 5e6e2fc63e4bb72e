//! `cargo xtask webhook <type>`: sign and send a Clerk-style event to a running
//! backend with the configured secret, exactly as Clerk (through svix) would, so users
//! can be created, updated and deleted locally without a Clerk account.

use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};
use testkit::clerk::{self, ClerkUser};

use crate::http;

pub const USAGE: &str = "\
usage: cargo xtask webhook <user.created|user.updated|user.deleted|TYPE> [options]

  --file PATH       send this JSON (a whole Clerk event, or just its `data` object)
  --clerk-id ID     the Clerk user id (required for user.updated / user.deleted
                    unless --file gives it; generated for user.created)
  --first NAME      first name            --last NAME     last name
  --email ADDRESS   primary email         --username NAME username (default: none,
                                                          as when Clerk usernames are off)
  --image URL       image_url
  --url URL         endpoint (default http://127.0.0.1:$ROCKET_PORT/api/webhooks/clerk)
  --id MSG_ID       svix-id to send (default: a fresh one; reuse one to test redelivery)

The secret is CLERK_WEBHOOK_SIGNING_SECRET, else the one `cargo xtask dev` generated in
.devflow/webhook-secret.
";

const FIRST: [&str; 8] = [
    "Ada",
    "Grace",
    "Alan",
    "Katherine",
    "Edsger",
    "Barbara",
    "Dennis",
    "Frances",
];
const LAST: [&str; 8] = [
    "Lovelace", "Hopper", "Turing", "Johnson", "Dijkstra", "Liskov", "Ritchie", "Allen",
];

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

/// The signing secret the benchmarks and fault runs give their throwaway backends.
pub const TEST_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// A fresh Clerk-style id (`prefix` + 27 alphanumerics): `seed` mixed with the clock
/// and the process id, so runs never repeat ids.
pub fn random_id(prefix: &str, seed: u64) -> String {
    let entropy = seed
        ^ (now_ms() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ u64::from(std::process::id()).rotate_left(32);
    clerk::id_from_seed(prefix, entropy)
}

/// Options for a generated user event.
#[derive(Debug, Default, Clone)]
pub struct UserOptions {
    pub clerk_id: Option<String>,
    pub first: Option<String>,
    pub last: Option<String>,
    pub email: Option<String>,
    pub username: Option<String>,
    pub image: Option<String>,
}

/// A Clerk event in the documented shape, with realistic generated values.
pub fn user_event(kind: &str, options: &UserOptions, seed: u64) -> Result<Value> {
    let clerk_id = match (&options.clerk_id, kind) {
        (Some(id), _) => id.clone(),
        (None, "user.created") => random_id("user_", seed),
        (None, _) => bail!("{kind} needs --clerk-id (the id printed when the user was created)"),
    };
    let now = now_ms();
    if kind == "user.deleted" {
        return Ok(clerk::deleted_event(&clerk_id, now));
    }
    let pick = (seed as usize).wrapping_add(now as usize);
    let first = options
        .first
        .clone()
        .unwrap_or_else(|| FIRST[pick % FIRST.len()].to_owned());
    let last = options
        .last
        .clone()
        .unwrap_or_else(|| LAST[(pick / 7) % LAST.len()].to_owned());
    let email = options.email.clone().unwrap_or_else(|| {
        format!(
            "{}.{}.{}@example.com",
            first.to_lowercase(),
            last.to_lowercase(),
            // The whole id keeps generated addresses unique, as Clerk's are.
            clerk_id.to_lowercase()
        )
    });
    let user = ClerkUser {
        first_name: first,
        last_name: last,
        email: Some(email),
        username: options.username.clone(),
        // No image by default: Clerk's image host is not reachable offline, and the
        // backend then draws an initials avatar.
        image_url: options.image.clone().unwrap_or_default(),
        ..ClerkUser::new(clerk_id, now)
    };
    Ok(user.event(kind))
}

/// Signs `body` like svix, now: returns the three headers.
pub fn signed_headers(
    secret: &str,
    msg_id: &str,
    body: &[u8],
) -> Result<Vec<(&'static str, String)>> {
    clerk::signed_headers(secret, msg_id, now_ms() / 1000, body)
        .context("the webhook secret is not a valid whsec_ secret")
}

/// The default endpoint of a local backend.
pub fn default_url() -> String {
    let port = std::env::var("ROCKET_PORT").unwrap_or_else(|_| "8000".into());
    format!("http://127.0.0.1:{port}/api/webhooks/clerk")
}

pub fn main(args: &[String]) -> Result<()> {
    let Some(kind) = args.first().filter(|a| !a.starts_with("--")) else {
        bail!("no event type given\n\n{USAGE}");
    };
    let mut options = UserOptions::default();
    let mut file = None;
    let mut url = default_url();
    let mut msg_id = None;
    let mut rest = args[1..].iter();
    while let Some(flag) = rest.next() {
        let mut value = || {
            rest.next()
                .cloned()
                .with_context(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--file" => file = Some(value()?),
            "--clerk-id" => options.clerk_id = Some(value()?),
            "--first" => options.first = Some(value()?),
            "--last" => options.last = Some(value()?),
            "--email" => options.email = Some(value()?),
            "--username" => options.username = Some(value()?),
            "--image" => options.image = Some(value()?),
            "--url" => url = value()?,
            "--id" => msg_id = Some(value()?),
            "-h" | "--help" => {
                print!("{USAGE}");
                return Ok(());
            }
            other => bail!("unknown option {other}\n\n{USAGE}"),
        }
    }
    let event = match file {
        Some(path) => {
            let text = std::fs::read_to_string(&path).with_context(|| format!("read {path}"))?;
            let value: Value =
                serde_json::from_str(&text).with_context(|| format!("{path} is not JSON"))?;
            if value.get("data").is_some() {
                let mut event = value;
                event["type"] = Value::from(kind.as_str());
                event
            } else {
                json!({"data": value, "object": "event", "timestamp": now_ms(), "type": kind})
            }
        }
        None => user_event(kind, &options, 0)?,
    };
    let body = serde_json::to_vec(&event)?;
    let msg_id = msg_id.unwrap_or_else(|| random_id("msg_", 7));
    let secret = crate::dev::webhook_secret()?;
    let headers = signed_headers(&secret, &msg_id, &body)?;
    let target = http::parse_url(&url)?;
    println!("POST {url}\n  type      {kind}\n  svix-id   {msg_id}");
    if let Some(id) = event["data"]["id"].as_str() {
        println!("  clerk id  {id}");
    }
    let (status, response) = http::post(&target, &headers, &body)
        .with_context(|| format!("is the backend running at {url}? (cargo xtask dev)"))?;
    println!("  -> {status} {response}");
    if !(200..300).contains(&status) {
        bail!("the backend answered {status}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_events_have_clerks_shape() {
        let event = user_event("user.created", &UserOptions::default(), 1).expect("event");

        let data = &event["data"];
        assert!(data["id"]
            .as_str()
            .is_some_and(|id| id.starts_with("user_") && id.len() == 32));
        assert_eq!(
            data["primary_email_address_id"],
            data["email_addresses"][0]["id"]
        );
        assert!(data["username"].is_null());
        assert_eq!(event["type"], "user.created");
    }

    #[test]
    fn updates_and_deletes_need_a_clerk_id() {
        assert!(user_event("user.updated", &UserOptions::default(), 1).is_err());
        let options = UserOptions {
            clerk_id: Some("user_1".into()),
            ..UserOptions::default()
        };
        assert_eq!(
            user_event("user.deleted", &options, 1).expect("event")["data"]["id"],
            "user_1"
        );
    }
}
