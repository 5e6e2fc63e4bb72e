//! `/api/users` endpoints.

use shared::{Page, UserListQuery, UserProfile, UserSummary};

use shared::url::encode_segment;

use super::{get, with_query, Get};

/// The API path for a Community query (same encoding as the page URL).
pub fn list_path(query: &UserListQuery) -> String {
    with_query("/api/users".to_owned(), query.to_query_string())
}

/// One page of the Community list.
pub fn list_users(query: UserListQuery) -> Get<Page<UserSummary>> {
    get(list_path(&query))
}

/// A user's public profile.
pub fn get_user(clerk_id: String) -> Get<UserProfile> {
    get(format!("/api/users/{}", encode_segment(&clerk_id)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_path_carries_only_non_default_parameters() {
        assert_eq!(list_path(&UserListQuery::default()), "/api/users");
        let query = UserListQuery {
            q: "a b".into(),
            page: 3,
            ..UserListQuery::default()
        };
        assert_eq!(list_path(&query), "/api/users?q=a+b&page=3");
    }
}
