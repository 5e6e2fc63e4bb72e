//! The API's OpenAPI 3.1 description (`GET /api/openapi.json`) and a readable
//! reference built from it (`GET /api/docs`, plain HTML served by the backend, so it
//! works offline and under the strict security policy).
//!
//! The description is generated: each route's `#[utoipa::path]` sits on its handler
//! (method and path come from the Rocket attribute), the schemas are the `shared`
//! wire types themselves, the query parameters are built from the same filter lists
//! the parsers accept, and each route's error responses list the [`ErrorCode`]s it
//! can answer with. A test fails when a mounted route is missing from it.

use std::collections::BTreeMap;

use rocket::get;
use rocket::http::ContentType;
use rocket::serde::json::Json;
use shared::list::{ListFilter, MAX_PAGE, MAX_PAGE_SIZE, MAX_QUERY_CHARS};
use shared::search::{SearchType, MAX_LIMIT, MAX_SEARCH_CHARS};
use shared::{ErrorBody, ErrorCode};
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Content, HeaderBuilder, OpenApi as Document, RefOr, Required};
use utoipa::{IntoParams, IntoResponses, Modify, OpenApi, PartialSchema};

use crate::routes;

/// Where every route of the description is mounted.
const API_PREFIX: &str = "/api";
/// The security scheme's name, as routes refer to it.
pub const BEARER: &str = "bearer";

/// One query parameter.
fn query_param(
    name: &str,
    description: &str,
    schema: impl Into<RefOr<utoipa::openapi::schema::Schema>>,
) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .description(Some(description))
        .schema(Some(schema))
        .build()
}

/// A whole number from 1 to `max`.
fn bounded(max: u32, default: u32) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::Integer))
        .minimum(Some(1))
        .maximum(Some(max))
        .default(Some(default.into()))
}

/// Text of at most `max` characters.
fn text(max: usize) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
        .max_length(Some(max))
}

/// One of `values` (the parser's own list).
fn one_of(values: &[&str], default: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(SchemaType::new(Type::String))
        .enum_values(Some(values.iter().copied()))
        .default(Some(default.into()))
}

/// `?q=&filter=&page=&pageSize=` of a list whose orders are `F` (what
/// [`shared::ListQuery::parse`] accepts).
pub struct ListParams<F>(std::marker::PhantomData<F>);

impl<F: ListFilter> IntoParams for ListParams<F> {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        // Empty reads as the default, as an HTML form submits it.
        let values: Vec<&str> = std::iter::once("").chain(F::wire_values()).collect();
        vec![
            query_param(
                "q",
                "Literal, case-insensitive text to look for.",
                text(MAX_QUERY_CHARS),
            ),
            query_param(
                "filter",
                "Order or subset of the list (empty: the default).",
                one_of(&values, F::default().as_str()),
            ),
            query_param("page", "Page number, from 1.", bounded(MAX_PAGE, 1)),
            query_param(
                "pageSize",
                "Items per page.",
                bounded(MAX_PAGE_SIZE, shared::list::DEFAULT_PAGE_SIZE),
            ),
        ]
    }
}

/// The home list's parameters: a list's, plus `tag`.
pub struct QuestionListParams;

impl IntoParams for QuestionListParams {
    fn into_params(parameter_in: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let mut params = ListParams::<shared::QuestionFilter>::into_params(parameter_in);
        params.insert(
            2,
            query_param(
                "tag",
                "Only questions with this tag (any case).",
                text(shared::questions::TAG_MAX),
            ),
        );
        params
    }
}

/// `GET /api/search`'s parameters (what [`shared::SearchParams::parse`] accepts).
pub struct SearchQueryParams;

impl IntoParams for SearchQueryParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let types: Vec<&str> = std::iter::once("")
            .chain(SearchType::ALL.iter().map(|t| t.as_str()))
            .collect();
        vec![
            query_param(
                "q",
                "Search text with operators: [tag], -[tag], user:name, user:me, is:question, \
                 is:answer, answers:N, score:N, isaccepted:yes|no, \"exact phrase\".",
                text(MAX_SEARCH_CHARS),
            ),
            query_param(
                "type",
                "Only this type of result, paged (empty: every type).",
                ObjectBuilder::new()
                    .schema_type(SchemaType::new(Type::String))
                    .enum_values(Some(types)),
            ),
            query_param(
                "limit",
                "Results per type (or per page with `type`).",
                bounded(MAX_LIMIT, shared::search::DEFAULT_LIMIT),
            ),
            query_param(
                "page",
                "Page number with `type`, from 1.",
                bounded(MAX_PAGE, 1),
            ),
        ]
    }
}

/// The error responses for `codes` plus those every route can meet (the database
/// down or slow, a bug): one response per status, naming each code it may carry.
pub fn error_responses(codes: &[ErrorCode]) -> BTreeMap<String, RefOr<Response>> {
    let always = [
        ErrorCode::DatabaseUnavailable,
        ErrorCode::Timeout,
        ErrorCode::InternalError,
    ];
    let mut by_status: BTreeMap<u16, Vec<ErrorCode>> = BTreeMap::new();
    for code in codes.iter().chain(always.iter()) {
        let list = by_status.entry(code.status()).or_default();
        if !list.contains(code) {
            list.push(*code);
        }
    }
    by_status
        .into_iter()
        .map(|(status, codes)| {
            let names: Vec<String> = codes
                .iter()
                .map(|code| {
                    let wire = serde_json::to_value(code)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default();
                    format!("`{wire}`: {}", code.default_message())
                })
                .collect();
            let mut response = ResponseBuilder::new()
                .description(format!("An ErrorBody with code {}", names.join("; ")))
                .content("application/json", Content::new(Some(ErrorBody::schema())));
            if status == 429 {
                response = response.header(
                    "Retry-After",
                    HeaderBuilder::new()
                        .schema(ObjectBuilder::new().schema_type(SchemaType::new(Type::Integer)))
                        .description(Some("Seconds to wait before retrying."))
                        .build(),
                );
            }
            (status.to_string(), RefOr::T(response.build()))
        })
        .collect()
}

/// Declares a set of error responses a route can answer with, by code.
macro_rules! errors {
    ($($(#[$doc:meta])* $name:ident: [$($code:ident),* $(,)?];)*) => {
        $(
            $(#[$doc])*
            pub struct $name;

            impl IntoResponses for $name {
                fn responses() -> BTreeMap<String, RefOr<Response>> {
                    error_responses(&[$(ErrorCode::$code),*])
                }
            }
        )*
    };
}

errors! {
    /// A read that needs nothing but the database.
    ReadErrors: [];
    /// A list with query parameters.
    ListErrors: [InvalidParameter];
    /// A list that reads the optional session.
    ListForViewerErrors: [InvalidParameter, InvalidSession, AccountPending, ServiceUnavailable];
    /// A list under a resource that may not exist.
    SubListErrors: [InvalidParameter, NotFound];
    /// A list under a resource, for an optional viewer.
    SubListForViewerErrors: [InvalidParameter, NotFound, InvalidSession, AccountPending, ServiceUnavailable];
    /// One resource that may not exist.
    ResourceErrors: [NotFound];
    /// One resource, for an optional viewer.
    ResourceForViewerErrors: [NotFound, InvalidSession, AccountPending, ServiceUnavailable];
    /// A read of the caller's own data.
    SessionErrors: [Unauthenticated, InvalidSession, AccountPending, ServiceUnavailable];
    /// A list of the caller's own data.
    SessionListErrors: [InvalidParameter, Unauthenticated, InvalidSession, AccountPending, ServiceUnavailable];
    /// A write with a JSON body.
    CreateErrors: [BadRequest, InvalidParameter, UnreadableBody, PayloadTooLarge, Unauthenticated, InvalidSession, AccountPending, RateLimited, ServiceUnavailable];
    /// A write with a JSON body to a resource that may not exist.
    WriteErrors: [BadRequest, InvalidParameter, UnreadableBody, PayloadTooLarge, NotFound, Unauthenticated, InvalidSession, AccountPending, Forbidden, RateLimited, ServiceUnavailable];
    /// A vote.
    VoteErrors: [BadRequest, InvalidParameter, UnreadableBody, PayloadTooLarge, NotFound, Unauthenticated, InvalidSession, AccountPending, OwnPost, RateLimited, ServiceUnavailable];
    /// A change without a body to a resource that may not exist.
    ActionErrors: [NotFound, Unauthenticated, InvalidSession, AccountPending, Forbidden, RateLimited, ServiceUnavailable];
    /// Editing one's profile.
    ProfileErrors: [BadRequest, InvalidParameter, UnreadableBody, PayloadTooLarge, UsernameTaken, Unauthenticated, InvalidSession, AccountPending, RateLimited, ServiceUnavailable];
    /// The Markdown preview.
    PreviewErrors: [BadRequest, InvalidParameter, UnreadableBody, PayloadTooLarge];
    /// Local sign-in.
    SignInErrors: [BadRequest, NotFound, RateLimited];
    /// A browser's policy violation report.
    CspReportErrors: [BadRequest, UnreadableBody, PayloadTooLarge, RateLimited];
    /// Clerk's webhook.
    WebhookErrors: [InvalidSignatureHeaders, InvalidEvent, UnreadableBody, InvalidSignature, TimestampOutOfTolerance, PayloadTooLarge, EventInProgress, UserContention, EmailInUse, RateLimited, NotConfigured];
}

/// Adds the bearer-token scheme.
struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut Document) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "A Clerk session token (RS256 JWT), or with local sign-in one from \
                         `POST /api/dev/sign-in`. The SPA's own pages may send Clerk's \
                         `__session` cookie instead.",
                    ))
                    .build(),
            ),
        );
    }
}

/// The description's skeleton: every documented route and its schemas.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "DevFlow API",
        description = "The REST API of DevFlow, a Q&A community. Every error is JSON \
            `{\"code\", \"message\", \"field\"?}`; branch on `code`. Lists answer \
            `{\"items\", \"page\", \"pageSize\", \"total\", \"isNext\"}`. Successful GETs carry a \
            strong ETag (send it back in If-None-Match for a 304). Writes, sign-in and \
            webhooks are rate limited per client (429 with Retry-After). Every response \
            carries X-Request-Id.",
        license(name = "MIT")
    ),
    modifiers(&BearerScheme),
    paths(
        routes::health::health,
        routes::session::client_config,
        routes::session::local_sign_in,
        routes::me::get_me,
        routes::me::patch_me,
        routes::me::list_saved,
        routes::users::list_users,
        routes::users::get_user,
        routes::users::list_user_questions,
        routes::users::list_user_answers,
        routes::questions::list_questions,
        routes::questions::get_question,
        routes::questions::ask_question,
        routes::questions::edit_question,
        routes::questions::delete_question,
        routes::questions::vote_question,
        routes::questions::save_question,
        routes::answers::list_answers,
        routes::answers::post_answer,
        routes::answers::edit_answer,
        routes::answers::delete_answer,
        routes::answers::vote_answer,
        routes::answers::accept_answer,
        routes::markdown::preview,
        routes::tags::list_tags,
        routes::tags::get_tag,
        routes::tags::list_tag_questions,
        routes::tags::follow_tag,
        routes::tags::popular_tags,
        routes::tags::hot_questions,
        routes::search::search,
        routes::webhooks::clerk::clerk_webhook,
        routes::csp::csp_report,
        openapi_json,
        api_docs,
    ),
    components(schemas(ErrorCode))
)]
struct ApiDoc;

/// The API description, with every path under `/api`.
pub fn document() -> Document {
    let mut document = ApiDoc::openapi();
    let paths = std::mem::take(&mut document.paths.paths);
    document.paths.paths = paths
        .into_iter()
        .map(|(path, item)| (format!("{API_PREFIX}{path}"), item))
        .collect();
    document
}

/// The API description as JSON, built once per process.
fn document_json() -> &'static serde_json::Value {
    static JSON: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    JSON.get_or_init(|| serde_json::to_value(document()).unwrap_or_default())
}

/// This API's OpenAPI 3.1 description.
#[utoipa::path(
    tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json", body = Object))
)]
#[get("/openapi.json")]
pub fn openapi_json() -> Json<&'static serde_json::Value> {
    Json(document_json())
}

/// A readable API reference (HTML, no scripts, nothing fetched from elsewhere).
#[utoipa::path(
    tag = "meta",
    responses((status = 200, description = "The API reference page", content_type = "text/html", body = String))
)]
#[get("/docs")]
pub fn api_docs() -> (ContentType, &'static str) {
    // The document cannot change while the process runs: render the page once.
    static PAGE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    (
        ContentType::HTML,
        PAGE.get_or_init(|| crate::domain::api_docs::render(document_json())),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_is_openapi_3_1_with_the_bearer_scheme() {
        let json = document_json();

        assert!(json["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1")));
        assert_eq!(
            json["components"]["securitySchemes"][BEARER]["scheme"],
            "bearer"
        );
        assert!(json["paths"]["/api/questions/{id}"]["get"].is_object());
    }

    #[test]
    fn body_limits_in_the_document_are_the_validators_limits() {
        use shared::questions::{CONTENT_LEN, PREVIEW_MAX, TAG_COUNT, TITLE_LEN};
        let schemas = &document_json()["components"]["schemas"];
        let ask = &schemas["AskQuestion"]["properties"];

        assert_eq!(ask["title"]["minLength"], TITLE_LEN.0);
        assert_eq!(ask["title"]["maxLength"], TITLE_LEN.1);
        assert_eq!(ask["content"]["minLength"], CONTENT_LEN.0);
        assert_eq!(ask["content"]["maxLength"], CONTENT_LEN.1);
        assert_eq!(ask["tags"]["minItems"], TAG_COUNT.0);
        assert_eq!(ask["tags"]["maxItems"], TAG_COUNT.1);
        let answer = &schemas["AnswerInput"]["properties"]["content"];
        assert_eq!(answer["minLength"], CONTENT_LEN.0);
        assert_eq!(answer["maxLength"], CONTENT_LEN.1);
        let preview = &schemas["MarkdownPreview"]["properties"]["markdown"];
        assert_eq!(preview["maxLength"], PREVIEW_MAX);
    }

    #[test]
    fn error_responses_group_codes_by_status_and_always_include_server_failures() {
        let responses = error_responses(&[ErrorCode::Unauthenticated, ErrorCode::InvalidSession]);

        let keys: Vec<&str> = responses.keys().map(String::as_str).collect();
        assert_eq!(keys, ["401", "500", "503"]);
        let RefOr::T(unauthorized) = &responses["401"] else {
            panic!("inline response");
        };
        assert!(unauthorized.description.contains("`unauthenticated`"));
        assert!(unauthorized.description.contains("`invalid_session`"));
    }

    #[test]
    fn list_parameters_offer_exactly_the_filters_the_parser_accepts() {
        let params = ListParams::<shared::QuestionFilter>::into_params(|| None);
        let filter = params.iter().find(|p| p.name == "filter").expect("filter");
        let json = serde_json::to_value(filter).expect("serialisable");

        let values: Vec<&str> = json["schema"]["enum"]
            .as_array()
            .expect("enum")
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(values[0], "", "empty reads as the default");
        assert_eq!(values[1..], shared::QuestionFilter::wire_values());
    }
}
