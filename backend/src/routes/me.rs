//! `GET /api/me` (the signed-in user's own profile) and `PATCH /api/me` (editing what
//! DevFlow owns: name, username, bio, location, website), and `GET /api/me/saved`.

use rocket::http::uri::Origin;
use rocket::serde::json::Json;
use rocket::State;
use rocket::{get, patch};
use shared::{ErrorCode, Me, Page, ProfileUpdate, QuestionSummary, SavedListQuery};

use crate::auth::user::AuthUser;
use crate::content;
use crate::db::users::{self, UniqueField};
use crate::db::Db;
use crate::error::{ApiError, ApiResult};
use crate::rate_limit::WriteLimit;
use crate::routes::{parse_body, parse_query, JsonBody};

/// The signed-in user's own profile, with their email and saved question ids.
#[utoipa::path(
    tag = "me",
    responses((status = 200, description = "The signed-in user's own profile", body = Me), crate::openapi::SessionErrors),
    security(("bearer" = []))
)]
#[get("/me")]
pub fn get_me(auth: AuthUser) -> Json<Me> {
    Json(Me::from(auth.user))
}

/// Edits the signed-in user's profile. Rules are `shared::me`'s, so the SPA's form
/// shows the same messages; the first broken rule is answered with its field.
#[utoipa::path(
    tag = "me",
    request_body = ProfileUpdate,
    responses((status = 200, description = "The profile as saved", body = Me), crate::openapi::ProfileErrors),
    security(("bearer" = []))
)]
#[patch("/me", data = "<update>")]
pub async fn patch_me(
    auth: AuthUser,
    _limit: WriteLimit,
    update: JsonBody<ProfileUpdate>,
    db: &State<Db>,
) -> ApiResult<Json<Me>> {
    let update = parse_body(update, "a profile update")?;
    if let Some(error) = update.errors().into_iter().next() {
        return Err(ApiError::InvalidField {
            code: ErrorCode::InvalidParameter,
            field: error.field.to_owned(),
            message: error.message,
        });
    }
    let changes = update.normalised();
    match users::update_user_profile(db, &auth.user.id, &changes).await {
        Ok(Some(user)) => Ok(Json(Me::from(user))),
        // Deleted between the guard and the write.
        Ok(None) => Err(ApiError::rejected(
            ErrorCode::InvalidSession,
            ErrorCode::InvalidSession.default_message(),
        )),
        Err(error) if users::unique_violation(&error) == Some(UniqueField::Username) => {
            Err(ApiError::InvalidField {
                code: ErrorCode::UsernameTaken,
                field: "username".to_owned(),
                message: ErrorCode::UsernameTaken.default_message().to_owned(),
            })
        }
        Err(error) => Err(error.into()),
    }
}

/// The signed-in user's saved questions: `?q=&filter=mostRecent|oldest|mostVoted|mostViewed|mostAnswered&page=&pageSize=`.
#[utoipa::path(
    tag = "me",
    params(crate::openapi::ListParams<shared::SavedFilter>),
    responses((status = 200, description = "One page of the caller's saved questions", body = Page<QuestionSummary>), crate::openapi::SessionListErrors),
    security(("bearer" = []))
)]
#[get("/me/saved")]
pub async fn list_saved(
    auth: AuthUser,
    uri: &Origin<'_>,
    db: &State<Db>,
) -> ApiResult<Json<Page<QuestionSummary>>> {
    let query = parse_query(uri, SavedListQuery::parse)?;
    Ok(Json(
        content::questions::list_saved(db, &auth.user, &query).await?,
    ))
}
