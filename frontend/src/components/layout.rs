//! Page frame: the local sign-in banner, top bar, left navigation, main content.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::left_nav::LeftNav;
use crate::components::top_bar::TopBar;
use crate::components::user_menu::{ClerkHandle, UserMenu};
use crate::hooks::use_auth::{use_auth, AuthStatus, SignInMode};
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
            <TopBar theme={theme} on_theme={set_theme} account={account} />
            <LeftNav active={NavItem::active_for(&route, me_id.as_deref())} me={me_id.map(AttrValue::from)} />
            <main class="content" id="main">
                { props.children.clone() }
            </main>
        </div>
    }
}
