//! A row of toggle chips choosing one of a list's orders.

use shared::ListFilter;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FilterChipsProps<F: ListFilter> {
    /// The chosen order.
    pub value: F,
    /// What the group is for (screen readers).
    pub label: AttrValue,
    pub on_change: Callback<F>,
}

#[component]
pub fn FilterChips<F: ListFilter>(props: &FilterChipsProps<F>) -> Html {
    html! {
        <div class="filter-chips" role="group" aria-label={props.label.clone()}>
            { for F::ALL.iter().map(|filter| {
                let filter = *filter;
                let active = filter == props.value;
                let onclick = props.on_change.reform(move |_: MouseEvent| filter);
                html! {
                    <button type="button" class={classes!("filter-chip", active.then_some("active"))}
                            data-filter={filter.as_str()} aria-pressed={active.to_string()}
                            {onclick}>{ filter.label() }</button>
                }
            }) }
        </div>
    }
}
