//! `POST /api/markdown/preview`: the editor's live preview, rendered by the very
//! renderer stored posts use, so the SPA ships no Markdown parser.

use rocket::post;
use rocket::serde::json::Json;
use shared::questions::PREVIEW_MAX;
use shared::{MarkdownPreview, RenderedMarkdown};

use crate::content;
use crate::error::{ApiError, ApiResult};
use crate::routes::{parse_body, JsonBody};

/// Renders Markdown to sanitised HTML (at most 30,000 characters).
#[utoipa::path(
    tag = "markdown",
    request_body = MarkdownPreview,
    responses((status = 200, description = "The sanitised HTML", body = RenderedMarkdown), crate::openapi::PreviewErrors)
)]
#[post("/markdown/preview", data = "<body>")]
pub async fn preview(body: JsonBody<MarkdownPreview>) -> ApiResult<Json<RenderedMarkdown>> {
    let body = parse_body(body, "{\"markdown\": \"…\"}")?;
    if body.markdown.chars().count() > PREVIEW_MAX {
        return Err(ApiError::InvalidField {
            code: shared::ErrorCode::InvalidParameter,
            field: "markdown".to_owned(),
            message: format!("Use at most {PREVIEW_MAX} characters."),
        });
    }
    Ok(Json(RenderedMarkdown {
        html: content::render_markdown(body.markdown).await,
    }))
}
