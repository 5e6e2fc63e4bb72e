//! Tags as the API shows them, the tag list's orders and parameters, and the sidebar's
//! hot questions.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::list::{ListFilter, ListQuery};

/// Order of the tag list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum TagFilter {
    /// Most questions first.
    #[default]
    Popular,
    /// Most recently created first.
    Recent,
    /// Alphabetical.
    Name,
    /// Oldest first.
    Old,
}

impl ListFilter for TagFilter {
    const ALL: &'static [Self] = &[Self::Popular, Self::Recent, Self::Name, Self::Old];

    fn as_str(self) -> &'static str {
        match self {
            Self::Popular => "popular",
            Self::Recent => "recent",
            Self::Name => "name",
            Self::Old => "old",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Popular => "Popular",
            Self::Recent => "Recent",
            Self::Name => "Name",
            Self::Old => "Old",
        }
    }
}

/// `GET /api/tags` parameters: `?q=&filter=&page=&pageSize=` (`q` is literal text in
/// the name, case-insensitive).
pub type TagListQuery = ListQuery<TagFilter>;

/// A tag in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Tag {
    /// Tag id.
    pub id: String,
    /// Name, e.g. `rust`.
    pub name: String,
    /// What the tag is about (empty when nobody described it).
    pub description: String,
    /// Number of questions with the tag.
    pub questions: u64,
    /// Number of users following it.
    pub followers: u64,
    /// When it was first used.
    pub created_on: DateTime<Utc>,
}

/// `GET /api/tags/{name}`: the tag and whether the caller follows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct TagDetail {
    /// The list fields.
    #[serde(flatten)]
    pub tag: Tag,
    /// Whether the caller follows it (`false` when signed out).
    pub following: bool,
}

/// `POST /api/tags/{name}/follow`: whether the caller follows the tag now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct FollowState {
    /// Whether the caller follows it.
    pub following: bool,
    /// Followers now.
    pub followers: u64,
}

/// A question in the sidebar's "Hot Network Questions".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct HotQuestion {
    /// Question id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Slug for the canonical URL.
    pub slug: String,
    /// Number of answers.
    pub answers: u64,
    /// Up-votes minus down-votes.
    pub score: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_filters_parse_their_wire_values_and_default_to_popular() {
        let query = TagListQuery::parse("filter=name&q=Ru").expect("valid");
        assert_eq!(query.filter, TagFilter::Name);
        assert_eq!(query.q, "Ru");
        assert_eq!(TagListQuery::default().filter, TagFilter::Popular);
        assert!(TagListQuery::parse("filter=hot").is_err());
    }
}
