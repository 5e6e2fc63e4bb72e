//! The app: router, layout, and which page each route shows (the only file that
//! knows every page).

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::layout::Layout;
use crate::components::signed_in_only::SignedInOnly;
use crate::hooks::use_auth::AuthProvider;
use crate::pages::ask_question::{AskQuestionPage, EditQuestionPage};
use crate::pages::collection::Collection;
use crate::pages::community::Community;
use crate::pages::home::Home;
use crate::pages::not_found::NotFound;
use crate::pages::profile::Profile;
use crate::pages::profile_edit::ProfileEdit;
use crate::pages::question::QuestionPage;
use crate::pages::search::Search;
use crate::pages::sign_in::{AuthPage, SignIn};
use crate::pages::tag_detail::TagPage;
use crate::pages::tags::Tags;
use crate::routes::Route;

fn switch(route: Route) -> Html {
    match route {
        Route::Home | Route::QuestionList => html! { <Home /> },
        Route::Community => html! { <Community /> },
        Route::Question { id } => html! { <QuestionPage id={id} /> },
        Route::QuestionWithSlug { id, slug } => {
            html! { <QuestionPage id={id} slug={Some(AttrValue::from(slug))} /> }
        }
        Route::EditQuestion { id } => html! { <EditQuestionPage id={id} /> },
        Route::AskQuestion => html! { <AskQuestionPage /> },
        Route::Tags => html! { <Tags /> },
        Route::TagDetail { id } => html! { <TagPage name={id} /> },
        Route::Search => html! { <Search /> },
        Route::Profile { id } => html! { <Profile clerk_id={id} /> },
        Route::Collection => {
            html! { <SignedInOnly><Collection /></SignedInOnly> }
        }
        Route::ProfileEdit => html! { <ProfileEdit /> },
        Route::SignIn | Route::SignInStep { .. } => html! { <SignIn page={AuthPage::SignIn} /> },
        Route::SignUp | Route::SignUpStep { .. } => html! { <SignIn page={AuthPage::SignUp} /> },
        Route::NotFound => html! { <NotFound /> },
    }
}

/// The root component: router, layout, and the page for the current route.
#[component]
pub fn App() -> Html {
    html! {
        <BrowserRouter>
            <AuthProvider>
                <Layout>
                    <Switch<Route> render={switch} />
                </Layout>
            </AuthProvider>
        </BrowserRouter>
    }
}
