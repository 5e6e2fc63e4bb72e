//! Up / down vote buttons with the score between them.

use shared::{VoteDirection, VoteState};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct VoteButtonsProps {
    pub state: VoteState,
    /// What is voted on, for screen readers ("question", "answer").
    pub noun: AttrValue,
    /// Signed out, or a vote on one's own post: shown, not clickable.
    #[prop_or_default]
    pub disabled: bool,
    pub on_vote: Callback<VoteDirection>,
}

#[component]
pub fn VoteButtons(props: &VoteButtonsProps) -> Html {
    let state = props.state;
    let button = |direction: VoteDirection| {
        let (label, path, name) = match direction {
            VoteDirection::Up => ("Upvote", "M12 5l7 9H5z", "up"),
            VoteDirection::Down => ("Downvote", "M12 19l7-9H5z", "down"),
        };
        let on_vote = props.on_vote.clone();
        let pressed = state.my_vote == Some(direction);
        html! {
            <button type="button" class={classes!("vote", pressed.then_some("pressed"))}
                    data-vote={name} aria-pressed={pressed.to_string()}
                    aria-label={format!("{label} this {}", props.noun)}
                    disabled={props.disabled}
                    onclick={Callback::from(move |_| on_vote.emit(direction))}>
                <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true"><path d={path} fill="currentColor" /></svg>
            </button>
        }
    };
    let score = state.upvotes as i64 - state.downvotes as i64;
    html! {
        <div class="vote-buttons">
            { button(VoteDirection::Up) }
            <span class="score" data-score={score.to_string()} title={format!("{} up, {} down", state.upvotes, state.downvotes)}>{ score }</span>
            { button(VoteDirection::Down) }
        </div>
    }
}
