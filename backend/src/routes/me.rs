//! `GET /api/me` (the signed-in user's own profile) and `PATCH /api/me` (editing what
//! DevFlow owns: name, username, bio, location, website).

use rocket::serde::json::Json;
use rocket::State;
use shared::{ErrorCode, Me, ProfileUpdate};

use crate::auth::user::AuthUser;
use crate::db::users::{self, UniqueField, UserDoc};
use crate::db::Db;
use crate::error::{ApiError, ApiResult};

fn me(user: UserDoc) -> Me {
    Me {
        clerk_id: user.clerk_id,
        name: user.name,
        username: user.username,
        email: user.email,
        picture: user.picture,
        bio: user.bio,
        location: user.location,
        portfolio_website: user.portfolio_website,
        reputation: user.reputation,
        saved: user.saved,
        joined_at: user.joined_at.to_chrono(),
    }
}

/// The signed-in user's own profile, with their email and saved question ids.
#[rocket::get("/me")]
pub fn get_me(auth: AuthUser) -> Json<Me> {
    Json(me(auth.user))
}

/// Edits the signed-in user's profile. Rules are `shared::me`'s, so the SPA's form
/// shows the same messages; the first broken rule is answered with its field.
#[rocket::patch("/me", data = "<update>")]
pub async fn patch_me(
    auth: AuthUser,
    update: Result<Json<ProfileUpdate>, rocket::serde::json::Error<'_>>,
    db: &State<Db>,
) -> ApiResult<Json<Me>> {
    let update = update.map_err(|error| {
        let message = match error {
            rocket::serde::json::Error::Parse(_, cause) => {
                format!("The body is not a profile update: {cause}.")
            }
            rocket::serde::json::Error::Io(cause) => {
                format!("The body could not be read: {cause}.")
            }
        };
        ApiError::rejected(ErrorCode::BadRequest, message)
    })?;
    if let Some(error) = update.errors().into_iter().next() {
        return Err(ApiError::InvalidField {
            code: ErrorCode::InvalidParameter,
            field: error.field.to_owned(),
            message: error.message,
        });
    }
    let changes = update.normalised();
    match users::update_user_profile(db, &auth.user.id, &changes).await {
        Ok(Some(user)) => Ok(Json(me(user))),
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
