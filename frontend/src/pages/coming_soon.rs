//! Placeholder for a page whose feature has not been built yet.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ComingSoonProps {
    pub title: AttrValue,
}

#[component]
pub fn ComingSoon(props: &ComingSoonProps) -> Html {
    html! {
        <section class="page">
            <h1>{ props.title.clone() }</h1>
            <p class="muted">{ "Coming soon." }</p>
        </section>
    }
}
