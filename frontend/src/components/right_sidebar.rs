//! The right sidebar on wide screens: hot questions and popular tags.

use shared::{HotQuestion, Tag};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::tag_link::TagLink;
use crate::format::compact;
use crate::hooks::use_fetch::Fetch;
use crate::routes::{question_route, Route};

#[derive(Properties, PartialEq)]
pub struct RightSidebarProps {
    pub hot: Fetch<Vec<HotQuestion>>,
    pub tags: Fetch<Vec<Tag>>,
}

fn loading(rows: usize) -> Html {
    html! {
        <ul class="sidebar-list" aria-busy="true">
            { for (0..rows).map(|_| html! { <li class="sidebar-skeleton" /> }) }
        </ul>
    }
}

#[component]
pub fn RightSidebar(props: &RightSidebarProps) -> Html {
    let hot = match &props.hot {
        Fetch::Loading => loading(5),
        Fetch::Failed(_) => html! { <p class="muted">{ "Could not load hot questions." }</p> },
        Fetch::Ready(questions) if questions.is_empty() => {
            html! { <p class="muted">{ "No questions yet." }</p> }
        }
        Fetch::Ready(questions) => html! {
            <ul class="sidebar-list" data-list="hot-questions">
                { for questions.iter().map(|q| html! {
                    <li key={q.id.clone()}>
                        <Link<Route> to={question_route(&q.id, &q.slug)} classes="hot-question">
                            <span>{ &q.title }</span>
                            <span class="chevron" aria-hidden="true">{ "›" }</span>
                        </Link<Route>>
                    </li>
                }) }
            </ul>
        },
    };
    let tags = match &props.tags {
        Fetch::Loading => loading(5),
        Fetch::Failed(_) => html! { <p class="muted">{ "Could not load popular tags." }</p> },
        Fetch::Ready(tags) if tags.is_empty() => html! { <p class="muted">{ "No tags yet." }</p> },
        Fetch::Ready(tags) => html! {
            <ul class="sidebar-list" data-list="popular-tags">
                { for tags.iter().map(|tag| html! {
                    <li key={tag.id.clone()} class="popular-tag">
                        <TagLink name={tag.name.clone()} />
                        <span class="muted">{ compact(tag.questions as i64) }</span>
                    </li>
                }) }
            </ul>
        },
    };
    html! {
        <aside class="right-sidebar" aria-label="Hot questions and popular tags">
            <section>
                <h3>{ "Hot Network" }</h3>
                { hot }
            </section>
            <section>
                <h3>{ "Popular Tags" }</h3>
                { tags }
            </section>
        </aside>
    }
}
