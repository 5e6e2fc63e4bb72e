//! A readable error panel with an optional retry button.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ErrorViewProps {
    pub message: AttrValue,
    #[prop_or_default]
    pub on_retry: Option<Callback<()>>,
}

#[component]
pub fn ErrorView(props: &ErrorViewProps) -> Html {
    let retry = props.on_retry.clone().map(|cb| {
        html! { <button class="btn" onclick={Callback::from(move |_| cb.emit(()))}>{ "Try again" }</button> }
    });
    html! {
        <div class="error-view" role="alert">
            <p>{ props.message.clone() }</p>
            { for retry }
        </div>
    }
}
