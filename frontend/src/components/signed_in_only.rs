//! Shows its children only to a signed-in user; anyone else is sent to sign in and
//! brought back afterwards.

use yew::prelude::*;

use crate::hooks::use_require_user::use_require_user;

#[derive(Properties, PartialEq)]
pub struct SignedInOnlyProps {
    pub children: Html,
}

#[component]
pub fn SignedInOnly(props: &SignedInOnlyProps) -> Html {
    match use_require_user() {
        Some(_) => props.children.clone(),
        None => html! { <p class="muted page" aria-busy="true">{ "Checking your session…" }</p> },
    }
}
