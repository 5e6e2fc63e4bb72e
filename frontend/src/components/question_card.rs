//! A question in a list: title to its canonical page, tags that filter the list,
//! author, age and counts, and a save toggle for signed-in users.

use shared::QuestionSummary;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::avatar::Avatar;
use crate::components::tag_link::TagLink;
use crate::format::{ago, count};
use crate::routes::{question_route, Route};

#[derive(Properties, PartialEq)]
pub struct QuestionCardProps {
    pub question: QuestionSummary,
    /// Now, for "asked 3 hours ago".
    pub now: chrono::DateTime<chrono::Utc>,
    /// Whether the signed-in user saved it (`None`: signed out, no toggle).
    #[prop_or_default]
    pub saved: Option<bool>,
    /// Toggles saving (with the question's id).
    #[prop_or_default]
    pub on_save: Option<Callback<String>>,
}

#[component]
pub fn QuestionCard(props: &QuestionCardProps) -> Html {
    let q = &props.question;
    let score = q.upvotes as i64 - q.downvotes as i64;
    html! {
        <article class="question-card" data-question={q.id.clone()}>
            <div class="question-card-head">
                <h3 class="question-title">
                    <Link<Route> to={question_route(&q.id, &q.slug)}>{ &q.title }</Link<Route>>
                </h3>
                if let (Some(saved), Some(on_save)) = (props.saved, &props.on_save) {
                    <button type="button" class={classes!("save-toggle", saved.then_some("saved"))}
                            data-save={q.id.clone()} aria-pressed={saved.to_string()}
                            aria-label={if saved { "Remove from saved questions" } else { "Save question" }}
                            title={if saved { "Saved: click to remove" } else { "Save for later" }}
                            onclick={on_save.reform({ let id = q.id.clone(); move |_: MouseEvent| id.clone() })}>
                        { if saved { "★" } else { "☆" } }
                    </button>
                }
            </div>
            <div class="chips">
                { for q.tags.iter().map(|tag| html! { <TagLink key={tag.id.clone()} name={tag.name.clone()} /> }) }
            </div>
            <footer class="question-meta">
                if let Some(author) = &q.author {
                    <Link<Route> to={Route::Profile { id: author.clerk_id.clone() }} classes="author">
                        <Avatar src={author.picture.clone()} name={author.name.clone()} class="avatar tiny" size=20 />
                        <span>{ &author.name }</span>
                    </Link<Route>>
                }
                <span class="muted">{ format!("asked {}", ago(&q.created_at, &props.now)) }</span>
                <span class="counts">
                    <span data-count="votes">{ count(score, "vote") }</span>
                    <span data-count="answers" class={classes!(q.has_accepted_answer.then_some("accepted"))}>
                        { count(q.answers as i64, "answer") }
                    </span>
                    <span data-count="views">{ count(q.views as i64, "view") }</span>
                </span>
            </footer>
        </article>
    }
}
