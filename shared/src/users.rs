//! Users as the API shows them, and the Community list's order and query parameters
//! ([`UserListQuery`], a [`ListQuery`] ordered by [`UserFilter`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::list::{ListFilter, ListQuery};

/// `GET /api/users` parameters: `?q=&filter=&page=&pageSize=`.
pub type UserListQuery = ListQuery<UserFilter>;

/// Order of the Community list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

impl ListFilter for UserFilter {
    const ALL: &'static [Self] = &[Self::NewUsers, Self::OldUsers, Self::TopContributors];

    fn as_str(self) -> &'static str {
        match self {
            Self::NewUsers => "new_users",
            Self::OldUsers => "old_users",
            Self::TopContributors => "top_contributors",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::NewUsers => "New users",
            Self::OldUsers => "Old users",
            Self::TopContributors => "Top contributors",
        }
    }
}

/// A tag, as referenced from other objects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TagRef {
    /// Tag id.
    pub id: String,
    /// Tag name, e.g. `rust`.
    pub name: String,
}

/// A user on the Community page. Public fields only: never the email.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// Views of all the user's questions.
    pub total_views: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::list::MAX_QUERY_CHARS;

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
            total_views: 7,
        };

        let json = serde_json::to_value(&profile).expect("serialisable");

        assert_eq!(json["clerkId"], "user_1");
        assert_eq!(json["joinedAt"], "2023-11-14T22:13:20Z");
        assert_eq!(json["portfolioWebsite"], serde_json::Value::Null);
        assert_eq!(json["badges"]["gold"], 0);
        assert_eq!(json["totalViews"], 7);
        assert!(json.get("email").is_none());
    }
}
