//! `/sign-in` and `/sign-up` (and every step under them, e.g. `/sign-in/factor-one`):
//! Clerk's own components with path routing, or in local sign-in mode a list of users
//! to sign in as. Afterwards the visitor goes back to `redirect_url`.

use shared::{UserFilter, UserListQuery};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::users::list_users;
use crate::clerk::ClerkComponent;
use crate::components::avatar::Avatar;
use crate::components::error_view::ErrorView;
use crate::hooks::use_auth::{use_auth, AuthStatus, SignInMode};
use crate::hooks::use_fetch::{use_get, Fetch};
use crate::hooks::use_title::use_title;
use crate::routes::{navigate_to, redirect_from_query};

/// Which of the two pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthPage {
    SignIn,
    SignUp,
}

impl AuthPage {
    fn title(self) -> &'static str {
        match self {
            AuthPage::SignIn => "Log in",
            AuthPage::SignUp => "Sign up",
        }
    }

    fn path(self) -> &'static str {
        match self {
            AuthPage::SignIn => "/sign-in",
            AuthPage::SignUp => "/sign-up",
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct SignInProps {
    pub page: AuthPage,
}

#[derive(Properties, PartialEq)]
struct ClerkMountProps {
    page: AuthPage,
    redirect: AttrValue,
}

/// Mounts Clerk's SignIn / SignUp into a div for as long as the page shows.
#[component]
fn ClerkMount(props: &ClerkMountProps) -> Html {
    let auth = use_auth();
    let node = use_node_ref();
    {
        let node = node.clone();
        let page = props.page;
        let redirect = props.redirect.to_string();
        use_effect_with(auth.mode.clone(), move |mode| {
            let clerk = match mode {
                SignInMode::Clerk(clerk) => Some(clerk.clone()),
                _ => None,
            };
            let element = node.cast::<web_sys::Element>();
            let component = match page {
                AuthPage::SignIn => ClerkComponent::SignIn,
                AuthPage::SignUp => ClerkComponent::SignUp,
            };
            if let (Some(clerk), Some(element)) = (&clerk, &element) {
                clerk.mount(component, element, page.path(), &redirect);
            }
            move || {
                if let (Some(clerk), Some(element)) = (&clerk, &element) {
                    clerk.unmount(component, element);
                }
            }
        });
    }
    html! { <div class="clerk-mount" data-clerk-component={props.page.path()} ref={node}></div> }
}

#[derive(Properties, PartialEq)]
struct LocalPickerProps {
    redirect: AttrValue,
}

/// Local sign-in: every user, to sign in as with one click.
#[component]
fn LocalPicker(props: &LocalPickerProps) -> Html {
    let auth = use_auth();
    let navigator = use_navigator();
    let failure = use_state(|| None::<String>);
    let users = use_get((), |()| {
        list_users(UserListQuery {
            filter: UserFilter::TopContributors,
            page_size: 100,
            ..UserListQuery::default()
        })
    });
    let sign_in_as = {
        let failure = failure.clone();
        let redirect = props.redirect.to_string();
        Callback::from(move |clerk_id: String| {
            let failure = failure.clone();
            let navigator = navigator.clone();
            let redirect = redirect.clone();
            auth.sign_in_locally(
                clerk_id,
                Callback::from(
                    move |result: Result<(), crate::api::ApiError>| match result {
                        Ok(()) => {
                            if let Some(navigator) = &navigator {
                                navigate_to(navigator, &redirect);
                            }
                        }
                        Err(error) => failure.set(Some(error.user_message())),
                    },
                ),
            );
        })
    };
    let list = match users.state().clone() {
        Fetch::Loading => html! { <p class="muted" aria-busy="true">{ "Loading users…" }</p> },
        Fetch::Failed(error) => {
            html! { <ErrorView message={error.user_message()} on_retry={users.reload_callback()} /> }
        }
        Fetch::Ready(page) if page.items.is_empty() => html! {
            <p class="muted">{ "No users yet. Create one with `cargo xtask webhook user.created`." }</p>
        },
        Fetch::Ready(page) => html! {
            <ul class="local-users">
                { for page.items.iter().map(|user| {
                    let clerk_id = user.clerk_id.clone();
                    let onclick = {
                        let sign_in_as = sign_in_as.clone();
                        Callback::from(move |_| sign_in_as.emit(clerk_id.clone()))
                    };
                    html! {
                        <li key={user.clerk_id.clone()}>
                            <button class="local-user" data-clerk-id={user.clerk_id.clone()} {onclick}>
                                <Avatar src={user.picture.clone()} name={user.name.clone()} class="avatar small" size=32 />
                                <span class="local-user-name">{ &user.name }</span>
                                <span class="muted">{ format!("@{}", user.username) }</span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
        },
    };
    html! {
        <div class="local-sign-in">
            <p class="muted">{ "Local sign-in is on: choose who to be. No password is asked." }</p>
            if let Some(message) = &*failure {
                <ErrorView message={message.clone()} />
            }
            { list }
        </div>
    }
}

#[component]
pub fn SignIn(props: &SignInProps) -> Html {
    use_title(props.page.title());
    let auth = use_auth();
    let location = use_location();
    let navigator = use_navigator();
    let redirect =
        redirect_from_query(location.as_ref().map(|l| l.query_str()).unwrap_or_default());
    let already_in = matches!(auth.status, AuthStatus::SignedIn(_));
    let is_clerk = matches!(auth.mode, SignInMode::Clerk(_));
    {
        let redirect = redirect.clone();
        // Clerk sends people on by itself (forceRedirectUrl); local sign-in does here.
        use_effect_with(already_in && !is_clerk, move |leave| {
            if *leave {
                if let Some(navigator) = &navigator {
                    navigate_to(navigator, &redirect);
                }
            }
        });
    }
    let body = match &auth.mode {
        SignInMode::Unknown => html! { <p class="muted" aria-busy="true">{ "Loading…" }</p> },
        SignInMode::Clerk(_) => html! { <ClerkMount page={props.page} redirect={redirect} /> },
        SignInMode::Local => html! { <LocalPicker redirect={redirect} /> },
        SignInMode::Unavailable => html! {
            <p class="muted" data-state="sign-in-unavailable">
                { "Signing in is not set up on this server (CLERK_PUBLISHABLE_KEY is unset)." }
            </p>
        },
    };
    html! {
        <section class="page sign-in">
            <h1>{ props.page.title() }</h1>
            { body }
        </section>
    }
}
