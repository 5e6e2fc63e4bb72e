//! The app: router, layout, and which page each route shows (the only file that
//! knows every page).

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::layout::Layout;
use crate::pages::coming_soon::ComingSoon;
use crate::pages::community::Community;
use crate::pages::home::Home;
use crate::pages::not_found::NotFound;
use crate::pages::profile::Profile;
use crate::routes::Route;

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <Home /> },
        Route::Community => html! { <Community /> },
        Route::Question { id } | Route::QuestionWithSlug { id, .. } => {
            html! { <ComingSoon title={format!("Question {id}")} /> }
        }
        Route::AskQuestion => html! { <ComingSoon title="Ask a question" /> },
        Route::Tags => html! { <ComingSoon title="Tags" /> },
        Route::TagDetail { id } => html! { <ComingSoon title={format!("Tag {id}")} /> },
        Route::Profile { id } => html! { <Profile clerk_id={id} /> },
        Route::Collection => html! { <ComingSoon title="Saved questions" /> },
        Route::SignIn => html! { <ComingSoon title="Sign in" /> },
        Route::SignUp => html! { <ComingSoon title="Sign up" /> },
        Route::NotFound => html! { <NotFound /> },
    }
}

/// The root component: router, layout, and the page for the current route.
#[component]
pub fn App() -> Html {
    html! {
        <BrowserRouter>
            <Layout>
                <Switch<Route> render={switch} />
            </Layout>
        </BrowserRouter>
    }
}
