//! Ranking a user's tags.

use std::collections::HashMap;

/// The `limit` most used tags, most used first; ties go to the smaller id so the order
/// is stable between requests.
pub fn top_tags(counts: HashMap<String, u32>, limit: usize) -> Vec<String> {
    let mut ranked: Vec<(String, u32)> = counts.into_iter().collect();
    ranked.sort_by(|(a_id, a), (b_id, b)| b.cmp(a).then_with(|| a_id.cmp(b_id)));
    ranked.into_iter().take(limit).map(|(id, _)| id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_used_come_first_and_ties_break_by_id() {
        let counts = HashMap::from([
            ("css".to_owned(), 1),
            ("yew".to_owned(), 2),
            ("rust".to_owned(), 3),
            ("mongodb".to_owned(), 2),
        ]);

        assert_eq!(top_tags(counts, 3), ["rust", "mongodb", "yew"]);
    }

    #[test]
    fn fewer_tags_than_the_limit_are_all_returned() {
        assert_eq!(top_tags(HashMap::from([("a".to_owned(), 1)]), 3), ["a"]);
        assert!(top_tags(HashMap::new(), 3).is_empty());
    }
}
