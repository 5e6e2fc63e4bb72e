//! Bringing the ledger and users' reputation in step with a post, and recovering
//! whatever a failed request left half done.
//!
//! How multi-document changes stay consistent without transactions (which a
//! standalone MongoDB lacks): every change to what a post earns is one atomic update
//! of the post that also bumps its `rev` and sets `pendingSince`. Everything derived
//! from the post (its ledger document, the users' cached reputation, its tags' question
//! lists) is then recomputed from the post's state by idempotent steps: the ledger is
//! swapped by compare-and-swap and only ever to a newer `rev`, and the reputation
//! changes it implies are applied to each user at most once (the user records the
//! ledger write's transaction id in the same update). `pendingSince` is cleared last, only if
//! `rev` did not move meanwhile. A request that dies half way leaves the post pending,
//! and [`recover`] (run periodically by every backend; concurrent runs are harmless)
//! redoes the steps. Deletions are recorded in `deletions` before they start and the
//! record is removed after the cascade, so recovery finishes them the same way.

use std::collections::BTreeMap;
use std::time::Duration;

use mongodb::bson::DateTime;

use crate::db::answers::{self, AnswerDoc};
use crate::db::deletions::{self, DeletedKind, DeletionDoc};
use crate::db::questions::{self, QuestionDoc};
use crate::db::reputation::{self, LedgerDoc, LedgerEntry, PendingDelta, DELETED_REV};
use crate::db::{interactions, tags, users, views, Db};
use crate::domain::reputation::{changed_users, post_points, PostFacts, PostKind};

/// How long a post may stay pending before recovery assumes its request failed.
pub const RECOVERY_GRACE: Duration = Duration::from_secs(30);
/// How often each backend looks for work left half done.
pub const RECOVERY_INTERVAL: Duration = Duration::from_secs(30);
/// Posts or deletions recovered per collection and pass.
const RECOVERY_BATCH: i64 = 100;

/// Milliseconds since the epoch, now.
pub fn now_ms() -> i64 {
    DateTime::now().timestamp_millis()
}

/// How often [`settle`] re-reads a ledger another writer moved before giving up (the
/// post stays pending and recovery finishes it). Every lost swap means another writer
/// won, and a writer stops as soon as it sees its revision (or a newer one) stored, so
/// the newest writer loses at most once per concurrent older writer: this bounds how
/// many simultaneous changes of one post settle at once rather than 30 s later.
const SETTLE_ATTEMPTS: usize = 32;

/// Pause after the n-th lost swap: n times this.
const SETTLE_BACKOFF: Duration = Duration::from_millis(2);

/// A user's reputation as the ledger sums it (for checks; requests use the cache).
pub async fn ledger_reputation(db: &Db, user: &str) -> mongodb::error::Result<i64> {
    reputation::sum_for_user(db, user).await
}

/// Writes a post's points at `rev` by compare-and-swap, together with the change each
/// user's reputation needs, then applies those changes. If a same or newer revision is
/// already stored, only finishes applying what it left pending.
async fn settle(
    db: &Db,
    post: &str,
    rev: i64,
    points: BTreeMap<String, i64>,
) -> mongodb::error::Result<()> {
    for attempt in 1..=SETTLE_ATTEMPTS {
        let old = reputation::find_ledger(db, post).await?;
        if let Some(stored) = old.as_ref().filter(|l| l.rev >= rev) {
            return apply_pending(db, stored).await;
        }
        let old_points = old.as_ref().map(LedgerDoc::points).unwrap_or_default();
        let tx = format!("{post}@{rev}");
        let mut pending = old.as_ref().map(|l| l.pending.clone()).unwrap_or_default();
        pending.extend(changed_users(&old_points, &points).into_iter().map(|user| {
            let delta = points.get(&user).copied().unwrap_or(0)
                - old_points.get(&user).copied().unwrap_or(0);
            PendingDelta {
                user,
                delta,
                tx: tx.clone(),
            }
        }));
        let ledger = LedgerDoc {
            post: post.to_owned(),
            rev,
            entries: points
                .iter()
                .map(|(user, points)| LedgerEntry {
                    user: user.clone(),
                    points: *points,
                })
                .collect(),
            pending,
        };
        if reputation::swap_ledger(db, old.map(|l| l.rev), &ledger).await? {
            return apply_pending(db, &ledger).await;
        }
        // Another writer moved the ledger between our read and our swap: let it finish,
        // then read again.
        tokio::time::sleep(SETTLE_BACKOFF * attempt as u32).await;
    }
    tracing::warn!(post, "ledger contended; recovery will settle the post");
    Ok(())
}

/// Applies a ledger's pending reputation changes in revision order (each at most once
/// per user and revision, however many writers hold a copy of the list), then clears
/// them.
async fn apply_pending(db: &Db, ledger: &LedgerDoc) -> mongodb::error::Result<()> {
    if ledger.pending.is_empty() {
        return Ok(());
    }
    for change in &ledger.pending {
        let rev = change.revision().unwrap_or(ledger.rev);
        users::apply_reputation_delta(db, &change.user, change.delta, &ledger.post, rev).await?;
    }
    reputation::clear_pending(db, &ledger.post, ledger.rev).await?;
    Ok(())
}

/// Brings everything derived from a question in step with `question` (a state read
/// from the database, e.g. the one an atomic update returned): its ledger document and
/// the reputation of everyone it earns points, and when `sync_tags` the tags' question
/// lists. Clears `pendingSince` if the question has not changed since.
pub async fn settle_question(
    db: &Db,
    question: &QuestionDoc,
    sync_tags: bool,
) -> mongodb::error::Result<()> {
    if sync_tags {
        tags::set_question_tags(db, &question.id, &question.tags).await?;
    }
    let accepted_author = match &question.accepted_answer {
        Some(answer) => answers::find_answer(db, answer)
            .await?
            .filter(|a| a.question == question.id)
            .map(|a| a.author),
        None => None,
    };
    let points = post_points(&PostFacts {
        kind: PostKind::Question,
        author: &question.author,
        upvoters: &question.votes.upvotes,
        downvoters: &question.votes.downvotes,
        accepted_answer_author: accepted_author.as_deref(),
    });
    settle(db, &question.id, question.rev, points).await?;
    questions::clear_pending(db, &question.id, question.rev).await
}

/// Brings the ledger and reputation in step with `answer`, making sure its question
/// lists it (or, if the question is gone, deleting the orphan). Clears `pendingSince`
/// if the answer has not changed since.
pub async fn settle_answer(db: &Db, answer: &AnswerDoc) -> mongodb::error::Result<()> {
    if !questions::add_answer(db, &answer.question, &answer.id).await? {
        return delete_answer_cascade(db, answer, now_ms()).await;
    }
    let points = post_points(&PostFacts {
        kind: PostKind::Answer,
        author: &answer.author,
        upvoters: &answer.votes.upvotes,
        downvoters: &answer.votes.downvotes,
        accepted_answer_author: None,
    });
    settle(db, &answer.id, answer.rev, points).await?;
    answers::clear_pending(db, &answer.id, answer.rev).await
}

/// Re-reads a question and settles it (a no-op for a question that is gone and has no
/// ledger left).
pub async fn reconcile_question(db: &Db, id: &str) -> mongodb::error::Result<()> {
    match questions::find_question(db, id).await? {
        Some(question) => settle_question(db, &question, true).await,
        None => forget_post(db, id).await,
    }
}

/// Re-reads an answer and settles it.
pub async fn reconcile_answer(db: &Db, id: &str) -> mongodb::error::Result<()> {
    match answers::find_answer(db, id).await? {
        Some(answer) => settle_answer(db, &answer).await,
        None => forget_post(db, id).await,
    }
}

/// Takes back everything a deleted post earned: its ledger document becomes empty at
/// a revision nothing can overwrite, and its users are refreshed.
pub async fn forget_post(db: &Db, post: &str) -> mongodb::error::Result<()> {
    if reputation::find_ledger(db, post).await?.is_none() {
        return Ok(());
    }
    settle(db, post, DELETED_REV, BTreeMap::new()).await
}

/// Deletes a question and everything hanging off it. The record goes first and the
/// question second, so from then on nothing shows it; the cascade after that is
/// idempotent and the record is removed last, so recovery finishes a cascade that died.
pub async fn delete_question_cascade(
    db: &Db,
    question: &str,
    now: i64,
) -> mongodb::error::Result<()> {
    deletions::insert_deletion(
        db,
        &DeletionDoc {
            post: question.to_owned(),
            kind: DeletedKind::Question,
            question: None,
            since: now,
        },
    )
    .await?;
    questions::delete_question(db, question).await?;
    finish_question_deletion(db, question).await
}

async fn finish_question_deletion(db: &Db, question: &str) -> mongodb::error::Result<()> {
    let question_ids = [question.to_owned()];
    // Answers are listed after the question is gone: an answer inserted later finds
    // no question to attach to and removes itself (see `settle_answer`).
    let answer_ids = answers::list_answer_ids_for_question(db, question).await?;
    answers::delete_answers(db, &answer_ids, &question_ids).await?;
    for answer in &answer_ids {
        forget_post(db, answer).await?;
    }
    forget_post(db, question).await?;
    interactions::delete_interactions_with(db, &question_ids, &answer_ids).await?;
    users::pull_saved_questions(db, &question_ids).await?;
    tags::set_question_tags(db, question, &[]).await?;
    views::delete_views(db, question).await?;
    deletions::delete_deletion(db, question).await
}

/// Deletes an answer and what hangs off it, recorded like a question's deletion.
pub async fn delete_answer_cascade(
    db: &Db,
    answer: &AnswerDoc,
    now: i64,
) -> mongodb::error::Result<()> {
    deletions::insert_deletion(
        db,
        &DeletionDoc {
            post: answer.id.clone(),
            kind: DeletedKind::Answer,
            question: Some(answer.question.clone()),
            since: now,
        },
    )
    .await?;
    answers::delete_answer(db, &answer.id).await?;
    finish_answer_deletion(db, &answer.id, &answer.question).await
}

async fn finish_answer_deletion(
    db: &Db,
    answer: &str,
    question: &str,
) -> mongodb::error::Result<()> {
    // Un-accepting bumps the question's revision; settling it takes the acceptance's
    // points back.
    questions::remove_answer(db, question, answer, now_ms()).await?;
    reconcile_question(db, question).await?;
    forget_post(db, answer).await?;
    interactions::delete_interactions_with(db, &[], &[answer.to_owned()]).await?;
    deletions::delete_deletion(db, answer).await
}

/// Finishes work failed requests left behind: deletions first (they may leave posts
/// to settle), then posts pending for longer than [`RECOVERY_GRACE`]. Returns how many
/// items it handled.
pub async fn recover(db: &Db) -> mongodb::error::Result<usize> {
    let before = now_ms() - RECOVERY_GRACE.as_millis() as i64;
    let mut handled = 0;
    for deletion in deletions::list_deletions(db, before, RECOVERY_BATCH).await? {
        match (deletion.kind, &deletion.question) {
            (DeletedKind::Answer, Some(question)) => {
                answers::delete_answer(db, &deletion.post).await?;
                finish_answer_deletion(db, &deletion.post, question).await?;
            }
            _ => {
                questions::delete_question(db, &deletion.post).await?;
                finish_question_deletion(db, &deletion.post).await?;
            }
        }
        handled += 1;
    }
    for id in questions::list_pending(db, before, RECOVERY_BATCH).await? {
        reconcile_question(db, &id).await?;
        handled += 1;
    }
    for id in answers::list_pending(db, before, RECOVERY_BATCH).await? {
        reconcile_answer(db, &id).await?;
        handled += 1;
    }
    if handled > 0 {
        tracing::info!(handled, "recovered content changes left half done");
    }
    Ok(handled)
}

/// Runs [`recover`] every [`RECOVERY_INTERVAL`] for the life of the process.
pub fn spawn_recovery(db: Db) {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(RECOVERY_INTERVAL).await;
            if let Err(error) = recover(&db).await {
                tracing::warn!(error = %error, "content recovery failed; will retry");
            }
        }
    });
}

/// Everything a bulk load of posts (demo data, benchmark data) writes besides the
/// posts: each post's ledger document, every user's reputation total, and the
/// interactions recommendations read. Computed by the same rules as live requests.
#[derive(Debug, Default)]
pub struct BulkDerived {
    /// One ledger document per post, at the post's revision.
    pub ledgers: Vec<LedgerDoc>,
    /// Each user's reputation, by user id.
    pub totals: BTreeMap<String, i64>,
    /// Ask, answer and vote interactions.
    pub interactions: Vec<interactions::InteractionDoc>,
}

/// Derives [`BulkDerived`] for questions and their answers.
pub fn derive_bulk(questions: &[QuestionDoc], answers: &[AnswerDoc]) -> BulkDerived {
    use std::collections::HashMap;
    let answer_authors: HashMap<&str, &str> = answers
        .iter()
        .map(|a| (a.id.as_str(), a.author.as_str()))
        .collect();
    let question_tags: HashMap<&str, &[String]> = questions
        .iter()
        .map(|q| (q.id.as_str(), q.tags.as_slice()))
        .collect();
    let mut derived = BulkDerived::default();
    let mut interaction = |id: String,
                           user: &str,
                           action: &str,
                           question: &str,
                           answer: Option<&str>,
                           at: DateTime| {
        derived.interactions.push(interactions::InteractionDoc {
            id,
            user: user.to_owned(),
            action: action.to_owned(),
            question: Some(question.to_owned()),
            answer: answer.map(str::to_owned),
            tags: question_tags
                .get(question)
                .map(|t| t.to_vec())
                .unwrap_or_default(),
            created_at: at,
        });
    };
    for q in questions {
        interaction(
            format!("ask_question:{}:{}", q.id, q.author),
            &q.author,
            "ask_question",
            &q.id,
            None,
            q.created_at,
        );
        for voter in &q.votes.upvotes {
            interaction(
                format!("vote:{}:{voter}", q.id),
                voter,
                "upvote_question",
                &q.id,
                None,
                q.created_at,
            );
        }
    }
    for a in answers {
        interaction(
            format!("answer:{}", a.id),
            &a.author,
            "answer_question",
            &a.question,
            Some(&a.id),
            a.created_at,
        );
    }
    let mut add = |post: &str, rev: i64, points: BTreeMap<String, i64>| {
        for (user, p) in &points {
            *derived.totals.entry(user.clone()).or_default() += p;
        }
        derived.ledgers.push(LedgerDoc {
            post: post.to_owned(),
            rev,
            entries: points
                .into_iter()
                .map(|(user, points)| LedgerEntry { user, points })
                .collect(),
            pending: Vec::new(),
        });
    };
    for q in questions {
        let accepted = q
            .accepted_answer
            .as_deref()
            .and_then(|a| answer_authors.get(a).copied());
        add(
            &q.id,
            q.rev,
            post_points(&PostFacts {
                kind: PostKind::Question,
                author: &q.author,
                upvoters: &q.votes.upvotes,
                downvoters: &q.votes.downvotes,
                accepted_answer_author: accepted,
            }),
        );
    }
    for a in answers {
        add(
            &a.id,
            a.rev,
            post_points(&PostFacts {
                kind: PostKind::Answer,
                author: &a.author,
                upvoters: &a.votes.upvotes,
                downvoters: &a.votes.downvotes,
                accepted_answer_author: None,
            }),
        );
    }
    derived
}

/// Writes questions and answers in bulk with their tags' question lists, ledger,
/// interactions and the users' reputation (demo data, benchmarks). `tags` must hold
/// every tag the questions name, with their `questions` lists filled in.
pub async fn insert_bulk(
    db: &Db,
    tags: &[tags::TagDoc],
    questions: &[QuestionDoc],
    answers: &[AnswerDoc],
) -> mongodb::error::Result<()> {
    const BATCH: usize = 5_000;
    let derived = derive_bulk(questions, answers);
    tags::insert_tags(db, tags).await?;
    for chunk in questions.chunks(BATCH) {
        questions::insert_questions(db, chunk).await?;
    }
    for chunk in answers.chunks(BATCH) {
        answers::insert_answers(db, chunk).await?;
    }
    for chunk in derived.ledgers.chunks(BATCH) {
        reputation::insert_ledgers(db, chunk).await?;
    }
    for chunk in derived.interactions.chunks(BATCH) {
        interactions::insert_interactions(db, chunk).await?;
    }
    let totals: Vec<(String, i64)> = derived.totals.into_iter().collect();
    users::set_reputations(db, &totals).await
}
