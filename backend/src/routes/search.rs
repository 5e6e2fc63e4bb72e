//! `GET /api/search?q=&type=&limit=&page=`: global search with Stack Overflow's
//! operators. Thin: parse, call [`crate::content::search`], convert.

use rocket::get;
use rocket::http::uri::Origin;
use rocket::serde::json::Json;
use rocket::State;
use shared::{SearchParams, SearchResults};

use crate::auth::user::MaybeUser;
use crate::content;
use crate::db::Db;
use crate::error::ApiResult;
use crate::routes::parse_query;

/// Results grouped by type; an operator that cannot apply gives a notice, not an error.
#[utoipa::path(
    tag = "search",
    params(crate::openapi::SearchQueryParams),
    responses((status = 200, description = "Results grouped by type", body = SearchResults), crate::openapi::ListForViewerErrors),
    security((), ("bearer" = []))
)]
#[get("/search")]
pub async fn search(
    uri: &Origin<'_>,
    user: MaybeUser,
    db: &State<Db>,
) -> ApiResult<Json<SearchResults>> {
    let params = parse_query(uri, SearchParams::parse)?;
    Ok(Json(
        content::search::search(db, &params, user.user()).await?,
    ))
}
