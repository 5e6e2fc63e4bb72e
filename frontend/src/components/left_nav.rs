//! The left navigation; the active section is highlighted and marked
//! `aria-current="page"` (yew-router's `Link` cannot set ARIA attributes, so the links
//! are plain anchors that navigate client-side).

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::icons::nav_icon;
use crate::nav::NavItem;

#[derive(Properties, PartialEq)]
pub struct LeftNavProps {
    pub active: Option<NavItem>,
    /// The signed-in user's Clerk id; adds "Profile".
    #[prop_or_default]
    pub me: Option<AttrValue>,
}

/// Whether a click should be left to the browser (new tab, download, other button).
fn is_special_click(event: &MouseEvent) -> bool {
    event.button() != 0
        || event.ctrl_key()
        || event.meta_key()
        || event.shift_key()
        || event.alt_key()
}

#[component]
pub fn LeftNav(props: &LeftNavProps) -> Html {
    let navigator = use_navigator();
    let me = props.me.as_ref().map(|id| id.to_string());
    let items = NavItem::ALL
        .into_iter()
        .chain(me.is_some().then_some(NavItem::Profile));
    html! {
        <nav class="left-nav" aria-label="Main">
            { for items.map(|item| {
                let route = item.route(me.as_deref());
                let target = route.clone();
                let active = props.active == Some(item);
                let navigator = navigator.clone();
                let onclick = Callback::from(move |event: MouseEvent| {
                    if is_special_click(&event) {
                        return;
                    }
                    if let Some(navigator) = &navigator {
                        event.prevent_default();
                        navigator.push(&target);
                    }
                });
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
