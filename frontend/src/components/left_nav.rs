//! The left navigation; the active section is highlighted and marked
//! `aria-current="page"` (yew-router's `Link` cannot set ARIA attributes, so the links
//! are plain anchors that navigate client-side).

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::icons::nav_icon;
use crate::nav::NavItem;
use crate::routes::app_link_click;

#[derive(Properties, PartialEq)]
pub struct LeftNavProps {
    pub active: Option<NavItem>,
    /// The signed-in user's Clerk id; adds "Profile".
    #[prop_or_default]
    pub me: Option<AttrValue>,
}

#[component]
pub fn LeftNav(props: &LeftNavProps) -> Html {
    let navigator = use_navigator();
    let me = props.me.as_ref().map(|id| id.to_string());
    let items = NavItem::ALL
        .into_iter()
        .chain(me.is_some().then_some(NavItem::Profile));
    html! {
        <nav class="left-nav" id="main-nav" aria-label="Main">
            { for items.map(|item| {
                let route = item.route(me.as_deref());
                let active = props.active == Some(item);
                let onclick = app_link_click(navigator.clone(), route.to_path());
                html! {
                    <a
                        href={route.to_path()}
                        class={classes!("nav-link", active.then_some("active"))}
                        aria-current={active.then_some("page")}
                        {onclick}
                    >
                        { nav_icon(item) }
                        <span class="nav-label">{ item.label() }</span>
                    </a>
                }
            }) }
        </nav>
    }
}
