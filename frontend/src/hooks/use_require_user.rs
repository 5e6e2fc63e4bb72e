//! `use_require_user`: for pages that need a signed-in user. Signed out, it sends the
//! visitor to `/sign-in?redirect_url=<here>`, and sign-in brings them back.

use shared::Me;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::hooks::use_auth::{use_auth, AuthStatus};
use crate::routes::{navigate_to, sign_in_path};

/// The signed-in user; `None` while loading or while redirecting to sign-in.
#[hook]
pub fn use_require_user() -> Option<Me> {
    let auth = use_auth();
    let navigator = use_navigator();
    let location = use_location();
    let signed_out = auth.status == AuthStatus::SignedOut;
    use_effect_with(signed_out, move |signed_out| {
        if *signed_out {
            if let (Some(navigator), Some(location)) = (navigator, location) {
                let query = location.query_str();
                let here = format!("{}{}", location.path(), query);
                navigate_to(&navigator, &sign_in_path(&here));
            }
        }
    });
    auth.user().cloned()
}
