//! `use_theme`: the remembered theme preference and a setter that stores and applies it.

use yew::prelude::*;

use crate::theme::{ThemePreference, STORAGE_KEY};

fn stored() -> ThemePreference {
    let value = crate::browser::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    ThemePreference::parse(value.as_deref())
}

fn apply(theme: ThemePreference) {
    if let Some(root) = crate::browser::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-theme", theme.as_str());
    }
    // Private browsing can refuse storage; the theme still applies for this visit.
    if let Some(storage) = crate::browser::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(STORAGE_KEY, theme.as_str());
    }
}

/// The current preference and a callback that changes it.
#[hook]
pub fn use_theme() -> (ThemePreference, Callback<ThemePreference>) {
    let theme = use_state(stored);
    let set = {
        let theme = theme.clone();
        Callback::from(move |next: ThemePreference| {
            apply(next);
            theme.set(next);
        })
    };
    (*theme, set)
}
