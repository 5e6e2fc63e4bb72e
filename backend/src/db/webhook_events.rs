//! The `webhook_events` collection: one document per delivered event id (`svix-id`),
//! so an operator can see what arrived and what happened, and so a redelivered event is
//! applied zero more times. The `_id` uniqueness is the idempotency lock; who applies
//! it is decided by a short lease the applying handler keeps renewing.

use std::time::Duration;

use mongodb::bson::oid::ObjectId;
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
    /// The token of the handler holding the claim; empty when nobody holds it (a
    /// handler that gave up released it).
    #[serde(default)]
    pub claim: String,
    /// Until when the holder's lease runs (ms since the epoch). A live holder renews it;
    /// once it has lapsed, the next delivery takes the claim over. Times after insert
    /// are numbers: the local server returns dates written by `$set` as strings, and
    /// numbers compare the same on every server.
    #[serde(default)]
    pub lease_until_ms: i64,
    /// How many handlers have claimed the event (1 for a first delivery that worked).
    #[serde(default)]
    pub attempts: i64,
    /// How many claims were taken over from a handler whose lease lapsed (it died).
    #[serde(default)]
    pub takeovers: i64,
    /// Why the last handler that gave up did so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    /// When handling finished (ms since the epoch: the local dev server stores dates
    /// written by `$set` as strings, so times written after insert are numbers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub processed_at_ms: Option<i64>,
}

/// The result of trying to claim an event for processing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// This request owns the event with this claim token and must apply it.
    Claimed(String),
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

/// Claims a delivered event for `lease`: inserts its record, or takes over a record
/// that nobody holds (released by a handler that gave up) or whose holder's lease has
/// lapsed (it died). Every write is conditional on the state just read, so of several
/// deliveries racing for one claim exactly one wins.
pub async fn claim_webhook_event(
    db: &Db,
    id: &str,
    event_type: &str,
    clerk_user_id: Option<String>,
    now_ms: i64,
    lease: Duration,
) -> mongodb::error::Result<Claim> {
    let token = ObjectId::new().to_hex();
    let lease_until_ms = now_ms + lease_ms(lease);
    let record = WebhookEventDoc {
        id: id.to_owned(),
        event_type: event_type.to_owned(),
        clerk_user_id,
        received_at: DateTime::from_millis(now_ms),
        outcome: EventState::PROCESSING,
        claim: token.clone(),
        lease_until_ms,
        attempts: 1,
        takeovers: 0,
        last_error: None,
        processed_at_ms: None,
    };
    match collection(db).insert_one(&record).await {
        Ok(_) => return Ok(Claim::Claimed(token)),
        Err(error) if duplicate_key(&error).is_some() => {}
        Err(error) => return Err(error),
    }
    let Some(existing) = find_webhook_event(db, id).await? else {
        return Ok(Claim::InFlight);
    };
    if let EventState::Handled(outcome) = existing.outcome {
        return Ok(Claim::AlreadyHandled(outcome));
    }
    let held = !existing.claim.is_empty();
    if held && existing.lease_until_ms >= now_ms {
        return Ok(Claim::InFlight);
    }
    let taken = collection(db)
        .update_one(
            doc! {
                "_id": id,
                "outcome": PROCESSING,
                "claim": &existing.claim,
                "leaseUntilMs": existing.lease_until_ms,
            },
            doc! {
                "$set": { "claim": &token, "leaseUntilMs": lease_until_ms },
                "$inc": { "attempts": 1_i64, "takeovers": i64::from(held) },
            },
        )
        .await?;
    if taken.modified_count != 1 {
        return Ok(Claim::InFlight);
    }
    if held {
        tracing::warn!(
            event_id = id,
            "took over a webhook claim whose lease lapsed"
        );
    }
    Ok(Claim::Claimed(token))
}

/// Extends the lease of the claim `token` holds; `false` if it no longer holds it.
pub async fn renew_webhook_claim(
    db: &Db,
    id: &str,
    token: &str,
    now_ms: i64,
    lease: Duration,
) -> mongodb::error::Result<bool> {
    let renewed = collection(db)
        .update_one(
            doc! { "_id": id, "outcome": PROCESSING, "claim": token },
            doc! { "$set": { "leaseUntilMs": now_ms + lease_ms(lease) } },
        )
        .await?;
    Ok(renewed.matched_count == 1)
}

/// Gives up the claim `token` holds, recording why, so the sender's retry claims the
/// event at once.
pub async fn release_webhook_claim(
    db: &Db,
    id: &str,
    token: &str,
    error: &str,
) -> mongodb::error::Result<()> {
    collection(db)
        .update_one(
            doc! { "_id": id, "outcome": PROCESSING, "claim": token },
            doc! { "$set": { "claim": "", "leaseUntilMs": 0_i64, "lastError": error } },
        )
        .await?;
    Ok(())
}

/// Records how a claimed event was handled.
pub async fn update_webhook_event_outcome(
    db: &Db,
    id: &str,
    outcome: WebhookOutcome,
) -> mongodb::error::Result<()> {
    collection(db)
        .update_one(
            doc! { "_id": id, "outcome": PROCESSING },
            doc! { "$set": {
                "outcome": outcome.as_str(),
                "processedAtMs": chrono::Utc::now().timestamp_millis(),
            } },
        )
        .await?;
    Ok(())
}

fn lease_ms(lease: Duration) -> i64 {
    i64::try_from(lease.as_millis()).unwrap_or(i64::MAX / 2)
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
