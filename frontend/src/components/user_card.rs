//! A user on the Community grid; the whole card links to the profile.

use shared::UserSummary;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::avatar::Avatar;
use crate::routes::Route;

#[derive(Properties, PartialEq)]
pub struct UserCardProps {
    pub user: UserSummary,
}

#[component]
pub fn UserCard(props: &UserCardProps) -> Html {
    let user = &props.user;
    html! {
        <Link<Route> to={Route::Profile { id: user.clerk_id.clone() }} classes="user-card">
            <Avatar src={user.picture.clone()} name={user.name.clone()} class="avatar" size=96 />
            <span class="user-name" title={user.name.clone()}>{ &user.name }</span>
            <span class="user-handle">{ format!("@{}", user.username) }</span>
            <span class="chips">
                { for user.top_tags.iter().map(|tag| html! { <span class="chip">{ &tag.name }</span> }) }
            </span>
        </Link<Route>>
    }
}

/// Placeholder card shown while the list loads.
#[component]
pub fn UserCardSkeleton() -> Html {
    html! {
        <div class="user-card skeleton" aria-hidden="true">
            <span class="avatar" />
            <span class="line wide" />
            <span class="line" />
        </div>
    }
}
