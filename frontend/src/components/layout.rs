//! Page frame: top bar, left navigation, main content.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::left_nav::LeftNav;
use crate::components::top_bar::TopBar;
use crate::hooks::use_theme::use_theme;
use crate::nav::NavItem;
use crate::routes::Route;

#[derive(Properties, PartialEq)]
pub struct LayoutProps {
    pub children: Html,
}

#[component]
pub fn Layout(props: &LayoutProps) -> Html {
    let (theme, set_theme) = use_theme();
    let route = use_route::<Route>().unwrap_or(Route::NotFound);
    html! {
        <div class="shell">
            <TopBar theme={theme} on_theme={set_theme} />
            <LeftNav active={NavItem::active_for(&route)} />
            <main class="content" id="main">
                { props.children.clone() }
            </main>
        </div>
    }
}
