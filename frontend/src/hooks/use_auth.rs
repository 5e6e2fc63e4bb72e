//! `use_auth`: who is signed in, for every page. [`AuthProvider`] (at the root) reads
//! `/api/config`, starts ClerkJS or local sign-in accordingly, installs the token
//! source the API request function uses, and keeps the signed-in user's own profile
//! (`/api/me`). Pages get an [`AuthHandle`] with the state and the actions.

use std::rc::Rc;

use serde::{Deserialize, Serialize};
use shared::{ErrorCode, Me};
use yew::prelude::*;

use crate::api::session::{fetch_config, get_me, local_sign_in};
use crate::api::{set_token_source, ApiError, TokenSource};
use crate::clerk::Clerk;

/// Where the local sign-in session is remembered across reloads.
const LOCAL_SESSION_KEY: &str = "devflow.localSession";
/// A local token is renewed when it has less than this left (seconds).
const RENEW_BEFORE_SECS: i64 = 60;

/// Whether someone is signed in.
#[derive(Clone, Debug, PartialEq)]
pub enum AuthStatus {
    /// Still finding out (config, ClerkJS, `/api/me`).
    Loading,
    /// Nobody is signed in.
    SignedOut,
    /// Signed in; their own profile.
    SignedIn(Rc<Me>),
}

/// How people sign in on this deployment.
#[derive(Clone, Debug)]
pub enum SignInMode {
    /// Not known yet.
    Unknown,
    /// Neither Clerk nor local sign-in is configured.
    Unavailable,
    /// Clerk, through the loaded ClerkJS.
    Clerk(Clerk),
    /// Local sign-in (development): pick a user.
    Local,
}

impl PartialEq for SignInMode {
    fn eq(&self, other: &Self) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

/// What [`use_auth`] returns.
#[derive(Clone, PartialEq)]
pub struct AuthHandle {
    /// Whether someone is signed in.
    pub status: AuthStatus,
    /// How people sign in here.
    pub mode: SignInMode,
    refresh: Callback<()>,
    sign_out: Callback<()>,
    sign_in_locally: Callback<(String, Callback<Result<(), ApiError>>)>,
}

impl AuthHandle {
    /// The signed-in user, if any.
    pub fn user(&self) -> Option<&Me> {
        match &self.status {
            AuthStatus::SignedIn(me) => Some(me.as_ref()),
            _ => None,
        }
    }

    /// Reads `/api/me` again (after an edit, say).
    pub fn refresh(&self) {
        self.refresh.emit(());
    }

    /// Signs out (of Clerk too).
    pub fn sign_out(&self) {
        self.sign_out.emit(());
    }

    /// Local sign-in as `clerk_id`; `done` hears how it went.
    pub fn sign_in_locally(&self, clerk_id: String, done: Callback<Result<(), ApiError>>) {
        self.sign_in_locally.emit((clerk_id, done));
    }

    /// A fresh session token, or `None` when signed out.
    pub async fn token(&self) -> Option<String> {
        match &self.mode {
            SignInMode::Clerk(clerk) => clerk.token().await,
            SignInMode::Local => local_token().await,
            _ => None,
        }
    }
}

/// A local session as remembered in `localStorage`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredLocalSession {
    clerk_id: String,
    token: String,
    expires_at: i64,
}

fn storage() -> Option<web_sys::Storage> {
    crate::browser::window()?.local_storage().ok().flatten()
}

fn stored_local_session() -> Option<StoredLocalSession> {
    let text = storage()?.get_item(LOCAL_SESSION_KEY).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

fn store_local_session(session: Option<&StoredLocalSession>) {
    if let Some(storage) = storage() {
        let _ = match session.and_then(|s| serde_json::to_string(s).ok()) {
            Some(text) => storage.set_item(LOCAL_SESSION_KEY, &text),
            None => storage.remove_item(LOCAL_SESSION_KEY),
        };
    }
}

fn now_secs() -> i64 {
    crate::browser::now_millis() / 1000
}

async fn mint_local(clerk_id: String) -> Result<StoredLocalSession, ApiError> {
    let session = local_sign_in(clerk_id.clone()).await?;
    let stored = StoredLocalSession {
        clerk_id,
        token: session.token,
        expires_at: session.expires_at,
    };
    store_local_session(Some(&stored));
    Ok(stored)
}

/// The remembered local token, renewed when it is about to expire.
async fn local_token() -> Option<String> {
    let stored = stored_local_session()?;
    if stored.expires_at - now_secs() > RENEW_BEFORE_SECS {
        return Some(stored.token);
    }
    mint_local(stored.clerk_id).await.ok().map(|s| s.token)
}

fn install_token_source(mode: &SignInMode) {
    let source: Option<TokenSource> = match mode {
        SignInMode::Clerk(clerk) => {
            let clerk = clerk.clone();
            Some(Rc::new(move || {
                let clerk = clerk.clone();
                Box::pin(async move { clerk.token().await })
            }))
        }
        SignInMode::Local => Some(Rc::new(|| Box::pin(local_token()))),
        _ => None,
    };
    set_token_source(source);
}

/// Reads `/api/me` into `status`. A user whose `user.created` webhook has not arrived
/// yet is retried a few times before giving up.
async fn load_me(status: UseStateHandle<AuthStatus>) {
    for attempt in 0..5 {
        match get_me().await {
            Ok(me) => {
                status.set(AuthStatus::SignedIn(Rc::new(me)));
                return;
            }
            Err(error) if error.code() == Some(ErrorCode::AccountPending) && attempt < 4 => {
                gloo_timers::future::TimeoutFuture::new(1500).await;
            }
            Err(_) => {
                status.set(AuthStatus::SignedOut);
                return;
            }
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct AuthProviderProps {
    pub children: Html,
}

/// Provides the [`AuthHandle`] to everything below it.
#[component]
pub fn AuthProvider(props: &AuthProviderProps) -> Html {
    let status = use_state(|| AuthStatus::Loading);
    let mode = use_state(|| SignInMode::Unknown);

    {
        let status = status.clone();
        let mode = mode.clone();
        use_effect_with((), move |()| {
            wasm_bindgen_futures::spawn_local(async move {
                let config = fetch_config().await.unwrap_or_default();
                let chosen = match (&config.clerk_publishable_key, &config.clerk_js_url) {
                    (Some(key), Some(url)) => match Clerk::start(url, key).await {
                        Ok(clerk) => SignInMode::Clerk(clerk),
                        Err(error) => {
                            web_sys::console::error_2(&"ClerkJS did not load:".into(), &error);
                            SignInMode::Unavailable
                        }
                    },
                    _ if config.local_sign_in => SignInMode::Local,
                    _ => SignInMode::Unavailable,
                };
                install_token_source(&chosen);
                let signed_in = match &chosen {
                    SignInMode::Clerk(clerk) => {
                        let status = status.clone();
                        clerk.on_change({
                            let clerk = clerk.clone();
                            move || {
                                let status = status.clone();
                                if clerk.is_signed_in() {
                                    wasm_bindgen_futures::spawn_local(load_me(status));
                                } else {
                                    status.set(AuthStatus::SignedOut);
                                }
                            }
                        });
                        clerk.is_signed_in()
                    }
                    SignInMode::Local => stored_local_session().is_some(),
                    _ => false,
                };
                mode.set(chosen);
                if signed_in {
                    load_me(status).await;
                } else {
                    status.set(AuthStatus::SignedOut);
                }
            });
        });
    }

    let refresh = {
        let status = status.clone();
        Callback::from(move |()| wasm_bindgen_futures::spawn_local(load_me(status.clone())))
    };
    let sign_out = {
        let status = status.clone();
        let mode = (*mode).clone();
        Callback::from(move |()| {
            let status = status.clone();
            let mode = mode.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let SignInMode::Clerk(clerk) = &mode {
                    clerk.end_session().await;
                }
                store_local_session(None);
                status.set(AuthStatus::SignedOut);
            });
        })
    };
    let sign_in_locally = {
        let status = status.clone();
        Callback::from(
            move |(clerk_id, done): (String, Callback<Result<(), ApiError>>)| {
                let status = status.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    match mint_local(clerk_id).await {
                        Ok(_) => {
                            load_me(status).await;
                            done.emit(Ok(()));
                        }
                        Err(error) => done.emit(Err(error)),
                    }
                });
            },
        )
    };

    let handle = AuthHandle {
        status: (*status).clone(),
        mode: (*mode).clone(),
        refresh,
        sign_out,
        sign_in_locally,
    };
    html! {
        <ContextProvider<AuthHandle> context={handle}>
            { props.children.clone() }
        </ContextProvider<AuthHandle>>
    }
}

/// The current [`AuthHandle`] (signed out when used outside [`AuthProvider`]).
#[hook]
pub fn use_auth() -> AuthHandle {
    use_context::<AuthHandle>().unwrap_or_else(|| AuthHandle {
        status: AuthStatus::SignedOut,
        mode: SignInMode::Unavailable,
        refresh: Callback::noop(),
        sign_out: Callback::noop(),
        sign_in_locally: Callback::noop(),
    })
}
