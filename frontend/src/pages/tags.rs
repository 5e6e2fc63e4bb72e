//! `/tags`: every tag that has questions, as a searchable, orderable, paged grid of
//! cards, with that state in the URL (`?q=&filter=&page=`).

use shared::{TagFilter, TagListQuery};
use yew::prelude::*;

use crate::api::tags::list_tags;
use crate::components::error_view::ErrorView;
use crate::components::filter_chips::FilterChips;
use crate::components::pagination::Pagination;
use crate::components::search_box::SearchBox;
use crate::components::tag_card::TagCard;
use crate::hooks::use_fetch::{use_get, Fetch};
use crate::hooks::use_router::use_router;
use crate::hooks::use_title::use_title;

#[component]
pub fn Tags() -> Html {
    use_title("Tags");
    let router = use_router::<TagListQuery>();
    let query = router.query.clone();
    let tags = use_get(query.clone(), list_tags);
    let body = match tags.state().clone() {
        Fetch::Loading => html! {
            <div class="tag-grid" data-state="loading" aria-busy="true">
                { for (0..8).map(|_| html! { <div class="tag-card skeleton" /> }) }
            </div>
        },
        Fetch::Failed(error) => {
            html! { <ErrorView message={error.user_message()} on_retry={tags.reload_callback()} /> }
        }
        Fetch::Ready(page) if page.total == 0 => html! {
            <div class="empty-state" data-state="empty">
                if query.q.is_empty() {
                    <h2>{ "No tags yet" }</h2>
                    <p class="muted">{ "Tags appear when questions use them." }</p>
                } else {
                    <h2>{ format!("No tags match “{}”", query.q) }</h2>
                    <p class="muted">{ "Try part of another name." }</p>
                }
            </div>
        },
        Fetch::Ready(page) => html! {
            <>
                if page.items.is_empty() {
                    <div class="empty-state" data-state="past-end">
                        <h2>{ "No tags on this page" }</h2>
                        <p class="muted">{ "The list is shorter than that; go back a page." }</p>
                    </div>
                } else {
                    <div class="tag-grid" data-state="ready">
                        { for page.items.iter().map(|tag| html! { <TagCard key={tag.id.clone()} tag={tag.clone()} /> }) }
                    </div>
                }
                <Pagination page={page.page} page_count={page.page_count()} has_next={page.is_next} on_page={router.page_callback()} />
            </>
        },
    };
    html! {
        <section class="page tags">
            <h1>{ "Tags" }</h1>
            <div class="toolbar">
                <SearchBox value={query.q.clone()} placeholder="Search by tag name" on_search={router.search_callback()} />
            </div>
            <FilterChips<TagFilter> value={query.filter} label="Order tags" on_change={router.filter_callback()} />
            { body }
        </section>
    }
}
