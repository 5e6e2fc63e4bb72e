//! Shown for any path no route matches.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::hooks::use_title::use_title;
use crate::routes::Route;

#[component]
pub fn NotFound() -> Html {
    use_title("Page not found");
    html! {
        <section class="page not-found">
            <h1>{ "Page not found" }</h1>
            <p class="muted">{ "There is nothing at this address. It may have moved, or the link may be mistyped." }</p>
            <Link<Route> to={Route::Home} classes="btn">{ "Back to questions" }</Link<Route>>
        </section>
    }
}
