//! `/profile/{clerkId}`: a user's public profile, with their questions and answers.

use shared::{ErrorCode, ProfilePostOrder, ProfilePostsQuery, UserProfile};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::questions::{user_answers, user_questions};
use crate::api::users::get_user;
use crate::components::avatar::Avatar;
use crate::components::error_view::ErrorView;
use crate::components::pagination::Pagination;
use crate::components::question_card::QuestionCard;
use crate::format::{ago, compact, count, joined};
use crate::hooks::use_auth::use_auth;
use crate::hooks::use_fetch::{use_get, Fetch};
use crate::hooks::use_now::use_now;
use crate::hooks::use_title::use_title;
use crate::routes::{question_route, Route};

#[derive(Properties, PartialEq)]
pub struct ProfileProps {
    pub clerk_id: AttrValue,
}

fn stat(label: &'static str, value: String) -> Html {
    html! {
        <div class="stat">
            <span class="stat-value">{ value }</span>
            <span class="stat-label">{ label }</span>
        </div>
    }
}

/// What a profile section says about the user's activity, from their counts.
pub fn activity_line(name: &str, count: u64, verb: &str, noun: &str) -> String {
    match count {
        0 => format!("{name} has not {verb} any {noun}s yet."),
        1 => format!("{name} has {verb} 1 {noun}."),
        n => format!("{name} has {verb} {n} {noun}s."),
    }
}

fn view(profile: &UserProfile, own: bool) -> Html {
    let user = &profile.summary;
    html! {
        <>
            <header class="profile-header">
                <Avatar src={user.picture.clone()} name={user.name.clone()} class="avatar large" size=140 />
                <div class="profile-info">
                    <h1>{ &user.name }</h1>
                    <p class="user-handle">{ format!("@{}", user.username) }</p>
                    <ul class="profile-meta">
                        if let Some(website) = &profile.portfolio_website {
                            <li><a href={website.clone()} rel="noopener nofollow ugc" target="_blank">{ website }</a></li>
                        }
                        if let Some(location) = &profile.location {
                            <li>{ location }</li>
                        }
                        <li data-joined="">{ joined(&user.joined_at) }</li>
                    </ul>
                    if let Some(bio) = &profile.bio {
                        <p class="bio">{ bio }</p>
                    }
                    if own {
                        <div class="profile-actions">
                            <Link<Route> to={Route::ProfileEdit} classes="btn secondary">{ "Edit profile" }</Link<Route>>
                        </div>
                    }
                </div>
            </header>
            <section class="stats" aria-label="Stats">
                { stat("Reputation", compact(user.reputation)) }
                { stat("Questions", compact(profile.question_count as i64)) }
                { stat("Answers", compact(profile.answer_count as i64)) }
                { stat("Total views", compact(profile.total_views as i64)) }
                <div class="stat badges">
                    <span class="badge gold" title="Gold badges">{ format!("● {}", profile.badges.gold) }</span>
                    <span class="badge silver" title="Silver badges">{ format!("● {}", profile.badges.silver) }</span>
                    <span class="badge bronze" title="Bronze badges">{ format!("● {}", profile.badges.bronze) }</span>
                    <span class="stat-label">{ "Badges" }</span>
                </div>
            </section>
            if !user.top_tags.is_empty() {
                <section class="chips" aria-label="Top tags">
                    { for user.top_tags.iter().map(|tag| html! { <span class="chip">{ &tag.name }</span> }) }
                </section>
            }
            <ProfileTabs profile={profile.clone()} />
        </>
    }
}

/// Which of the user's posts the profile lists.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Questions,
    Answers,
}

#[derive(Properties, PartialEq)]
struct ProfileTabsProps {
    profile: UserProfile,
}

/// "Top Posts" (questions) and "Answers", each best first and paged.
#[component]
fn ProfileTabs(props: &ProfileTabsProps) -> Html {
    let tab = use_state(|| Tab::Questions);
    let user = &props.profile.summary;
    let button = |which: Tab, label: &'static str, count: u64| {
        let selected = *tab == which;
        let tab = tab.clone();
        html! {
            <button type="button" role="tab" class={classes!("tab", selected.then_some("active"))}
                    aria-selected={selected.to_string()} data-tab={label}
                    onclick={Callback::from(move |_: MouseEvent| tab.set(which))}>
                { format!("{label} ({count})") }
            </button>
        }
    };
    let (line, list) = match *tab {
        Tab::Questions => (
            activity_line(
                &user.name,
                props.profile.question_count,
                "asked",
                "question",
            ),
            (props.profile.question_count > 0)
                .then(|| html! { <UserQuestions clerk_id={user.clerk_id.clone()} /> }),
        ),
        Tab::Answers => (
            activity_line(&user.name, props.profile.answer_count, "written", "answer"),
            (props.profile.answer_count > 0)
                .then(|| html! { <UserAnswers clerk_id={user.clerk_id.clone()} /> }),
        ),
    };
    html! {
        <section class="profile-section" data-section={if *tab == Tab::Questions { "questions" } else { "answers" }}>
            <div class="tabs" role="tablist" aria-label="Posts">
                { button(Tab::Questions, "Top Posts", props.profile.question_count) }
                { button(Tab::Answers, "Answers", props.profile.answer_count) }
            </div>
            <p class="muted">{ line }</p>
            { list.unwrap_or_default() }
        </section>
    }
}

/// Profile lists are short pages.
const POSTS_PAGE_SIZE: u32 = 5;

fn posts_query(page: u32) -> ProfilePostsQuery {
    ProfilePostsQuery {
        page,
        page_size: POSTS_PAGE_SIZE,
        filter: ProfilePostOrder::Top,
        ..ProfilePostsQuery::default()
    }
}

#[derive(Properties, PartialEq)]
struct PostsProps {
    clerk_id: String,
}

/// The user's questions, best first, paged.
#[component]
fn UserQuestions(props: &PostsProps) -> Html {
    let page = use_state(|| 1_u32);
    let questions = use_get((props.clerk_id.clone(), posts_query(*page)), user_questions);
    let now = use_now();
    let on_page = {
        let page = page.clone();
        Callback::from(move |p: u32| page.set(p))
    };
    match questions.state().clone() {
        Fetch::Loading => html! { <p class="muted" aria-busy="true">{ "Loading questions…" }</p> },
        Fetch::Failed(error) => {
            html! { <ErrorView message={error.user_message()} on_retry={questions.reload_callback()} /> }
        }
        Fetch::Ready(list) => html! {
            <>
                <div class="question-list" data-list="user-questions">
                    { for list.items.iter().map(|q| html! { <QuestionCard key={q.id.clone()} question={q.clone()} now={now} /> }) }
                </div>
                if list.page_count() > 1 {
                    <Pagination page={list.page} page_count={list.page_count()} has_next={list.is_next} on_page={on_page} />
                }
            </>
        },
    }
}

/// The user's answers with their questions' titles, best first, paged.
#[component]
fn UserAnswers(props: &PostsProps) -> Html {
    let page = use_state(|| 1_u32);
    let answers = use_get((props.clerk_id.clone(), posts_query(*page)), user_answers);
    let now = use_now();
    let on_page = {
        let page = page.clone();
        Callback::from(move |p: u32| page.set(p))
    };
    match answers.state().clone() {
        Fetch::Loading => html! { <p class="muted" aria-busy="true">{ "Loading answers…" }</p> },
        Fetch::Failed(error) => {
            html! { <ErrorView message={error.user_message()} on_retry={answers.reload_callback()} /> }
        }
        Fetch::Ready(list) => html! {
            <>
                <ul class="answer-links" data-list="user-answers">
                    { for list.items.iter().map(|a| {
                        let score = a.upvotes as i64 - a.downvotes as i64;
                        html! {
                            <li key={a.id.clone()} class="question-card">
                                <Link<Route> to={question_route(&a.question_id, &a.question_slug)}>{ &a.question_title }</Link<Route>>
                                <span class="question-meta muted">
                                    { count(score, "vote") }
                                    if a.accepted { <span class="accepted-label">{ " · accepted" }</span> }
                                    { format!(" · answered {}", ago(&a.created_at, &now)) }
                                </span>
                            </li>
                        }
                    }) }
                </ul>
                if list.page_count() > 1 {
                    <Pagination page={list.page} page_count={list.page_count()} has_next={list.is_next} on_page={on_page} />
                }
            </>
        },
    }
}

#[component]
pub fn Profile(props: &ProfileProps) -> Html {
    let profile = use_get(props.clerk_id.to_string(), get_user);
    use_title(match profile.state() {
        Fetch::Ready(profile) => profile.summary.name.as_str(),
        Fetch::Failed(_) => "User not found",
        Fetch::Loading => "Profile",
    });
    let auth = use_auth();
    let own = auth
        .user()
        .is_some_and(|me| me.clerk_id == props.clerk_id.as_str());
    let body = match profile.state().clone() {
        Fetch::Loading => html! { <p class="muted" aria-busy="true">{ "Loading profile…" }</p> },
        Fetch::Ready(profile) => view(&profile, own),
        Fetch::Failed(error) if error.code() == Some(ErrorCode::NotFound) => html! {
            <>
                <h1>{ "User not found" }</h1>
                <p class="muted">{ "This user does not exist or has deleted their account." }</p>
            </>
        },
        Fetch::Failed(error) => {
            html! { <ErrorView message={error.user_message()} on_retry={profile.reload_callback()} /> }
        }
    };
    html! { <section class="page profile">{ body }</section> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activity_lines_follow_the_counts() {
        assert_eq!(
            activity_line("Ada", 0, "asked", "question"),
            "Ada has not asked any questions yet."
        );
        assert_eq!(
            activity_line("Ada", 1, "written", "answer"),
            "Ada has written 1 answer."
        );
        assert_eq!(
            activity_line("Ada", 12, "asked", "question"),
            "Ada has asked 12 questions."
        );
    }
}
