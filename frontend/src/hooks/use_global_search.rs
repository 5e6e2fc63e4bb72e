//! `use_global_search`: the top bar's search-as-you-type. It debounces typing, fetches
//! results (grouped by type, optionally one type), tracks the highlighted result for
//! arrow keys, and opens results or the full `/search` page. The view is
//! `components::global_search`; this hook owns the state and the API calls.

use gloo_timers::callback::Timeout;
use shared::{SearchHit, SearchParams, SearchResults, SearchType};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::search::search;
use crate::api::ApiError;
use crate::components::search_box::DEBOUNCE_MS;
use crate::hooks::use_fetch::{use_fetch, Fetch};
use crate::routes::navigate_to;

/// What the hook returns.
#[derive(Clone, PartialEq)]
pub struct GlobalSearchHandle {
    /// What is typed.
    pub text: String,
    /// The type filter chip (`None`: all types).
    pub kind: Option<SearchType>,
    /// Results for the debounced text (`None` until something is typed).
    pub results: Option<Fetch<SearchResults>>,
    /// Whether the results panel shows.
    pub open: bool,
    /// The highlighted result, by position.
    pub active: Option<usize>,
    set_text: Callback<String>,
    set_kind: Callback<Option<SearchType>>,
    set_open: Callback<bool>,
    set_active: Callback<Option<usize>>,
    navigate: Callback<String>,
}

/// The path of the full results page for `text`.
pub fn search_page_path(text: &str) -> String {
    let params = SearchParams {
        q: text.trim().to_owned(),
        ..SearchParams::default()
    };
    format!("/search?{}", params.to_query_string())
}

/// Where a key press moves the highlight among `count` results.
pub fn moved(active: Option<usize>, count: usize, key: &str) -> Option<usize> {
    if count == 0 {
        return None;
    }
    match (key, active) {
        ("ArrowDown", None) => Some(0),
        ("ArrowDown", Some(i)) => Some((i + 1) % count),
        ("ArrowUp", None) | ("ArrowUp", Some(0)) => Some(count - 1),
        ("ArrowUp", Some(i)) => Some(i - 1),
        _ => active,
    }
}

impl GlobalSearchHandle {
    /// The results shown, in order.
    pub fn items(&self) -> &[SearchHit] {
        match &self.results {
            Some(Fetch::Ready(results)) => &results.items,
            _ => &[],
        }
    }

    /// Typing: shows the panel, clears the highlight, searches after a pause.
    pub fn input(&self, text: String) {
        self.set_open.emit(!text.trim().is_empty());
        self.set_active.emit(None);
        self.set_text.emit(text);
    }

    /// Shows only `kind` (or all types).
    pub fn choose_kind(&self, kind: Option<SearchType>) {
        self.set_active.emit(None);
        self.set_kind.emit(kind);
    }

    /// Opens or closes the panel.
    pub fn show(&self, open: bool) {
        self.set_open.emit(open && !self.text.trim().is_empty());
    }

    /// Arrow keys move the highlight, Enter opens it (or the full results), Escape
    /// closes. Returns whether the key was handled (so its default is prevented).
    pub fn key(&self, key: &str) -> bool {
        match key {
            "ArrowDown" | "ArrowUp" => {
                self.set_open.emit(true);
                self.set_active
                    .emit(moved(self.active, self.items().len(), key));
                true
            }
            "Enter" => {
                let target = match self.active.and_then(|i| self.items().get(i)) {
                    Some(hit) => hit.url.clone(),
                    None if !self.text.trim().is_empty() => search_page_path(&self.text),
                    None => return false,
                };
                self.open_url(target);
                true
            }
            "Escape" => {
                self.set_open.emit(false);
                self.set_active.emit(None);
                true
            }
            _ => false,
        }
    }

    /// Opens a result (or any app address) and closes the panel.
    pub fn open_url(&self, url: String) {
        self.set_open.emit(false);
        self.set_active.emit(None);
        self.navigate.emit(url);
    }
}

async fn suggestions((q, kind): (String, Option<SearchType>)) -> Result<SearchResults, ApiError> {
    search(SearchParams {
        q,
        kind,
        ..SearchParams::default()
    })
    .await
}

/// The top bar's search state.
#[hook]
pub fn use_global_search() -> GlobalSearchHandle {
    let text = use_state(String::new);
    let debounced = use_state(String::new);
    let kind = use_state(|| None::<SearchType>);
    let open = use_state(|| false);
    let active = use_state(|| None::<usize>);
    let timer = use_mut_ref(|| None::<Timeout>);
    let navigator = use_navigator();
    let fetched = use_fetch(((*debounced).clone(), *kind), |(q, kind)| async move {
        if q.trim().is_empty() {
            return Ok(None);
        }
        suggestions((q, kind)).await.map(Some)
    });
    let results = match fetched.state() {
        Fetch::Loading if debounced.trim().is_empty() => None,
        Fetch::Loading => Some(Fetch::Loading),
        Fetch::Failed(error) => Some(Fetch::Failed(error.clone())),
        Fetch::Ready(found) => found.clone().map(Fetch::Ready),
    };
    let set_text = {
        let text = text.clone();
        Callback::from(move |value: String| {
            text.set(value.clone());
            let debounced = debounced.clone();
            // Dropping the previous Timeout cancels it.
            *timer.borrow_mut() = Some(Timeout::new(DEBOUNCE_MS, move || debounced.set(value)));
        })
    };
    let set_kind = {
        let kind = kind.clone();
        Callback::from(move |value| kind.set(value))
    };
    let set_open = {
        let open = open.clone();
        Callback::from(move |value| open.set(value))
    };
    let set_active = {
        let active = active.clone();
        Callback::from(move |value| active.set(value))
    };
    let navigate = Callback::from(move |url: String| {
        if let Some(navigator) = &navigator {
            navigate_to(navigator, &url);
        }
    });
    GlobalSearchHandle {
        text: (*text).clone(),
        kind: *kind,
        results,
        open: *open,
        active: *active,
        set_text,
        set_kind,
        set_open,
        set_active,
        navigate,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_wrap_around_the_results() {
        assert_eq!(moved(None, 3, "ArrowDown"), Some(0));
        assert_eq!(moved(Some(2), 3, "ArrowDown"), Some(0));
        assert_eq!(moved(None, 3, "ArrowUp"), Some(2));
        assert_eq!(moved(Some(1), 3, "ArrowUp"), Some(0));
        assert_eq!(moved(Some(1), 0, "ArrowDown"), None);
    }

    #[test]
    fn the_full_results_page_carries_the_search() {
        assert_eq!(
            search_page_path(" [rust] borrow "),
            "/search?q=%5Brust%5D+borrow"
        );
    }
}
