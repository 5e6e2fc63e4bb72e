//! `use_fetch`: run an API call whenever its inputs change, ignoring answers that
//! arrive after newer inputs (so a slow old response never overwrites a new one), and
//! hand the page a [`UseFetchHandle`] with the state and a `reload()` for "Try again".

use std::future::Future;

use yew::prelude::*;

use crate::api::ApiError;

/// The state of one API call.
#[derive(Clone, Debug, PartialEq)]
pub enum Fetch<T> {
    Loading,
    Ready(T),
    Failed(ApiError),
}

/// What [`use_fetch`] returns: the call's state, and a way to run it again.
#[derive(Clone, PartialEq)]
pub struct UseFetchHandle<T> {
    state: Fetch<T>,
    reload: Callback<()>,
}

impl<T: Clone> UseFetchHandle<T> {
    /// The call's current state.
    pub fn state(&self) -> &Fetch<T> {
        &self.state
    }

    /// Runs the call again with the same inputs (a "Try again" button).
    pub fn reload(&self) {
        self.reload.emit(());
    }

    /// A callback that reloads, for `on_retry` props.
    pub fn reload_callback<E: 'static>(&self) -> Callback<E> {
        let reload = self.reload.clone();
        Callback::from(move |_| reload.emit(()))
    }
}

/// Calls `fetch(deps)` on mount, whenever `deps` change, and on `reload()`.
#[hook]
pub fn use_fetch<T, D, F, Fut>(deps: D, fetch: F) -> UseFetchHandle<T>
where
    T: Clone + PartialEq + 'static,
    D: Clone + PartialEq + 'static,
    F: Fn(D) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let state = use_state(|| Fetch::Loading);
    let generation = use_mut_ref(|| 0_u64);
    // Bumped by `reload()`; part of the effect's dependencies so the call runs again.
    let attempt = use_state(|| 0_u32);
    {
        let state = state.clone();
        use_effect_with((deps, *attempt), move |(deps, _)| {
            *generation.borrow_mut() += 1;
            let mine = *generation.borrow();
            state.set(Fetch::Loading);
            let future = fetch(deps.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = future.await;
                if *generation.borrow() == mine {
                    state.set(match result {
                        Ok(value) => Fetch::Ready(value),
                        Err(error) => Fetch::Failed(error),
                    });
                }
            });
        });
    }
    let reload = Callback::from(move |()| attempt.set(*attempt + 1));
    UseFetchHandle {
        state: (*state).clone(),
        reload,
    }
}
