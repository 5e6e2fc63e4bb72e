//! The `webhook_events` collection: one document per delivered event id (`svix-id`),
//! so an operator can see what arrived and what happened, and so a redelivered event is
//! applied zero more times. The `_id` uniqueness is the idempotency lock.

use mongodb::bson::{doc, DateTime};
use mongodb::{Collection, IndexModel};
use serde::{Deserialize, Serialize};
use shared::WebhookOutcome;

use super::{duplicate_key, Db};

/// Name of the collection.
pub const COLLECTION: &str = "webhook_events";

/// The `outcome` value stored while an event is being applied.
const PROCESSING: &str = "processing";

/// Where a delivery stands: claimed and being applied, or handled with an outcome.
/// Stored in `outcome` as `"processing"` or the outcome's name (`"applied"`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum EventState {
    /// A handler holds the claim and is applying the event.
    Processing(ProcessingMarker),
    /// Handling finished with this outcome.
    Handled(WebhookOutcome),
}

/// The single value `"processing"` (a unit type that serialises as that string).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProcessingMarker {
    /// `"processing"`.
    Processing,
}

impl EventState {
    /// The in-flight state.
    pub const PROCESSING: Self = Self::Processing(ProcessingMarker::Processing);
}

/// A claim older than this is treated as abandoned (its process died mid-way), so a
/// redelivery may take it over rather than the event being lost.
pub const STALE_CLAIM_MS: i64 = 60_000;

/// A delivered event as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookEventDoc {
    /// The delivery's `svix-id`.
    #[serde(rename = "_id")]
    pub id: String,
    /// Event type, e.g. `user.created`.
    pub event_type: String,
    /// Clerk user id the event is about, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clerk_user_id: Option<String>,
    /// When it first arrived.
    pub received_at: DateTime,
    /// Being applied, or the outcome once handled.
    pub outcome: EventState,
    /// When the current claim was taken (ms since the epoch; numbers compare reliably
    /// on every MongoDB-compatible server).
    pub locked_at_ms: i64,
    /// When handling finished (ms since the epoch: the local dev server stores dates
    /// written by `$set` as strings, so times written after insert are numbers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processed_at_ms: Option<i64>,
}

/// The result of trying to claim an event for processing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// This request owns the event and must apply it.
    Claimed,
    /// The event was already handled, with this outcome.
    AlreadyHandled(WebhookOutcome),
    /// Another request is applying it right now.
    InFlight,
}

/// The typed collection handle.
pub fn collection(db: &Db) -> Collection<WebhookEventDoc> {
    db.database().collection(COLLECTION)
}

/// Creates the index operators list recent deliveries by.
pub async fn ensure_indexes(db: &Db) -> mongodb::error::Result<()> {
    collection(db)
        .create_index(
            IndexModel::builder()
                .keys(doc! { "receivedAt": -1 })
                .build(),
        )
        .await?;
    Ok(())
}

/// Inserts the record of a newly arrived event, or reports why it cannot be claimed.
pub async fn claim_webhook_event(
    db: &Db,
    id: &str,
    event_type: &str,
    clerk_user_id: Option<String>,
    now_ms: i64,
) -> mongodb::error::Result<Claim> {
    let record = WebhookEventDoc {
        id: id.to_owned(),
        event_type: event_type.to_owned(),
        clerk_user_id,
        received_at: DateTime::from_millis(now_ms),
        outcome: EventState::PROCESSING,
        locked_at_ms: now_ms,
        processed_at_ms: None,
    };
    match collection(db).insert_one(&record).await {
        Ok(_) => return Ok(Claim::Claimed),
        Err(error) if duplicate_key(&error).is_some() => {}
        Err(error) => return Err(error),
    }
    let Some(existing) = find_webhook_event(db, id).await? else {
        // Released between our insert and this read: let the sender retry.
        return Ok(Claim::InFlight);
    };
    if let EventState::Handled(outcome) = existing.outcome {
        return Ok(Claim::AlreadyHandled(outcome));
    }
    if existing.locked_at_ms > now_ms - STALE_CLAIM_MS {
        return Ok(Claim::InFlight);
    }
    // Take over an abandoned claim; the filter makes only one taker win.
    let taken = collection(db)
        .update_one(
            doc! { "_id": id, "outcome": PROCESSING, "lockedAtMs": existing.locked_at_ms },
            doc! { "$set": { "lockedAtMs": now_ms } },
        )
        .await?;
    Ok(if taken.modified_count == 1 {
        Claim::Claimed
    } else {
        Claim::InFlight
    })
}

/// Records how a claimed event was handled.
pub async fn update_webhook_event_outcome(
    db: &Db,
    id: &str,
    outcome: WebhookOutcome,
) -> mongodb::error::Result<()> {
    collection(db)
        .update_one(
            doc! { "_id": id },
            doc! { "$set": {
                "outcome": outcome.as_str(),
                "processedAtMs": chrono::Utc::now().timestamp_millis(),
            } },
        )
        .await?;
    Ok(())
}

/// Releases a claim whose handling failed, so the sender's retry applies the event.
pub async fn delete_webhook_event(db: &Db, id: &str) -> mongodb::error::Result<()> {
    collection(db)
        .delete_one(doc! { "_id": id, "outcome": PROCESSING })
        .await?;
    Ok(())
}

/// Finds an event record by delivery id.
pub async fn find_webhook_event(
    db: &Db,
    id: &str,
) -> mongodb::error::Result<Option<WebhookEventDoc>> {
    collection(db).find_one(doc! { "_id": id }).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_are_stored_as_plain_strings() {
        let cases = [
            (EventState::PROCESSING, "processing"),
            (EventState::Handled(WebhookOutcome::Applied), "applied"),
            (
                EventState::Handled(WebhookOutcome::IgnoredStale),
                "ignored_stale",
            ),
        ];
        for (state, stored) in cases {
            let value = mongodb::bson::to_bson(&state).expect("serialisable");
            assert_eq!(value, mongodb::bson::Bson::from(stored));
            assert_eq!(
                mongodb::bson::from_bson::<EventState>(value).expect("readable"),
                state
            );
        }
    }
}
