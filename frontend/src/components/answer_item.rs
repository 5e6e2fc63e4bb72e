//! One answer under its question: votes, body, author, and the accept control.

use shared::{AnswerView, VoteDirection, VoteState};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::avatar::Avatar;
use crate::components::rich_text::RichText;
use crate::components::vote_buttons::VoteButtons;
use crate::format::ago;
use crate::routes::Route;

#[derive(Properties, PartialEq)]
pub struct AnswerItemProps {
    pub answer: AnswerView,
    pub now: chrono::DateTime<chrono::Utc>,
    /// Whether the viewer asked the question (and so may accept).
    pub can_accept: bool,
    /// Whether the viewer may vote (signed in, not their own answer).
    pub can_vote: bool,
    pub on_vote: Callback<(String, VoteDirection)>,
    pub on_accept: Callback<String>,
    pub on_delete: Callback<String>,
}

#[component]
pub fn AnswerItem(props: &AnswerItemProps) -> Html {
    let a = &props.answer;
    let state = VoteState {
        upvotes: a.upvotes,
        downvotes: a.downvotes,
        my_vote: a.my_vote,
    };
    let on_vote = {
        let on_vote = props.on_vote.clone();
        let id = a.id.clone();
        Callback::from(move |direction| on_vote.emit((id.clone(), direction)))
    };
    let on_accept = {
        let on_accept = props.on_accept.clone();
        let id = a.id.clone();
        Callback::from(move |_| on_accept.emit(id.clone()))
    };
    let on_delete = {
        let on_delete = props.on_delete.clone();
        let id = a.id.clone();
        Callback::from(move |_| on_delete.emit(id.clone()))
    };
    html! {
        <article class={classes!("answer", a.accepted.then_some("accepted"))} id={format!("answer-{}", a.id)} data-answer={a.id.clone()}>
            <div class="post-side">
                <VoteButtons state={state} noun="answer" disabled={!props.can_vote} on_vote={on_vote} />
                if props.can_accept {
                    <button type="button" class={classes!("accept", a.accepted.then_some("pressed"))}
                            data-accept={a.id.clone()} aria-pressed={a.accepted.to_string()}
                            title={if a.accepted { "Unaccept this answer" } else { "Accept this answer" }}
                            onclick={on_accept}>{ "✓" }</button>
                } else if a.accepted {
                    <span class="accepted-mark" title="Accepted answer" aria-label="Accepted answer">{ "✓" }</span>
                }
            </div>
            <div class="post-main">
                if a.accepted {
                    <p class="accepted-label" data-accepted="">{ "Accepted answer" }</p>
                }
                <RichText html={a.content_html.clone()} />
                <footer class="post-meta">
                    if let Some(author) = &a.author {
                        <Link<Route> to={Route::Profile { id: author.clerk_id.clone() }} classes="author">
                            <Avatar src={author.picture.clone()} name={author.name.clone()} class="avatar tiny" size=22 />
                            <span>{ &author.name }</span>
                            <span class="reputation muted">{ author.reputation }</span>
                        </Link<Route>>
                    }
                    <span class="muted">{ format!("answered {}", ago(&a.created_at, &props.now)) }</span>
                    if a.mine {
                        <button type="button" class="link danger" data-delete-answer={a.id.clone()} onclick={on_delete}>{ "Delete" }</button>
                    }
                </footer>
            </div>
        </article>
    }
}
