//! The anonymous visitor cookie: a random id the API sets on first contact so views
//! by visitors who are not signed in are counted once per person, not per reload.

use rocket::http::{Cookie, CookieJar, SameSite};
use rocket::request::{FromRequest, Outcome, Request};

use crate::content::questions::Viewer;

/// Name of the cookie.
pub const VISITOR_COOKIE: &str = "devflow_visitor";

/// How long the cookie lives.
const MAX_AGE_DAYS: i64 = 365;

/// The visitor id from the cookie, setting a new one when there is none or it is not
/// one of ours. `None` means the cookie was just set (this request did not carry it).
pub fn visitor_id(cookies: &CookieJar<'_>) -> Option<String> {
    let current = cookies
        .get(VISITOR_COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|v| v.len() == 24 && v.bytes().all(|b| b.is_ascii_hexdigit()));
    if current.is_none() {
        let id = mongodb::bson::oid::ObjectId::new().to_hex();
        cookies.add(
            Cookie::build((VISITOR_COOKIE, id))
                .path("/")
                .http_only(true)
                .same_site(SameSite::Lax)
                .max_age(rocket::time::Duration::days(MAX_AGE_DAYS)),
        );
    }
    current
}

/// Who is asking, for view counting: the visitor cookie when the request carries it,
/// else the client's address (the cookie is set for next time).
#[derive(Debug, Clone)]
pub struct AnonymousViewer(pub Viewer);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for AnonymousViewer {
    type Error = std::convert::Infallible;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let viewer = match visitor_id(request.cookies()) {
            Some(id) => Viewer::Visitor(id),
            None => match request.client_ip() {
                Some(ip) => Viewer::Address(ip.to_string()),
                None => Viewer::Unknown,
            },
        };
        Outcome::Success(Self(viewer))
    }
}
