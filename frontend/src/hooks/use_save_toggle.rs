//! `use_save_toggle`: saving questions from a list. The star changes at once, the API
//! call follows, and on success the signed-in user's saved ids are read again (so every
//! page agrees) and `after` runs (the Collection page reloads its list); on failure the
//! star goes back.

use std::collections::HashMap;

use yew::prelude::*;

use crate::api::questions::toggle_save;
use crate::hooks::use_auth::use_auth;

/// What [`use_save_toggle`] returns.
#[derive(Clone, PartialEq)]
pub struct SaveToggleHandle {
    /// The signed-in user's saved ids as shown (`None` when signed out: no stars).
    pub saved: Option<Vec<String>>,
    /// Toggles one question (by id).
    pub toggle: Callback<String>,
}

/// Save toggles for question cards; `after` runs when a toggle is stored.
#[hook]
pub fn use_save_toggle(after: Callback<()>) -> SaveToggleHandle {
    let auth = use_auth();
    let overrides = use_state(HashMap::<String, bool>::new);
    let saved = auth.user().map(|me| {
        let mut ids: Vec<String> = me
            .saved
            .iter()
            .filter(|id| overrides.get(*id) != Some(&false))
            .cloned()
            .collect();
        let added: Vec<String> = overrides
            .iter()
            .filter(|(id, saved)| **saved && !ids.contains(id))
            .map(|(id, _)| id.clone())
            .collect();
        ids.extend(added);
        ids
    });
    let toggle = {
        let overrides = overrides.clone();
        let shown = saved.clone().unwrap_or_default();
        Callback::from(move |id: String| {
            let want = !shown.contains(&id);
            let mut next = (*overrides).clone();
            next.insert(id.clone(), want);
            overrides.set(next);
            let overrides = overrides.clone();
            let auth = auth.clone();
            let after = after.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let stored = toggle_save(id.clone()).await.map(|state| state.saved);
                let mut next = (*overrides).clone();
                match stored {
                    Ok(saved) => {
                        next.insert(id, saved);
                        auth.refresh();
                        after.emit(());
                    }
                    Err(_) => {
                        next.remove(&id);
                    }
                }
                overrides.set(next);
            });
        })
    };
    SaveToggleHandle { saved, toggle }
}
