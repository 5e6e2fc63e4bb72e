//! The answer to a verified webhook delivery.

use serde::{Deserialize, Serialize};

/// What DevFlow did with a delivered event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WebhookOutcome {
    /// The event changed the database.
    Applied,
    /// This event id was already handled; nothing was done again.
    Duplicate,
    /// An update older than the stored state; acknowledged and ignored.
    IgnoredStale,
    /// The user was deleted; late events for them are ignored.
    IgnoredDeleted,
    /// An event type DevFlow does not handle; acknowledged and recorded.
    Unhandled,
}

impl WebhookOutcome {
    /// The stored / serialised name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Applied => "applied",
            Self::Duplicate => "duplicate",
            Self::IgnoredStale => "ignored_stale",
            Self::IgnoredDeleted => "ignored_deleted",
            Self::Unhandled => "unhandled",
        }
    }
}

/// Body of a 200 answer to `POST /api/webhooks/clerk`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct WebhookReceipt {
    /// The delivery's `svix-id`.
    pub event_id: String,
    /// The event type, e.g. `user.created`.
    pub event_type: String,
    /// What was done.
    pub outcome: WebhookOutcome,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_serialise_as_their_stored_names() {
        for outcome in [
            WebhookOutcome::Applied,
            WebhookOutcome::Duplicate,
            WebhookOutcome::IgnoredStale,
            WebhookOutcome::IgnoredDeleted,
            WebhookOutcome::Unhandled,
        ] {
            let json = serde_json::to_value(outcome).expect("serialisable");
            assert_eq!(json, serde_json::Value::from(outcome.as_str()));
        }
    }
}
