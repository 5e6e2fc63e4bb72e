//! A `<select>` over a fixed set of options.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FilterSelectProps {
    /// (value, label) pairs.
    pub options: Vec<(&'static str, &'static str)>,
    pub value: AttrValue,
    pub label: AttrValue,
    pub on_change: Callback<String>,
}

#[component]
pub fn FilterSelect(props: &FilterSelectProps) -> Html {
    let onchange = {
        let on_change = props.on_change.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            on_change.emit(select.value());
        })
    };
    html! {
        <select class="filter-select" aria-label={props.label.clone()} {onchange}>
            { for props.options.iter().map(|(value, label)| html! {
                <option value={*value} selected={props.value == *value}>{ *label }</option>
            }) }
        </select>
    }
}
