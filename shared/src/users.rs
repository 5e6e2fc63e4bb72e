//! Users as the API shows them, and the Community list's query parameters.
//!
//! [`UserListQuery`] is parsed by the backend (strictly: a bad value is a 400 naming the
//! parameter) and by the SPA (leniently: a bad value falls back to its default), and
//! the SPA builds its URLs from it, so both sides agree on the format by construction.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Items per page when `pageSize` is absent.
pub const DEFAULT_PAGE_SIZE: u32 = 20;
/// Largest accepted `pageSize`.
pub const MAX_PAGE_SIZE: u32 = 100;
/// Largest accepted `page` (keeps `skip` far from overflow).
pub const MAX_PAGE: u32 = 1_000_000;
/// Longest accepted search text, in characters.
pub const MAX_QUERY_CHARS: usize = 100;

/// Order of the Community list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UserFilter {
    /// Newest `joinedAt` first.
    #[default]
    NewUsers,
    /// Oldest `joinedAt` first.
    OldUsers,
    /// Highest reputation first.
    TopContributors,
}

impl UserFilter {
    /// Every filter, in the order the SPA offers them.
    pub const ALL: [UserFilter; 3] = [Self::NewUsers, Self::OldUsers, Self::TopContributors];

    /// The wire value (`new_users`...).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NewUsers => "new_users",
            Self::OldUsers => "old_users",
            Self::TopContributors => "top_contributors",
        }
    }

    /// Parses a wire value.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == value)
    }

    /// The label people see.
    pub fn label(self) -> &'static str {
        match self {
            Self::NewUsers => "New users",
            Self::OldUsers => "Old users",
            Self::TopContributors => "Top contributors",
        }
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

/// `GET /api/users` parameters: `?q=&filter=&page=&pageSize=`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserListQuery {
    /// Trimmed search text; empty means no search.
    pub q: String,
    /// Order.
    pub filter: UserFilter,
    /// 1-based page.
    pub page: u32,
    /// Items per page, 1..=100.
    pub page_size: u32,
}

impl Default for UserListQuery {
    fn default() -> Self {
        Self {
            q: String::new(),
            filter: UserFilter::default(),
            page: 1,
            page_size: DEFAULT_PAGE_SIZE,
        }
    }
}

fn pairs(query: &str) -> Vec<(String, String)> {
    let query = query.strip_prefix('?').unwrap_or(query);
    serde_urlencoded::from_str(query).unwrap_or_default()
}

fn parse_number(param: &'static str, value: &str, max: u32) -> Result<u32, QueryError> {
    let invalid = || QueryError {
        param,
        message: format!("must be a whole number from 1 to {max}"),
    };
    let number: u32 = value.trim().parse().map_err(|_| invalid())?;
    if (1..=max).contains(&number) {
        Ok(number)
    } else {
        Err(invalid())
    }
}

impl UserListQuery {
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
                "filter" if value.is_empty() => parsed.filter = UserFilter::default(),
                "filter" => {
                    parsed.filter = UserFilter::parse(&value).ok_or_else(|| QueryError {
                        param: "filter",
                        message: "must be one of new_users, old_users, top_contributors".into(),
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
        if self.filter != UserFilter::default() {
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

/// A tag, as referenced from other objects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagRef {
    /// Tag id.
    pub id: String,
    /// Tag name, e.g. `rust`.
    pub name: String,
}

/// A user on the Community page. Public fields only: never the email.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserSummary {
    /// Clerk user id; profile URLs use it.
    pub clerk_id: String,
    /// Display name.
    pub name: String,
    /// Handle.
    pub username: String,
    /// Avatar URL.
    pub picture: String,
    /// Reputation points.
    pub reputation: i64,
    /// When the user joined (RFC 3339).
    pub joined_at: DateTime<Utc>,
    /// Up to three tags the user asked most about.
    pub top_tags: Vec<TagRef>,
}

/// Badge counts by level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BadgeCounts {
    /// Gold badges.
    pub gold: u32,
    /// Silver badges.
    pub silver: u32,
    /// Bronze badges.
    pub bronze: u32,
}

/// `GET /api/users/{clerkId}`: the public profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserProfile {
    /// The fields shown on the Community page.
    #[serde(flatten)]
    pub summary: UserSummary,
    /// Self-description.
    pub bio: Option<String>,
    /// Where the user is.
    pub location: Option<String>,
    /// The user's website.
    pub portfolio_website: Option<String>,
    /// Questions asked.
    pub question_count: u64,
    /// Answers written.
    pub answer_count: u64,
    /// Badges earned from activity.
    pub badges: BadgeCounts,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_query_gives_the_defaults() {
        assert_eq!(UserListQuery::parse(""), Ok(UserListQuery::default()));
        assert_eq!(UserListQuery::parse("?"), Ok(UserListQuery::default()));
    }

    #[test]
    fn every_parameter_parses() {
        let query =
            UserListQuery::parse("q=+Ali%20B+&filter=top_contributors&page=2&pageSize=50&utm=x")
                .expect("valid");

        assert_eq!(
            query,
            UserListQuery {
                q: "Ali B".into(),
                filter: UserFilter::TopContributors,
                page: 2,
                page_size: 50
            }
        );
    }

    #[test]
    fn bad_values_name_their_parameter() {
        let cases = [
            ("page=0", "page"),
            ("page=-1", "page"),
            ("page=abc", "page"),
            ("page=1.5", "page"),
            ("page=99999999999", "page"),
            ("pageSize=0", "pageSize"),
            ("pageSize=101", "pageSize"),
            ("pageSize=ten", "pageSize"),
            ("filter=best", "filter"),
            ("filter=NEW_USERS", "filter"),
        ];
        for (query, param) in cases {
            let error = UserListQuery::parse(query).expect_err(query);
            assert_eq!(error.param, param, "{query}");
        }
        let long = format!("q={}", "a".repeat(MAX_QUERY_CHARS + 1));
        assert_eq!(
            UserListQuery::parse(&long).expect_err("too long").param,
            "q"
        );
    }

    #[test]
    fn lenient_parsing_keeps_good_values_and_defaults_bad_ones() {
        let query = UserListQuery::parse_lenient("q=ali&filter=nonsense&page=-4&pageSize=30");

        assert_eq!(
            query,
            UserListQuery {
                q: "ali".into(),
                filter: UserFilter::NewUsers,
                page: 1,
                page_size: 30
            }
        );
    }

    #[test]
    fn building_then_parsing_round_trips() {
        let cases = [
            UserListQuery::default(),
            UserListQuery {
                q: "a&b=c d+e%".into(),
                filter: UserFilter::OldUsers,
                page: 7,
                page_size: 5,
            },
            UserListQuery {
                q: "(.*)".into(),
                ..UserListQuery::default()
            },
        ];
        for query in cases {
            let built = query.to_query_string();
            assert_eq!(UserListQuery::parse(&built), Ok(query.clone()), "{built}");
            assert_eq!(UserListQuery::parse_lenient(&built), query, "{built}");
        }
    }

    #[test]
    fn defaults_are_left_out_of_urls() {
        let query = UserListQuery {
            q: "ali".into(),
            page: 2,
            ..UserListQuery::default()
        };

        assert_eq!(query.to_query_string(), "q=ali&page=2");
        assert_eq!(UserListQuery::default().to_query_string(), "");
    }

    #[test]
    fn skip_counts_whole_pages() {
        let query = UserListQuery {
            page: 3,
            page_size: 20,
            ..UserListQuery::default()
        };

        assert_eq!(query.skip(), 40);
    }

    #[test]
    fn a_profile_serialises_flat_and_camel_case_without_email() {
        let profile = UserProfile {
            summary: UserSummary {
                clerk_id: "user_1".into(),
                name: "Ada".into(),
                username: "ada".into(),
                picture: "p".into(),
                reputation: 5,
                joined_at: DateTime::from_timestamp(1_700_000_000, 0).expect("valid"),
                top_tags: vec![],
            },
            bio: None,
            location: Some("London".into()),
            portfolio_website: None,
            question_count: 1,
            answer_count: 2,
            badges: BadgeCounts::default(),
        };

        let json = serde_json::to_value(&profile).expect("serialisable");

        assert_eq!(json["clerkId"], "user_1");
        assert_eq!(json["joinedAt"], "2023-11-14T22:13:20Z");
        assert_eq!(json["portfolioWebsite"], serde_json::Value::Null);
        assert_eq!(json["badges"]["gold"], 0);
        assert!(json.get("email").is_none());
    }
}
