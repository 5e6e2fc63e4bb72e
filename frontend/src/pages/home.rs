//! `/` and `/question`: every question, searchable, filterable by order and tag and
//! paged, with all of that state in the URL (`?q=&filter=&tag=&page=`), exactly like
//! `/community`.

use shared::{ListFilter, QuestionFilter, QuestionListQuery};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::questions::list_questions;
use crate::components::error_view::ErrorView;
use crate::components::pagination::Pagination;
use crate::components::question_card::QuestionCard;
use crate::components::search_box::SearchBox;
use crate::hooks::use_auth::use_auth;
use crate::hooks::use_fetch::{use_fetch, Fetch};
use crate::hooks::use_now::use_now;
use crate::hooks::use_router::use_router;
use crate::routes::Route;

/// What an empty list says, by why it is empty.
fn empty_message(query: &QuestionListQuery, signed_in: bool) -> (String, &'static str) {
    let list = &query.list;
    if !list.q.is_empty() {
        return (
            format!("No questions match “{}”", list.q),
            "Try other words, or ask it yourself.",
        );
    }
    if !query.tag.is_empty() {
        return (
            format!("No questions tagged “{}”", query.tag),
            "Be the first to ask one.",
        );
    }
    match list.filter {
        QuestionFilter::Unanswered => (
            "Every question has an answer".to_owned(),
            "Nothing is waiting for an answer right now.",
        ),
        QuestionFilter::Recommended if signed_in => (
            "No recommendations yet".to_owned(),
            "Ask, answer, vote or read a few questions and we will suggest more like them.",
        ),
        _ => ("No questions yet".to_owned(), "Ask the first one."),
    }
}

#[component]
pub fn Home() -> Html {
    let router = use_router::<QuestionListQuery>();
    let query = router.query.clone();
    let questions = use_fetch(query.clone(), list_questions);
    let now = use_now();
    let auth = use_auth();

    let with = {
        let router = router.clone();
        move |change: &dyn Fn(&mut QuestionListQuery)| {
            let mut next = router.query.clone();
            change(&mut next);
            next
        }
    };
    let on_search = {
        let router = router.clone();
        let with = with.clone();
        Callback::from(move |text: String| {
            let q = text.trim().to_owned();
            if q != router.query.list.q {
                router.replace(with(&|next| {
                    next.list.q = q.clone();
                    next.list.page = 1;
                }));
            }
        })
    };
    let on_filter = |filter: QuestionFilter| {
        let router = router.clone();
        let with = with.clone();
        Callback::from(move |_: MouseEvent| {
            router.push(with(&|next| {
                next.list.filter = filter;
                next.list.page = 1;
            }))
        })
    };
    let on_clear_tag = {
        let router = router.clone();
        let with = with.clone();
        Callback::from(move |_: MouseEvent| {
            router.push(with(&|next| {
                next.tag.clear();
                next.list.page = 1;
            }))
        })
    };
    let on_page = {
        let router = router.clone();
        let with = with.clone();
        Callback::from(move |page: u32| router.push(with(&|next| next.list.page = page)))
    };

    let body = match questions.state().clone() {
        Fetch::Loading => html! {
            <div class="question-list" data-state="loading" aria-busy="true">
                { for (0..5).map(|_| html! { <div class="question-card skeleton" /> }) }
            </div>
        },
        Fetch::Failed(error) => {
            html! { <ErrorView message={error.user_message()} on_retry={questions.reload_callback()} /> }
        }
        Fetch::Ready(page) if page.total == 0 => {
            let (title, hint) = empty_message(&query, auth.user().is_some());
            html! {
                <div class="empty-state" data-state="empty">
                    <h2>{ title }</h2>
                    <p class="muted">{ hint }</p>
                    <Link<Route> to={Route::AskQuestion} classes="btn">{ "Ask a Question" }</Link<Route>>
                </div>
            }
        }
        Fetch::Ready(page) => html! {
            <>
                if page.items.is_empty() {
                    <div class="empty-state" data-state="past-end">
                        <h2>{ "No questions on this page" }</h2>
                        <p class="muted">{ "The list is shorter than that; go back a page." }</p>
                    </div>
                } else {
                    <div class="question-list" data-state="ready">
                        { for page.items.iter().map(|q| html! { <QuestionCard key={q.id.clone()} question={q.clone()} now={now} /> }) }
                    </div>
                }
                <Pagination page={page.page} page_count={page.page_count()} has_next={page.is_next} on_page={on_page} />
            </>
        },
    };

    html! {
        <section class="page home">
            <div class="page-head">
                <h1>{ "All Questions" }</h1>
                <Link<Route> to={Route::AskQuestion} classes="btn">{ "Ask a Question" }</Link<Route>>
            </div>
            <div class="toolbar">
                <SearchBox value={query.list.q.clone()} placeholder="Search questions" on_search={on_search} />
            </div>
            <div class="filter-chips" role="group" aria-label="Order questions">
                { for QuestionFilter::ALL.iter().map(|filter| {
                    let active = *filter == query.list.filter;
                    html! {
                        <button type="button" class={classes!("filter-chip", active.then_some("active"))}
                                data-filter={filter.as_str()} aria-pressed={active.to_string()}
                                onclick={on_filter(*filter)}>{ filter.label() }</button>
                    }
                }) }
            </div>
            if !query.tag.is_empty() {
                <p class="active-tag" data-active-tag={query.tag.clone()}>
                    { "Tagged " }<span class="chip">{ &query.tag }</span>
                    <button type="button" class="link" aria-label="Show all tags" onclick={on_clear_tag}>{ "× clear" }</button>
                </p>
            }
            { body }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_list_says_why_it_is_empty() {
        let mut query = QuestionListQuery::default();
        assert_eq!(empty_message(&query, false).0, "No questions yet");
        query.list.filter = QuestionFilter::Recommended;
        assert_eq!(empty_message(&query, true).0, "No recommendations yet");
        query.tag = "rust".into();
        assert_eq!(empty_message(&query, true).0, "No questions tagged “rust”");
        query.list.q = "borrow".into();
        assert_eq!(empty_message(&query, true).0, "No questions match “borrow”");
    }
}
