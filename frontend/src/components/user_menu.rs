//! The top bar's account area: "Log in" / "Sign up" when signed out; when signed in,
//! Clerk's own user button, or (local sign-in) the user's avatar and "Sign out".

use shared::Me;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::clerk::{Clerk, ClerkComponent};
use crate::components::avatar::Avatar;
use crate::routes::Route;

#[derive(Properties, PartialEq)]
pub struct UserMenuProps {
    /// The signed-in user; `None` while signed out.
    pub me: Option<Me>,
    /// ClerkJS when Clerk is the sign-in; its user button is mounted then.
    #[prop_or_default]
    pub clerk: Option<ClerkHandle>,
    pub on_sign_out: Callback<()>,
}

/// ClerkJS, comparable as props (one instance per page).
#[derive(Clone, Debug)]
pub struct ClerkHandle(pub Clerk);

impl PartialEq for ClerkHandle {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

#[component]
fn ClerkUserButton(props: &ClerkUserButtonProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        let clerk = props.clerk.0.clone();
        use_effect_with((), move |()| {
            let element = node.cast::<web_sys::Element>();
            if let Some(element) = &element {
                clerk.mount(ClerkComponent::UserButton, element, "/", "/");
            }
            move || {
                if let Some(element) = &element {
                    clerk.unmount(ClerkComponent::UserButton, element);
                }
            }
        });
    }
    html! { <div class="clerk-user-button" ref={node}></div> }
}

#[derive(Properties, PartialEq)]
struct ClerkUserButtonProps {
    clerk: ClerkHandle,
}

#[component]
pub fn UserMenu(props: &UserMenuProps) -> Html {
    match (&props.me, &props.clerk) {
        (None, _) => html! {
            <div class="user-menu" data-state="signed-out">
                <Link<Route> to={Route::SignIn} classes="btn secondary">{ "Log in" }</Link<Route>>
                <Link<Route> to={Route::SignUp} classes="btn">{ "Sign up" }</Link<Route>>
            </div>
        },
        (Some(_), Some(clerk)) => html! {
            <div class="user-menu" data-state="signed-in">
                <ClerkUserButton clerk={clerk.clone()} />
            </div>
        },
        (Some(me), None) => {
            let on_sign_out = props.on_sign_out.clone();
            html! {
                <div class="user-menu" data-state="signed-in">
                    <Link<Route> to={Route::Profile { id: me.clerk_id.clone() }} classes="user-chip">
                        <Avatar src={me.picture.clone()} name={me.name.clone()} class="avatar small" size=28 />
                        <span class="user-chip-name">{ &me.name }</span>
                    </Link<Route>>
                    <button class="btn secondary" data-action="sign-out" onclick={Callback::from(move |_| on_sign_out.emit(()))}>
                        { "Sign out" }
                    </button>
                </div>
            }
        }
    }
}
