//! `POST /api/csp-reports`: where browsers report what the page's
//! Content-Security-Policy blocked (`report-uri`). Each report is logged and kept for
//! 30 days, so a policy that breaks a page shows up at once.

use rocket::data::Data;
use rocket::http::Status;
use rocket::{post, State};
use shared::ErrorCode;

use crate::db::csp_reports::{self, CspReportDoc};
use crate::db::Db;
use crate::domain::csp::CspReportBody;
use crate::error::{ApiError, ApiResult};
use crate::rate_limit::WriteLimit;
use crate::routes::read_body;

/// The largest report read: a real one is well under 4 KiB.
const MAX_REPORT_BYTES: u64 = 64 * 1024;

/// Records one Content-Security-Policy violation → 204.
#[utoipa::path(
    tag = "meta",
    request_body(
        content(
            (CspReportBody = "application/csp-report"),
            (CspReportBody = "application/json")
        ),
        description = "What the browser blocked, as it sends it to `report-uri`"
    ),
    responses((status = 204, description = "Recorded"), crate::openapi::CspReportErrors)
)]
#[post("/csp-reports", data = "<body>")]
pub async fn csp_report(_limit: WriteLimit, body: Data<'_>, db: &State<Db>) -> ApiResult<Status> {
    let bytes = read_body(body, MAX_REPORT_BYTES).await?;
    let report = CspReportBody::parse(&bytes).map_err(|why| {
        ApiError::rejected(
            ErrorCode::BadRequest,
            format!("The body is not a CSP report ({{\"csp-report\": {{…}}}}): {why}."),
        )
    })?;
    let violation = report.csp_report;
    let summary = violation.summary();
    tracing::warn!(%summary, "content security policy violation");
    let now = chrono::Utc::now().timestamp_millis();
    csp_reports::insert_csp_report(db, &CspReportDoc::new(violation.directive(), summary, now))
        .await?;
    Ok(Status::NoContent)
}
