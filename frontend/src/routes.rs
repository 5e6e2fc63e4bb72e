//! Every address the SPA answers, as one enum. Paths follow DevOverflow's so old links
//! keep working. Components link with it; only `app.rs` maps routes to pages.

use yew_router::prelude::*;
use yew_router::query::Raw;

/// Query parameter carrying where to go after signing in (Clerk's name for it).
pub const REDIRECT_PARAM: &str = "redirect_url";

/// Where to go after signing in: `target` if it is a path on this site, else home.
/// (An absolute or protocol-relative URL would make the sign-in page an open redirect.)
pub fn safe_redirect(target: Option<&str>) -> String {
    match target {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

/// The redirect target in a query string (`?redirect_url=…`).
pub fn redirect_from_query(query: &str) -> String {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.trim_start_matches('?')).unwrap_or_default();
    let target = pairs
        .into_iter()
        .find(|(key, _)| key == REDIRECT_PARAM)
        .map(|(_, value)| value);
    safe_redirect(target.as_deref())
}

/// The sign-in address that comes back to `current` (a path with its query).
pub fn sign_in_path(current: &str) -> String {
    let query = serde_urlencoded::to_string([(REDIRECT_PARAM, current)]).unwrap_or_default();
    format!("/sign-in?{query}")
}

/// Whether a click should be left to the browser (new tab, download, other button).
pub fn is_special_click(event: &web_sys::MouseEvent) -> bool {
    event.button() != 0
        || event.ctrl_key()
        || event.meta_key()
        || event.shift_key()
        || event.alt_key()
}

/// The `onclick` of a plain `<a href>` that navigates in the app (for links that need
/// attributes yew-router's `Link` cannot set); modified clicks open a tab as usual.
pub fn app_link_click(
    navigator: Option<Navigator>,
    target: String,
) -> yew::Callback<web_sys::MouseEvent> {
    yew::Callback::from(move |event: web_sys::MouseEvent| {
        if is_special_click(&event) {
            return;
        }
        if let Some(navigator) = &navigator {
            event.prevent_default();
            navigate_to(navigator, &target);
        }
    })
}

/// Navigates client-side to a path that may carry a query string.
pub fn navigate_to(navigator: &Navigator, target: &str) {
    let (target, fragment) = target.split_once('#').unwrap_or((target, ""));
    navigate_to_path(navigator, target);
    if !fragment.is_empty() {
        // The router knows nothing of fragments: put it back on the new entry, where
        // the page reads it (an answer to scroll to).
        if let Some(history) = crate::browser::window().and_then(|w| w.history().ok()) {
            let state = history.state().unwrap_or(wasm_bindgen::JsValue::NULL);
            let _ =
                history.replace_state_with_url(&state, "", Some(&format!("{target}#{fragment}")));
        }
    }
}

/// The fragment of the current address, without `#` (empty when none).
pub fn current_fragment() -> String {
    crate::browser::window()
        .and_then(|w| w.location().hash().ok())
        .map(|hash| hash.trim_start_matches('#').to_owned())
        .unwrap_or_default()
}

fn navigate_to_path(navigator: &Navigator, target: &str) {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let route = Route::recognize(path).unwrap_or(Route::NotFound);
    let _ = if query.is_empty() {
        navigator.push(&route);
        Ok(())
    } else {
        navigator.push_with_query(&route, Raw(query.to_owned()))
    };
}

/// The address of a tag's page (the name encoded: `c#` must not start a fragment).
pub fn tag_path(name: &str) -> String {
    format!("/tags/{}", shared::url::encode_segment(name))
}

/// The canonical route of a question.
pub fn question_route(id: &str, slug: &str) -> Route {
    if slug.is_empty() {
        Route::Question { id: id.to_owned() }
    } else {
        Route::QuestionWithSlug {
            id: id.to_owned(),
            slug: slug.to_owned(),
        }
    }
}

/// Every page the product has. Paths follow DevOverflow's so old links keep working.
#[derive(Clone, Debug, PartialEq, Eq, Routable)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/community")]
    Community,
    /// `/question` alone lists questions, like `/` (the optional catch-all
    /// `[[...slug]]` of Next.js).
    #[at("/question")]
    QuestionList,
    #[at("/question/:id")]
    Question { id: String },
    #[at("/question/:id/edit")]
    EditQuestion { id: String },
    /// The canonical address carries the title's slug after the id; anything there
    /// (even several segments) still finds the question, whose page then corrects it.
    #[at("/question/:id/*slug")]
    QuestionWithSlug { id: String, slug: String },
    #[at("/ask-question")]
    AskQuestion,
    #[at("/tags")]
    Tags,
    /// A tag's page; `id` is the tag's name as written in the path (percent-encoded).
    #[at("/tags/:id")]
    TagDetail { id: String },
    #[at("/profile/edit")]
    ProfileEdit,
    #[at("/profile/:id")]
    Profile { id: String },
    #[at("/collection")]
    Collection,
    /// Full, paged global search results: `?q=&type=&page=`.
    #[at("/search")]
    Search,
    /// Clerk's sign-in, and every step under it (`/sign-in/factor-one`...): the
    /// optional catch-all `[[...sign-in]]` of Next.js.
    #[at("/sign-in")]
    SignIn,
    #[at("/sign-in/*rest")]
    SignInStep { rest: String },
    #[at("/sign-up")]
    SignUp,
    #[at("/sign-up/*rest")]
    SignUpStep { rest: String },
    #[not_found]
    #[at("/404")]
    NotFound,
}

impl Route {
    /// Whether the server renders this page (with its data) for a first load: public
    /// pages only. Pages for a signed-in user, editing and sign-in are the SPA shell.
    pub fn server_renders(&self) -> bool {
        matches!(
            self,
            Route::Home
                | Route::QuestionList
                | Route::Question { .. }
                | Route::QuestionWithSlug { .. }
                | Route::Community
                | Route::Tags
                | Route::TagDetail { .. }
                | Route::Profile { .. }
        )
    }
}

/// Whether the server renders the page at `path` (see [`Route::server_renders`]).
pub fn server_renders(path: &str) -> bool {
    Route::recognize(path).is_some_and(|route| route.server_renders())
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
            ("/question", Some(Route::QuestionList)),
            (
                "/question/42/edit",
                Some(Route::EditQuestion { id: "42".into() }),
            ),
            (
                "/question/42/old/extra/segments",
                Some(Route::QuestionWithSlug {
                    id: "42".into(),
                    slug: "old/extra/segments".into(),
                }),
            ),
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
            ("/profile/edit", Some(Route::ProfileEdit)),
            ("/sign-in", Some(Route::SignIn)),
            (
                "/sign-in/factor-one",
                Some(Route::SignInStep {
                    rest: "factor-one".into(),
                }),
            ),
            (
                "/sign-up/verify-email-address",
                Some(Route::SignUpStep {
                    rest: "verify-email-address".into(),
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

    #[test]
    fn only_paths_on_this_site_are_redirect_targets() {
        let cases = [
            (Some("/profile/edit"), "/profile/edit"),
            (Some("/community?q=a"), "/community?q=a"),
            (Some("https://evil.test"), "/"),
            (Some("//evil.test/x"), "/"),
            (Some("/\\evil.test"), "/"),
            (None, "/"),
        ];
        for (target, expected) in cases {
            assert_eq!(safe_redirect(target), expected, "{target:?}");
        }
    }

    #[test]
    fn the_sign_in_path_carries_the_way_back() {
        let path = sign_in_path("/profile/edit?tab=1");

        assert_eq!(path, "/sign-in?redirect_url=%2Fprofile%2Fedit%3Ftab%3D1");
        assert_eq!(
            redirect_from_query(path.split_once('?').map(|p| p.1).unwrap_or_default()),
            "/profile/edit?tab=1"
        );
    }
}
