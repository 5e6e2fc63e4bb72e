//! The top bar: logo, theme switch and the account area.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::theme_switch::ThemeSwitch;
use crate::routes::Route;
use crate::theme::ThemePreference;

#[derive(Properties, PartialEq)]
pub struct TopBarProps {
    pub theme: ThemePreference,
    pub on_theme: Callback<ThemePreference>,
    /// The account area (sign-in buttons or the user menu).
    #[prop_or_default]
    pub account: Html,
}

#[component]
pub fn TopBar(props: &TopBarProps) -> Html {
    html! {
        <header class="top-bar">
            <Link<Route> to={Route::Home} classes="logo">
                <span class="logo-mark" aria-hidden="true">{ "◆" }</span>
                <span class="logo-text">{ "Dev" }<strong>{ "Flow" }</strong></span>
            </Link<Route>>
            <div class="top-bar-end">
                <ThemeSwitch value={props.theme} on_change={props.on_theme.clone()} />
                { props.account.clone() }
            </div>
        </header>
    }
}
