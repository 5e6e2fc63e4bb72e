//! Light / dark / system segmented control.

use yew::prelude::*;

use crate::theme::ThemePreference;

#[derive(Properties, PartialEq)]
pub struct ThemeSwitchProps {
    pub value: ThemePreference,
    pub on_change: Callback<ThemePreference>,
}

#[component]
pub fn ThemeSwitch(props: &ThemeSwitchProps) -> Html {
    html! {
        <div class="theme-switch" role="group" aria-label="Theme">
            { for ThemePreference::ALL.iter().map(|&theme| {
                let on_change = props.on_change.clone();
                html! {
                    <button
                        type="button"
                        class={classes!("theme-option", (props.value == theme).then_some("selected"))}
                        aria-pressed={(props.value == theme).to_string()}
                        data-theme-option={theme.as_str()}
                        onclick={Callback::from(move |_| on_change.emit(theme))}
                    >
                        { theme.label() }
                    </button>
                }
            }) }
        </div>
    }
}
