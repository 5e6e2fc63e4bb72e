//! Home: the question list will live here; until then it shows the service status.

use yew::prelude::*;

use crate::api::health::fetch_health;
use crate::components::error_view::ErrorView;
use crate::hooks::use_fetch::{use_fetch, Fetch};

#[component]
pub fn Home() -> Html {
    let health = use_fetch((), |()| fetch_health());
    let on_retry = health.reload_callback();
    let status = match health.state().clone() {
        Fetch::Loading => {
            html! { <p class="muted" data-status="loading">{ "Checking the service…" }</p> }
        }
        Fetch::Ready(h) if h.db == shared::DbStatus::Ok => {
            html! { <p class="status ok" data-status="ok">{ "Service status: all systems working." }</p> }
        }
        Fetch::Ready(_) => html! {
            <ErrorView message="The database is unavailable right now; some pages may not load." on_retry={on_retry} />
        },
        Fetch::Failed(error) => {
            html! { <ErrorView message={error.user_message()} {on_retry} /> }
        }
    };
    html! {
        <section class="page">
            <h1>{ "All Questions" }</h1>
            <p class="muted">{ "Questions are coming soon." }</p>
            { status }
        </section>
    }
}
