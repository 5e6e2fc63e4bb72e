//! `use_router`: what Next.js's `useRouter` gives a page. The query string as a typed struct (bad values fall back to defaults, so a mangled link
//! still renders), and `push` / `replace` that write the struct back to the URL while
//! keeping any parameters the struct does not own (e.g. `utm_source`).

use yew::prelude::*;
use yew_router::prelude::*;
use yew_router::query::Raw;

use crate::routes::Route;

/// A typed query string a page keeps its state in.
pub trait RouteQuery: Clone + PartialEq + Default + 'static {
    /// The parameter names the type owns.
    const KEYS: &'static [&'static str];
    /// Lenient parse: unknown or invalid values fall back to defaults.
    fn from_query(query: &str) -> Self;
    /// The parameters to write, leaving defaults out.
    fn to_pairs(&self) -> Vec<(&'static str, String)>;
}

/// Every list page (`?q=&filter=&page=&pageSize=`) keeps its state in the URL the same way.
impl<F: shared::ListFilter> RouteQuery for shared::ListQuery<F> {
    const KEYS: &'static [&'static str] = &shared::ListQuery::<F>::KEYS;

    fn from_query(query: &str) -> Self {
        Self::parse_lenient(query)
    }

    fn to_pairs(&self) -> Vec<(&'static str, String)> {
        shared::ListQuery::to_pairs(self)
    }
}

/// The home list adds `tag` to the list parameters.
impl RouteQuery for shared::QuestionListQuery {
    const KEYS: &'static [&'static str] = &shared::QuestionListQuery::KEYS;

    fn from_query(query: &str) -> Self {
        Self::parse_lenient(query)
    }

    fn to_pairs(&self) -> Vec<(&'static str, String)> {
        shared::QuestionListQuery::to_pairs(self)
    }
}

/// The search page keeps `?q=&type=&page=` in the URL.
impl RouteQuery for shared::SearchParams {
    const KEYS: &'static [&'static str] = &shared::SearchParams::KEYS;

    fn from_query(query: &str) -> Self {
        Self::parse_lenient(query)
    }

    fn to_pairs(&self) -> Vec<(&'static str, String)> {
        shared::SearchParams::to_pairs(self)
    }
}

/// A route query built on the shared list parameters (`q`, `filter`, `page`), so list
/// pages share how search, order and paging change the URL.
pub trait ListRouteQuery: RouteQuery {
    /// The list's order.
    type Filter: shared::ListFilter;
    /// The list parameters.
    fn list_mut(&mut self) -> &mut shared::ListQuery<Self::Filter>;
}

impl<F: shared::ListFilter> ListRouteQuery for shared::ListQuery<F> {
    type Filter = F;

    fn list_mut(&mut self) -> &mut shared::ListQuery<F> {
        self
    }
}

impl ListRouteQuery for shared::QuestionListQuery {
    type Filter = shared::QuestionFilter;

    fn list_mut(&mut self) -> &mut shared::ListQuery<shared::QuestionFilter> {
        &mut self.list
    }
}

/// The new query string: parameters in `existing` that `owned` does not name are kept,
/// in their original order, followed by `pairs`.
pub fn merge_query(existing: &str, owned: &[&str], pairs: &[(&str, String)]) -> String {
    let existing = existing.strip_prefix('?').unwrap_or(existing);
    let kept: Vec<(String, String)> = serde_urlencoded::from_str::<Vec<(String, String)>>(existing)
        .unwrap_or_default()
        .into_iter()
        .filter(|(key, _)| !owned.contains(&key.as_str()))
        .collect();
    let all: Vec<(&str, &str)> = kept
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .chain(pairs.iter().map(|(k, v)| (*k, v.as_str())))
        .collect();
    serde_urlencoded::to_string(all).unwrap_or_default()
}

/// The router handle a page gets.
#[derive(Clone, PartialEq)]
pub struct Router<Q: RouteQuery> {
    /// The typed query.
    pub query: Q,
    raw_query: String,
    route: Route,
    navigator: Option<Navigator>,
}

impl<Q: RouteQuery> Router<Q> {
    fn url_query(&self, query: &Q) -> String {
        merge_query(&self.raw_query, Q::KEYS, &query.to_pairs())
    }

    /// Navigates to the same page with `query`, adding a history entry.
    pub fn push(&self, query: Q) {
        if let Some(navigator) = &self.navigator {
            let _ = navigator.push_with_query(&self.route, Raw(self.url_query(&query)));
        }
    }

    /// Navigates to the same page with `query`, replacing the current history entry
    /// (for changes such as typing, which must not flood the back button).
    pub fn replace(&self, query: Q) {
        if let Some(navigator) = &self.navigator {
            let _ = navigator.replace_with_query(&self.route, Raw(self.url_query(&query)));
        }
    }
}

impl<Q: ListRouteQuery> Router<Q> {
    fn changed(&self, change: impl FnOnce(&mut shared::ListQuery<Q::Filter>)) -> Q {
        let mut next = self.query.clone();
        change(next.list_mut());
        next
    }

    /// Searching (debounced typing) goes back to page 1 and replaces the history
    /// entry, so history keeps one step per search, not one per key.
    pub fn search_callback(&self) -> Callback<String> {
        let router = self.clone();
        Callback::from(move |text: String| {
            let q = text.trim().to_owned();
            let mut current = router.query.clone();
            if current.list_mut().q != q {
                router.replace(router.changed(|list| {
                    list.q = q;
                    list.page = 1;
                }));
            }
        })
    }

    /// Choosing an order goes back to page 1, as a new history entry.
    pub fn filter_callback(&self) -> Callback<Q::Filter> {
        let router = self.clone();
        Callback::from(move |filter| {
            router.push(router.changed(|list| {
                list.filter = filter;
                list.page = 1;
            }))
        })
    }

    /// Paging is a new history entry.
    pub fn page_callback(&self) -> Callback<u32> {
        let router = self.clone();
        Callback::from(move |page| router.push(router.changed(|list| list.page = page)))
    }
}

/// The router for the current page, typed by its query struct.
#[hook]
pub fn use_router<Q: RouteQuery>() -> Router<Q> {
    let location = use_location();
    let navigator = use_navigator();
    let route = use_route::<Route>().unwrap_or(Route::NotFound);
    let raw_query = location
        .map(|l| l.query_str().to_owned())
        .unwrap_or_default();
    Router {
        query: Q::from_query(&raw_query),
        raw_query,
        route,
        navigator,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::{UserFilter, UserListQuery};

    #[test]
    fn merging_keeps_foreign_parameters_and_replaces_owned_ones() {
        let query = UserListQuery {
            q: "ali".into(),
            page: 2,
            ..UserListQuery::default()
        };

        let merged = merge_query(
            "?utm_source=mail&q=old&page=9",
            &UserListQuery::KEYS,
            &query.to_pairs(),
        );

        assert_eq!(merged, "utm_source=mail&q=ali&page=2");
    }

    #[test]
    fn default_values_leave_a_clean_url() {
        let merged = merge_query(
            "?q=old&filter=old_users",
            &UserListQuery::KEYS,
            &UserListQuery::default().to_pairs(),
        );

        assert_eq!(merged, "");
    }

    #[test]
    fn values_are_encoded() {
        let query = UserListQuery {
            q: "a&b c".into(),
            filter: UserFilter::TopContributors,
            ..UserListQuery::default()
        };

        let merged = merge_query("", &UserListQuery::KEYS, &query.to_pairs());

        assert_eq!(merged, "q=a%26b+c&filter=top_contributors");
        assert_eq!(UserListQuery::from_query(&merged), query);
    }

    #[test]
    fn a_mangled_url_still_gives_a_usable_query() {
        let query = UserListQuery::from_query("?page=abc&filter=%%%&pageSize=1000&q=ok");

        assert_eq!(
            query,
            UserListQuery {
                q: "ok".into(),
                ..UserListQuery::default()
            }
        );
    }
}
