//! Stack Exchange's published "hot question" formula.

/// What the formula needs to know about a question.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HotInputs {
    /// Views.
    pub views: u64,
    /// Number of answers.
    pub answers: u64,
    /// The question's score.
    pub score: i64,
    /// The sum of its answers' scores.
    pub answer_scores: i64,
    /// Hours since it was asked.
    pub age_hours: f64,
    /// Hours since it was last changed (equal to `age_hours` when never edited).
    pub updated_hours: f64,
}

/// `(ln(views)·4 + answers·score/5 + Σ answer scores) / ((age_h + 1) − (age_h − updated_h)/2)^1.5`,
/// with `ln` of at least one view (a new question scores 0 there, not −∞).
pub fn hotness(q: &HotInputs) -> f64 {
    let views = (q.views.max(1) as f64).ln() * 4.0;
    let answers = q.answers as f64 * q.score as f64 / 5.0;
    let numerator = views + answers + q.answer_scores as f64;
    let age = q.age_hours.max(0.0);
    let updated = q.updated_hours.clamp(0.0, age);
    let denominator = ((age + 1.0) - (age - updated) / 2.0).powf(1.5);
    numerator / denominator
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(views: u64, age_hours: f64) -> HotInputs {
        HotInputs {
            views,
            answers: 0,
            score: 0,
            answer_scores: 0,
            age_hours,
            updated_hours: age_hours,
        }
    }

    #[test]
    fn the_formula_gives_the_published_value() {
        let q = HotInputs {
            views: 100,
            answers: 2,
            score: 5,
            answer_scores: 3,
            age_hours: 10.0,
            updated_hours: 4.0,
        };
        // (ln 100 · 4 + 2·5/5 + 3) / (11 − 3)^1.5
        let expected = (100_f64.ln() * 4.0 + 2.0 + 3.0) / 8_f64.powf(1.5);
        assert!((hotness(&q) - expected).abs() < 1e-9);
    }

    #[test]
    fn older_questions_cool_down_and_views_warm_them_up() {
        assert!(hotness(&question(100, 1.0)) > hotness(&question(100, 48.0)));
        assert!(hotness(&question(1_000, 5.0)) > hotness(&question(10, 5.0)));
    }

    #[test]
    fn a_recent_edit_keeps_a_question_warm() {
        let edited = HotInputs {
            updated_hours: 1.0,
            ..question(100, 100.0)
        };
        assert!(hotness(&edited) > hotness(&question(100, 100.0)));
    }

    #[test]
    fn an_unviewed_new_question_is_finite() {
        assert!(hotness(&question(0, 0.0)).is_finite());
    }
}
