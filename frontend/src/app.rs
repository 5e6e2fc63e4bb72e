//! The app: router, layout, and which page each route shows (the only file that
//! knows every page).

use yew::prelude::*;
use yew_router::history::{AnyHistory, BrowserHistory, History, MemoryHistory};
use yew_router::prelude::*;

use crate::components::layout::Layout;
use crate::components::signed_in_only::SignedInOnly;
use crate::hooks::use_auth::AuthProvider;
use crate::page_data::PageData;
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

/// Set (to `live`) on `<html>` once the app has rendered or hydrated the page: before
/// that, server-rendered HTML shows but does not respond.
pub const LIVE_ATTRIBUTE: &str = "data-app";

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// The requested address (path and query) when rendering on the server; `None` in
    /// the browser, where the router follows the browser's history. The same root
    /// component on both sides, so hydration finds the tree it expects.
    #[prop_or_default]
    pub url: Option<AttrValue>,
    /// The data the server rendered the page with (see [`PageData`]); `None` for a
    /// page that starts empty.
    #[prop_or_default]
    pub data: Option<PageData>,
}

/// The root component: router, layout, and the page for the current route.
#[component]
pub fn App(props: &AppProps) -> Html {
    let history = use_memo(props.url.clone(), |url| match url {
        Some(url) => {
            let (path, query) = url.split_once('?').unwrap_or((url, ""));
            let history = MemoryHistory::with_entries(vec![path.to_owned()]);
            if !query.is_empty() {
                let _ = history.replace_with_query(path, yew_router::query::Raw(query));
            }
            AnyHistory::from(history)
        }
        None => AnyHistory::from(BrowserHistory::new()),
    });
    let data = props.data.clone().unwrap_or_default();
    {
        // Runs after the first render (hydration): from now on pages ask the API, and
        // the page says it is live (browser tests wait for this before clicking).
        let data = data.clone();
        use_effect_with((), move |_| {
            data.forget_answers();
            if let Some(root) = crate::browser::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
            {
                let _ = root.set_attribute(LIVE_ATTRIBUTE, "live");
            }
        });
    }
    html! {
        <ContextProvider<PageData> context={data}>
            <Router history={(*history).clone()}>
                <AuthProvider>
                    <Layout>
                        <Switch<Route> render={switch} />
                    </Layout>
                </AuthProvider>
            </Router>
        </ContextProvider<PageData>>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod ssr_tests {
    use super::*;

    #[tokio::test]
    async fn the_app_renders_on_the_server() {
        let html = yew::ServerRenderer::<App>::with_props(|| AppProps {
            url: Some("/community?q=ali".into()),
            data: None,
        })
        .render()
        .await;
        assert!(html.contains("<h1>Community</h1>"), "{html}");
    }
}
