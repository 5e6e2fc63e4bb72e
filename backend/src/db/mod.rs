//! MongoDB access: the client held in Rocket's managed state, start-up work (indexes,
//! demo data) that retries until the server answers, and one module per collection.

pub mod content;
pub mod deleted_users;
pub mod users;
pub mod webhook_events;

use std::time::Duration;

use mongodb::bson::doc;
use mongodb::options::ClientOptions;
use mongodb::{Client, Database};

use crate::config::Settings;

/// How long an operation waits for a reachable server before failing with
/// "database unavailable" (so requests fail fast with 503 instead of hanging).
const SERVER_SELECTION_TIMEOUT: Duration = Duration::from_secs(5);
/// Upper bound for the first start-up attempt; later attempts run in the background.
const FIRST_INIT_TIMEOUT: Duration = Duration::from_secs(3);

/// Handle to DevFlow's database; cheap to clone (the driver pools connections).
#[derive(Clone, Debug)]
pub struct Db {
    database: Database,
}

impl Db {
    /// Creates the client. No connection is made yet, so this succeeds while the
    /// server is down; the driver connects (and reconnects) on demand.
    pub async fn connect(settings: &Settings) -> mongodb::error::Result<Self> {
        let mut options = ClientOptions::parse(settings.mongodb_uri_exposed()).await?;
        options.app_name = Some("devflow".to_owned());
        options.server_selection_timeout = Some(SERVER_SELECTION_TIMEOUT);
        options.connect_timeout = Some(Duration::from_secs(3));
        let client = Client::with_options(options)?;
        Ok(Self {
            database: client.database(&settings.mongodb_db),
        })
    }

    /// The database every collection lives in.
    pub fn database(&self) -> &Database {
        &self.database
    }

    /// Asks the server to answer a `ping`.
    pub async fn ping(&self) -> mongodb::error::Result<()> {
        self.database.run_command(doc! { "ping": 1 }).await?;
        Ok(())
    }

    /// Whether any collection holds at least one document.
    pub async fn has_any_data(&self) -> mongodb::error::Result<bool> {
        for name in self.database.list_collection_names().await? {
            let collection = self.database.collection::<mongodb::bson::Document>(&name);
            if collection.find_one(doc! {}).await?.is_some() {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// Creates every collection's indexes (idempotent: creating an existing index is a no-op).
pub async fn ensure_indexes(db: &Db) -> mongodb::error::Result<()> {
    users::ensure_indexes(db).await?;
    content::ensure_indexes(db).await?;
    webhook_events::collection(db)
        .create_index(
            mongodb::IndexModel::builder()
                .keys(doc! { "receivedAt": -1 })
                .build(),
        )
        .await?;
    Ok(())
}

/// If `error` is a unique-index violation, the server's message (it names the index or
/// field, which tells callers which uniqueness was hit). Checks the code (11000) and,
/// for servers that omit codes, the message.
pub fn duplicate_key(error: &mongodb::error::Error) -> Option<String> {
    use mongodb::error::{ErrorKind, WriteFailure};
    let is_dup = |code: i32, message: &str| {
        code == 11000
            || code == 11001
            || message.contains("duplicate key")
            || message.contains("UNIQUE constraint failed")
    };
    match &*error.kind {
        ErrorKind::Write(WriteFailure::WriteError(e)) if is_dup(e.code, &e.message) => {
            Some(e.message.clone())
        }
        ErrorKind::InsertMany(e) => e
            .write_errors
            .as_ref()?
            .iter()
            .find(|w| is_dup(w.code, &w.message))
            .map(|w| w.message.clone()),
        ErrorKind::Command(e) if is_dup(e.code, &e.message) => Some(e.message.clone()),
        _ => None,
    }
}

async fn initialise_once(db: &Db, seed_demo: bool) -> anyhow::Result<()> {
    ensure_indexes(db).await?;
    if seed_demo {
        crate::seed::seed_if_empty(db).await?;
    }
    Ok(())
}

/// Runs start-up work (indexes, optional demo data). The first attempt is awaited
/// briefly so a healthy start is fully ready; if the database is down, retries continue
/// in the background with backoff while the API already serves (health reports 503).
pub async fn initialise(db: Db, seed_demo: bool) {
    match tokio::time::timeout(FIRST_INIT_TIMEOUT, initialise_once(&db, seed_demo)).await {
        Ok(Ok(())) => return,
        Ok(Err(error)) => tracing::warn!(
            error = %crate::error::cause_chain(error.as_ref()),
            "database start-up work failed; retrying in the background"
        ),
        Err(_) => {
            tracing::warn!("database not reachable yet; retrying start-up work in the background")
        }
    }
    tokio::spawn(async move {
        let mut delay = Duration::from_millis(500);
        loop {
            tokio::time::sleep(delay).await;
            match initialise_once(&db, seed_demo).await {
                Ok(()) => {
                    tracing::info!("database start-up work done");
                    return;
                }
                Err(error) => {
                    tracing::debug!(error = %crate::error::cause_chain(error.as_ref()), "database start-up work failed");
                    delay = (delay * 2).min(Duration::from_secs(30));
                }
            }
        }
    });
}
