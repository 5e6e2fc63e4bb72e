//! The top bar: the menu button (phones), logo, global search, theme switch and the
//! account area.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::theme_switch::ThemeSwitch;
use crate::routes::Route;
use crate::theme::ThemePreference;

#[derive(Properties, PartialEq)]
pub struct TopBarProps {
    pub theme: ThemePreference,
    pub on_theme: Callback<ThemePreference>,
    /// The global search box.
    #[prop_or_default]
    pub search: Html,
    /// The account area (sign-in buttons or the user menu).
    #[prop_or_default]
    pub account: Html,
    /// Whether the phone menu is open.
    #[prop_or_default]
    pub menu_open: bool,
    /// Opens or closes the phone menu.
    #[prop_or_default]
    pub on_menu: Callback<()>,
}

#[component]
pub fn TopBar(props: &TopBarProps) -> Html {
    let on_menu = props.on_menu.reform(|_: MouseEvent| ());
    html! {
        <header class="top-bar">
            <button type="button" class="menu-button" aria-label={if props.menu_open { "Close menu" } else { "Open menu" }}
                    aria-expanded={props.menu_open.to_string()} aria-controls="main-nav" onclick={on_menu}>
                <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" fill="none" stroke="currentColor"
                     stroke-width="2" stroke-linecap="round">
                    if props.menu_open {
                        <path d="M6 6l12 12M18 6L6 18" />
                    } else {
                        <path d="M4 7h16M4 12h16M4 17h16" />
                    }
                </svg>
            </button>
            <Link<Route> to={Route::Home} classes="logo">
                <span class="logo-mark" aria-hidden="true">{ "◆" }</span>
                <span class="logo-text">{ "Dev" }<strong>{ "Flow" }</strong></span>
            </Link<Route>>
            { props.search.clone() }
            <div class="top-bar-end">
                <ThemeSwitch value={props.theme} on_change={props.on_theme.clone()} />
                { props.account.clone() }
            </div>
        </header>
    }
}
