//! Requests that die half way: the state they leave behind, and recovery finishing it.

use backend::content::reconcile;
use backend::db::deletions::{self, DeletedKind, DeletionDoc};
use backend::db::reputation::{self, LedgerDoc, LedgerEntry, PendingDelta};
use backend::db::{questions, users};
use rocket::http::Status;
use shared::VoteDirection;

use super::{Forum, ADA, BOB, CY};

/// Long enough ago that recovery treats the work as abandoned.
fn abandoned_ms() -> i64 {
    reconcile::now_ms() - reconcile::RECOVERY_GRACE.as_millis() as i64 - 1_000
}

async fn user_id(forum: &Forum, clerk_id: &str) -> String {
    users::find_user_by_clerk_id(&forum.app.db, clerk_id)
        .await
        .expect("find")
        .expect("user")
        .id
}

#[rocket::async_test]
async fn a_vote_applied_but_never_settled_is_settled_by_recovery() {
    let forum = Forum::start().await;
    let id = forum.ask(ADA, "A question voted on", &["rust"]).await;
    let bob = user_id(&forum, BOB).await;

    // The request died right after its atomic update of the question.
    let voted = questions::apply_vote(
        &forum.app.db,
        &id,
        &bob,
        None,
        Some(VoteDirection::Up),
        abandoned_ms(),
    )
    .await
    .expect("vote")
    .expect("applied");
    assert!(voted.pending_since.is_some());
    assert_eq!(forum.reputations().await, [5, 0, 0], "not settled yet");

    let handled = reconcile::recover(&forum.app.db).await.expect("recover");

    assert_eq!(handled, 1);
    assert_eq!(forum.reputations().await, [15, 1, 0]);
    let question = questions::find_question(&forum.app.db, &id)
        .await
        .expect("find")
        .expect("question");
    assert_eq!(question.pending_since, None);
    assert_eq!(reconcile::recover(&forum.app.db).await.expect("recover"), 0);
}

#[rocket::async_test]
async fn a_deletion_that_died_after_removing_the_question_is_finished() {
    let forum = Forum::start().await;
    let id = forum.ask(ADA, "A question half deleted", &["rust"]).await;
    forum.answer(BOB, &id).await;
    forum.vote(CY, &format!("/api/questions/{id}"), "up").await;
    assert_eq!(forum.reputations().await, [15, 10, 1]);

    deletions::insert_deletion(
        &forum.app.db,
        &DeletionDoc {
            post: id.clone(),
            kind: DeletedKind::Question,
            question: None,
            since: abandoned_ms(),
        },
    )
    .await
    .expect("record");
    questions::delete_question(&forum.app.db, &id)
        .await
        .expect("delete");

    reconcile::recover(&forum.app.db).await.expect("recover");

    assert_eq!(forum.reputations().await, [0, 0, 0]);
    assert!(forum.documents("answers").await.is_empty());
    assert!(forum.documents("deletions").await.is_empty());
    forum
        .get(&format!("/api/questions/{id}"), None)
        .await
        .expect(Status::NotFound);
}

#[rocket::async_test]
async fn a_ledger_write_from_a_stale_read_never_lands() {
    let forum = Forum::start().await;
    let id = forum.ask(ADA, "A question with a ledger", &["rust"]).await;
    forum.vote(BOB, &format!("/api/questions/{id}"), "up").await;
    let current = reputation::find_ledger(&forum.app.db, &id)
        .await
        .expect("find")
        .expect("ledger");

    // A writer that read the state before the vote tries to swap in its own.
    let stale = LedgerDoc {
        rev: current.rev + 5,
        entries: Vec::new(),
        ..current.clone()
    };
    let landed = reputation::swap_ledger(&forum.app.db, Some(current.rev - 1), &stale)
        .await
        .expect("write");

    assert!(!landed);
    assert_eq!(
        reputation::find_ledger(&forum.app.db, &id)
            .await
            .expect("find"),
        Some(current)
    );
    for (clerk_id, expected) in [(ADA, 15), (BOB, 1)] {
        let id = user_id(&forum, clerk_id).await;
        let summed = reconcile::ledger_reputation(&forum.app.db, &id)
            .await
            .expect("sum");
        assert_eq!(summed, expected, "{clerk_id}");
    }
    assert_eq!(forum.reputations().await, [15, 1, 0]);
}

#[rocket::async_test]
async fn reputation_changes_left_pending_are_applied_once_however_often_recovery_runs() {
    let forum = Forum::start().await;
    let id = forum
        .ask(ADA, "A question whose ledger write died", &["rust"])
        .await;
    let bob = user_id(&forum, BOB).await;
    let ada = user_id(&forum, ADA).await;
    // The vote landed and its ledger was swapped in, but the request died before
    // applying the reputation changes: they are pending in the ledger.
    let voted = questions::apply_vote(
        &forum.app.db,
        &id,
        &bob,
        None,
        Some(VoteDirection::Up),
        abandoned_ms(),
    )
    .await
    .expect("vote")
    .expect("applied");
    let old = reputation::find_ledger(&forum.app.db, &id)
        .await
        .expect("find")
        .expect("ledger");
    let tx = format!("{id}@{}", voted.rev);
    let ledger = LedgerDoc {
        rev: voted.rev,
        entries: vec![
            LedgerEntry {
                user: ada.clone(),
                points: 15,
            },
            LedgerEntry {
                user: bob.clone(),
                points: 1,
            },
        ],
        pending: vec![
            PendingDelta {
                user: ada.clone(),
                delta: 10,
                tx: tx.clone(),
            },
            PendingDelta {
                user: bob.clone(),
                delta: 1,
                tx: tx.clone(),
            },
        ],
        ..old.clone()
    };
    assert!(
        reputation::swap_ledger(&forum.app.db, Some(old.rev), &ledger)
            .await
            .expect("swap")
    );
    // Ada's change was even applied once already before the crash.
    users::apply_reputation_delta(&forum.app.db, &ada, 10, &id, voted.rev)
        .await
        .expect("apply");
    assert_eq!(forum.reputations().await, [15, 0, 0]);

    for _ in 0..3 {
        reconcile::recover(&forum.app.db).await.expect("recover");
        reconcile::reconcile_question(&forum.app.db, &id)
            .await
            .expect("reconcile");
    }

    assert_eq!(forum.reputations().await, [15, 1, 0]);
    let stored = reputation::find_ledger(&forum.app.db, &id)
        .await
        .expect("find")
        .expect("ledger");
    assert!(stored.pending.is_empty(), "{stored:?}");
}
