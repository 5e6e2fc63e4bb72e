//! `GET /api/users` (the Community list) and `GET /api/users/{clerkId}` (a profile).

use rocket::get;
use rocket::http::uri::Origin;
use rocket::serde::json::Json;
use rocket::State;
use shared::{
    Page, ProfilePostsQuery, QuestionSummary, TagRef, UserAnswer, UserListQuery, UserProfile,
    UserSummary,
};

use crate::content;
use crate::db::users::{self, UserDoc};
use crate::db::{answers, questions, tags, Db};
use crate::domain::badges::{badge_counts, UserActivity};
use crate::error::{ApiError, ApiResult};
use crate::routes::parse_query;

const TOP_TAGS: usize = 3;

/// Public summaries with each user's top tags, looked up in one pass for the page.
async fn summaries(db: &Db, users: Vec<UserDoc>) -> ApiResult<Vec<UserSummary>> {
    let ids: Vec<String> = users.iter().map(|u| u.id.clone()).collect();
    let mut top = questions::top_tag_ids_by_author(db, &ids, TOP_TAGS).await?;
    let mut tag_ids: Vec<String> = top.values().flatten().cloned().collect();
    tag_ids.sort();
    tag_ids.dedup();
    let names = tags::find_tag_names(db, &tag_ids).await?;
    Ok(users
        .into_iter()
        .map(|user| {
            let ids = top.remove(&user.id).unwrap_or_default();
            let mut summary = UserSummary::from(user);
            summary.top_tags = ids
                .into_iter()
                .filter_map(|id| {
                    names.get(&id).map(|name| TagRef {
                        name: name.clone(),
                        id,
                    })
                })
                .collect();
            summary
        })
        .collect())
}

/// One page of users: `?q=&filter=&page=&pageSize=`; a bad parameter is a 400 naming it.
#[utoipa::path(
    tag = "users",
    params(crate::openapi::ListParams<shared::UserFilter>),
    responses((status = 200, description = "One page of users", body = Page<UserSummary>), crate::openapi::ListErrors)
)]
#[get("/users")]
pub async fn list_users(uri: &Origin<'_>, db: &State<Db>) -> ApiResult<Json<Page<UserSummary>>> {
    let query = parse_query(uri, UserListQuery::parse)?;
    let (users, total) = users::list_users(db, &query).await?;
    let items = summaries(db, users).await?;
    Ok(Json(Page::new(items, query.page, query.page_size, total)))
}

async fn user_by_clerk_id(db: &Db, clerk_id: &str) -> ApiResult<UserDoc> {
    users::find_user_by_clerk_id(db, clerk_id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("No user has the id {clerk_id}.")))
}

/// A user's questions: `?filter=newest|top&page=&pageSize=`.
#[utoipa::path(
    tag = "users",
    params(crate::openapi::ListParams<shared::ProfilePostOrder>),
    responses((status = 200, description = "One page of the user's questions", body = Page<QuestionSummary>), crate::openapi::SubListErrors)
)]
#[get("/users/<clerk_id>/questions")]
pub async fn list_user_questions(
    clerk_id: &str,
    uri: &Origin<'_>,
    db: &State<Db>,
) -> ApiResult<Json<Page<QuestionSummary>>> {
    let query = parse_query(uri, ProfilePostsQuery::parse)?;
    let user = user_by_clerk_id(db, clerk_id).await?;
    Ok(Json(
        content::questions::list_questions_by_author(db, &user, &query).await?,
    ))
}

/// A user's answers with their questions' titles: `?filter=newest|top&page=&pageSize=`.
#[utoipa::path(
    tag = "users",
    params(crate::openapi::ListParams<shared::ProfilePostOrder>),
    responses((status = 200, description = "One page of the user's answers", body = Page<UserAnswer>), crate::openapi::SubListErrors)
)]
#[get("/users/<clerk_id>/answers")]
pub async fn list_user_answers(
    clerk_id: &str,
    uri: &Origin<'_>,
    db: &State<Db>,
) -> ApiResult<Json<Page<UserAnswer>>> {
    let query = parse_query(uri, ProfilePostsQuery::parse)?;
    let user = user_by_clerk_id(db, clerk_id).await?;
    Ok(Json(
        content::answers::list_answers_by_author(db, &user, &query).await?,
    ))
}

/// A user's public profile, or 404.
#[utoipa::path(
    tag = "users",
    responses((status = 200, description = "The public profile", body = UserProfile), crate::openapi::ResourceErrors)
)]
#[get("/users/<clerk_id>")]
pub async fn get_user(clerk_id: &str, db: &State<Db>) -> ApiResult<Json<UserProfile>> {
    let user = user_by_clerk_id(db, clerk_id).await?;
    let (asked, answered) = futures::try_join!(
        questions::author_totals(db, &user.id),
        answers::author_totals(db, &user.id)
    )?;
    let activity = UserActivity {
        questions: asked.count,
        answers: answered.count,
        question_upvotes: asked.upvotes,
        answer_upvotes: answered.upvotes,
        question_views: asked.views,
    };
    let (bio, location, portfolio_website) = (
        user.bio.clone(),
        user.location.clone(),
        user.portfolio_website.clone(),
    );
    let summary = summaries(db, vec![user])
        .await?
        .pop()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("summary of one user is empty")))?;
    Ok(Json(UserProfile {
        summary,
        bio,
        location,
        portfolio_website,
        question_count: activity.questions,
        answer_count: activity.answers,
        badges: badge_counts(&activity),
        total_views: activity.question_views,
    }))
}
