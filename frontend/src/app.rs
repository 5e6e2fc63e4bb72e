//! Routes and the page layout.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::layout::Layout;
use crate::pages::coming_soon::ComingSoon;
use crate::pages::community::Community;
use crate::pages::home::Home;
use crate::pages::not_found::NotFound;
use crate::pages::profile::Profile;

/// Every page the product has. Paths follow DevOverflow's so old links keep working.
#[derive(Clone, Debug, PartialEq, Eq, Routable)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/community")]
    Community,
    #[at("/question/:id")]
    Question { id: String },
    #[at("/question/:id/:slug")]
    QuestionWithSlug { id: String, slug: String },
    #[at("/ask-question")]
    AskQuestion,
    #[at("/tags")]
    Tags,
    #[at("/tags/:id")]
    TagDetail { id: String },
    #[at("/profile/:id")]
    Profile { id: String },
    #[at("/collection")]
    Collection,
    #[at("/sign-in")]
    SignIn,
    #[at("/sign-up")]
    SignUp,
    #[not_found]
    #[at("/404")]
    NotFound,
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_links_recognise_their_route() {
        let cases = [
            ("/", Some(Route::Home)),
            ("/community", Some(Route::Community)),
            ("/question/42", Some(Route::Question { id: "42".into() })),
            (
                "/question/42/some-title",
                Some(Route::QuestionWithSlug {
                    id: "42".into(),
                    slug: "some-title".into(),
                }),
            ),
            ("/tags/rust", Some(Route::TagDetail { id: "rust".into() })),
            (
                "/profile/user_1",
                Some(Route::Profile {
                    id: "user_1".into(),
                }),
            ),
            ("/no/such/page", None),
        ];
        for (path, expected) in cases {
            assert_eq!(
                Route::recognize(path).filter(|r| *r != Route::NotFound),
                expected,
                "{path}"
            );
        }
    }

    #[test]
    fn routes_render_their_canonical_paths() {
        assert_eq!(
            Route::Profile {
                id: "user_1".into()
            }
            .to_path(),
            "/profile/user_1"
        );
        assert_eq!(Route::AskQuestion.to_path(), "/ask-question");
    }
}
