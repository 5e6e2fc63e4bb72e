//! `/search?q=&type=&page=`: the full global search results. Without a type, the first
//! results of each type, grouped; with one, that type paged. Operators are explained
//! under the box, and notices say why an operator could not apply.

use shared::search::DEFAULT_LIMIT;
use shared::{SearchHit, SearchParams, SearchResults, SearchType};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::search::search;
use crate::api::ApiError;
use crate::components::error_view::ErrorView;
use crate::components::pagination::Pagination;
use crate::components::search_box::SearchBox;
use crate::hooks::use_fetch::{use_fetch, Fetch};
use crate::hooks::use_router::use_router;
use crate::hooks::use_title::use_title;
use crate::routes::app_link_click;

/// Results per page when one type is shown.
const PAGE_LIMIT: u32 = 20;

async fn results(params: SearchParams) -> Result<SearchResults, ApiError> {
    if params.q.trim().is_empty() {
        return Ok(SearchResults {
            items: Vec::new(),
            page: 1,
            limit: params.limit,
            is_next: false,
            notices: Vec::new(),
        });
    }
    let limit = if params.kind.is_some() {
        PAGE_LIMIT
    } else {
        DEFAULT_LIMIT
    };
    search(SearchParams { limit, ..params }).await
}

#[derive(Properties, PartialEq)]
struct HitProps {
    hit: SearchHit,
}

#[component]
fn Hit(props: &HitProps) -> Html {
    let hit = &props.hit;
    let onclick = app_link_click(use_navigator(), hit.url.clone());
    html! {
        <article class="search-result" data-result-type={hit.kind.as_str()} data-result-id={hit.id.clone()}>
            <a href={hit.url.clone()} {onclick}>{ &hit.title }</a>
            <p class="muted">{ &hit.snippet }</p>
        </article>
    }
}

#[component]
pub fn Search() -> Html {
    let router = use_router::<SearchParams>();
    let params = router.query.clone();
    let found = use_fetch(params.clone(), results);
    use_title(&if params.q.is_empty() {
        "Search".to_owned()
    } else {
        format!("Search: {}", params.q)
    });

    let on_search = {
        let router = router.clone();
        Callback::from(move |text: String| {
            let q = text.trim().to_owned();
            if q != router.query.q {
                router.replace(SearchParams {
                    q,
                    page: 1,
                    ..router.query.clone()
                });
            }
        })
    };
    let chip = |kind: Option<SearchType>| {
        let active = params.kind == kind;
        let router = router.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            router.push(SearchParams {
                kind,
                page: 1,
                ..router.query.clone()
            })
        });
        html! {
            <button type="button" class={classes!("filter-chip", active.then_some("active"))}
                    data-filter={kind.map_or("all", SearchType::as_str)} aria-pressed={active.to_string()}
                    {onclick}>{ kind.map_or("All", SearchType::label) }</button>
        }
    };
    let on_page = {
        let router = router.clone();
        Callback::from(move |page: u32| {
            router.push(SearchParams {
                page,
                ..router.query.clone()
            })
        })
    };
    let body = match found.state().clone() {
        _ if params.q.trim().is_empty() => html! {
            <div class="empty-state" data-state="no-query">
                <h2>{ "Search DevFlow" }</h2>
                <p class="muted">{ "Type words to find questions, answers, people and tags." }</p>
            </div>
        },
        Fetch::Loading => {
            html! { <p class="muted" aria-busy="true" data-state="loading">{ "Searching…" }</p> }
        }
        Fetch::Failed(error) => {
            html! { <ErrorView message={error.user_message()} on_retry={found.reload_callback()} /> }
        }
        Fetch::Ready(results) => {
            let groups = SearchType::ALL.into_iter().filter_map(|kind| {
                let hits: Vec<&SearchHit> = results.items.iter().filter(|h| h.kind == kind).collect();
                (!hits.is_empty()).then(|| html! {
                    <section class="search-group" data-group={kind.as_str()}>
                        if params.kind.is_none() {
                            <h2>{ kind.label() }</h2>
                        }
                        { for hits.into_iter().map(|hit| html! { <Hit key={format!("{}:{}", hit.kind.as_str(), hit.id)} hit={hit.clone()} /> }) }
                    </section>
                })
            }).collect::<Vec<_>>();
            html! {
                <>
                    { for results.notices.iter().map(|notice| html! { <p class="search-notice" role="status">{ notice }</p> }) }
                    if results.items.is_empty() && results.notices.is_empty() {
                        <div class="empty-state" data-state="empty">
                            <h2>{ format!("No results for “{}”", params.q) }</h2>
                            <p class="muted">{ "Try fewer words, or another type." }</p>
                        </div>
                    }
                    <div data-state="ready">{ for groups }</div>
                    if params.kind.is_some() && (results.page > 1 || results.is_next) {
                        <Pagination page={results.page} page_count={u64::from(results.page) + u64::from(results.is_next)}
                                    has_next={results.is_next} on_page={on_page} />
                    }
                </>
            }
        }
    };
    html! {
        <section class="page search-page">
            <h1>{ "Search" }</h1>
            <div class="toolbar">
                <SearchBox value={params.q.clone()} placeholder="Search questions, answers, users and tags" on_search={on_search} />
            </div>
            <details class="search-help">
                <summary>{ "Search operators" }</summary>
                <ul>
                    <li><code>{ "[tag]" }</code>{ " questions with the tag; " }<code>{ "-[tag]" }</code>{ " without it" }</li>
                    <li><code>{ "user:name" }</code>{ " or " }<code>{ "user:me" }</code>{ " posts by someone" }</li>
                    <li><code>{ "is:question" }</code>{ ", " }<code>{ "is:answer" }</code></li>
                    <li><code>{ "answers:0" }</code>{ " unanswered; " }<code>{ "answers:3" }</code>{ " at least three answers" }</li>
                    <li><code>{ "score:3" }</code>{ " a score of at least 3" }</li>
                    <li><code>{ "isaccepted:yes" }</code>{ " accepted answers" }</li>
                    <li><code>{ "\"exact phrase\"" }</code></li>
                </ul>
            </details>
            <div class="filter-chips" role="group" aria-label="Result types">
                { chip(None) }
                { for SearchType::ALL.into_iter().map(|kind| chip(Some(kind))) }
            </div>
            { body }
        </section>
    }
}
