//! Reputation rules, as a pure function of a post's current state.
//!
//! Reputation is not a running total nudged by each request: for every post DevFlow
//! derives what it currently earns each user ([`post_points`]); the ledger keeps that
//! per post and a user's reputation is the sum over the ledger. So the same action can
//! never be counted twice (a post's points are recomputed, not added to), undoing an
//! action takes back exactly what it gave (the post no longer earns it), and a vote
//! switched from up to down moves both sides at once.

use std::collections::BTreeMap;

/// Points for asking a question.
pub const ASK: i64 = 5;
/// Points for answering.
pub const ANSWER: i64 = 10;
/// Points for the author of an up-voted post.
pub const UPVOTED: i64 = 10;
/// Points for up-voting a question.
pub const UPVOTE_QUESTION: i64 = 1;
/// Points for up-voting an answer.
pub const UPVOTE_ANSWER: i64 = 2;
/// Points for the author of a down-voted post.
pub const DOWNVOTED: i64 = -2;
/// Points for down-voting a post.
pub const DOWNVOTE: i64 = -1;
/// Points for the author of the accepted answer.
pub const ACCEPTED: i64 = 15;
/// Points for accepting someone else's answer.
pub const ACCEPT: i64 = 2;

/// Which kind of post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostKind {
    /// A question.
    Question,
    /// An answer.
    Answer,
}

/// What a post's reputation depends on.
#[derive(Debug, Clone, Copy)]
pub struct PostFacts<'a> {
    /// Question or answer.
    pub kind: PostKind,
    /// The author's user id.
    pub author: &'a str,
    /// Up-voters' user ids.
    pub upvoters: &'a [String],
    /// Down-voters' user ids.
    pub downvoters: &'a [String],
    /// For a question: the accepted answer's author, if an answer is accepted.
    pub accepted_answer_author: Option<&'a str>,
}

/// What a post currently earns each user (users at zero are left out), by user id.
pub fn post_points(post: &PostFacts<'_>) -> BTreeMap<String, i64> {
    let mut points: BTreeMap<String, i64> = BTreeMap::new();
    let mut add = |user: &str, delta: i64| {
        *points.entry(user.to_owned()).or_default() += delta;
    };
    let (written, upvote) = match post.kind {
        PostKind::Question => (ASK, UPVOTE_QUESTION),
        PostKind::Answer => (ANSWER, UPVOTE_ANSWER),
    };
    add(post.author, written);
    for voter in post.upvoters {
        add(post.author, UPVOTED);
        add(voter, upvote);
    }
    for voter in post.downvoters {
        add(post.author, DOWNVOTED);
        add(voter, DOWNVOTE);
    }
    if let Some(answerer) = post.accepted_answer_author {
        // Accepting your own answer earns nothing.
        if answerer != post.author {
            add(answerer, ACCEPTED);
            add(post.author, ACCEPT);
        }
    }
    points.retain(|_, p| *p != 0);
    points
}

/// The users whose total changes when a post's points go from `before` to `after`.
pub fn changed_users(before: &BTreeMap<String, i64>, after: &BTreeMap<String, i64>) -> Vec<String> {
    let mut users: Vec<String> = before
        .iter()
        .filter(|(user, points)| after.get(*user) != Some(points))
        .map(|(user, _)| user.clone())
        .collect();
    users.extend(
        after
            .iter()
            .filter(|(user, points)| before.get(*user) != Some(points))
            .map(|(user, _)| user.clone()),
    );
    users.sort();
    users.dedup();
    users
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| (*n).to_owned()).collect()
    }

    fn points(
        kind: PostKind,
        up: &[&str],
        down: &[&str],
        accepted: Option<&str>,
    ) -> Vec<(String, i64)> {
        let (up, down) = (ids(up), ids(down));
        post_points(&PostFacts {
            kind,
            author: "author",
            upvoters: &up,
            downvoters: &down,
            accepted_answer_author: accepted,
        })
        .into_iter()
        .collect()
    }

    fn of(pairs: &[(&str, i64)]) -> Vec<(String, i64)> {
        pairs.iter().map(|(u, p)| ((*u).to_owned(), *p)).collect()
    }

    #[test]
    fn asking_earns_five_and_answering_ten() {
        assert_eq!(
            points(PostKind::Question, &[], &[], None),
            of(&[("author", 5)])
        );
        assert_eq!(
            points(PostKind::Answer, &[], &[], None),
            of(&[("author", 10)])
        );
    }

    #[test]
    fn upvotes_pay_the_author_ten_and_the_voter_by_post_kind() {
        assert_eq!(
            points(PostKind::Question, &["v"], &[], None),
            of(&[("author", 15), ("v", 1)])
        );
        assert_eq!(
            points(PostKind::Answer, &["v"], &[], None),
            of(&[("author", 20), ("v", 2)])
        );
    }

    #[test]
    fn downvotes_cost_the_author_two_and_the_voter_one() {
        assert_eq!(
            points(PostKind::Question, &[], &["v", "w"], None),
            of(&[("author", 1), ("v", -1), ("w", -1)])
        );
        assert_eq!(
            points(PostKind::Answer, &[], &["v"], None),
            of(&[("author", 8), ("v", -1)])
        );
    }

    #[test]
    fn accepting_pays_the_answerer_fifteen_and_the_asker_two() {
        assert_eq!(
            points(PostKind::Question, &[], &[], Some("answerer")),
            of(&[("answerer", 15), ("author", 7)])
        );
    }

    #[test]
    fn accepting_your_own_answer_earns_nothing() {
        assert_eq!(
            points(PostKind::Question, &[], &[], Some("author")),
            of(&[("author", 5)])
        );
    }

    #[test]
    fn switching_a_vote_moves_both_sides_at_once() {
        let up: BTreeMap<_, _> = points(PostKind::Answer, &["v"], &[], None)
            .into_iter()
            .collect();
        let down: BTreeMap<_, _> = points(PostKind::Answer, &[], &["v"], None)
            .into_iter()
            .collect();
        assert_eq!(down["author"] - up["author"], -12);
        assert_eq!(down["v"] - up["v"], -3);
        assert_eq!(changed_users(&up, &down), ids(&["author", "v"]));
    }

    #[test]
    fn only_users_whose_points_differ_are_changed() {
        let before: BTreeMap<String, i64> = of(&[("a", 5), ("b", 1)]).into_iter().collect();
        let after: BTreeMap<String, i64> = of(&[("a", 5), ("c", 2)]).into_iter().collect();
        assert_eq!(changed_users(&before, &after), ids(&["b", "c"]));
        assert!(changed_users(&after, &after).is_empty());
    }
}
