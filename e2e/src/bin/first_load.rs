//! `cargo xtask bench-first-load` runs this: what a first visit costs. Headless
//! Chromium loads `/community` and a question page from a release backend with the demo
//! data, each five times with an empty cache, on loopback and on a slow 4G profile
//! (1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip; ChromeDriver's network
//! emulation), and prints the medians: bytes on the wire (HTML and static assets; API
//! calls apart) and the time until the first card or the question's title is visible.
//! Also writes them to `target/bench/first-load.json`.
//!
//! The time is read in the page (`performance.now()` since navigation started): when
//! the content is in the HTML, its first contentful paint; otherwise the moment a
//! mutation observer saw it appear.

use std::time::Duration;

use anyhow::{bail, Context, Result};
use e2e::E2e;
use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::{json, Value};

/// Loads per page and profile; the median is reported.
const LOADS: usize = 5;

/// ChromeDriver's network emulation (`POST /session/{id}/chromium/network_conditions`).
#[derive(Debug)]
struct NetworkConditions(Value);

impl WebDriverCompatibleCommand for NetworkConditions {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> std::result::Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/chromium/network_conditions",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "network_conditions": self.0 }).to_string()),
        )
    }
}

/// A network profile.
#[derive(Clone, Copy)]
enum Profile {
    Loopback,
    Slow4g,
}

impl Profile {
    fn name(self) -> &'static str {
        match self {
            Self::Loopback => "loopback",
            Self::Slow4g => "slow 4G",
        }
    }
}

/// What one load measured.
#[derive(Debug, Clone, Copy)]
struct Load {
    static_bytes: f64,
    api_bytes: f64,
    visible_ms: f64,
}

/// Watches for `selector`, then reports when it became visible and what went over the
/// wire once the network is quiet.
const MEASURE: &str = r#"
const [selector, done] = [arguments[0], arguments[arguments.length - 1]];
const fcp = () => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime;
const seen = () => {
  if (window.__devflowSeen === undefined && document.querySelector(selector)) {
    window.__devflowSeen = performance.now();
  }
  return window.__devflowSeen;
};
if (window.__devflowSeen === undefined && document.querySelector(selector)) {
  // Already there when the load event fired: in the HTML itself, so its paint is the
  // first contentful paint (or, if none was recorded, now).
  window.__devflowSeen = fcp() ?? performance.now();
}
new MutationObserver(seen).observe(document, { childList: true, subtree: true });
let last = -1, quietSince = performance.now();
const poll = () => {
  const entries = performance.getEntriesByType('resource');
  if (entries.length !== last) { last = entries.length; quietSince = performance.now(); }
  if (seen() !== undefined && performance.now() - quietSince > 1500) {
    const nav = performance.getEntriesByType('navigation')[0];
    let api = 0, assets = nav.transferSize;
    for (const e of entries) {
      if (new URL(e.name).pathname.startsWith('/api/')) api += e.transferSize; else assets += e.transferSize;
    }
    done({ visible: window.__devflowSeen, assets, api });
  } else {
    setTimeout(poll, 20);
  }
};
poll();
"#;

async fn measure(app: &mut E2e, path: &str, selector: &str, profile: Profile) -> Result<Load> {
    app.fresh_browser().await?;
    let conditions = match profile {
        Profile::Loopback => {
            json!({ "offline": false, "latency": 0, "download_throughput": -1, "upload_throughput": -1 })
        }
        Profile::Slow4g => {
            json!({ "offline": false, "latency": 150, "download_throughput": 200_000, "upload_throughput": 93_750 })
        }
    };
    app.browser()
        .issue_cmd(NetworkConditions(conditions))
        .await
        .context("ChromeDriver refused network emulation")?;
    let mut timeouts = app.browser().get_timeouts().await?;
    timeouts.set_script(Some(Duration::from_secs(60)));
    app.browser().update_timeouts(timeouts).await?;
    app.browser()
        .goto(&format!("{}{path}", app.base_url()))
        .await?;
    let result = app
        .browser()
        .execute_async(MEASURE, vec![json!(selector)])
        .await?;
    let number = |key: &str| result.get(key).and_then(Value::as_f64);
    match (number("assets"), number("api"), number("visible")) {
        (Some(static_bytes), Some(api_bytes), Some(visible_ms)) => Ok(Load {
            static_bytes,
            api_bytes,
            visible_ms,
        }),
        _ => bail!("{path}: unexpected measurement {result}"),
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

#[tokio::main]
async fn main() -> Result<()> {
    let mut app = E2e::start_with(vec![("seed_demo", json!(true))]).await?;
    // The demo data lands during start-up; the first question has answers.
    let question = app
        .eventually("the demo questions", || async {
            let page = backend::content::questions::list_questions(
                app.db(),
                &shared::QuestionListQuery::default(),
                None,
            )
            .await?;
            Ok(page.items.into_iter().find(|q| q.answers > 0))
        })
        .await?;
    let question_path = format!("/question/{}/{}", question.id, question.slug);
    let pages = [
        ("/community", "/community", ".user-card:not(.skeleton)"),
        ("question page", question_path.as_str(), ".question-head h1"),
    ];
    let mut rows = Vec::new();
    for (name, path, selector) in pages {
        for profile in [Profile::Loopback, Profile::Slow4g] {
            let mut loads = Vec::new();
            for _ in 0..LOADS {
                loads.push(measure(&mut app, path, selector, profile).await?);
            }
            let row = json!({
                "page": name,
                "network": profile.name(),
                "static_bytes": median(loads.iter().map(|l| l.static_bytes).collect()),
                "api_bytes": median(loads.iter().map(|l| l.api_bytes).collect()),
                "visible_ms": median(loads.iter().map(|l| l.visible_ms).collect()),
            });
            eprintln!("{row}");
            rows.push(row);
        }
    }
    println!("\n| page | network | HTML + assets (bytes) | API (bytes) | content visible (ms) |");
    println!("| --- | --- | --- | --- | --- |");
    for row in &rows {
        println!(
            "| {} | {} | {:.0} | {:.0} | {:.0} |",
            row["page"].as_str().unwrap_or_default(),
            row["network"].as_str().unwrap_or_default(),
            row["static_bytes"].as_f64().unwrap_or_default(),
            row["api_bytes"].as_f64().unwrap_or_default(),
            row["visible_ms"].as_f64().unwrap_or_default(),
        );
    }
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/bench");
    std::fs::create_dir_all(&out)?;
    std::fs::write(
        out.join("first-load.json"),
        serde_json::to_string_pretty(&json!({ "loads": LOADS, "rows": rows }))?,
    )?;
    app.finish().await
}
