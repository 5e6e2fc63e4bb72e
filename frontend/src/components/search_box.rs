//! A search input that reports what was typed after a pause (debounced), and follows
//! its `value` prop when the URL changes underneath it (back / forward).

use gloo_timers::callback::Timeout;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Pause after the last keystroke before searching.
pub const DEBOUNCE_MS: u32 = 300;

#[derive(Properties, PartialEq)]
pub struct SearchBoxProps {
    /// The search in the URL.
    pub value: AttrValue,
    pub placeholder: AttrValue,
    /// Called with the typed text after the pause.
    pub on_search: Callback<String>,
}

#[component]
pub fn SearchBox(props: &SearchBoxProps) -> Html {
    let text = use_state(|| props.value.to_string());
    let timer = use_mut_ref(|| None::<Timeout>);
    {
        // The URL changed (back/forward, a link): show its search, unless it is just
        // what the user is typing (trimmed), so a trailing space is not eaten.
        let text = text.clone();
        use_effect_with(props.value.clone(), move |value| {
            if value.as_str() != text.trim() {
                text.set(value.to_string());
            }
        });
    }
    let oninput = {
        let text = text.clone();
        let timer = timer.clone();
        let on_search = props.on_search.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            let value = input.value();
            text.set(value.clone());
            let on_search = on_search.clone();
            // Dropping the previous Timeout cancels it.
            *timer.borrow_mut() = Some(Timeout::new(DEBOUNCE_MS, move || on_search.emit(value)));
        })
    };
    html! {
        <label class="search-box">
            <svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" fill="none"
                 stroke="currentColor" stroke-width="2" stroke-linecap="round">
                <circle cx="11" cy="11" r="7" /><path d="M20 20l-3.5-3.5" />
            </svg>
            <input
                type="search"
                value={(*text).clone()}
                placeholder={props.placeholder.clone()}
                aria-label={props.placeholder.clone()}
                {oninput}
            />
        </label>
    }
}
