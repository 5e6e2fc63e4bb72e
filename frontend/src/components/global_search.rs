//! The top bar's search box with results grouped by type as you type: arrow keys move
//! through them, Enter opens one (or the full results page), Escape closes, chips
//! narrow to one type, and `/` anywhere focuses the box. State and API calls live in
//! [`crate::hooks::use_global_search`].

use shared::{SearchHit, SearchType};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use crate::hooks::use_fetch::Fetch;
use crate::hooks::use_global_search::{search_page_path, GlobalSearchHandle};
use crate::routes::is_special_click;

#[derive(Properties, PartialEq)]
pub struct GlobalSearchProps {
    pub handle: GlobalSearchHandle,
}

const PANEL_ID: &str = "global-search-results";

fn option_id(index: usize) -> String {
    format!("global-search-option-{index}")
}

/// Whether a key press happened while typing somewhere (then `/` is just a slash).
fn typing_in_a_field(event: &KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.get_attribute("contenteditable").is_some()
        })
}

#[component]
pub fn GlobalSearch(props: &GlobalSearchProps) -> Html {
    let handle = &props.handle;
    let input = use_node_ref();
    {
        // `/` from anywhere focuses the box (as on GitHub and Stack Overflow).
        let input = input.clone();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn Fn(KeyboardEvent)>::new(move |event: KeyboardEvent| {
                if event.key() == "/"
                    && !event.ctrl_key()
                    && !event.meta_key()
                    && !event.alt_key()
                    && !typing_in_a_field(&event)
                {
                    if let Some(input) = input.cast::<HtmlInputElement>() {
                        event.prevent_default();
                        let _ = input.focus();
                    }
                }
            });
            let document = crate::browser::window().and_then(|w| w.document());
            if let Some(document) = &document {
                let _ = document
                    .add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(document) = document {
                    let _ = document.remove_event_listener_with_callback(
                        "keydown",
                        listener.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }
    let oninput = {
        let handle = handle.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            handle.input(input.value());
        })
    };
    let onkeydown = {
        let handle = handle.clone();
        let input = input.clone();
        Callback::from(move |event: KeyboardEvent| {
            let key = event.key();
            if handle.key(&key) {
                event.prevent_default();
                if key == "Enter" || key == "Escape" {
                    if let Some(input) = input.cast::<HtmlInputElement>() {
                        let _ = input.blur();
                    }
                }
            }
        })
    };
    let onfocus = {
        let handle = handle.clone();
        Callback::from(move |_: FocusEvent| handle.show(true))
    };
    let onblur = {
        let handle = handle.clone();
        Callback::from(move |_: FocusEvent| handle.show(false))
    };
    // Clicks inside the panel must not blur the input first (that would close it).
    let keep_focus = Callback::from(|event: MouseEvent| event.prevent_default());
    let open_link = |url: String| {
        let handle = handle.clone();
        Callback::from(move |event: MouseEvent| {
            if is_special_click(&event) {
                return;
            }
            event.prevent_default();
            handle.open_url(url.clone());
        })
    };

    let chip = |kind: Option<SearchType>| {
        let active = handle.kind == kind;
        let handle = handle.clone();
        let label = kind.map_or("All", SearchType::label);
        let value = kind.map_or("all", SearchType::as_str);
        html! {
            <button type="button" class={classes!("filter-chip", active.then_some("active"))}
                    data-search-type={value} aria-pressed={active.to_string()}
                    onclick={Callback::from(move |_: MouseEvent| handle.choose_kind(kind))}>{ label }</button>
        }
    };
    let hit_view = |index: usize, hit: &SearchHit| {
        let active = handle.active == Some(index);
        html! {
            <li id={option_id(index)} role="option" aria-selected={active.to_string()}
                class={classes!("search-hit", active.then_some("active"))}
                data-result-type={hit.kind.as_str()} data-result-id={hit.id.clone()}>
                <a href={hit.url.clone()} onclick={open_link(hit.url.clone())} tabindex="-1">
                    <span class="search-hit-title">{ &hit.title }</span>
                    <span class="search-hit-snippet muted">{ &hit.snippet }</span>
                </a>
            </li>
        }
    };
    let body = match &handle.results {
        None => html! {},
        Some(Fetch::Loading) => {
            html! { <p class="muted search-status" aria-busy="true">{ "Searching…" }</p> }
        }
        Some(Fetch::Failed(error)) => {
            html! { <p class="search-status error-text">{ error.user_message() }</p> }
        }
        Some(Fetch::Ready(results)) => {
            let mut index = 0;
            let groups = SearchType::ALL
                .into_iter()
                .filter_map(|kind| {
                    let hits: Vec<Html> = results
                        .items
                        .iter()
                        .filter(|hit| hit.kind == kind)
                        .map(|hit| {
                            let view = hit_view(index, hit);
                            index += 1;
                            view
                        })
                        .collect();
                    (!hits.is_empty()).then(|| {
                        html! {
                            <section class="search-group" data-group={kind.as_str()}>
                                <h4>{ kind.label() }</h4>
                                <ul role="presentation">{ for hits }</ul>
                            </section>
                        }
                    })
                })
                .collect::<Vec<_>>();
            html! {
                <>
                    { for results.notices.iter().map(|notice| html! { <p class="search-notice" role="status">{ notice }</p> }) }
                    if results.items.is_empty() && results.notices.is_empty() {
                        <p class="muted search-status">{ "No results. Try other words, or operators like [tag] or user:name." }</p>
                    }
                    <div role="listbox" aria-label="Search results">{ for groups }</div>
                </>
            }
        }
    };
    let all_path = search_page_path(&handle.text);
    html! {
        <div class="global-search">
            <label class="search-box global-search-box">
                <svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" fill="none"
                     stroke="currentColor" stroke-width="2" stroke-linecap="round">
                    <circle cx="11" cy="11" r="7" /><path d="M20 20l-3.5-3.5" />
                </svg>
                <input
                    ref={input}
                    type="search"
                    class="global-search-input"
                    value={handle.text.clone()}
                    placeholder="Search anything…"
                    aria-label="Search questions, answers, users and tags"
                    role="combobox"
                    aria-autocomplete="list"
                    aria-expanded={handle.open.to_string()}
                    aria-controls={PANEL_ID}
                    aria-activedescendant={handle.active.map(option_id)}
                    {oninput} {onkeydown} {onfocus} {onblur}
                />
                <kbd class="shortcut" aria-hidden="true">{ "/" }</kbd>
            </label>
            if handle.open {
                <div class="search-panel" id={PANEL_ID} onmousedown={keep_focus}>
                    <div class="filter-chips" role="group" aria-label="Result types">
                        { chip(None) }
                        { for SearchType::ALL.into_iter().map(|kind| chip(Some(kind))) }
                    </div>
                    { body }
                    <a class="see-all" href={all_path.clone()} onclick={open_link(all_path)}>{ "See all results ↵" }</a>
                </div>
            }
        </div>
    }
}
