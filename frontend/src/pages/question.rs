//! `/question/{id}` and `/question/{id}/{anything…}`: a question with its answers.
//!
//! The address is corrected to the canonical `/question/{id}/{slug}` (replacing the
//! history entry). Votes and saving show at once and roll back if the API refuses; the
//! answers' order is in the URL (`?filter=`); signed-in visitors answer with a live
//! preview, signed-out ones are invited to sign in.

use std::collections::HashMap;

use shared::questions::check_content;
use shared::{
    AnswerFilter, AnswerListQuery, ErrorCode, ListFilter, QuestionDetail, VoteDirection, VoteState,
};
use yew::prelude::*;
use yew_router::prelude::*;
use yew_router::query::Raw;

use crate::api::questions::{
    accept_answer, delete_answer, delete_question, get_question, list_answers, post_answer,
    toggle_save, vote, Post,
};
use crate::components::answer_item::AnswerItem;
use crate::components::avatar::Avatar;
use crate::components::error_view::ErrorView;
use crate::components::filter_select::FilterSelect;
use crate::components::markdown_editor::MarkdownEditor;
use crate::components::pagination::Pagination;
use crate::components::rich_text::RichText;
use crate::components::tag_link::TagLink;
use crate::components::vote_buttons::VoteButtons;
use crate::format::{ago, count};
use crate::hooks::use_auth::{use_auth, AuthStatus};
use crate::hooks::use_fetch::{use_get, Fetch};
use crate::hooks::use_markdown_preview::use_markdown_preview;
use crate::hooks::use_now::use_now;
use crate::hooks::use_router::use_router;
use crate::hooks::use_title::use_head;
use crate::page_data::{Head, PageData};
use crate::routes::{current_fragment, navigate_to, question_route, sign_in_path, Route};

#[derive(Properties, PartialEq)]
pub struct QuestionPageProps {
    pub id: AttrValue,
    /// What followed the id in the address (`None` for `/question/{id}`).
    #[prop_or_default]
    pub slug: Option<AttrValue>,
}

/// Shows the question for whoever is signed in: their vote and saved flag come with it,
/// and a view is counted for them. A page the server rendered (the signed-out view)
/// shows at once and is fetched again only if someone turns out to be signed in;
/// otherwise loading waits until the session is known, so the view is counted once.
#[component]
pub fn QuestionPage(props: &QuestionPageProps) -> Html {
    let auth = use_auth();
    let page_data = use_context::<PageData>();
    let from_page = *use_memo(props.id.clone(), |id| {
        page_data.is_some_and(|data| data.provides(get_question(id.to_string()).path()))
    });
    if auth.status == AuthStatus::Loading && !from_page {
        return html! { <section class="page"><p class="muted" aria-busy="true">{ "Loading question…" }</p></section> };
    }
    let viewer = auth.user().map(|me| AttrValue::from(me.clerk_id.clone()));
    html! { <QuestionView key={props.id.to_string()} id={props.id.clone()} slug={props.slug.clone()} viewer={viewer} /> }
}

/// Runs `reload` whenever `viewer` changes after the first render.
#[hook]
fn use_reload_for_viewer(viewer: Option<AttrValue>, reload: Callback<()>) {
    let first = use_mut_ref(|| true);
    use_effect_with(viewer, move |_| {
        if !std::mem::take(&mut *first.borrow_mut()) {
            reload.emit(());
        }
    });
}

fn confirm(message: &str) -> bool {
    crate::browser::window()
        .and_then(|w| w.confirm_with_message(message).ok())
        .unwrap_or(false)
}

#[derive(Properties, PartialEq)]
struct QuestionViewProps {
    id: AttrValue,
    slug: Option<AttrValue>,
    /// Who is signed in (`None` also while that is not known yet).
    viewer: Option<AttrValue>,
}

#[component]
fn QuestionView(props: &QuestionViewProps) -> Html {
    let question = use_get(props.id.to_string(), get_question);
    use_reload_for_viewer(props.viewer.clone(), question.reload_callback());
    let navigator = use_navigator();
    let location = use_location();

    // Canonical address: replace, do not push, so Back skips the uncorrected one.
    {
        let navigator = navigator.clone();
        let slug = props.slug.clone();
        let query = location
            .map(|l| l.query_str().trim_start_matches('?').to_owned())
            .unwrap_or_default();
        let loaded = match question.state() {
            Fetch::Ready(q) => Some((q.summary.id.clone(), q.summary.slug.clone())),
            _ => None,
        };
        use_effect_with(loaded, move |loaded| {
            if let (Some((id, canonical)), Some(navigator)) = (loaded, navigator) {
                if slug.as_deref().unwrap_or_default() != canonical.as_str() {
                    let route = question_route(id, canonical);
                    let _ = navigator.replace_with_query(&route, Raw(query));
                }
            }
        });
    }

    match question.state_keeping_latest() {
        Fetch::Loading => {
            html! { <section class="page"><p class="muted" aria-busy="true">{ "Loading question…" }</p></section> }
        }
        Fetch::Failed(error) if error.code() == Some(ErrorCode::NotFound) => html! {
            <section class="page" data-state="not-found">
                <h1>{ "Question not found" }</h1>
                <p class="muted">{ "It may have been deleted, or the link is wrong." }</p>
                <Link<Route> to={Route::Home} classes="btn">{ "Browse questions" }</Link<Route>>
            </section>
        },
        Fetch::Failed(error) => html! {
            <section class="page"><ErrorView message={error.user_message()} on_retry={question.reload_callback()} /></section>
        },
        Fetch::Ready(detail) => {
            html! { <QuestionBody question={detail} viewer={props.viewer.clone()} /> }
        }
    }
}

#[derive(Properties, PartialEq)]
struct QuestionBodyProps {
    question: QuestionDetail,
    viewer: Option<AttrValue>,
}

#[component]
fn QuestionBody(props: &QuestionBodyProps) -> Html {
    let q = &props.question;
    use_head(Head {
        title: q.summary.title.clone(),
        description: Some(shared::search::snippet(&q.content, &[])),
        canonical: Some(shared::search::question_url(&q.summary.id, &q.summary.slug)),
    });
    let id = q.summary.id.clone();
    let auth = use_auth();
    let now = use_now();
    let navigator = use_navigator();
    let location = use_location();
    let me = auth.user().cloned();
    let signed_in = me.is_some();

    // Votes and saving: what the page shows, changed at once, rolled back on refusal.
    let votes = use_state(|| VoteState {
        upvotes: q.summary.upvotes,
        downvotes: q.summary.downvotes,
        my_vote: q.my_vote,
    });
    let saved = use_state(|| q.saved);
    {
        // The question fetched again (for a new viewer, say) brings its own votes.
        let (votes, saved) = (votes.clone(), saved.clone());
        let fresh = (
            VoteState {
                upvotes: q.summary.upvotes,
                downvotes: q.summary.downvotes,
                my_vote: q.my_vote,
            },
            q.saved,
        );
        use_effect_with(fresh, move |(fresh_votes, fresh_saved)| {
            votes.set(*fresh_votes);
            saved.set(*fresh_saved);
        });
    }
    let action_error = use_state(|| None::<String>);
    let on_vote = {
        let (votes, action_error, id) = (votes.clone(), action_error.clone(), id.clone());
        Callback::from(move |direction: VoteDirection| {
            let before = *votes;
            votes.set(before.after(direction));
            action_error.set(None);
            let (votes, action_error, id) = (votes.clone(), action_error.clone(), id.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match vote(Post::Question, id, direction).await {
                    Ok(state) => votes.set(state),
                    Err(error) => {
                        votes.set(before);
                        action_error.set(Some(error.user_message()));
                    }
                }
            });
        })
    };
    let on_save = {
        let (saved, action_error, id) = (saved.clone(), action_error.clone(), id.clone());
        let auth = auth.clone();
        Callback::from(move |_: MouseEvent| {
            let before = *saved;
            saved.set(!before);
            action_error.set(None);
            let (saved, action_error, id) = (saved.clone(), action_error.clone(), id.clone());
            let auth = auth.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match toggle_save(id).await {
                    Ok(state) => {
                        saved.set(state.saved);
                        // Lists show saved stars from the user's saved ids.
                        auth.refresh();
                    }
                    Err(error) => {
                        saved.set(before);
                        action_error.set(Some(error.user_message()));
                    }
                }
            });
        })
    };
    let on_delete = {
        let (navigator, action_error, id) = (navigator.clone(), action_error.clone(), id.clone());
        Callback::from(move |_: MouseEvent| {
            if !confirm("Delete this question and all its answers?") {
                return;
            }
            let (navigator, action_error, id) =
                (navigator.clone(), action_error.clone(), id.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match delete_question(id).await {
                    Ok(()) => {
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::Home);
                        }
                    }
                    Err(error) => action_error.set(Some(error.user_message())),
                }
            });
        })
    };

    let here = location
        .map(|l| format!("{}{}", l.path(), l.query_str()))
        .unwrap_or_else(|| "/".to_owned());
    let sign_in_href = sign_in_path(&here);
    // Signing in comes back here.
    let on_sign_in = {
        let (navigator, href) = (navigator.clone(), sign_in_href.clone());
        Callback::from(move |event: MouseEvent| {
            event.prevent_default();
            if let Some(navigator) = &navigator {
                navigate_to(navigator, &href);
            }
        })
    };
    let author = q.summary.author.clone();
    html! {
        <section class="page question-page">
            <header class="question-head">
                <h1 data-question-title="">{ &q.summary.title }</h1>
                <div class="question-byline">
                    if let Some(author) = &author {
                        <Link<Route> to={Route::Profile { id: author.clerk_id.clone() }} classes="author">
                            <Avatar src={author.picture.clone()} name={author.name.clone()} class="avatar tiny" size=24 />
                            <span>{ &author.name }</span>
                            <span class="reputation muted" title="Reputation">{ author.reputation }</span>
                        </Link<Route>>
                    }
                    <span class="muted" data-asked="">{ format!("asked {}", ago(&q.summary.created_at, &now)) }</span>
                    <span class="muted" data-views="">{ count(q.summary.views as i64, "view") }</span>
                    if let Some(updated) = &q.updated_at {
                        <span class="muted">{ format!("edited {}", ago(updated, &now)) }</span>
                    }
                </div>
            </header>
            if let Some(error) = &*action_error {
                <p class="form-error" role="alert" data-action-error="">{ error }</p>
            }
            <div class="post">
                <div class="post-side">
                    <VoteButtons state={*votes} noun="question" disabled={!signed_in || q.mine} on_vote={on_vote} />
                    <button type="button" class={classes!("save", saved.then_some("pressed"))} data-save=""
                            aria-pressed={saved.to_string()} disabled={!signed_in}
                            title={if *saved { "Remove from your saved questions" } else { "Save this question" }}
                            onclick={on_save}>
                        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"><path d="M19 21l-7-5-7 5V5a2 2 0 0 1 2-2h10a2 2 0 0 1 2 2z" fill={if *saved { "currentColor" } else { "none" }} stroke="currentColor" stroke-width="2" /></svg>
                    </button>
                </div>
                <div class="post-main">
                    <RichText html={q.content_html.clone()} />
                    <div class="chips">
                        { for q.summary.tags.iter().map(|tag| html! { <TagLink key={tag.id.clone()} name={tag.name.clone()} /> }) }
                    </div>
                    if q.mine {
                        <div class="post-actions">
                            <Link<Route> to={Route::EditQuestion { id: id.clone() }} classes="btn secondary">{ "Edit" }</Link<Route>>
                            <button type="button" class="btn secondary danger" data-delete-question="" onclick={on_delete}>{ "Delete" }</button>
                        </div>
                    }
                    if !signed_in {
                        <p class="muted hint">
                            <a href={sign_in_href.clone()} onclick={on_sign_in.clone()}>{ "Sign in" }</a>{ " to vote or save." }
                        </p>
                    }
                </div>
            </div>
            <Answers question={id.clone()} viewer={props.viewer.clone()} total={q.summary.answers} asker={q.mine} signed_in={signed_in} sign_in_href={sign_in_href} on_sign_in={on_sign_in} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct AnswersProps {
    question: String,
    viewer: Option<AttrValue>,
    total: u64,
    /// Whether the viewer asked the question.
    asker: bool,
    signed_in: bool,
    sign_in_href: String,
    on_sign_in: Callback<MouseEvent>,
}

#[component]
fn Answers(props: &AnswersProps) -> Html {
    let router = use_router::<AnswerListQuery>();
    let query = router.query.clone();
    let answers = use_get((props.question.clone(), query.clone()), |(id, query)| {
        list_answers(id, query)
    });
    use_reload_for_viewer(props.viewer.clone(), answers.reload_callback());
    let now = use_now();
    let vote_overrides = use_state(HashMap::<String, VoteState>::new);
    let action_error = use_state(|| None::<String>);
    let draft = use_state(String::new);
    let draft_error = use_state(|| None::<String>);
    let posting = use_state(|| false);
    let preview = use_markdown_preview((*draft).clone());
    {
        // Fresh answers carry fresh votes.
        let vote_overrides = vote_overrides.clone();
        use_effect_with(answers.state().clone(), move |_| {
            vote_overrides.set(HashMap::new())
        });
    }
    {
        // A link to one answer (`#answer-{id}`, from search) scrolls to it once the
        // answers are there; the browser cannot, as they load after the page.
        let scrolled = use_mut_ref(|| false);
        let ready = matches!(answers.state(), Fetch::Ready(_));
        use_effect_with(ready, move |ready| {
            let fragment = current_fragment();
            if *ready && !*scrolled.borrow() && fragment.starts_with("answer-") {
                *scrolled.borrow_mut() = true;
                if let Some(element) = crate::browser::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id(&fragment))
                {
                    element.scroll_into_view();
                    let _ = element.set_attribute("data-linked", "");
                }
            }
        });
    }

    let on_filter = {
        let router = router.clone();
        Callback::from(move |value: String| {
            router.push(AnswerListQuery {
                filter: AnswerFilter::parse(&value).unwrap_or_default(),
                page: 1,
                ..router.query.clone()
            })
        })
    };
    let on_page = {
        let router = router.clone();
        Callback::from(move |page: u32| {
            router.push(AnswerListQuery {
                page,
                ..router.query.clone()
            })
        })
    };
    let current_votes = {
        let vote_overrides = vote_overrides.clone();
        let answers = answers.clone();
        move |id: &str| -> Option<VoteState> {
            if let Some(state) = vote_overrides.get(id) {
                return Some(*state);
            }
            match answers.state() {
                Fetch::Ready(page) => page.items.iter().find(|a| a.id == id).map(|a| VoteState {
                    upvotes: a.upvotes,
                    downvotes: a.downvotes,
                    my_vote: a.my_vote,
                }),
                _ => None,
            }
        }
    };
    let on_vote = {
        let (vote_overrides, action_error) = (vote_overrides.clone(), action_error.clone());
        Callback::from(move |(id, direction): (String, VoteDirection)| {
            let Some(before) = current_votes(&id) else {
                return;
            };
            let mut next = (*vote_overrides).clone();
            next.insert(id.clone(), before.after(direction));
            vote_overrides.set(next.clone());
            action_error.set(None);
            let (vote_overrides, action_error) = (vote_overrides.clone(), action_error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = vote(Post::Answer, id.clone(), direction).await;
                let mut settled = next;
                match result {
                    Ok(state) => {
                        settled.insert(id, state);
                    }
                    Err(error) => {
                        settled.insert(id, before);
                        action_error.set(Some(error.user_message()));
                    }
                }
                vote_overrides.set(settled);
            });
        })
    };
    let on_accept = {
        let (answers, action_error) = (answers.clone(), action_error.clone());
        Callback::from(move |id: String| {
            let (answers, action_error) = (answers.clone(), action_error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match accept_answer(id).await {
                    Ok(_) => answers.reload(),
                    Err(error) => action_error.set(Some(error.user_message())),
                }
            });
        })
    };
    let on_delete = {
        let (answers, action_error) = (answers.clone(), action_error.clone());
        Callback::from(move |id: String| {
            if !confirm("Delete your answer?") {
                return;
            }
            let (answers, action_error) = (answers.clone(), action_error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match delete_answer(id).await {
                    Ok(()) => answers.reload(),
                    Err(error) => action_error.set(Some(error.user_message())),
                }
            });
        })
    };
    let on_draft = {
        let (draft, draft_error) = (draft.clone(), draft_error.clone());
        Callback::from(move |text: String| {
            if draft_error.is_some() && check_content(&text).is_ok() {
                draft_error.set(None);
            }
            draft.set(text);
        })
    };
    let on_submit = {
        let (draft, draft_error, posting, answers) = (
            draft.clone(),
            draft_error.clone(),
            posting.clone(),
            answers.clone(),
        );
        let question = props.question.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *posting {
                return;
            }
            if let Err(error) = check_content(&draft) {
                draft_error.set(Some(error.message));
                return;
            }
            posting.set(true);
            let (draft, draft_error, posting, answers, question) = (
                draft.clone(),
                draft_error.clone(),
                posting.clone(),
                answers.clone(),
                question.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match post_answer(question, (*draft).clone()).await {
                    Ok(_) => {
                        draft.set(String::new());
                        answers.reload();
                    }
                    Err(error) => draft_error.set(Some(error.user_message())),
                }
                posting.set(false);
            });
        })
    };

    let list = match answers.state_keeping_latest() {
        Fetch::Loading => html! { <p class="muted" aria-busy="true">{ "Loading answers…" }</p> },
        Fetch::Failed(error) => {
            html! { <ErrorView message={error.user_message()} on_retry={answers.reload_callback()} /> }
        }
        Fetch::Ready(page) if page.total == 0 => {
            html! { <p class="muted" data-state="no-answers">{ "No answers yet. Know the answer? Share it below." }</p> }
        }
        Fetch::Ready(page) => html! {
            <>
                <div class="answer-list" data-state="ready">
                    { for page.items.iter().map(|a| {
                        let mut answer = a.clone();
                        if let Some(state) = vote_overrides.get(&a.id) {
                            answer.upvotes = state.upvotes;
                            answer.downvotes = state.downvotes;
                            answer.my_vote = state.my_vote;
                        }
                        let can_vote = props.signed_in && !a.mine;
                        html! {
                            <AnswerItem key={a.id.clone()} answer={answer} now={now} can_accept={props.asker}
                                        can_vote={can_vote} on_vote={on_vote.clone()} on_accept={on_accept.clone()} on_delete={on_delete.clone()} />
                        }
                    }) }
                </div>
                if page.page_count() > 1 {
                    <Pagination page={page.page} page_count={page.page_count()} has_next={page.is_next} on_page={on_page} />
                }
            </>
        },
    };
    let total = match answers.state() {
        Fetch::Ready(page) => page.total,
        _ => props.total,
    };
    let options: Vec<(&'static str, &'static str)> = AnswerFilter::ALL
        .iter()
        .map(|f| (f.as_str(), f.label()))
        .collect();
    html! {
        <section class="answers" aria-label="Answers">
            <div class="answers-head">
                <h2 data-answer-count={total.to_string()}>{ count(total as i64, "Answer") }</h2>
                <FilterSelect options={options} value={query.filter.as_str()} label="Order answers" on_change={on_filter} />
            </div>
            if let Some(error) = &*action_error {
                <p class="form-error" role="alert">{ error }</p>
            }
            { list }
            if props.signed_in {
                <form class="answer-form" onsubmit={on_submit} novalidate=true>
                    <MarkdownEditor id="answer-content" label="Your answer" value={(*draft).clone()} on_input={on_draft}
                                    preview={preview} error={(*draft_error).clone().map(AttrValue::from)}
                                    hint="Markdown: **bold**, `code`, ```rust fenced code```, lists, tables, links." />
                    <button type="submit" class="btn" disabled={*posting} data-submit-answer="">
                        { if *posting { "Posting…" } else { "Post your answer" } }
                    </button>
                </form>
            } else {
                <p class="sign-in-prompt" data-sign-in-to-answer="">
                    <a href={props.sign_in_href.clone()} onclick={props.on_sign_in.clone()}>{ "Sign in to answer" }</a>{ " this question." }
                </p>
            }
        </section>
    }
}
