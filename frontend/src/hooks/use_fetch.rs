//! `use_fetch`: run an API call whenever its inputs change, ignoring answers that
//! arrive after newer inputs (so a slow old response never overwrites a new one).

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

/// Calls `fetch(deps)` on mount and whenever `deps` change.
#[hook]
pub fn use_fetch<T, D, F, Fut>(deps: D, fetch: F) -> Fetch<T>
where
    T: Clone + PartialEq + 'static,
    D: Clone + PartialEq + 'static,
    F: Fn(D) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let state = use_state(|| Fetch::Loading);
    let generation = use_mut_ref(|| 0_u64);
    {
        let state = state.clone();
        use_effect_with(deps, move |deps| {
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
    (*state).clone()
}
