//! The data a page was rendered with on the server, handed to the browser inside the
//! page.
//!
//! On the server a render records which API `GET`s its components asked for (through
//! [`use_get`](crate::hooks::use_fetch::use_get)) and what the page calls itself
//! ([`Head`], through [`use_head`](crate::hooks::use_title::use_head)); the backend
//! fetches what was missing and renders again until nothing is, then embeds the
//! answers in the page. In the browser, hydration renders from those answers, so the
//! first tree matches the server's HTML and nothing is fetched twice; each answer
//! serves one first render, and whatever is left is dropped once the app is live.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// Id of the `<script type="application/json">` element holding the answers.
pub const DATA_ELEMENT_ID: &str = "devflow-data";
/// Id of the element the app renders into (and hydrates).
pub const ROOT_ELEMENT_ID: &str = "devflow";

/// One API answer as the server got it, embedded as JSON (not as a string of JSON).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Embedded {
    pub status: u16,
    pub body: Box<RawValue>,
}

/// The embedded answers by path and query (`/api/users?page=2`).
pub type Answers = HashMap<String, Embedded>;

/// What a page calls itself, for the document's `<head>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Head {
    /// The page title, without the site name (see `page_title`).
    pub title: String,
    /// A sentence or two for search results and link previews.
    pub description: Option<String>,
    /// The page's one address (path), when others lead to it too.
    pub canonical: Option<String>,
}

#[derive(Default)]
struct Inner {
    answers: Answers,
    /// Server only: paths asked for that had no answer yet.
    wanted: Vec<String>,
    head: Head,
    on_server: bool,
}

/// The context handed to the whole app. Cheap to clone; equal only to itself.
#[derive(Clone, Default)]
pub struct PageData(Rc<RefCell<Inner>>);

impl PartialEq for PageData {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for PageData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageData")
            .field("answers", &self.0.borrow().answers.len())
            .finish()
    }
}

impl PageData {
    /// For one server render pass: the answers fetched so far.
    pub fn for_server(answers: Answers) -> Self {
        Self(Rc::new(RefCell::new(Inner {
            answers,
            on_server: true,
            ..Inner::default()
        })))
    }

    /// For the browser: the answers the server embedded.
    pub fn from_answers(answers: Answers) -> Self {
        Self(Rc::new(RefCell::new(Inner {
            answers,
            ..Inner::default()
        })))
    }

    /// The answers embedded in the current document, if the server rendered it.
    pub fn from_document() -> Option<Self> {
        let text = crate::browser::window()?
            .document()?
            .get_element_by_id(DATA_ELEMENT_ID)?
            .text_content()?;
        serde_json::from_str(&text).ok().map(Self::from_answers)
    }

    /// The answer for `path`. In the browser each answer is handed out once (a page
    /// that shows again later asks the API afresh); on the server a missing one is
    /// recorded as wanted.
    pub fn take(&self, path: &str) -> Option<Embedded> {
        let mut inner = self.0.borrow_mut();
        if inner.on_server {
            let found = inner.answers.get(path).cloned();
            if found.is_none() && !inner.wanted.iter().any(|p| p == path) {
                inner.wanted.push(path.to_owned());
            }
            found
        } else {
            inner.answers.remove(path)
        }
    }

    /// Whether a first render asking for `path` gets its answer from the page: always on
    /// the server (it fetches whatever is asked), in the browser when the server
    /// embedded it (and nobody took it yet).
    pub fn provides(&self, path: &str) -> bool {
        let inner = self.0.borrow();
        inner.on_server || inner.answers.contains_key(path)
    }

    /// Drops the answers nobody took: once the app is live, pages ask the API.
    pub fn forget_answers(&self) {
        self.0.borrow_mut().answers.clear();
    }

    /// Paths asked for that had no answer (server).
    pub fn wanted(&self) -> Vec<String> {
        self.0.borrow().wanted.clone()
    }

    /// Records what the page calls itself; the last page to say wins.
    pub fn set_head(&self, head: Head) {
        self.0.borrow_mut().head = head;
    }

    /// What the page called itself.
    pub fn head(&self) -> Head {
        self.0.borrow().head.clone()
    }
}

/// Server-side rendering of the app, for the backend.
#[cfg(feature = "ssr")]
pub mod ssr {
    use super::*;
    use crate::app::{App, AppProps};

    /// One render pass: the HTML, what it still needs, and its head.
    #[derive(Debug)]
    pub struct Rendered {
        pub html: String,
        /// API paths the page asked for that were not in the answers given.
        pub wanted: Vec<String>,
        pub head: Head,
    }

    /// Renders the app at `url` (path and query) with the answers fetched so far. Not
    /// `Send`: run it on Yew's runtime (`yew::platform::Runtime::spawn_pinned`).
    pub async fn render(url: String, answers: Answers) -> Rendered {
        let data = PageData::for_server(answers);
        let html = yew::LocalServerRenderer::<App>::with_props(AppProps {
            url: Some(url.into()),
            data: Some(data.clone()),
        })
        .render()
        .await;
        Rendered {
            html,
            wanted: data.wanted(),
            head: data.head(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(json: &str) -> Embedded {
        Embedded {
            status: 200,
            body: RawValue::from_string(json.to_owned()).expect("test value"),
        }
    }

    #[test]
    fn in_the_browser_each_answer_serves_one_render() {
        let data = PageData::from_answers(Answers::from([("/api/x".into(), answer("[1]"))]));

        assert!(data.provides("/api/x"));
        assert!(!data.provides("/api/y"));
        assert_eq!(data.take("/api/x").expect("test value").body.get(), "[1]");
        assert!(data.take("/api/x").is_none());
        assert!(data.wanted().is_empty());
    }

    #[test]
    fn on_the_server_missing_answers_are_recorded_once() {
        let data = PageData::for_server(Answers::from([("/api/x".into(), answer("{}"))]));

        assert!(data.provides("/api/y"));
        assert!(data.take("/api/x").is_some());
        assert!(data.take("/api/x").is_some());
        assert!(data.take("/api/y").is_none());
        assert!(data.take("/api/y").is_none());
        assert_eq!(data.wanted(), vec!["/api/y".to_owned()]);
    }

    #[test]
    fn embedded_answers_round_trip_as_json_not_strings() {
        let answers = Answers::from([("/api/x".into(), answer(r#"{"a":[1,2]}"#))]);
        let text = serde_json::to_string(&answers).expect("test value");

        assert_eq!(text, r#"{"/api/x":{"status":200,"body":{"a":[1,2]}}}"#);
        let back: Answers = serde_json::from_str(&text).expect("test value");
        assert_eq!(back["/api/x"].body.get(), r#"{"a":[1,2]}"#);
    }
}
