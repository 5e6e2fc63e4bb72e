//! Page frame: the local sign-in banner, top bar with global search, left navigation
//! (a menu behind a button on phones), main content, and the right sidebar.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::tags::{hot_questions, popular_tags};
use crate::components::global_search::GlobalSearch;
use crate::components::left_nav::LeftNav;
use crate::components::right_sidebar::RightSidebar;
use crate::components::theme_switch::ThemeSwitch;
use crate::components::top_bar::TopBar;
use crate::components::user_menu::{ClerkHandle, UserMenu};
use crate::hooks::use_auth::{use_auth, AuthStatus, SignInMode};
use crate::hooks::use_fetch::use_get;
use crate::hooks::use_global_search::use_global_search;
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
    let auth = use_auth();
    let me = auth.user().cloned();
    let me_id = me.as_ref().map(|m| m.clerk_id.clone());
    let clerk = match &auth.mode {
        SignInMode::Clerk(clerk) => Some(ClerkHandle(clerk.clone())),
        _ => None,
    };
    let local = matches!(auth.mode, SignInMode::Local);
    let loading = auth.status == AuthStatus::Loading;
    let on_sign_out = Callback::from(move |()| auth.sign_out());
    let search = use_global_search();
    let hot = use_get((), hot_questions);
    let tags = use_get((), popular_tags);
    let menu_open = use_state(|| false);
    {
        // Choosing a page closes the phone menu.
        let menu_open = menu_open.clone();
        use_effect_with(route.clone(), move |_| menu_open.set(false));
    }
    let on_menu = {
        let menu_open = menu_open.clone();
        Callback::from(move |()| menu_open.set(!*menu_open))
    };
    let on_nav_key = {
        let menu_open = menu_open.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                menu_open.set(false);
            }
        })
    };
    let account = if loading {
        html! {}
    } else {
        html! { <UserMenu me={me} clerk={clerk} on_sign_out={on_sign_out} /> }
    };
    html! {
        <div class="shell">
            if local {
                <div class="local-banner" role="status" data-banner="local-sign-in">
                    { "Local sign-in is on: anyone can sign in as any user. For development only." }
                </div>
            }
            <TopBar theme={theme} on_theme={set_theme.clone()} account={account}
                    search={html! { <GlobalSearch handle={search} /> }}
                    menu_open={*menu_open} on_menu={on_menu} />
            <div class={classes!("nav-holder", menu_open.then_some("open"))} onkeydown={on_nav_key}>
                <LeftNav active={NavItem::active_for(&route, me_id.as_deref())} me={me_id.map(AttrValue::from)} />
                // On phones the top bar has no room for it: the menu carries it.
                <ThemeSwitch value={theme} on_change={set_theme.clone()} />
            </div>
            <main class="content" id="main">
                { props.children.clone() }
            </main>
            <RightSidebar hot={hot.state().clone()} tags={tags.state().clone()} />
        </div>
    }
}
