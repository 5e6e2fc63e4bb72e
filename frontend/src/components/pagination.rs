//! Prev / Next with "Page N of M".

use yew::prelude::*;

use crate::format::page_of;

#[derive(Properties, PartialEq)]
pub struct PaginationProps {
    pub page: u32,
    pub page_count: u64,
    pub has_next: bool,
    pub on_page: Callback<u32>,
}

#[component]
pub fn Pagination(props: &PaginationProps) -> Html {
    let page = props.page;
    let prev = {
        let on_page = props.on_page.clone();
        Callback::from(move |_| on_page.emit(page.saturating_sub(1).max(1)))
    };
    let next = {
        let on_page = props.on_page.clone();
        Callback::from(move |_| on_page.emit(page.saturating_add(1)))
    };
    html! {
        <nav class="pagination" aria-label="Pages">
            <button type="button" class="btn secondary" data-page="prev" disabled={page <= 1} onclick={prev}>{ "Prev" }</button>
            <span class="page-of" data-page-of="">{ page_of(page, props.page_count.max(u64::from(page))) }</span>
            <button type="button" class="btn secondary" data-page="next" disabled={!props.has_next} onclick={next}>{ "Next" }</button>
        </nav>
    }
}
