//! Hosting the built SPA: files from the static folder, `index.html` for client-side
//! routes (deep links; public pages rendered on the server, see [`crate::ssr`]), a real
//! 404 for missing files, and never HTML for `/api`. Each
//! file is served pre-compressed (`app.wasm.br`, `app.wasm.gz`, written at build time
//! at the highest levels) when the client accepts it, else as it is.

use std::path::{Path, PathBuf};

use rocket::fs::NamedFile;
use rocket::http::uri::Origin;
use rocket::http::{ContentType, Header, Status};
use rocket::request::{FromRequest, FromSegments, Outcome};
use rocket::response::content::RawHtml;
use rocket::response::{self, Responder};
use rocket::{Request, Route, State};

use crate::compression::{AcceptEncoding, Encoding};
use crate::config::Settings;
use crate::routes::visitor::{visitor_id, VISITOR_COOKIE};
use crate::ssr::{self, PageRenderer, SsrError};

/// The folder holding `index.html` and the assets trunk built.
#[derive(Debug, Clone)]
pub struct StaticDir(PathBuf);

impl StaticDir {
    /// Wraps the configured folder.
    pub fn new(dir: PathBuf) -> Self {
        Self(dir)
    }
}

/// What the fallback route should do with a request path.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolution {
    /// Serve this file (relative to the static folder).
    File(PathBuf),
    /// Serve `index.html`: the path is a client-side route.
    AppShell,
    /// Answer 404.
    NotFound,
}

/// Decides how to answer `GET /<path>` given whether the file exists. Paths with an
/// extension are files: if missing they are a real 404 rather than the app shell, so a
/// broken asset link fails loudly instead of loading HTML as JavaScript.
pub fn resolve(path: &Path, file_exists: bool) -> Resolution {
    if path.starts_with("api") {
        return Resolution::NotFound;
    }
    if path.as_os_str().is_empty() {
        return Resolution::AppShell;
    }
    if file_exists {
        return Resolution::File(path.to_path_buf());
    }
    match path.extension() {
        Some(_) => Resolution::NotFound,
        None => Resolution::AppShell,
    }
}

/// Cache policy: trunk's hashed asset names never change content, so they may be
/// cached forever; everything else (above all `index.html`) must be revalidated so a
/// deploy is picked up at once.
pub fn cache_control(file_name: &str) -> &'static str {
    let stem = file_name.split('.').next().unwrap_or_default();
    // trunk names assets `<name>-<16 hex>[_bg].<ext>`.
    let hashed = stem.rsplit_once('-').is_some_and(|(_, tail)| {
        let hash = tail.strip_suffix("_bg").unwrap_or(tail);
        hash.len() >= 16 && hash.chars().all(|c| c.is_ascii_hexdigit())
    });
    if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

/// A static file (or its pre-compressed variant) with its type, cache and encoding
/// headers.
pub struct StaticFile {
    file: NamedFile,
    content_type: Option<ContentType>,
    cache: &'static str,
    encoding: Option<Encoding>,
}

impl<'r> Responder<'r, 'static> for StaticFile {
    fn respond_to(self, request: &'r Request<'_>) -> response::Result<'static> {
        let mut response = self.file.respond_to(request)?;
        if let Some(content_type) = self.content_type {
            // The variant's own extension (`.br`) says nothing of what it holds.
            response.set_header(content_type);
        }
        response.set_header(Header::new("Cache-Control", self.cache));
        response.set_header(Header::new("Vary", "Accept-Encoding"));
        if let Some(encoding) = self.encoding {
            response.set_header(Header::new("Content-Encoding", encoding.token()));
        }
        Ok(response)
    }
}

/// The variant of `relative` to send: the first accepted encoding whose file exists,
/// else the file itself.
async fn variant(
    dir: &Path,
    relative: &Path,
    accepted: &[Encoding],
) -> (PathBuf, Option<Encoding>) {
    let original = dir.join(relative);
    for encoding in accepted {
        let mut name = original.clone().into_os_string();
        name.push(".");
        name.push(encoding.extension());
        let candidate = PathBuf::from(name);
        if tokio::fs::metadata(&candidate)
            .await
            .is_ok_and(|meta| meta.is_file())
        {
            return (candidate, Some(*encoding));
        }
    }
    (original, None)
}

async fn open(dir: &Path, relative: &Path, accepted: &[Encoding]) -> Result<StaticFile, Status> {
    let (path, encoding) = variant(dir, relative, accepted).await;
    let file = NamedFile::open(&path).await.map_err(|error| {
        tracing::warn!(path = %path.display(), error = %error, "static file not readable");
        Status::NotFound
    })?;
    let name = relative
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    Ok(StaticFile {
        file,
        content_type: relative
            .extension()
            .and_then(|e| e.to_str())
            .and_then(ContentType::from_extension),
        cache: cache_control(name),
        encoding,
    })
}

/// A page rendered on the server: the shell with the page in it (never cached: it is
/// today's data; compressed on the way out like any dynamic response).
pub struct RenderedPage {
    status: Status,
    html: String,
}

impl<'r> Responder<'r, 'static> for RenderedPage {
    fn respond_to(self, request: &'r Request<'_>) -> response::Result<'static> {
        let mut response = (self.status, RawHtml(self.html)).respond_to(request)?;
        response.set_header(Header::new("Cache-Control", "no-cache"));
        Ok(response)
    }
}

/// What the fallback route answers with.
// One per request, moved once into the response: boxing the file would only add an
// allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Responder)]
pub enum SpaResponse {
    File(StaticFile),
    Page(RenderedPage),
}

/// The app shell for a client-side route: rendered on the server with its data when
/// the route is a public page (see [`crate::ssr`]), else as trunk built it. A page that
/// fails to render is logged and served as the plain shell.
async fn app_shell(
    dir: &Path,
    accept: &[Encoding],
    page: PageRequest<'_>,
    renderer: Option<&PageRenderer>,
    settings: &Settings,
) -> Result<SpaResponse, Status> {
    let path = page.uri.path().as_str();
    if let Some(renderer) = renderer.filter(|_| ssr::renders(path)) {
        let url = page.uri.to_string();
        let rendered = match tokio::fs::read_to_string(dir.join("index.html")).await {
            Ok(shell) if ssr::fits(&shell) => renderer
                .render(&url, page.visitor.as_deref())
                .await
                .and_then(|rendered| {
                    ssr::compose(&shell, &rendered, path, &settings.public_origin())
                        .map(|html| (rendered.status, html))
                }),
            // Not a shell the app can render into (an older build): nothing to log.
            _ => Err(SsrError::NoRoot),
        };
        match rendered {
            Ok((status, html)) => return Ok(SpaResponse::Page(RenderedPage { status, html })),
            Err(SsrError::NoRoot) => {}
            Err(error) => {
                tracing::warn!(%url, error = %error, "server-side rendering failed; serving the SPA shell")
            }
        }
    }
    open(dir, Path::new("index.html"), accept)
        .await
        .map(SpaResponse::File)
}

/// The parts of a page request that rendering needs: its address and the visitor.
pub struct PageRequest<'r> {
    uri: &'r Origin<'r>,
    /// The visitor cookie, set on this response if the request had none, so the view
    /// the page's data counts is this visitor's.
    visitor: Option<String>,
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for PageRequest<'r> {
    type Error = std::convert::Infallible;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let cookies = request.cookies();
        let visitor = visitor_id(cookies).or_else(|| {
            cookies
                .get_pending(VISITOR_COOKIE)
                .map(|c| c.value().to_owned())
        });
        Outcome::Success(Self {
            uri: request.uri(),
            visitor,
        })
    }
}

/// Serves files from the static folder and the app shell for client-side routes.
#[rocket::get("/<path..>", rank = 20)]
pub async fn spa(
    path: Result<PathBuf, <PathBuf as FromSegments<'_>>::Error>,
    accept: AcceptEncoding,
    dir: &State<StaticDir>,
    page: PageRequest<'_>,
    renderer: Option<&State<PageRenderer>>,
    settings: &State<Settings>,
) -> Result<SpaResponse, Status> {
    // Rocket refuses dotfiles and `..` segments; those are simply not found.
    let path = path.map_err(|_| Status::NotFound)?;
    let exists = tokio::fs::metadata(dir.0.join(&path))
        .await
        .is_ok_and(|meta| meta.is_file());
    match resolve(&path, exists) {
        Resolution::File(file) => open(&dir.0, &file, &accept.0).await.map(SpaResponse::File),
        Resolution::AppShell => {
            app_shell(
                &dir.0,
                &accept.0,
                page,
                renderer.map(|r| r.inner()),
                settings,
            )
            .await
        }
        Resolution::NotFound => Err(Status::NotFound),
    }
}

/// Routes mounted at `/`.
pub fn routes() -> Vec<Route> {
    rocket::routes![spa]
}

/// Outside `/api`, errors are plain text (a missing asset, a bad path).
#[rocket::catch(default)]
fn plain_error(status: Status, _request: &rocket::Request<'_>) -> (Status, String) {
    (
        status,
        format!("{} {}\n", status.code, status.reason().unwrap_or("Error")),
    )
}

/// Catchers registered at `/`.
pub fn catchers() -> Vec<rocket::Catcher> {
    rocket::catchers![plain_error]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_to_files_the_app_shell_or_not_found() {
        let cases = [
            ("", false, Resolution::AppShell),
            ("community", false, Resolution::AppShell),
            ("question/42/some-title", false, Resolution::AppShell),
            (
                "frontend-abc.js",
                true,
                Resolution::File("frontend-abc.js".into()),
            ),
            ("missing.js", false, Resolution::NotFound),
            ("api/nope", false, Resolution::NotFound),
            ("api", false, Resolution::NotFound),
        ];
        for (path, exists, expected) in cases {
            assert_eq!(resolve(Path::new(path), exists), expected, "path {path:?}");
        }
    }

    #[test]
    fn hashed_assets_are_immutable_and_the_shell_is_revalidated() {
        assert_eq!(
            cache_control("frontend-3c4e1f2a9b8d7e6f.js"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            cache_control("frontend-a7570e716781f06a_bg.wasm"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(cache_control("index.html"), "no-cache");
        assert_eq!(cache_control("style.css"), "no-cache");
    }
}
