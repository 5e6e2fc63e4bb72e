//! A tag chip that links to the home list filtered by the tag.

use shared::QuestionListQuery;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::routes::Route;

#[derive(Properties, PartialEq)]
pub struct TagLinkProps {
    pub name: AttrValue,
}

#[component]
pub fn TagLink(props: &TagLinkProps) -> Html {
    let query = QuestionListQuery {
        tag: props.name.to_string(),
        ..QuestionListQuery::default()
    };
    let href = format!("/?{}", query.to_query_string());
    let navigator = use_navigator();
    let onclick = {
        let query = query.to_query_string();
        Callback::from(move |event: MouseEvent| {
            // A plain click navigates in the app; modified clicks open a tab as usual.
            if event.ctrl_key() || event.meta_key() || event.shift_key() || event.button() != 0 {
                return;
            }
            event.prevent_default();
            if let Some(navigator) = &navigator {
                let _ =
                    navigator.push_with_query(&Route::Home, yew_router::query::Raw(query.clone()));
            }
        })
    };
    html! {
        <a class="chip tag" href={href} data-tag={props.name.clone()} {onclick}>{ props.name.clone() }</a>
    }
}
