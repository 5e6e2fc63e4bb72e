//! `/tags/{name}`: a tag's description and followers, a follow button, and its
//! questions with search, order and paging in the URL (`?q=&filter=&page=`).

use shared::url::decode_segment;
use shared::{ErrorCode, QuestionFilter, QuestionListQuery, TagDetail};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::tags::{get_tag, tag_questions, toggle_follow};
use crate::components::error_view::ErrorView;
use crate::components::filter_chips::FilterChips;
use crate::components::question_list::QuestionList;
use crate::components::search_box::SearchBox;
use crate::format::count;
use crate::hooks::use_auth::{use_auth, AuthStatus};
use crate::hooks::use_fetch::{use_get, Fetch};
use crate::hooks::use_now::use_now;
use crate::hooks::use_router::use_router;
use crate::hooks::use_save_toggle::use_save_toggle;
use crate::hooks::use_title::use_title;
use crate::routes::{sign_in_path, Route};

#[derive(Properties, PartialEq)]
pub struct TagPageProps {
    /// The tag's name as it appears in the path.
    pub name: AttrValue,
}

/// Waits for the session so the follow state comes with the tag.
#[component]
pub fn TagPage(props: &TagPageProps) -> Html {
    let auth = use_auth();
    if auth.status == AuthStatus::Loading {
        return html! { <section class="page"><p class="muted" aria-busy="true">{ "Loading tag…" }</p></section> };
    }
    let viewer = auth
        .user()
        .map(|me| me.clerk_id.clone())
        .unwrap_or_default();
    let name = decode_segment(&props.name).to_lowercase();
    let key = format!("{name}:{viewer}");
    html! { <TagView key={key} name={name} /> }
}

#[component]
fn TagView(props: &TagPageProps) -> Html {
    let name = props.name.to_string();
    use_title(&format!("Questions tagged [{name}]"));
    let tag = use_get(name.clone(), get_tag);
    let router = use_router::<QuestionListQuery>();
    let query = router.query.clone();
    let questions = use_get((name.clone(), query.clone()), tag_questions);
    let now = use_now();
    let auth = use_auth();
    let save = use_save_toggle(Callback::noop());
    let follow = use_state(|| None::<(bool, u64)>);
    let follow_error = use_state(|| None::<String>);
    let location = use_location();

    let header = match tag.state().clone() {
        Fetch::Loading => html! { <h1>{ &name }</h1> },
        Fetch::Failed(error) if error.code() == Some(ErrorCode::NotFound) => {
            return html! {
                <section class="page" data-state="not-found">
                    <h1>{ "Tag not found" }</h1>
                    <p class="muted">{ format!("No question is tagged “{name}”.") }</p>
                    <Link<Route> to={Route::Tags} classes="btn">{ "Browse tags" }</Link<Route>>
                </section>
            };
        }
        Fetch::Failed(error) => html! {
            <>
                <h1>{ &name }</h1>
                <ErrorView message={error.user_message()} on_retry={tag.reload_callback()} />
            </>
        },
        Fetch::Ready(TagDetail {
            tag: info,
            following,
        }) => {
            let (following, followers) = (*follow).unwrap_or((following, info.followers));
            let on_follow = {
                let follow = follow.clone();
                let follow_error = follow_error.clone();
                let name = name.clone();
                Callback::from(move |_: MouseEvent| {
                    // At once, then as stored (or back, with the reason).
                    follow.set(Some((
                        !following,
                        if following {
                            followers.saturating_sub(1)
                        } else {
                            followers + 1
                        },
                    )));
                    let follow = follow.clone();
                    let follow_error = follow_error.clone();
                    let name = name.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        match toggle_follow(name).await {
                            Ok(state) => {
                                follow_error.set(None);
                                follow.set(Some((state.following, state.followers)));
                            }
                            Err(error) => {
                                follow_error.set(Some(error.user_message()));
                                follow.set(Some((following, followers)));
                            }
                        }
                    });
                })
            };
            let here = location
                .map(|l| format!("{}{}", l.path(), l.query_str()))
                .unwrap_or_default();
            html! {
                <>
                    <div class="page-head">
                        <h1 data-tag-name={info.name.clone()}>{ &info.name }</h1>
                        if auth.user().is_some() {
                            <button type="button" class={classes!("btn", following.then_some("secondary"))}
                                    data-follow="" aria-pressed={following.to_string()} onclick={on_follow}>
                                { if following { "Following" } else { "Follow" } }
                            </button>
                        } else {
                            <a class="btn secondary" href={sign_in_path(&here)}>{ "Sign in to follow" }</a>
                        }
                    </div>
                    if !info.description.is_empty() {
                        <p class="tag-about">{ &info.description }</p>
                    }
                    <p class="muted" data-tag-stats="">
                        { format!("{} · {}", count(info.questions as i64, "question"), count(followers as i64, "follower")) }
                    </p>
                    if let Some(error) = &*follow_error {
                        <p class="error-text" role="alert">{ error }</p>
                    }
                </>
            }
        }
    };
    let empty = if query.list.q.is_empty() {
        (
            "No questions here".to_owned(),
            "Nothing matches this order yet.".to_owned(),
        )
    } else {
        (
            format!("No questions match “{}”", query.list.q),
            "Try other words.".to_owned(),
        )
    };
    html! {
        <section class="page tag-detail">
            { header }
            <div class="toolbar">
                <SearchBox value={query.list.q.clone()} placeholder={format!("Search questions tagged {name}")} on_search={router.search_callback()} />
            </div>
            <FilterChips<QuestionFilter> value={query.list.filter} label="Order questions" on_change={router.filter_callback()} />
            <QuestionList
                state={questions.state().clone()}
                now={now}
                empty={empty}
                on_page={router.page_callback()}
                on_retry={questions.reload_callback()}
                saved={save.saved.clone()}
                on_save={save.saved.is_some().then(|| save.toggle.clone())}
            />
        </section>
    }
}
