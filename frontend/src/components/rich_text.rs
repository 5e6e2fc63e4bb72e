//! HTML the server rendered from Markdown and sanitised (posts, previews).

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RichTextProps {
    /// Sanitised HTML from the API (never text a user typed in this browser).
    pub html: AttrValue,
    #[prop_or_default]
    pub class: Classes,
}

#[component]
pub fn RichText(props: &RichTextProps) -> Html {
    html! {
        <div class={classes!("rich-text", props.class.clone())}>
            { Html::from_html_unchecked(props.html.clone()) }
        </div>
    }
}
