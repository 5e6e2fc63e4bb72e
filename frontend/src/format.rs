//! Display formatting (pure, unit-tested).

use chrono::{DateTime, Utc};

/// "Joined March 2024".
pub fn joined(at: &DateTime<Utc>) -> String {
    format!("Joined {}", at.format("%B %Y"))
}

/// Compact counts: 999, 1.2k, 12k, 1.5M.
pub fn compact(n: i64) -> String {
    let abs = n.unsigned_abs();
    let sign = if n < 0 { "-" } else { "" };
    let (value, unit) = match abs {
        0..=999 => return n.to_string(),
        1_000..=999_999 => (abs as f64 / 1_000.0, "k"),
        _ => (abs as f64 / 1_000_000.0, "M"),
    };
    if value < 10.0 {
        let rounded = (value * 10.0).floor() / 10.0;
        format!("{sign}{}{unit}", trim_zero(rounded))
    } else {
        format!("{sign}{}{unit}", value.floor() as u64)
    }
}

fn trim_zero(value: f64) -> String {
    let text = format!("{value:.1}");
    text.strip_suffix(".0").map(str::to_owned).unwrap_or(text)
}

/// "3 hours ago", "just now", "2 years ago": how long before `now` `at` was.
pub fn ago(at: &DateTime<Utc>, now: &DateTime<Utc>) -> String {
    let seconds = (*now - *at).num_seconds().max(0);
    let units = [
        (365 * 24 * 3600, "year"),
        (30 * 24 * 3600, "month"),
        (7 * 24 * 3600, "week"),
        (24 * 3600, "day"),
        (3600, "hour"),
        (60, "minute"),
    ];
    for (size, name) in units {
        let n = seconds / size;
        if n >= 1 {
            let plural = if n == 1 { "" } else { "s" };
            return format!("{n} {name}{plural} ago");
        }
    }
    "just now".to_owned()
}

/// "1 vote", "3 answers": a count with its noun.
pub fn count(n: i64, noun: &str) -> String {
    let plural = if n == 1 || n == -1 { "" } else { "s" };
    format!("{} {noun}{plural}", compact(n))
}

/// "page 2 of 5".
pub fn page_of(page: u32, pages: u64) -> String {
    format!("Page {page} of {pages}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_dates_read_as_month_and_year() {
        let at = DateTime::parse_from_rfc3339("2024-03-09T12:00:00Z")
            .expect("valid")
            .to_utc();

        assert_eq!(joined(&at), "Joined March 2024");
    }

    #[test]
    fn ages_read_in_the_largest_whole_unit() {
        let now = DateTime::parse_from_rfc3339("2026-01-10T12:00:00Z")
            .expect("valid")
            .to_utc();
        let before = |seconds: i64| now - chrono::Duration::seconds(seconds);
        let cases = [
            (0, "just now"),
            (59, "just now"),
            (60, "1 minute ago"),
            (3 * 3600 + 5, "3 hours ago"),
            (86_400, "1 day ago"),
            (15 * 86_400, "2 weeks ago"),
            (400 * 86_400, "1 year ago"),
            (-30, "just now"),
        ];
        for (seconds, expected) in cases {
            assert_eq!(ago(&before(seconds), &now), expected, "{seconds}");
        }
    }

    #[test]
    fn counts_read_with_their_noun() {
        assert_eq!(count(1, "vote"), "1 vote");
        assert_eq!(count(0, "answer"), "0 answers");
        assert_eq!(count(1_500, "view"), "1.5k views");
    }

    #[test]
    fn counts_are_compact() {
        let cases = [
            (0, "0"),
            (999, "999"),
            (1_000, "1k"),
            (1_250, "1.2k"),
            (12_900, "12k"),
            (1_500_000, "1.5M"),
            (-2_000, "-2k"),
        ];
        for (n, expected) in cases {
            assert_eq!(compact(n), expected, "{n}");
        }
    }
}
