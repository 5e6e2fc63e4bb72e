//! `/community`: every user, searchable, filterable and paged, with all of that state in
//! the URL (`?q=&filter=&page=`), so links, reloads and back/forward reproduce it.

use shared::{ListFilter, UserFilter, UserListQuery};
use yew::prelude::*;

use crate::api::users::list_users;
use crate::components::error_view::ErrorView;
use crate::components::filter_select::FilterSelect;
use crate::components::pagination::Pagination;
use crate::components::search_box::SearchBox;
use crate::components::user_card::{UserCard, UserCardSkeleton};
use crate::hooks::use_fetch::{use_get, Fetch};
use crate::hooks::use_router::use_router;
use crate::hooks::use_title::use_title;

/// Skeleton cards while loading.
const SKELETONS: usize = 8;

#[component]
pub fn Community() -> Html {
    use_title("Community");
    let router = use_router::<UserListQuery>();
    let query = router.query.clone();
    let users = use_get(query.clone(), list_users);

    let on_search = {
        let router = router.clone();
        Callback::from(move |text: String| {
            let q = text.trim().to_owned();
            if q != router.query.q {
                // Typing replaces the entry: history keeps one step per search, not per key.
                router.replace(UserListQuery {
                    q,
                    page: 1,
                    ..router.query.clone()
                });
            }
        })
    };
    let on_filter = {
        let router = router.clone();
        Callback::from(move |value: String| {
            let filter = UserFilter::parse(&value).unwrap_or_default();
            router.push(UserListQuery {
                filter,
                page: 1,
                ..router.query.clone()
            });
        })
    };
    let on_page = {
        let router = router.clone();
        Callback::from(move |page: u32| {
            router.push(UserListQuery {
                page,
                ..router.query.clone()
            })
        })
    };
    let body = match users.state().clone() {
        Fetch::Loading => html! {
            <div class="user-grid" data-state="loading" aria-busy="true">
                { for (0..SKELETONS).map(|_| html! { <UserCardSkeleton /> }) }
            </div>
        },
        Fetch::Failed(error) => {
            html! { <ErrorView message={error.user_message()} on_retry={users.reload_callback()} /> }
        }
        Fetch::Ready(page) if page.total == 0 && query.q.is_empty() => html! {
            <div class="empty-state" data-state="no-users">
                <h2>{ "No users yet" }</h2>
                <p class="muted">{ "When people sign up, they appear here." }</p>
            </div>
        },
        Fetch::Ready(page) if page.total == 0 => html! {
            <div class="empty-state" data-state="no-match">
                <h2>{ format!("No users match “{}”", query.q) }</h2>
                <p class="muted">{ "Try another name or username." }</p>
            </div>
        },
        Fetch::Ready(page) => html! {
            <>
                if page.items.is_empty() {
                    <div class="empty-state" data-state="past-end">
                        <h2>{ "No users on this page" }</h2>
                        <p class="muted">{ "The list is shorter than that; go back a page." }</p>
                    </div>
                } else {
                    <div class="user-grid" data-state="ready">
                        { for page.items.iter().map(|user| html! { <UserCard key={user.clerk_id.clone()} user={user.clone()} /> }) }
                    </div>
                }
                <Pagination page={page.page} page_count={page.page_count()} has_next={page.is_next} on_page={on_page} />
            </>
        },
    };

    let options: Vec<(&'static str, &'static str)> = UserFilter::ALL
        .iter()
        .map(|f| (f.as_str(), f.label()))
        .collect();
    html! {
        <section class="page community">
            <h1>{ "Community" }</h1>
            <div class="toolbar">
                <SearchBox value={query.q.clone()} placeholder="Search by name or username" on_search={on_search} />
                <FilterSelect options={options} value={query.filter.as_str()} label="Order users" on_change={on_filter} />
            </div>
            { body }
        </section>
    }
}
