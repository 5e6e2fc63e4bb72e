//! A tag chip that opens the tag's page (`/tags/{name}`).

use yew::prelude::*;
use yew_router::prelude::*;

use crate::routes::{app_link_click, tag_path};

#[derive(Properties, PartialEq)]
pub struct TagLinkProps {
    pub name: AttrValue,
}

#[component]
pub fn TagLink(props: &TagLinkProps) -> Html {
    let href = tag_path(&props.name);
    let onclick = app_link_click(use_navigator(), href.clone());
    html! {
        <a class="chip tag" href={href} data-tag={props.name.clone()} {onclick}>{ props.name.clone() }</a>
    }
}
