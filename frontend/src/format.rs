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
