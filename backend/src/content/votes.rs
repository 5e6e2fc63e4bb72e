//! Voting on questions and answers.

use mongodb::bson::DateTime;
use shared::{VoteDirection, VoteState};

use super::reconcile::{self, now_ms};
use super::{ContentError, ContentResult};
use crate::db::answers;
use crate::db::interactions::{self, InteractionDoc};
use crate::db::posts::Votes;
use crate::db::questions;
use crate::db::users::UserDoc;
use crate::db::Db;

/// What is voted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A question.
    Question,
    /// An answer.
    Answer,
}

/// The vote a request for `direction` leads to when the current vote is `current`:
/// the same way again removes it, the other way switches it.
pub fn next_vote(
    current: Option<VoteDirection>,
    direction: VoteDirection,
) -> Option<VoteDirection> {
    if current == Some(direction) {
        None
    } else {
        Some(direction)
    }
}

fn state(votes: &Votes, voter: &str) -> VoteState {
    VoteState {
        upvotes: votes.upvotes.len() as u64,
        downvotes: votes.downvotes.len() as u64,
        my_vote: votes.vote_of(voter),
    }
}

struct Post {
    author: String,
    question: String,
    tags: Vec<String>,
    votes: Votes,
}

async fn load(db: &Db, target: Target, id: &str) -> ContentResult<Post> {
    match target {
        Target::Question => {
            let q = questions::find_question(db, id)
                .await?
                .ok_or_else(|| ContentError::QuestionNotFound(id.to_owned()))?;
            Ok(Post {
                author: q.author,
                question: q.id,
                tags: q.tags,
                votes: q.votes,
            })
        }
        Target::Answer => {
            let a = answers::find_answer(db, id)
                .await?
                .ok_or_else(|| ContentError::AnswerNotFound(id.to_owned()))?;
            let tags = questions::find_question(db, &a.question)
                .await?
                .map(|q| q.tags)
                .unwrap_or_default();
            Ok(Post {
                author: a.author,
                question: a.question,
                tags,
                votes: a.votes,
            })
        }
    }
}

/// Votes `direction` on a post: toggles or switches the user's vote. The change is
/// one atomic update of the post whose filter asserts the vote it replaces, so a user
/// has at most one vote and two racing requests apply once (the loser sees the
/// winner's state); the ledger and both users' reputation follow in reconciliation.
pub async fn vote(
    db: &Db,
    target: Target,
    id: &str,
    voter: &UserDoc,
    direction: VoteDirection,
) -> ContentResult<VoteState> {
    let post = load(db, target, id).await?;
    if post.author == voter.id {
        return Err(ContentError::OwnPost);
    }
    let current = post.votes.vote_of(&voter.id);
    let next = next_vote(current, direction);
    let now = now_ms();
    let votes = match target {
        Target::Question => {
            match questions::apply_vote(db, id, &voter.id, current, next, now).await? {
                Some(updated) => {
                    reconcile::settle_question(db, &updated, false).await?;
                    Some(updated.votes)
                }
                None => None,
            }
        }
        Target::Answer => match answers::apply_vote(db, id, &voter.id, current, next, now).await? {
            Some(updated) => {
                reconcile::settle_answer(db, &updated).await?;
                Some(updated.votes)
            }
            None => None,
        },
    };
    let Some(votes) = votes else {
        // Another request changed this vote first (or the post went): report what is
        // stored now, apply nothing.
        let post = load(db, target, id).await?;
        return Ok(state(&post.votes, &voter.id));
    };
    let interaction = format!("vote:{id}:{}", voter.id);
    match next {
        Some(direction) => {
            let kind = match target {
                Target::Question => "question",
                Target::Answer => "answer",
            };
            let verb = match direction {
                VoteDirection::Up => "upvote",
                VoteDirection::Down => "downvote",
            };
            interactions::record_interaction(
                db,
                &InteractionDoc {
                    id: interaction,
                    user: voter.id.clone(),
                    action: format!("{verb}_{kind}"),
                    question: Some(post.question),
                    answer: (target == Target::Answer).then(|| id.to_owned()),
                    tags: post.tags,
                    created_at: DateTime::now(),
                },
            )
            .await?
        }
        None => interactions::delete_interaction(db, &interaction).await?,
    }
    Ok(state(&votes, &voter.id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use VoteDirection::{Down, Up};

    #[test]
    fn the_same_direction_again_removes_the_vote_and_the_other_switches_it() {
        let cases = [
            (None, Up, Some(Up)),
            (None, Down, Some(Down)),
            (Some(Up), Up, None),
            (Some(Down), Down, None),
            (Some(Up), Down, Some(Down)),
            (Some(Down), Up, Some(Up)),
        ];
        for (current, direction, expected) in cases {
            assert_eq!(
                next_vote(current, direction),
                expected,
                "{current:?} {direction:?}"
            );
        }
    }
}
