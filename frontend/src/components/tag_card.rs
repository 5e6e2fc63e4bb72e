//! A tag on the Tags page: its chip (to the tag's page), description clamped to three
//! lines, and question count.

use shared::Tag;
use yew::prelude::*;

use crate::components::tag_link::TagLink;
use crate::format::{compact, count};

#[derive(Properties, PartialEq)]
pub struct TagCardProps {
    pub tag: Tag,
}

#[component]
pub fn TagCard(props: &TagCardProps) -> Html {
    let tag = &props.tag;
    html! {
        <article class="tag-card" data-tag-card={tag.name.clone()}>
            <TagLink name={tag.name.clone()} />
            if !tag.description.is_empty() {
                <p class="tag-description" title={tag.description.clone()}>{ &tag.description }</p>
            }
            <p class="tag-stats muted">
                <strong class="accent" data-count="questions">{ compact(tag.questions as i64) }</strong>
                { if tag.questions == 1 { " Question" } else { " Questions" } }
                if tag.followers > 0 {
                    <span>{ format!(" · {}", count(tag.followers as i64, "follower")) }</span>
                }
            </p>
        </article>
    }
}
