//! A page of questions in every state: loading skeletons, an error with "Try again",
//! an empty list saying why, a page past the end, or the cards with paging.

use shared::{Page, QuestionSummary};
use yew::prelude::*;

use crate::components::error_view::ErrorView;
use crate::components::pagination::Pagination;
use crate::components::question_card::QuestionCard;
use crate::hooks::use_fetch::Fetch;

#[derive(Properties, PartialEq)]
pub struct QuestionListProps {
    pub state: Fetch<Page<QuestionSummary>>,
    pub now: chrono::DateTime<chrono::Utc>,
    /// Heading and hint when the list is empty.
    pub empty: (String, String),
    /// Shown under the empty message (e.g. "Ask a Question").
    #[prop_or_default]
    pub empty_action: Html,
    pub on_page: Callback<u32>,
    pub on_retry: Callback<()>,
    /// The signed-in user's saved question ids: cards show a save toggle.
    #[prop_or_default]
    pub saved: Option<Vec<String>>,
    /// Toggles a question's saved state (by id).
    #[prop_or_default]
    pub on_save: Option<Callback<String>>,
}

#[component]
pub fn QuestionList(props: &QuestionListProps) -> Html {
    match &props.state {
        Fetch::Loading => html! {
            <div class="question-list" data-state="loading" aria-busy="true">
                { for (0..5).map(|_| html! { <div class="question-card skeleton" /> }) }
            </div>
        },
        Fetch::Failed(error) => {
            html! { <ErrorView message={error.user_message()} on_retry={props.on_retry.clone()} /> }
        }
        Fetch::Ready(page) if page.total == 0 => html! {
            <div class="empty-state" data-state="empty">
                <h2>{ &props.empty.0 }</h2>
                <p class="muted">{ &props.empty.1 }</p>
                { props.empty_action.clone() }
            </div>
        },
        Fetch::Ready(page) => html! {
            <>
                if page.items.is_empty() {
                    <div class="empty-state" data-state="past-end">
                        <h2>{ "No questions on this page" }</h2>
                        <p class="muted">{ "The list is shorter than that; go back a page." }</p>
                    </div>
                } else {
                    <div class="question-list" data-state="ready">
                        { for page.items.iter().map(|q| {
                            let saved = props.saved.as_ref().map(|ids| ids.contains(&q.id));
                            html! {
                                <QuestionCard key={q.id.clone()} question={q.clone()} now={props.now}
                                              saved={saved} on_save={props.on_save.clone()} />
                            }
                        }) }
                    </div>
                }
                <Pagination page={page.page} page_count={page.page_count()} has_next={page.is_next} on_page={props.on_page.clone()} />
            </>
        },
    }
}
