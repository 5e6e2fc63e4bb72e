//! Every address the SPA answers, as one enum. Paths follow DevOverflow's so old links
//! keep working. Components link with it; only `app.rs` maps routes to pages.

use yew_router::prelude::*;

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
