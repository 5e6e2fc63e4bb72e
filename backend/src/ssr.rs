//! Server-side rendering of the SPA's public pages (home, questions, community, tags,
//! profiles): the same Yew components the browser runs, rendered to HTML with the data
//! they show embedded, so the first paint needs no WebAssembly and crawlers and link
//! previews see the content. The browser then hydrates that HTML.
//!
//! The components themselves say what they need: a render pass records the API `GET`s
//! it asked for ([`frontend::page_data`]); those are answered by the API's own routes,
//! dispatched in-process through a Rocket instance with the same state (so a page gets
//! exactly the JSON the SPA would, errors included), and the page is rendered again
//! until nothing is missing. Rendering is signed out (sessions live in the browser);
//! the SPA fetches again for a signed-in viewer.
//!
//! Any failure (a panic in a component, a database error, too many passes) is logged
//! and the caller serves the plain SPA shell instead: never a 500.

use std::time::Duration;

use frontend::page_data::ssr::{render as render_pass, Rendered};
use frontend::page_data::{Answers, Embedded, Head, DATA_ELEMENT_ID, ROOT_ELEMENT_ID};
use rocket::http::{ContentType, Header, Status};
use rocket::local::asynchronous::Client;
use rocket::{Build, Rocket};
use serde_json::value::RawValue;
use shared::html::escape;

/// Render passes before giving up (each pass can reveal components that ask for more:
/// a question's answers appear once the question is there).
const MAX_PASSES: usize = 4;

/// A page that takes longer than this is served as the plain shell, which shows its
/// own loading and error states: a server render is worth having only when it is
/// quick (pages render in tens of milliseconds; a database that does not answer makes
/// the driver wait 5 s before it gives up).
const RENDER_TIMEOUT: Duration = Duration::from_secs(3);

/// Why a page was not rendered (the shell is served instead).
#[derive(Debug, thiserror::Error)]
pub enum SsrError {
    #[error("the render task failed (a component panicked?)")]
    RenderFailed,
    #[error("still asking for data after {MAX_PASSES} passes: {0:?}")]
    TooManyPasses(Vec<String>),
    #[error("the API answered {status} to {path}")]
    Api { path: String, status: u16 },
    #[error("the API's answer to {0} is not JSON")]
    NotJson(String),
    #[error("rendering took longer than {RENDER_TIMEOUT:?}")]
    Timeout,
    #[error("the shell has no <div id=\"{ROOT_ELEMENT_ID}\"></div> to render into")]
    NoRoot,
}

/// Whether the page at `path` is rendered on the server (the SPA's routes decide).
pub use frontend::routes::server_renders as renders;

/// A rendered page: its HTML, the answers it was rendered with, and its head.
#[derive(Debug)]
pub struct Page {
    pub html: String,
    pub answers: Answers,
    pub head: Head,
    /// 404 when the page shows something that does not exist.
    pub status: Status,
}

/// Managed state: renders pages, answering their API calls in-process.
pub struct PageRenderer {
    api: Client,
}

impl PageRenderer {
    /// Starts the in-process API (`api` is a Rocket with the API's routes and state).
    pub async fn start(api: Rocket<Build>) -> Result<Self, rocket::Error> {
        Ok(Self {
            api: Client::untracked(api).await?,
        })
    }

    /// Renders `url` (path and query) for the visitor whose cookie is `visitor`.
    pub async fn render(&self, url: &str, visitor: Option<&str>) -> Result<Page, SsrError> {
        tokio::time::timeout(RENDER_TIMEOUT, self.render_passes(url, visitor))
            .await
            .map_err(|_| SsrError::Timeout)?
    }

    async fn render_passes(&self, url: &str, visitor: Option<&str>) -> Result<Page, SsrError> {
        let mut answers = Answers::new();
        for _ in 0..MAX_PASSES {
            let Rendered { html, wanted, head } = render_once(url, answers.clone()).await?;
            let missing: Vec<String> = wanted
                .into_iter()
                .filter(|path| !answers.contains_key(path))
                .collect();
            if missing.is_empty() {
                let status = if answers.values().any(|a| a.status == 404) {
                    Status::NotFound
                } else {
                    Status::Ok
                };
                return Ok(Page {
                    html,
                    answers,
                    head,
                    status,
                });
            }
            let fetched =
                futures::future::join_all(missing.iter().map(|path| self.get(path, visitor))).await;
            for (path, answer) in missing.into_iter().zip(fetched) {
                answers.insert(path, answer?);
            }
        }
        Err(SsrError::TooManyPasses(answers.into_keys().collect()))
    }

    /// `GET path` through the API's own routes, as the signed-out visitor.
    async fn get(&self, path: &str, visitor: Option<&str>) -> Result<Embedded, SsrError> {
        let mut request = self.api.get(path.to_owned()).header(ContentType::JSON);
        request.add_header(Header::new("Accept", "application/json"));
        if let Some(visitor) = visitor {
            request = request.cookie(rocket::http::Cookie::new(
                crate::routes::visitor::VISITOR_COOKIE,
                visitor.to_owned(),
            ));
        }
        let response = request.dispatch().await;
        let status = response.status().code;
        // A failing database is the SPA's to report (it retries); not found is a page.
        if status >= 500 || !(status < 300 || status == 404) {
            return Err(SsrError::Api {
                path: path.to_owned(),
                status,
            });
        }
        let body = response.into_string().await.unwrap_or_default();
        let body = RawValue::from_string(body).map_err(|_| SsrError::NotJson(path.to_owned()))?;
        Ok(Embedded { status, body })
    }
}

/// One render pass on Yew's runtime (components are not `Send`).
async fn render_once(url: &str, answers: Answers) -> Result<Rendered, SsrError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let url = url.to_owned();
    yew::platform::Runtime::default().spawn_pinned(move || async move {
        let _ = tx.send(render_pass(url, answers).await);
    });
    rx.await.map_err(|_| SsrError::RenderFailed)
}

/// Whether `shell` has the empty root element a page is rendered into.
pub fn fits(shell: &str) -> bool {
    shell.contains(&root_element())
}

fn root_element() -> String {
    format!("<div id=\"{ROOT_ELEMENT_ID}\"></div>")
}

/// The SPA shell (trunk's `index.html`) with the rendered page in its root element,
/// the answers embedded for hydration, and the page's title, description, canonical
/// address and Open Graph tags (absolute, on `origin`) in its head.
pub fn compose(shell: &str, page: &Page, path: &str, origin: &str) -> Result<String, SsrError> {
    if !fits(shell) {
        return Err(SsrError::NoRoot);
    }
    let root = root_element();
    let title = escape(&frontend::hooks::use_title::page_title(&page.head.title));
    let description = page.head.description.as_deref().map(escape);
    let canonical = escape(&format!(
        "{}{}",
        origin.trim_end_matches('/'),
        page.head.canonical.as_deref().unwrap_or(path)
    ));
    let og_type = if page.head.canonical.is_some() {
        "article"
    } else {
        "website"
    };
    let mut head = format!(
        "<link rel=\"canonical\" href=\"{canonical}\" />\n    \
         <meta property=\"og:site_name\" content=\"DevFlow\" />\n    \
         <meta property=\"og:type\" content=\"{og_type}\" />\n    \
         <meta property=\"og:title\" content=\"{title}\" />\n    \
         <meta property=\"og:url\" content=\"{canonical}\" />\n    \
         <meta name=\"twitter:card\" content=\"summary\" />\n"
    );
    if let Some(description) = &description {
        head.push_str(&format!(
            "    <meta property=\"og:description\" content=\"{description}\" />\n"
        ));
    }
    let mut html = replace_element(
        shell,
        "<title>",
        "</title>",
        &format!("<title>{title}</title>"),
    );
    if let Some(description) = &description {
        html = replace_element(
            &html,
            "<meta name=\"description\"",
            ">",
            &format!("<meta name=\"description\" content=\"{description}\" />"),
        );
    }
    let html = html.replacen("</head>", &format!("  {head}  </head>"), 1);
    let data = embed_json(&serde_json::to_string(&page.answers).unwrap_or_else(|_| "{}".into()));
    Ok(html.replacen(
        &root,
        &format!(
            "<div id=\"{ROOT_ELEMENT_ID}\">{}</div>\n    \
             <script id=\"{DATA_ELEMENT_ID}\" type=\"application/json\">{data}</script>",
            page.html
        ),
        1,
    ))
}

/// Replaces the first element that starts with `open` and ends at the next `close`.
fn replace_element(html: &str, open: &str, close: &str, with: &str) -> String {
    let Some(start) = html.find(open) else {
        return html.to_owned();
    };
    let Some(len) = html[start..].find(close) else {
        return html.to_owned();
    };
    let end = start + len + close.len();
    format!("{}{with}{}", &html[..start], &html[end..])
}

/// JSON made safe inside `<script>`: no `<` at all, so no `</script>` or `<!--` in a
/// post can end the element early (`\u003c` reads back as `<`).
fn embed_json(json: &str) -> String {
    json.replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHELL: &str = "<html><head><title>DevFlow</title>\n\
        <meta name=\"description\" content=\"Default.\" />\n</head>\
        <body><div id=\"devflow\"></div><noscript>x</noscript></body></html>";

    fn page(answer: &str) -> Page {
        Page {
            html: "<main>Hi</main>".into(),
            answers: Answers::from([(
                "/api/q".to_owned(),
                Embedded {
                    status: 200,
                    body: RawValue::from_string(answer.to_owned()).expect("test value"),
                },
            )]),
            head: Head {
                title: "Why \"borrow\" <fails>".into(),
                description: Some("About & more".into()),
                canonical: Some("/question/1/why".into()),
            },
            status: Status::Ok,
        }
    }

    #[test]
    fn public_pages_render_and_private_ones_are_the_shell() {
        for path in [
            "/",
            "/question",
            "/question/abc",
            "/question/abc/some-slug",
            "/community",
            "/tags",
            "/tags/rust",
            "/profile/user_1",
        ] {
            assert!(renders(path), "{path}");
        }
        for path in [
            "/collection",
            "/ask-question",
            "/sign-in",
            "/profile/edit",
            "/nope/x/y",
        ] {
            assert!(!renders(path), "{path}");
        }
    }

    #[test]
    fn the_page_goes_into_the_root_and_names_itself_in_the_head() {
        let html = compose(
            SHELL,
            &page("{}"),
            "/question/1",
            "https://devflow.example/",
        )
        .expect("test value");

        assert!(
            html.contains("<div id=\"devflow\"><main>Hi</main></div>"),
            "{html}"
        );
        assert!(
            html.contains("<title>Why &quot;borrow&quot; &lt;fails&gt; · DevFlow</title>"),
            "{html}"
        );
        assert!(
            html.contains("<meta name=\"description\" content=\"About &amp; more\" />"),
            "{html}"
        );
        assert!(!html.contains("Default."), "{html}");
        assert!(
            html.contains(
                "<link rel=\"canonical\" href=\"https://devflow.example/question/1/why\" />"
            ),
            "{html}"
        );
        assert!(
            html.contains("<meta property=\"og:type\" content=\"article\" />"),
            "{html}"
        );
        assert!(
            html.find("og:title").expect("test value") < html.find("</head>").expect("test value")
        );
    }

    #[test]
    fn embedded_data_cannot_close_its_script_element() {
        let html = compose(
            SHELL,
            &page(r#"{"content":"</script><script>alert(1)</script><!--"}"#),
            "/",
            "http://localhost:8000",
        )
        .expect("test value");

        let data = html
            .split("type=\"application/json\">")
            .nth(1)
            .expect("test value");
        let data = data.split("</script>").next().expect("test value");
        assert!(!data.contains('<'), "{data}");
        let answers: Answers = serde_json::from_str(data).expect("test value");
        let body: serde_json::Value =
            serde_json::from_str(answers["/api/q"].body.get()).expect("test value");
        assert_eq!(body["content"], "</script><script>alert(1)</script><!--");
    }

    #[test]
    fn a_shell_without_the_root_element_is_refused() {
        assert!(matches!(
            compose("<html><body></body></html>", &page("{}"), "/", "http://x"),
            Err(SsrError::NoRoot)
        ));
    }
}
