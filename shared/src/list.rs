//! The parameters every list of the API shares: `?q=&filter=&page=&pageSize=`.
//!
//! A [`ListQuery`] is parsed by the backend (strictly: a bad value is a 400 naming the
//! parameter) and by the SPA (leniently: a bad value falls back to its default), and
//! the SPA builds its URLs from it, so both sides agree on the format by construction.
//! Each list brings its own order as a [`ListFilter`].

/// Items per page when `pageSize` is absent.
pub const DEFAULT_PAGE_SIZE: u32 = 20;
/// Largest accepted `pageSize`.
pub const MAX_PAGE_SIZE: u32 = 100;
/// Largest accepted `page` (keeps `skip` far from overflow).
pub const MAX_PAGE: u32 = 1_000_000;
/// Longest accepted search text, in characters.
pub const MAX_QUERY_CHARS: usize = 100;

/// The orders a list offers: a closed set of wire values, one of them the default.
pub trait ListFilter: Copy + Default + PartialEq + Eq + std::fmt::Debug + 'static {
    /// Every value, in the order the SPA offers them.
    const ALL: &'static [Self];

    /// The wire value (`new_users`, `newest`...).
    fn as_str(self) -> &'static str;

    /// The label people see.
    fn label(self) -> &'static str;

    /// Parses a wire value.
    fn parse(value: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|f| f.as_str() == value)
    }

    /// Every wire value, for messages.
    fn wire_values() -> Vec<&'static str> {
        Self::ALL.iter().map(|f| f.as_str()).collect()
    }
}

/// A bad query parameter: which one, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// The parameter as named in the URL (`pageSize`, not `page_size`).
    pub param: &'static str,
    /// What is wrong.
    pub message: String,
}

/// A list's parameters: `?q=&filter=&page=&pageSize=`, ordered by the filter type `F`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery<F> {
    /// Trimmed search text; empty means no search.
    pub q: String,
    /// Order.
    pub filter: F,
    /// 1-based page.
    pub page: u32,
    /// Items per page, 1..=100.
    pub page_size: u32,
}

impl<F: ListFilter> Default for ListQuery<F> {
    fn default() -> Self {
        Self {
            q: String::new(),
            filter: F::default(),
            page: 1,
            page_size: DEFAULT_PAGE_SIZE,
        }
    }
}

fn pairs(query: &str) -> Vec<(String, String)> {
    let query = query.strip_prefix('?').unwrap_or(query);
    serde_urlencoded::from_str(query).unwrap_or_default()
}

/// A count parameter (`page`, `pageSize`, `limit`) from 1 to `max`: digits only, as
/// the OpenAPI description's `integer` says (no spaces, line breaks or `+` sign, which
/// Rust's own integer parsing would let through in part).
pub fn parse_number(param: &'static str, value: &str, max: u32) -> Result<u32, QueryError> {
    let invalid = || QueryError {
        param,
        message: format!("must be a whole number from 1 to {max}"),
    };
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    let number: u32 = value.parse().map_err(|_| invalid())?;
    if (1..=max).contains(&number) {
        Ok(number)
    } else {
        Err(invalid())
    }
}

impl<F: ListFilter> ListQuery<F> {
    /// The parameter names this query owns (others in a URL are left alone).
    pub const KEYS: [&'static str; 4] = ["q", "filter", "page", "pageSize"];

    /// Strict parse for the API: the first bad parameter is an error naming it.
    pub fn parse(query: &str) -> Result<Self, QueryError> {
        let mut parsed = Self::default();
        for (key, value) in pairs(query) {
            match key.as_str() {
                "q" => {
                    let q = value.trim();
                    if q.chars().count() > MAX_QUERY_CHARS {
                        return Err(QueryError {
                            param: "q",
                            message: format!("must be at most {MAX_QUERY_CHARS} characters"),
                        });
                    }
                    parsed.q = q.to_owned();
                }
                "filter" if value.is_empty() => parsed.filter = F::default(),
                "filter" => {
                    parsed.filter = F::parse(&value).ok_or_else(|| QueryError {
                        param: "filter",
                        message: format!("must be one of {}", F::wire_values().join(", ")),
                    })?;
                }
                "page" => parsed.page = parse_number("page", &value, MAX_PAGE)?,
                "pageSize" => parsed.page_size = parse_number("pageSize", &value, MAX_PAGE_SIZE)?,
                _ => {}
            }
        }
        Ok(parsed)
    }

    /// Lenient parse for the SPA: a bad value falls back to its default, so a mangled
    /// link still shows a page.
    pub fn parse_lenient(query: &str) -> Self {
        let mut parsed = Self::default();
        for (key, value) in pairs(query) {
            let one = format!("{}={}", key, urlencode(&value));
            let Ok(single) = Self::parse(&one) else {
                if key == "q" {
                    parsed.q = value.trim().chars().take(MAX_QUERY_CHARS).collect();
                }
                continue;
            };
            match key.as_str() {
                "q" => parsed.q = single.q,
                "filter" => parsed.filter = single.filter,
                "page" => parsed.page = single.page,
                "pageSize" => parsed.page_size = single.page_size,
                _ => {}
            }
        }
        parsed
    }

    /// The non-default parameters, in a stable order (defaults are left out so URLs
    /// stay short: `/community?q=ali&page=2`).
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if !self.q.is_empty() {
            pairs.push(("q", self.q.clone()));
        }
        if self.filter != F::default() {
            pairs.push(("filter", self.filter.as_str().to_owned()));
        }
        if self.page != 1 {
            pairs.push(("page", self.page.to_string()));
        }
        if self.page_size != DEFAULT_PAGE_SIZE {
            pairs.push(("pageSize", self.page_size.to_string()));
        }
        pairs
    }

    /// `to_pairs` as a query string without `?` (empty when all are defaults).
    pub fn to_query_string(&self) -> String {
        serde_urlencoded::to_string(self.to_pairs()).unwrap_or_default()
    }

    /// Items to skip for this page.
    pub fn skip(&self) -> u64 {
        u64::from(self.page.saturating_sub(1)) * u64::from(self.page_size)
    }
}

fn urlencode(value: &str) -> String {
    serde_urlencoded::to_string([("", value)])
        .map(|s| s.trim_start_matches('=').to_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_digits_only_and_within_their_range() {
        let cases = [
            ("1", Some(1)),
            ("20", Some(20)),
            ("007", Some(7)),
            ("100", Some(100)),
            ("101", None),
            ("0", None),
            ("", None),
            (" 2", None),
            ("\n1", None),
            ("2 ", None),
            ("+1", None),
            ("-1", None),
            ("1.0", None),
            ("99999999999", None),
        ];
        for (value, expected) in cases {
            assert_eq!(
                parse_number("pageSize", value, 100).ok(),
                expected,
                "{value:?}"
            );
        }
    }
}
