//! `/collection`: the signed-in user's saved questions, searchable, orderable and
//! paged, with that state in the URL (`?q=&filter=&page=`). Unsaving a card takes it
//! off the list.

use shared::{SavedFilter, SavedListQuery};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::questions::list_saved;
use crate::components::filter_chips::FilterChips;
use crate::components::question_list::QuestionList;
use crate::components::search_box::SearchBox;
use crate::hooks::use_fetch::use_get;
use crate::hooks::use_now::use_now;
use crate::hooks::use_router::use_router;
use crate::hooks::use_save_toggle::use_save_toggle;
use crate::hooks::use_title::use_title;
use crate::routes::Route;

#[component]
pub fn Collection() -> Html {
    use_title("Saved Questions");
    let router = use_router::<SavedListQuery>();
    let query = router.query.clone();
    let questions = use_get(query.clone(), list_saved);
    let now = use_now();
    let save = use_save_toggle(questions.reload_callback());
    let empty = if query.q.is_empty() {
        (
            "No saved questions yet".to_owned(),
            "Save a question with its ☆ and it waits for you here.".to_owned(),
        )
    } else {
        (
            format!("No saved questions match “{}”", query.q),
            "Try other words.".to_owned(),
        )
    };
    html! {
        <section class="page collection">
            <h1>{ "Saved Questions" }</h1>
            <div class="toolbar">
                <SearchBox value={query.q.clone()} placeholder="Search saved questions" on_search={router.search_callback()} />
            </div>
            <FilterChips<SavedFilter> value={query.filter} label="Order saved questions" on_change={router.filter_callback()} />
            <QuestionList
                state={questions.state().clone()}
                now={now}
                empty={empty}
                empty_action={html! { <Link<Route> to={Route::Home} classes="btn">{ "Browse questions" }</Link<Route>> }}
                on_page={router.page_callback()}
                on_retry={questions.reload_callback()}
                saved={save.saved.clone()}
                on_save={Some(save.toggle.clone())}
            />
        </section>
    }
}
