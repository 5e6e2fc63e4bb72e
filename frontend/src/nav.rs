//! The left navigation's items and which one is active for a route (pure logic).

use crate::routes::Route;

/// One entry of the left navigation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NavItem {
    Home,
    Community,
    Collection,
    Tags,
    AskQuestion,
    /// The signed-in user's own profile (shown only when signed in, so not in `ALL`).
    Profile,
}

impl NavItem {
    /// In display order.
    pub const ALL: [NavItem; 5] = [
        NavItem::Home,
        NavItem::Community,
        NavItem::Collection,
        NavItem::Tags,
        NavItem::AskQuestion,
    ];

    /// The visible label.
    pub fn label(self) -> &'static str {
        match self {
            NavItem::Home => "Home",
            NavItem::Community => "Community",
            NavItem::Collection => "Collections",
            NavItem::Tags => "Tags",
            NavItem::AskQuestion => "Ask a question",
            NavItem::Profile => "Profile",
        }
    }

    /// Where the item leads; `me` is the signed-in user's Clerk id (for Profile).
    pub fn route(self, me: Option<&str>) -> Route {
        match self {
            NavItem::Home => Route::Home,
            NavItem::Community => Route::Community,
            NavItem::Collection => Route::Collection,
            NavItem::Tags => Route::Tags,
            NavItem::AskQuestion => Route::AskQuestion,
            NavItem::Profile => match me {
                Some(id) => Route::Profile { id: id.to_owned() },
                None => Route::SignIn,
            },
        }
    }

    /// The item highlighted while `route` is shown: a page below a section (a tag's
    /// page, a question, a profile) highlights its section.
    pub fn active_for(route: &Route, me: Option<&str>) -> Option<NavItem> {
        match route {
            Route::ProfileEdit => Some(NavItem::Profile),
            Route::Profile { id } if Some(id.as_str()) == me => Some(NavItem::Profile),
            Route::Home
            | Route::QuestionList
            | Route::Question { .. }
            | Route::QuestionWithSlug { .. }
            | Route::EditQuestion { .. } => Some(NavItem::Home),
            Route::Community | Route::Profile { .. } => Some(NavItem::Community),
            Route::Collection => Some(NavItem::Collection),
            Route::Tags | Route::TagDetail { .. } => Some(NavItem::Tags),
            Route::AskQuestion => Some(NavItem::AskQuestion),
            Route::SignIn
            | Route::SignInStep { .. }
            | Route::SignUp
            | Route::SignUpStep { .. }
            | Route::Search
            | Route::NotFound => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_pages_highlight_their_section() {
        let cases = [
            (Route::Home, Some(NavItem::Home)),
            (Route::Question { id: "1".into() }, Some(NavItem::Home)),
            (Route::TagDetail { id: "rust".into() }, Some(NavItem::Tags)),
            (Route::Profile { id: "u".into() }, Some(NavItem::Community)),
            (Route::NotFound, None),
        ];
        for (route, expected) in cases {
            assert_eq!(NavItem::active_for(&route, None), expected, "{route:?}");
        }
    }

    #[test]
    fn your_own_profile_is_profile_and_others_are_community() {
        let mine = Route::Profile {
            id: "user_me".into(),
        };
        let theirs = Route::Profile {
            id: "user_x".into(),
        };

        assert_eq!(
            NavItem::active_for(&mine, Some("user_me")),
            Some(NavItem::Profile)
        );
        assert_eq!(
            NavItem::active_for(&theirs, Some("user_me")),
            Some(NavItem::Community)
        );
        assert_eq!(
            NavItem::active_for(&Route::ProfileEdit, None),
            Some(NavItem::Profile)
        );
    }

    #[test]
    fn every_item_is_active_on_its_own_route() {
        for item in NavItem::ALL.into_iter().chain([NavItem::Profile]) {
            assert_eq!(
                NavItem::active_for(&item.route(Some("user_me")), Some("user_me")),
                Some(item)
            );
        }
    }
}
