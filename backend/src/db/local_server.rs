//! The local MongoDB-compatible server (`nx-27017`, single-threaded Python over SQLite)
//! that development and tests use when no real MongoDB is configured. Every place where
//! DevFlow has to treat it differently from MongoDB is decided here, so the rest of the
//! code is written for MongoDB and the workarounds can be found (and dropped) at once.

use mongodb::bson::{doc, DateTime};
use mongodb::Database;

/// Which kind of server the database is, detected once at start-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerKind {
    /// MongoDB itself (or Atlas, or anything that does not say it is the local server).
    MongoDb,
    /// The local `nx-27017` development server.
    LocalNx,
}

impl ServerKind {
    /// Whether compound indexes that include `_id` may be created: the local server
    /// rejects every insert into a collection that has one (`JSON path error near '_id'`).
    pub fn supports_compound_id_indexes(self) -> bool {
        self == Self::MongoDb
    }

    /// Whether indexes on array fields (multikey indexes) may be created: on the local
    /// server such an index makes equality matches on the field (`{tags: "rust"}`,
    /// `{"entries.user": id}`) find nothing, while `$in` still works. Without the index
    /// the local server scans, which is what it does for most queries anyway.
    pub fn supports_multikey_indexes(self) -> bool {
        self == Self::MongoDb
    }

    /// Whether `$text` queries (on a collection's text index) work as on MongoDB. The
    /// local server accepts them but matches differently (no stemming, terms joined
    /// with AND, per-field), so there search falls back to literal regexes.
    pub fn supports_text_search(self) -> bool {
        self == Self::MongoDb
    }

    /// Whether a `findOneAndUpdate` that breaks a unique index fails with the
    /// duplicate-key error. The local server answers "no document" instead, which would
    /// hide the collision (a taken username), so there DevFlow writes, then reads.
    pub fn find_and_modify_reports_duplicates(self) -> bool {
        self == Self::MongoDb
    }
}

/// A filter matching documents that match every one of `parts`, spelled as `$and`.
/// On MongoDB this means exactly what one document of all the parts' fields means; the
/// local server, given a top-level `$or` beside other fields in an update's filter,
/// applies the update to whichever document matches the `$or` alone (the `_id` is
/// ignored), and `$and` keeps the parts together there.
pub fn all_of(parts: Vec<mongodb::bson::Document>) -> mongodb::bson::Document {
    doc! { "$and": parts }
}

/// Asks the server what it is. `nx-27017` answers `buildInfo` with
/// `process: "nx_27017"`; MongoDB's `buildInfo` has no `process` field.
pub async fn detect_server_kind(database: &Database) -> mongodb::error::Result<ServerKind> {
    let info = database.run_command(doc! { "buildInfo": 1 }).await?;
    Ok(match info.get_str("process") {
        Ok(process) if process.starts_with("nx_27017") => ServerKind::LocalNx,
        _ => ServerKind::MongoDb,
    })
}

/// What an error message of the local server means, for replies that lack MongoDB's
/// numeric `code` (the local server reports SQLite's errors as text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalServerError {
    /// SQLite's write lock is held by another request: transient, retry.
    Locked,
    /// A unique index rejected the write (MongoDB's E11000).
    UniqueViolation,
}

/// Classifies a local-server error message (`None`: nothing known about it).
pub fn classify_local_server_message(message: &str) -> Option<LocalServerError> {
    if message.contains("database is locked") {
        Some(LocalServerError::Locked)
    } else if message.contains("UNIQUE constraint failed") {
        Some(LocalServerError::UniqueViolation)
    } else {
        None
    }
}

/// Reads a boolean field. The local server returns booleans written by `$set` as the
/// integers 0 and 1 (SQLite has no boolean type); MongoDB returns them as booleans.
/// Use as `#[serde(deserialize_with = "local_server::lenient_bool")]`.
pub fn lenient_bool<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    use serde::Deserialize;
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Stored {
        Bool(bool),
        Int(i64),
    }
    Ok(match Stored::deserialize(deserializer)? {
        Stored::Bool(value) => value,
        Stored::Int(value) => value != 0,
    })
}

/// Reads an optional date field. The local server returns dates written by `$set` as
/// strings (`2023-11-14 22:13:20.123000`, UTC); MongoDB returns BSON dates. Use as
/// `#[serde(default, deserialize_with = "local_server::lenient_date")]`.
pub fn lenient_date<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<DateTime>, D::Error> {
    use serde::Deserialize;
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Stored {
        Date(DateTime),
        Text(String),
        Millis(i64),
    }
    Ok(match Option::<Stored>::deserialize(deserializer)? {
        None => None,
        Some(Stored::Date(date)) => Some(date),
        Some(Stored::Millis(ms)) => Some(DateTime::from_millis(ms)),
        Some(Stored::Text(text)) => Some(
            DateTime::parse_rfc3339_str(&text)
                .or_else(|_| {
                    chrono::DateTime::parse_from_rfc3339(&text)
                        .map(|d| DateTime::from_chrono(d.with_timezone(&chrono::Utc)))
                })
                .or_else(|_| {
                    chrono::NaiveDateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M:%S%.f")
                        .or_else(|_| {
                            chrono::NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M:%S%.f")
                        })
                        .map(|d| DateTime::from_chrono(d.and_utc()))
                })
                .map_err(|_| serde::de::Error::custom(format!("not a date: {text}")))?,
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_messages_are_classified() {
        let cases = [
            ("database is locked", Some(LocalServerError::Locked)),
            (
                "UNIQUE constraint failed: users.username",
                Some(LocalServerError::UniqueViolation),
            ),
            ("E11000 duplicate key error", None),
            ("something else", None),
        ];
        for (message, expected) in cases {
            assert_eq!(
                classify_local_server_message(message),
                expected,
                "{message}"
            );
        }
    }

    #[test]
    fn booleans_read_from_either_representation() {
        #[derive(serde::Deserialize)]
        struct Doc {
            #[serde(deserialize_with = "lenient_bool")]
            flag: bool,
        }
        for (stored, expected) in [
            (mongodb::bson::doc! { "flag": true }, true),
            (mongodb::bson::doc! { "flag": 1 }, true),
            (mongodb::bson::doc! { "flag": 0_i64 }, false),
            (mongodb::bson::doc! { "flag": false }, false),
        ] {
            let doc: Doc = mongodb::bson::from_document(stored).expect("readable");
            assert_eq!(doc.flag, expected);
        }
    }

    #[test]
    fn dates_read_from_either_representation() {
        #[derive(serde::Deserialize)]
        struct Doc {
            #[serde(default, deserialize_with = "lenient_date")]
            at: Option<DateTime>,
        }
        let expected = DateTime::from_millis(1_700_000_000_123);
        for stored in [
            mongodb::bson::doc! { "at": expected },
            mongodb::bson::doc! { "at": "2023-11-14T22:13:20.123Z" },
            mongodb::bson::doc! { "at": "2023-11-14T22:13:20.123" },
            mongodb::bson::doc! { "at": "2023-11-14 22:13:20.123000" },
            mongodb::bson::doc! { "at": 1_700_000_000_123_i64 },
        ] {
            let doc: Doc = mongodb::bson::from_document(stored.clone()).expect("readable");
            assert_eq!(doc.at, Some(expected), "{stored}");
        }
        let doc: Doc = mongodb::bson::from_document(mongodb::bson::doc! {}).expect("readable");
        assert_eq!(doc.at, None);
    }

    #[test]
    fn only_real_mongodb_gets_compound_id_and_array_indexes() {
        assert!(ServerKind::MongoDb.supports_compound_id_indexes());
        assert!(!ServerKind::LocalNx.supports_compound_id_indexes());
        assert!(ServerKind::MongoDb.supports_multikey_indexes());
        assert!(!ServerKind::LocalNx.supports_multikey_indexes());
    }
}
