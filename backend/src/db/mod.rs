//! MongoDB access: the client held in Rocket's managed state, how driver errors are
//! classified, and one typed module per collection. Workarounds for the local
//! development server live in [`local_server`] only.

pub mod answers;
pub mod csp_reports;
pub mod deleted_users;
pub mod deletions;
pub mod interactions;
pub mod local_server;
pub mod posts;
pub mod questions;
pub mod rate_limits;
pub mod reputation;
pub mod tags;
pub mod users;
pub mod views;
pub mod webhook_events;

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use mongodb::bson::doc;
use mongodb::options::ClientOptions;
use mongodb::{Client, Database};

use crate::config::Settings;
use local_server::{classify_local_server_message, LocalServerError, ServerKind};

/// How long an operation waits for a reachable server before failing with
/// "database unavailable": with the database down, an API call answers 503 within
/// 2 s (a webhook's too, so Clerk retries) instead of hanging while clients give up,
/// even one whose first writes landed just before the outage.
/// A cluster that needs longer to elect a primary can say so in `MONGODB_URI`
/// (`serverSelectionTimeoutMS`), which wins over this default.
const SERVER_SELECTION_TIMEOUT: Duration = Duration::from_secs(1);

/// Handle to DevFlow's database; cheap to clone (the driver pools connections).
#[derive(Clone, Debug)]
pub struct Db {
    database: Database,
    /// What the server is, once start-up has asked (shared by every clone).
    server_kind: Arc<OnceLock<ServerKind>>,
    /// Tag names by id, as read (shared by every clone; see [`tags::TagNames`]).
    tag_names: Arc<tags::TagNames>,
}

impl Db {
    /// Creates the client. No connection is made yet, so this succeeds while the
    /// server is down; the driver connects (and reconnects) on demand.
    pub async fn connect(settings: &Settings) -> mongodb::error::Result<Self> {
        let mut options = ClientOptions::parse(settings.mongodb_uri_exposed()).await?;
        options.app_name = Some("devflow".to_owned());
        options
            .server_selection_timeout
            .get_or_insert(SERVER_SELECTION_TIMEOUT);
        options.connect_timeout = Some(Duration::from_secs(3));
        let client = Client::with_options(options)?;
        Ok(Self {
            database: client.database(&settings.mongodb_db),
            server_kind: Arc::default(),
            tag_names: Arc::default(),
        })
    }

    /// What the server is, once start-up has asked (`None` before, e.g. while the
    /// database has been unreachable since start-up).
    pub fn server_kind(&self) -> Option<ServerKind> {
        self.server_kind.get().copied()
    }

    /// Asks the server what it is, once; later calls answer from memory.
    pub async fn detect_server_kind(&self) -> mongodb::error::Result<ServerKind> {
        if let Some(kind) = self.server_kind.get() {
            return Ok(*kind);
        }
        let kind = local_server::detect_server_kind(&self.database).await?;
        if kind == ServerKind::LocalNx {
            tracing::info!("the database is the local nx-27017 server; its workarounds are on");
        }
        Ok(*self.server_kind.get_or_init(|| kind))
    }

    /// The tag names this process has read.
    pub fn tag_names(&self) -> &tags::TagNames {
        &self.tag_names
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

/// Creates the TTL index on `expiresAt`: MongoDB removes each document once that
/// date has passed (for records that matter only for a while: views, rate-limit
/// counters, CSP reports).
pub async fn ensure_expiry_index<T: Send + Sync>(
    collection: &mongodb::Collection<T>,
) -> mongodb::error::Result<()> {
    collection
        .create_index(
            mongodb::IndexModel::builder()
                .keys(doc! { "expiresAt": 1 })
                .options(
                    mongodb::options::IndexOptions::builder()
                        .expire_after(Duration::ZERO)
                        .build(),
                )
                .build(),
        )
        .await?;
    Ok(())
}

/// How many documents match `filter`: `$match` then `$count`. (The driver's
/// `count_documents` groups with `$sum` instead; the `$count` stage lets the local
/// server count in SQL rather than in Python, and is as good on MongoDB.)
pub async fn count_matching<T: Send + Sync>(
    collection: &mongodb::Collection<T>,
    filter: mongodb::bson::Document,
) -> mongodb::error::Result<u64> {
    use futures::TryStreamExt;
    let rows: Vec<mongodb::bson::Document> = collection
        .aggregate([doc! { "$match": filter }, doc! { "$count": "n" }])
        .await?
        .try_collect()
        .await?;
    Ok(match rows.first().and_then(|row| row.get("n")) {
        Some(mongodb::bson::Bson::Int32(n)) => u64::try_from(*n).unwrap_or(0),
        Some(mongodb::bson::Bson::Int64(n)) => u64::try_from(*n).unwrap_or(0),
        Some(mongodb::bson::Bson::Double(n)) => *n as u64,
        _ => 0,
    })
}

/// A filter for documents containing every one of `texts` (case-insensitive) in any of
/// `fields`, and whether it is a `$text` query (which can be ordered by relevance).
/// On MongoDB the collection's text index answers it (each term quoted, so every one
/// must appear; no collection scan); where the server's text search differs (the local
/// server, or before start-up identified the server) literal regexes do.
pub fn text_match(db: &Db, fields: &[&str], texts: &[String]) -> (mongodb::bson::Document, bool) {
    if texts.is_empty() {
        return (mongodb::bson::Document::new(), false);
    }
    if db
        .server_kind()
        .is_some_and(ServerKind::supports_text_search)
    {
        let search = texts
            .iter()
            .map(|text| format!("\"{}\"", text.replace('"', " ")))
            .collect::<Vec<_>>()
            .join(" ");
        return (doc! { "$text": { "$search": search } }, true);
    }
    let all: Vec<mongodb::bson::Document> = texts
        .iter()
        .map(|text| {
            let pattern =
                doc! { "$regex": crate::domain::search::escape_regex(text), "$options": "i" };
            let any: Vec<mongodb::bson::Document> = fields
                .iter()
                .map(|field| doc! { *field: pattern.clone() })
                .collect();
            doc! { "$or": any }
        })
        .collect();
    (doc! { "$and": all }, false)
}

/// MongoDB's duplicate-key error codes (E11000 and its legacy twin).
const DUPLICATE_KEY_CODES: [i32; 2] = [11000, 11001];
/// WriteConflict: another operation changed the document; retrying succeeds.
const WRITE_CONFLICT: i32 = 112;

/// A server error's code and message, wherever the driver put them.
fn server_errors(error: &mongodb::error::Error) -> Vec<(i32, &str)> {
    use mongodb::error::{ErrorKind, WriteFailure};
    match &*error.kind {
        ErrorKind::Command(e) => vec![(e.code, e.message.as_str())],
        ErrorKind::Write(WriteFailure::WriteError(e)) => vec![(e.code, e.message.as_str())],
        ErrorKind::Write(WriteFailure::WriteConcernError(e)) => {
            vec![(e.code, e.message.as_str())]
        }
        ErrorKind::InsertMany(e) => e
            .write_errors
            .iter()
            .flatten()
            .map(|w| (w.code, w.message.as_str()))
            .collect(),
        _ => Vec::new(),
    }
}

/// If `error` is a unique-index violation, the server's message (it names the index or
/// field, which tells callers which uniqueness was hit). MongoDB says so by code; the
/// local server sometimes only in words.
pub fn duplicate_key(error: &mongodb::error::Error) -> Option<String> {
    server_errors(error)
        .into_iter()
        .find(|(code, message)| {
            DUPLICATE_KEY_CODES.contains(code)
                || message.contains("duplicate key")
                || classify_local_server_message(message) == Some(LocalServerError::UniqueViolation)
        })
        .map(|(_, message)| message.to_owned())
}

/// Whether a driver error says the server cannot be reached at all (no server to
/// select, connection refused or reset): another operation now would only wait for
/// [`SERVER_SELECTION_TIMEOUT`] and fail the same way.
pub fn is_unreachable(error: &mongodb::error::Error) -> bool {
    use mongodb::error::ErrorKind;
    matches!(
        *error.kind,
        ErrorKind::ServerSelection { .. }
            | ErrorKind::Io(_)
            | ErrorKind::ConnectionPoolCleared { .. }
            | ErrorKind::DnsResolve { .. }
    )
}

/// Whether a driver error is transient (the server is unreachable, busy, or the write
/// conflicted), so the client should retry, rather than "the server refused this".
pub fn is_transient(error: &mongodb::error::Error) -> bool {
    let conflicted = server_errors(error).into_iter().any(|(code, message)| {
        code == WRITE_CONFLICT
            || classify_local_server_message(message) == Some(LocalServerError::Locked)
    });
    conflicted
        || is_unreachable(error)
        || error.contains_label(mongodb::error::RETRYABLE_WRITE_ERROR)
        || error.contains_label("TransientTransactionError")
}
