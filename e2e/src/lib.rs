//! Browser end-to-end harness. [`E2e::start`] launches the real backend (in this
//! process, on a free port, on a fresh database, serving the built SPA from
//! `DEVFLOW_STATIC_DIR`) and a headless Chromium through ChromeDriver. Tests then read
//! like a user's steps: `open`, `click`, `wait_for_heading`...
//!
//! Needs `MONGODB_URI`, `DEVFLOW_STATIC_DIR` (a `trunk build` output) and ChromeDriver
//! (`CHROMEDRIVER`, default `/usr/bin/chromedriver`); `cargo xtask test` sets them all.

pub mod forum;

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};
use backend::db::Db;
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// How long a step waits for the page to reach the expected state.
pub const TIMEOUT: Duration = Duration::from_secs(15);

fn free_port() -> Result<u16> {
    Ok(testkit::free_port()?)
}

async fn wait_for_port(port: u16, what: &str) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(30);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        if Instant::now() > deadline {
            bail!("{what} did not listen on port {port} within 30 s");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(())
}

struct Driver {
    child: Child,
    profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Chromium outlives a killed ChromeDriver; its unique profile folder finds it.
        let _ = Command::new("pkill")
            .arg("-f")
            .arg(self.profile.path())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A running backend plus a browser looking at it.
pub struct E2e {
    browser: Client,
    base_url: String,
    db: Db,
    shutdown: rocket::Shutdown,
    _driver: Driver,
}

fn static_dir() -> Result<PathBuf> {
    let dir = PathBuf::from(std::env::var("DEVFLOW_STATIC_DIR").context(
        "DEVFLOW_STATIC_DIR is not set: run the browser tests with `cargo xtask test`, or \
         `trunk build --release` and set DEVFLOW_STATIC_DIR to the dist folder",
    )?);
    if !dir.join("index.html").is_file() {
        bail!(
            "{} has no index.html: build the SPA with `trunk build --release`",
            dir.display()
        );
    }
    Ok(dir)
}

/// The stand-in for ClerkJS the browser tests serve (see `assets/`).
const CLERK_STAND_IN: &str = include_str!("../assets/clerk-stand-in.js");
/// Where the test backend serves it.
pub const CLERK_STAND_IN_PATH: &str = "/e2e/clerk-stand-in.js";

#[rocket::get("/e2e/clerk-stand-in.js")]
fn clerk_stand_in() -> (rocket::http::ContentType, &'static str) {
    (rocket::http::ContentType::JavaScript, CLERK_STAND_IN)
}

/// Extra settings for the test's backend (Rocket and DevFlow keys, as in
/// `testkit::app::settings`). `{base}` in a string value becomes the backend's URL.
pub type Overrides = Vec<(&'static str, Value)>;

async fn start_backend(
    uri: String,
    overrides: Overrides,
) -> Result<(String, Db, rocket::Shutdown)> {
    let port = free_port()?;
    let base_url = format!("http://127.0.0.1:{port}");
    let mut all: Overrides = vec![
        ("address", json!("127.0.0.1")),
        ("port", json!(port)),
        ("static_dir", json!(static_dir()?)),
        ("public_url", json!(base_url)),
    ];
    all.extend(overrides.into_iter().map(|(key, value)| match value {
        Value::String(text) => (key, Value::String(text.replace("{base}", &base_url))),
        other => (key, other),
    }));
    let settings = testkit::app::settings(&uri, "devflow_e2e", &all)?;
    let db = Db::connect(&settings).await?;
    let rocket = backend::build_rocket(settings)?
        .mount("/", rocket::routes![clerk_stand_in])
        .ignite()
        .await
        .map_err(|e| anyhow!("backend failed to ignite: {e}"))?;
    let shutdown = rocket.shutdown();
    tokio::spawn(async move {
        if let Err(error) = rocket.launch().await {
            eprintln!("backend stopped with an error: {error}");
        }
    });
    wait_for_port(port, "the backend").await?;
    Ok((base_url, db, shutdown))
}

async fn start_browser(javascript: bool) -> Result<(Client, Driver)> {
    let chromedriver =
        std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    let chromium = std::env::var("CHROME_BIN").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let port = free_port()?;
    let child = Command::new(&chromedriver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| {
            format!("start {chromedriver} (install chromium-driver, or set CHROMEDRIVER)")
        })?;
    let driver = Driver {
        child,
        profile: tempfile::tempdir()?,
    };
    wait_for_port(port, "ChromeDriver").await?;

    let mut args = vec![
        "--headless=new".to_owned(),
        "--no-sandbox".to_owned(),
        "--disable-gpu".to_owned(),
        "--disable-quic".to_owned(),
        "--no-first-run".to_owned(),
        "--disable-background-networking".to_owned(),
        "--disable-component-update".to_owned(),
        "--disable-sync".to_owned(),
        "--disable-dev-shm-usage".to_owned(),
        "--window-size=1280,900".to_owned(),
        format!("--user-data-dir={}", driver.profile.path().display()),
    ];
    if !javascript {
        args.push("--blink-settings=scriptEnabled=false".to_owned());
    }
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".to_owned(),
        json!({ "binary": chromium, "args": args }),
    );
    // Plain HTTP to the local ChromeDriver: no TLS stack needed. ChromeDriver can accept
    // TCP connections a moment before it serves sessions, so a refused first try is retried.
    let mut builder = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
    builder.capabilities(capabilities);
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(20);
    let browser = loop {
        match builder.connect(&url).await {
            Ok(browser) => break browser,
            Err(error) if Instant::now() < deadline => {
                eprintln!("ChromeDriver not ready ({error}); retrying");
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
            Err(error) => return Err(error).context("open a Chromium session"),
        }
    };
    Ok((browser, driver))
}

impl E2e {
    /// Starts a fresh backend (own database) and a fresh browser profile.
    pub async fn start() -> Result<Self> {
        Self::start_with(Vec::new()).await
    }

    /// Like [`E2e::start`], with extra backend settings (local sign-in, Clerk keys...).
    pub async fn start_with(overrides: Overrides) -> Result<Self> {
        let uri = std::env::var("MONGODB_URI")
            .context("MONGODB_URI is not set: run the browser tests with `cargo xtask test`")?;
        Self::start_on(uri, overrides).await
    }

    /// Like [`E2e::start`], but the backend's database never answers (nothing listens
    /// at its address), to see how pages handle API errors.
    pub async fn start_without_database() -> Result<Self> {
        Self::start_on(format!("mongodb://127.0.0.1:{}", free_port()?), Vec::new()).await
    }

    async fn start_on(uri: String, overrides: Overrides) -> Result<Self> {
        let (base_url, db, shutdown) = start_backend(uri, overrides).await?;
        let (browser, driver) = start_browser(true).await?;
        Ok(Self {
            browser,
            base_url,
            db,
            shutdown,
            _driver: driver,
        })
    }

    /// Replaces the browser with a fresh one (new profile: empty cache, no cookies), so
    /// the next load is a first visit.
    pub async fn fresh_browser(&mut self) -> Result<()> {
        self.replace_browser(true).await
    }

    /// Replaces the browser with a fresh one that runs no JavaScript (as some crawlers
    /// and link previews see pages).
    pub async fn browser_without_javascript(&mut self) -> Result<()> {
        self.replace_browser(false).await
    }

    async fn replace_browser(&mut self, javascript: bool) -> Result<()> {
        let (browser, driver) = start_browser(javascript).await?;
        let old = std::mem::replace(&mut self.browser, browser);
        let _ = old.close().await;
        self._driver = driver;
        Ok(())
    }

    /// The test's database, for arranging data the page should show.
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// The backend's URL, e.g. `http://127.0.0.1:41234`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Types `text` into the input matching `css`, replacing what it held.
    pub async fn fill(&self, css: &str, text: &str) -> Result<()> {
        let input = self.element(css).await?;
        input.clear().await?;
        input.send_keys(text).await?;
        Ok(())
    }

    /// Waits until an element matching `css` has exactly `expected` as its text.
    pub async fn wait_for_text(&self, css: &str, expected: &str) -> Result<()> {
        self.eventually(&format!("{css} to read {expected:?}"), || async {
            let text = self.element(css).await?.text().await?;
            Ok((text == expected).then_some(()))
        })
        .await
    }

    /// The raw WebDriver client, for anything the helpers do not cover.
    pub fn browser(&self) -> &Client {
        &self.browser
    }

    /// Loads `path` (with query) as if typed in the address bar, and waits for the app
    /// to be live (a server-rendered page shows before it responds).
    pub async fn open(&self, path: &str) -> Result<()> {
        self.browser
            .goto(&format!("{}{path}", self.base_url))
            .await?;
        self.element("html[data-app='live'] main#main").await?;
        Ok(())
    }

    /// Loads `path` and waits only for the server's HTML (JavaScript may be off).
    pub async fn open_html(&self, path: &str) -> Result<()> {
        self.browser
            .goto(&format!("{}{path}", self.base_url))
            .await?;
        self.element("main#main").await?;
        Ok(())
    }

    /// Waits for an element matching `css`.
    pub async fn element(&self, css: &str) -> Result<Element> {
        self.browser
            .wait()
            .at_most(TIMEOUT)
            .for_element(Locator::Css(css))
            .await
            .with_context(|| format!("no element matches `{css}` within {TIMEOUT:?}"))
    }

    /// Clicks the element matching `css`, scrolled to the middle of the viewport first
    /// (as a person would see it), clear of the sticky top bar and floating banners.
    pub async fn click(&self, css: &str) -> Result<()> {
        let element = self.element(css).await?;
        self.browser
            .execute(
                "arguments[0].scrollIntoView({block: 'center', inline: 'center'});",
                vec![serde_json::to_value(&element)?],
            )
            .await?;
        element.click().await?;
        Ok(())
    }

    /// Runs JavaScript in the page and returns its result.
    pub async fn js(&self, script: &str) -> Result<Value> {
        Ok(self.browser.execute(script, vec![]).await?)
    }

    /// Polls until `check` returns `Some`, or fails with `what` after [`TIMEOUT`].
    pub async fn eventually<T, F, Fut>(&self, what: &str, mut check: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<Option<T>>>,
    {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Ok(Some(value)) = check().await {
                return Ok(value);
            }
            if Instant::now() > deadline {
                bail!("timed out after {TIMEOUT:?} waiting for {what}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The main heading's text.
    pub async fn heading(&self) -> Result<String> {
        Ok(self.element("main h1").await?.text().await?)
    }

    /// Waits until the main heading reads `expected`.
    pub async fn wait_for_heading(&self, expected: &str) -> Result<()> {
        let last = std::cell::RefCell::new(String::new());
        self.eventually(&format!("heading {expected:?}"), || async {
            let text = self.heading().await?;
            *last.borrow_mut() = text.clone();
            Ok((text == expected).then_some(()))
        })
        .await
        .with_context(|| format!("the heading was {:?}", last.borrow()))
    }

    /// Path plus query of the current URL, e.g. `/community?page=2`.
    pub async fn path(&self) -> Result<String> {
        let url = self.browser.current_url().await?;
        Ok(match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        })
    }

    /// Waits until the current path (with query) is `expected`.
    pub async fn wait_for_path(&self, expected: &str) -> Result<()> {
        self.eventually(&format!("path {expected:?}"), || async {
            Ok((self.path().await? == expected).then_some(()))
        })
        .await
    }

    /// Ends the browser session and stops the backend; fails when the browser reported
    /// a Content-Security-Policy violation during the test.
    pub async fn finish(self) -> Result<()> {
        let Self {
            browser,
            shutdown,
            _driver,
            db,
            ..
        } = self;
        // Browsers post violation reports asynchronously, right after the fact.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let violations = backend::db::csp_reports::list_csp_reports(&db, 20)
            .await
            .unwrap_or_default();
        browser.close().await?;
        shutdown.notify();
        drop(_driver);
        if !violations.is_empty() {
            let lines: Vec<String> = violations.into_iter().map(|v| v.summary).collect();
            anyhow::bail!(
                "the page's Content-Security-Policy blocked something:\n{}",
                lines.join("\n")
            );
        }
        Ok(())
    }
}
