//! `use_fetch` and `use_get`: run an API call whenever its inputs change, ignoring
//! answers that arrive after newer inputs (so a slow old response never overwrites a
//! new one), and hand the page a [`UseFetchHandle`] with the state, the last value
//! loaded and a `reload()` for "Try again". `use_get` first looks for its answer in the
//! data the server rendered the page with ([`PageData`]), so a hydrated page starts
//! ready and asks nothing.

use std::future::{Future, IntoFuture};

use serde::de::DeserializeOwned;
use yew::prelude::*;

use crate::api::{decode_response, ApiError, Get};
use crate::page_data::PageData;

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
    latest: Option<T>,
    reload: Callback<()>,
}

impl<T: Clone> UseFetchHandle<T> {
    /// The call's current state.
    pub fn state(&self) -> &Fetch<T> {
        &self.state
    }

    /// The state, except that while a `reload()` runs it is the value loaded before
    /// (for the same inputs): a page refreshed for a new viewer, or after a change,
    /// keeps showing instead of flashing "Loading".
    pub fn state_keeping_latest(&self) -> Fetch<T> {
        match (&self.state, &self.latest) {
            (Fetch::Loading, Some(latest)) => Fetch::Ready(latest.clone()),
            (state, _) => state.clone(),
        }
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
    use_fetch_from(deps, || None, fetch)
}

/// Like [`use_fetch`] for a `GET` ([`Get`]): the first render takes its answer from the
/// page's server-rendered data when there is one, and then does not fetch it.
#[hook]
pub fn use_get<T, D, F>(deps: D, request: F) -> UseFetchHandle<T>
where
    T: Clone + PartialEq + DeserializeOwned + 'static,
    D: Clone + PartialEq + 'static,
    F: Fn(D) -> Get<T> + 'static,
{
    let page_data = use_context::<PageData>();
    let request = std::rc::Rc::new(request);
    let first = {
        let (deps, request) = (deps.clone(), request.clone());
        // Runs on the first render only.
        move || {
            let embedded = page_data?.take(request(deps).path())?;
            Some(decode_response(embedded.status, embedded.body.get()))
        }
    };
    use_fetch_from(deps, first, move |deps| request(deps).into_future())
}

#[hook]
fn use_fetch_from<T, D, I, F, Fut>(deps: D, initial: I, fetch: F) -> UseFetchHandle<T>
where
    T: Clone + PartialEq + 'static,
    D: Clone + PartialEq + 'static,
    I: FnOnce() -> Option<Result<T, ApiError>>,
    F: Fn(D) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    // (state, last value loaded for the current inputs); set together.
    let state = use_state(|| {
        let state = match initial() {
            None => Fetch::Loading,
            Some(Ok(value)) => Fetch::Ready(value),
            Some(Err(error)) => Fetch::Failed(error),
        };
        let latest = match &state {
            Fetch::Ready(value) => Some(value.clone()),
            _ => None,
        };
        (state, latest)
    });
    // Whether the first run of the effect has nothing to do (the answer came with the page).
    let settled = use_mut_ref(|| !matches!(state.0, Fetch::Loading));
    let generation = use_mut_ref(|| 0_u64);
    let last_deps = use_mut_ref(|| None::<D>);
    // Bumped by `reload()`; part of the effect's dependencies so the call runs again.
    let attempt = use_state(|| 0_u32);
    {
        let state = state.clone();
        use_effect_with((deps, *attempt), move |(deps, _)| {
            if std::mem::take(&mut *settled.borrow_mut()) {
                *last_deps.borrow_mut() = Some(deps.clone());
                return;
            }
            *generation.borrow_mut() += 1;
            let mine = *generation.borrow();
            let same_inputs = last_deps.borrow().as_ref() == Some(deps);
            *last_deps.borrow_mut() = Some(deps.clone());
            let latest = if same_inputs { state.1.clone() } else { None };
            state.set((Fetch::Loading, latest.clone()));
            let future = fetch(deps.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = future.await;
                if *generation.borrow() == mine {
                    state.set(match result {
                        Ok(value) => (Fetch::Ready(value.clone()), Some(value)),
                        Err(error) => (Fetch::Failed(error), latest),
                    });
                }
            });
        });
    }
    let reload = Callback::from(move |()| attempt.set(*attempt + 1));
    UseFetchHandle {
        state: state.0.clone(),
        latest: state.1.clone(),
        reload,
    }
}
