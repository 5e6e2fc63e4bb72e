//! Keeping MongoDB in step with Clerk: applying verified webhook events exactly once,
//! in order, and never resurrecting a deleted user.
//!
//! Exactly once: the delivery id is claimed in `webhook_events` (unique `_id`) before
//! anything is applied; a failed application releases the claim so the sender's retry
//! applies it. In order: each user stores Clerk's `updated_at` of the last applied
//! event, and an update is written only if the stored value is still the one read
//! (optimistic concurrency), so an older event can never overwrite a newer one.

use std::time::Duration;

use mongodb::bson::DateTime;
use shared::{WebhookOutcome, WebhookReceipt};

use crate::config::LeaseTiming;
use crate::content::reconcile;
use crate::db::users::{self, ClerkFields, UniqueField, UserDoc};
use crate::db::webhook_events::{self, Claim};
use crate::db::{answers, deleted_users, interactions, questions, tags, Db};
use crate::domain::clerk::{username_candidates, ClerkEvent, ClerkProfile, UserEvent};

/// Why an event could not be applied now. All but [`SyncError::NoFreeUsername`] ask
/// the sender to retry; the route decides how each is answered.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// Another delivery of this event holds the claim and is applying it.
    #[error("another delivery of this event is being applied")]
    EventInProgress,
    /// Other deliveries for the same user kept winning the optimistic write.
    #[error("the user is being changed concurrently")]
    UserContention,
    /// Another stored user still has this email (their deletion has not arrived yet).
    #[error("another user still has this email address")]
    EmailInUse,
    /// Every username candidate is taken (practically impossible: the last one carries
    /// 64 bits of the Clerk id).
    #[error("no free username for Clerk user {0}")]
    NoFreeUsername(String),
    /// Applying took longer than the configured apply timeout; the claim was released.
    #[error("applying the event took too long")]
    Timeout,
    /// The lease could not be renewed before it lapsed, so another delivery may take
    /// the event over; this handler stopped.
    #[error("the claim's lease lapsed while applying")]
    LeaseLost,
    /// Applying panicked (a bug); the claim was released.
    #[error("applying the event panicked")]
    Panicked,
    /// The database failed or could not be reached.
    #[error("database error")]
    Database(#[from] mongodb::error::Error),
}

/// A release or outcome write waits at most this long, so Clerk still gets an answer
/// within its 15 s when the database hangs.
const BOOKKEEPING_TIMEOUT: Duration = Duration::from_secs(2);

/// Concurrent writers for one user retry at most this often before giving up (503).
const MAX_ATTEMPTS: usize = 8;

/// Claims, applies and records one verified event. Every way of giving up (an error,
/// the apply timeout, a panic, a lost lease) leaves through one place that releases
/// the claim, so only a dead process leaves a claim behind, for its lease's length.
pub async fn handle_event(
    db: &Db,
    timing: LeaseTiming,
    event_id: &str,
    event: &ClerkEvent,
    interpreted: UserEvent,
) -> Result<WebhookReceipt, SyncError> {
    let receipt = |outcome| WebhookReceipt {
        event_id: event_id.to_owned(),
        event_type: event.kind.clone(),
        outcome,
    };
    let now_ms = chrono::Utc::now().timestamp_millis();
    let claim = webhook_events::claim_webhook_event(
        db,
        event_id,
        &event.kind,
        event.subject(),
        now_ms,
        timing.lease,
    )
    .await?;
    let token = match claim {
        Claim::Claimed(token) => token,
        Claim::AlreadyHandled(_) => return Ok(receipt(WebhookOutcome::Duplicate)),
        Claim::InFlight => return Err(SyncError::EventInProgress),
    };
    match apply_under_lease(db, timing, event_id, &token, apply(db, interpreted)).await {
        Ok(outcome) => {
            let recorded = tokio::time::timeout(
                BOOKKEEPING_TIMEOUT,
                webhook_events::update_webhook_event_outcome(db, event_id, outcome),
            )
            .await;
            if !matches!(recorded, Ok(Ok(()))) {
                // Applied already. The claim stays until its lease lapses; the retry
                // that takes it over finds the event applied (the writes are ordered)
                // and records it then.
                tracing::warn!(event_id, "could not record the webhook outcome");
            }
            Ok(receipt(outcome))
        }
        Err(error) => {
            // With the database unreachable the release cannot land either: answer
            // now (Clerk retries after the lease lapses) rather than wait to fail.
            let unreachable =
                matches!(&error, SyncError::Database(e) if crate::db::is_unreachable(e));
            if !matches!(error, SyncError::LeaseLost) && !unreachable {
                let released = tokio::time::timeout(
                    BOOKKEEPING_TIMEOUT,
                    webhook_events::release_webhook_claim(
                        db,
                        event_id,
                        &token,
                        &error_text(&error),
                    ),
                )
                .await;
                if !matches!(released, Ok(Ok(()))) {
                    tracing::warn!(
                        event_id,
                        "could not release the webhook claim; its lease will lapse"
                    );
                }
            }
            Err(error)
        }
    }
}

fn error_text(error: &SyncError) -> String {
    match error {
        SyncError::Database(cause) => format!("database error: {cause}"),
        other => other.to_string(),
    }
}

/// Runs `work` while renewing the claim's lease; stops it on the apply timeout, when
/// the lease cannot be renewed before it lapses, or when it panics.
async fn apply_under_lease(
    db: &Db,
    timing: LeaseTiming,
    event_id: &str,
    token: &str,
    work: impl std::future::Future<Output = Result<WebhookOutcome, SyncError>>,
) -> Result<WebhookOutcome, SyncError> {
    use futures::FutureExt;
    let heartbeat = async {
        let mut lease_until = tokio::time::Instant::now() + timing.lease;
        loop {
            tokio::time::sleep(timing.renew_every()).await;
            let now_ms = chrono::Utc::now().timestamp_millis();
            let renewal =
                webhook_events::renew_webhook_claim(db, event_id, token, now_ms, timing.lease);
            match tokio::time::timeout_at(lease_until, renewal).await {
                Ok(Ok(true)) => lease_until = tokio::time::Instant::now() + timing.lease,
                Ok(Ok(false)) | Err(_) => return SyncError::LeaseLost,
                // A failed renewal is retried at the next beat while the lease lasts.
                Ok(Err(error)) => {
                    tracing::debug!(event_id, error = %error, "could not renew the webhook lease");
                    if tokio::time::Instant::now() >= lease_until {
                        return SyncError::LeaseLost;
                    }
                }
            }
        }
    };
    let work = std::panic::AssertUnwindSafe(work).catch_unwind();
    tokio::select! {
        result = work => result.unwrap_or_else(|_| {
            tracing::error!(event_id, "applying a webhook event panicked");
            Err(SyncError::Panicked)
        }),
        lost = heartbeat => {
            tracing::warn!(event_id, "webhook lease lapsed while applying; stopped");
            Err(lost)
        }
        () = tokio::time::sleep(timing.apply_timeout) => Err(SyncError::Timeout),
    }
}

async fn apply(db: &Db, event: UserEvent) -> Result<WebhookOutcome, SyncError> {
    match event {
        UserEvent::Upsert(profile) => upsert_user(db, &profile).await,
        UserEvent::Deleted { clerk_id } => {
            delete_user_cascade(db, &clerk_id).await?;
            Ok(WebhookOutcome::Applied)
        }
        UserEvent::Unhandled => Ok(WebhookOutcome::Unhandled),
    }
}

/// Creates or updates a user from Clerk's data (`user.created` / `user.updated`).
///
/// Round trips are what a delivery costs (the local server serves one at a time): a new
/// user is inserted without reading first, and the tombstone of a deleted user is read
/// once, after the write, which is the read that decides (a deletion may land at any
/// moment before it). A late event for a deleted user is thus written and removed again,
/// which is rare; every other delivery skips a read.
pub async fn upsert_user(db: &Db, profile: &ClerkProfile) -> Result<WebhookOutcome, SyncError> {
    let deleted = || async {
        Ok::<_, SyncError>(
            deleted_users::find_deleted_user(db, &profile.clerk_id)
                .await?
                .is_some(),
        )
    };
    let outcome = match write_user(db, profile).await {
        Ok(outcome) => outcome,
        // The address may belong to someone new since this user was deleted.
        Err(SyncError::EmailInUse) if deleted().await? => {
            return Ok(WebhookOutcome::IgnoredDeleted);
        }
        Err(error) => return Err(error),
    };
    if outcome == WebhookOutcome::Applied && deleted().await? {
        delete_user_cascade(db, &profile.clerk_id).await?;
        return Ok(WebhookOutcome::IgnoredDeleted);
    }
    Ok(outcome)
}

/// Writes `profile`. A profile that looks new (Clerk's `user.created`: created and
/// updated at the same moment) is inserted straight away; any collision, or any other
/// profile, reads the stored user and inserts or updates from it, re-reading after
/// losing a race to another delivery.
async fn write_user(db: &Db, profile: &ClerkProfile) -> Result<WebhookOutcome, SyncError> {
    if profile.created_at_ms == profile.updated_at_ms {
        if let Some(outcome) = insert_new(db, profile, true).await? {
            return Ok(outcome);
        }
    }
    for _ in 0..MAX_ATTEMPTS {
        let written = match users::find_user_by_clerk_id(db, &profile.clerk_id).await? {
            Some(existing) => update_existing(db, profile, &existing).await?,
            None => insert_new(db, profile, false).await?,
        };
        if let Some(outcome) = written {
            return Ok(outcome);
        }
        // Another delivery for this user wrote in between: read again and retry.
    }
    Err(SyncError::UserContention)
}

/// `Ok(None)` means "lost a race; re-read and retry".
async fn update_existing(
    db: &Db,
    profile: &ClerkProfile,
    existing: &UserDoc,
) -> Result<Option<WebhookOutcome>, SyncError> {
    if existing
        .clerk_updated_at
        .is_some_and(|at| at >= profile.updated_at_ms)
    {
        return Ok(Some(WebhookOutcome::IgnoredStale));
    }
    // A username chosen in Clerk replaces ours; when Clerk has none, the stored one
    // (derived, or set later by the user) is kept.
    let candidates: Vec<Option<String>> = match &profile.username {
        Some(chosen) if *chosen != existing.username => {
            username_candidates(chosen, &profile.clerk_id)
                .into_iter()
                .map(Some)
                .collect()
        }
        _ => vec![None],
    };
    for candidate in candidates {
        let fields = ClerkFields {
            name: (!existing.name_edited).then_some(profile.name.as_str()),
            email: profile.email.as_deref(),
            picture: &profile.picture,
            username: candidate.as_deref(),
            clerk_updated_at: profile.updated_at_ms,
        };
        match users::update_user_from_clerk(db, &existing.id, existing.clerk_updated_at, &fields)
            .await
        {
            Ok(true) => return Ok(Some(WebhookOutcome::Applied)),
            Ok(false) => return Ok(None),
            Err(error) => match users::unique_violation(&error) {
                Some(UniqueField::Username) => continue,
                Some(UniqueField::Email) => return Err(email_conflict(profile)),
                _ => return Err(error.into()),
            },
        }
    }
    Err(SyncError::NoFreeUsername(profile.clerk_id.clone()))
}

/// Inserts the user, trying username candidates. `optimistic`: inserted without reading
/// first, so an email collision may be this user's own (`Ok(None)`: read, then decide).
async fn insert_new(
    db: &Db,
    profile: &ClerkProfile,
    optimistic: bool,
) -> Result<Option<WebhookOutcome>, SyncError> {
    let base = profile
        .username
        .as_deref()
        .unwrap_or(&profile.username_base);
    for username in username_candidates(base, &profile.clerk_id) {
        let user = UserDoc {
            email: profile.email.clone(),
            picture: profile.picture.clone(),
            clerk_updated_at: Some(profile.updated_at_ms),
            ..UserDoc::new(
                &profile.clerk_id,
                &profile.name,
                username,
                DateTime::from_millis(profile.created_at_ms),
            )
        };
        match users::insert_user(db, &user).await {
            Ok(()) => return Ok(Some(WebhookOutcome::Applied)),
            Err(error) => match users::unique_violation(&error) {
                Some(UniqueField::Username) => continue,
                Some(UniqueField::ClerkId) => return Ok(None),
                // The address may be this very user's, stored already: read first.
                Some(UniqueField::Email) if optimistic => return Ok(None),
                Some(UniqueField::Email) => return Err(email_conflict(profile)),
                _ => return Err(error.into()),
            },
        }
    }
    Err(SyncError::NoFreeUsername(profile.clerk_id.clone()))
}

/// Another stored user still has this email. Clerk keeps emails unique, so that user was
/// deleted (or changed address) in Clerk and the event saying so has not arrived yet:
/// events for different users can arrive out of order. 409 makes Clerk retry later,
/// by when the other event has been applied.
fn email_conflict(profile: &ClerkProfile) -> SyncError {
    tracing::warn!(
        clerk_id = %profile.clerk_id,
        "another user still has this email; asking Clerk to retry"
    );
    SyncError::EmailInUse
}

/// Removes a user and everything that only exists because of them. Every step is
/// idempotent and references go before the documents they point to, so a retry after
/// a failure part-way finishes the job. Deleting an unknown user succeeds.
pub async fn delete_user_cascade(db: &Db, clerk_id: &str) -> Result<(), SyncError> {
    deleted_users::insert_deleted_user(db, clerk_id).await?;
    let Some(user) = users::find_user_by_clerk_id(db, clerk_id).await? else {
        return Ok(());
    };
    let question_ids = questions::list_question_ids_by_author(db, &user.id).await?;
    let answer_ids = answers::list_answer_ids_by_author(db, &user.id).await?;
    let mut removed_answers = answer_ids.clone();
    for question in &question_ids {
        removed_answers.extend(answers::list_answer_ids_for_question(db, question).await?);
    }
    let now = reconcile::now_ms();

    users::pull_saved_questions(db, &question_ids).await?;
    tags::pull_follower(db, &user.id).await?;
    tags::pull_questions(db, &question_ids).await?;
    questions::pull_answers(db, &answer_ids).await?;
    let unvoted_questions = questions::pull_votes_by_user(db, &user.id, now).await?;
    let unvoted_answers = answers::pull_votes_by_user(db, &user.id, now).await?;
    interactions::delete_interactions(db, &user.id, &question_ids, &answer_ids).await?;
    answers::delete_answers(db, &answer_ids, &question_ids).await?;
    questions::delete_questions(db, &question_ids).await?;
    users::delete_user(db, &user.id).await?;
    // What the removed posts and votes earned others is taken back. The posts whose
    // votes were pulled are pending, so recovery settles them if this stops early.
    for post in question_ids.iter().chain(&removed_answers) {
        reconcile::forget_post(db, post).await?;
    }
    for question in &unvoted_questions {
        reconcile::reconcile_question(db, question).await?;
    }
    for answer in &unvoted_answers {
        reconcile::reconcile_answer(db, answer).await?;
    }
    tracing::info!(
        clerk_id,
        questions = question_ids.len(),
        answers = answer_ids.len(),
        "deleted user and their content"
    );
    Ok(())
}
