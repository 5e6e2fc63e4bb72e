//! `/api/tags…` (list, one tag, its questions, follow), and the sidebar's
//! `/api/popular-tags` and `/api/hot-questions`. Thin: parse, call
//! [`crate::content`], convert.

use rocket::http::uri::Origin;
use rocket::serde::json::Json;
use rocket::State;
use rocket::{get, post};
use shared::{
    FollowState, HotQuestion, Page, QuestionListQuery, QuestionSummary, Tag, TagDetail,
    TagListQuery,
};

use crate::auth::user::{AuthUser, MaybeUser};
use crate::content;
use crate::db::Db;
use crate::error::ApiResult;
use crate::rate_limit::WriteLimit;
use crate::routes::parse_query;

/// One page of tags: `?q=&filter=popular|recent|name|old&page=&pageSize=`.
#[utoipa::path(
    tag = "tags",
    params(crate::openapi::ListParams<shared::TagFilter>),
    responses((status = 200, description = "One page of tags", body = Page<Tag>), crate::openapi::ListErrors)
)]
#[get("/tags")]
pub async fn list_tags(uri: &Origin<'_>, db: &State<Db>) -> ApiResult<Json<Page<Tag>>> {
    let query = parse_query(uri, TagListQuery::parse)?;
    Ok(Json(content::tags::list_tags(db, &query).await?))
}

/// A tag (any case) and whether the caller follows it, or 404.
#[utoipa::path(
    tag = "tags",
    responses((status = 200, description = "The tag", body = TagDetail), crate::openapi::ResourceForViewerErrors),
    security((), ("bearer" = []))
)]
#[get("/tags/<name>")]
pub async fn get_tag(name: &str, user: MaybeUser, db: &State<Db>) -> ApiResult<Json<TagDetail>> {
    Ok(Json(content::tags::get_tag(db, name, user.user()).await?))
}

/// The tag's questions, with the home list's parameters and envelope:
/// `?q=&filter=&page=&pageSize=`.
#[utoipa::path(
    tag = "tags",
    params(crate::openapi::ListParams<shared::QuestionFilter>),
    responses((status = 200, description = "One page of the tag's questions", body = Page<QuestionSummary>), crate::openapi::SubListForViewerErrors),
    security((), ("bearer" = []))
)]
#[get("/tags/<name>/questions")]
pub async fn list_tag_questions(
    name: &str,
    uri: &Origin<'_>,
    user: MaybeUser,
    db: &State<Db>,
) -> ApiResult<Json<Page<QuestionSummary>>> {
    let mut query = parse_query(uri, QuestionListQuery::parse)?;
    query.tag = content::tags::find_listed_tag(db, name).await?.name;
    Ok(Json(
        content::questions::list_questions(db, &query, user.user()).await?,
    ))
}

/// Follows the tag, or stops following it.
#[utoipa::path(
    tag = "tags",
    responses((status = 200, description = "Whether the caller now follows the tag", body = FollowState), crate::openapi::ActionErrors),
    security(("bearer" = []))
)]
#[post("/tags/<name>/follow")]
pub async fn follow_tag(
    name: &str,
    auth: AuthUser,
    _limit: WriteLimit,
    db: &State<Db>,
) -> ApiResult<Json<FollowState>> {
    Ok(Json(
        content::tags::toggle_follow(db, name, &auth.user).await?,
    ))
}

/// The five tags with the most questions.
#[utoipa::path(
    tag = "tags",
    responses((status = 200, description = "The five tags with the most questions", body = Vec<Tag>), crate::openapi::ReadErrors)
)]
#[get("/popular-tags")]
pub async fn popular_tags(db: &State<Db>) -> ApiResult<Json<Vec<Tag>>> {
    Ok(Json(content::tags::popular_tags(db).await?))
}

/// The five hottest questions (Stack Exchange's formula).
#[utoipa::path(
    tag = "tags",
    responses((status = 200, description = "The five hottest questions", body = Vec<HotQuestion>), crate::openapi::ReadErrors)
)]
#[get("/hot-questions")]
pub async fn hot_questions(db: &State<Db>) -> ApiResult<Json<Vec<HotQuestion>>> {
    Ok(Json(content::questions::hot_questions(db).await?))
}
