//! `/` and `/question`: every question, searchable, filterable by order and tag and
//! paged, with all of that state in the URL (`?q=&filter=&tag=&page=`), exactly like
//! `/community`.

use shared::{QuestionFilter, QuestionListQuery};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::questions::list_questions;
use crate::components::filter_chips::FilterChips;
use crate::components::question_list::QuestionList;
use crate::components::search_box::SearchBox;
use crate::hooks::use_auth::use_auth;
use crate::hooks::use_fetch::use_get;
use crate::hooks::use_now::use_now;
use crate::hooks::use_router::use_router;
use crate::hooks::use_save_toggle::use_save_toggle;
use crate::hooks::use_title::use_title;
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
    use_title("All Questions");
    let router = use_router::<QuestionListQuery>();
    let query = router.query.clone();
    let questions = use_get(query.clone(), list_questions);
    let now = use_now();
    let auth = use_auth();
    let save = use_save_toggle(Callback::noop());

    let on_clear_tag = {
        let router = router.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = router.query.clone();
            next.tag.clear();
            next.list.page = 1;
            router.push(next)
        })
    };
    let (title, hint) = empty_message(&query, auth.user().is_some());
    html! {
        <section class="page home">
            <div class="page-head">
                <h1>{ "All Questions" }</h1>
                <Link<Route> to={Route::AskQuestion} classes="btn">{ "Ask a Question" }</Link<Route>>
            </div>
            <div class="toolbar">
                <SearchBox value={query.list.q.clone()} placeholder="Search questions" on_search={router.search_callback()} />
            </div>
            <FilterChips<QuestionFilter> value={query.list.filter} label="Order questions" on_change={router.filter_callback()} />
            if !query.tag.is_empty() {
                <p class="active-tag" data-active-tag={query.tag.clone()}>
                    { "Tagged " }<span class="chip">{ &query.tag }</span>
                    <button type="button" class="link" aria-label="Show all tags" onclick={on_clear_tag}>{ "× clear" }</button>
                </p>
            }
            <QuestionList
                state={questions.state().clone()}
                now={now}
                empty={(title, hint.to_owned())}
                empty_action={html! { <Link<Route> to={Route::AskQuestion} classes="btn">{ "Ask a Question" }</Link<Route>> }}
                on_page={router.page_callback()}
                on_retry={questions.reload_callback()}
                saved={save.saved.clone()}
                on_save={save.saved.is_some().then(|| save.toggle.clone())}
            />
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
