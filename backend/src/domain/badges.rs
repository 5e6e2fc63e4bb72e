//! Badges earned from activity, with DevOverflow's thresholds: for each criterion a
//! user earns bronze, silver and gold as their count passes each level.

use shared::BadgeCounts;

/// What a user has done, counted from their questions and answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UserActivity {
    /// Questions asked.
    pub questions: u64,
    /// Answers written.
    pub answers: u64,
    /// Upvotes received on questions.
    pub question_upvotes: u64,
    /// Upvotes received on answers.
    pub answer_upvotes: u64,
    /// Views of the user's questions.
    pub question_views: u64,
}

/// (bronze, silver, gold) thresholds.
type Levels = (u64, u64, u64);

const COUNT_LEVELS: Levels = (10, 50, 100);
const VIEW_LEVELS: Levels = (1_000, 10_000, 100_000);

/// The badge counts an activity earns.
pub fn badge_counts(activity: &UserActivity) -> BadgeCounts {
    let criteria = [
        (activity.questions, COUNT_LEVELS),
        (activity.answers, COUNT_LEVELS),
        (activity.question_upvotes, COUNT_LEVELS),
        (activity.answer_upvotes, COUNT_LEVELS),
        (activity.question_views, VIEW_LEVELS),
    ];
    let mut badges = BadgeCounts::default();
    for (count, (bronze, silver, gold)) in criteria {
        badges.bronze += u32::from(count >= bronze);
        badges.silver += u32::from(count >= silver);
        badges.gold += u32::from(count >= gold);
    }
    badges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_activity_earns_no_badges() {
        assert_eq!(
            badge_counts(&UserActivity::default()),
            BadgeCounts::default()
        );
    }

    #[test]
    fn each_threshold_passed_earns_its_level() {
        let activity = UserActivity {
            questions: 100,
            answers: 50,
            question_upvotes: 10,
            answer_upvotes: 9,
            question_views: 1_000,
        };

        assert_eq!(
            badge_counts(&activity),
            BadgeCounts {
                gold: 1,
                silver: 2,
                bronze: 4
            }
        );
    }
}
