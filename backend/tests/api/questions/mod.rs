//! Questions, answers, votes, acceptance, views and saving through the real API, with
//! three signed-in users (local sign-in, verified by the same guard as Clerk's).

mod answers;
mod ask;
mod lists;
mod pages;
mod recovery;
mod saved;
mod search;
mod sidebar;
mod tags;
mod votes;
mod xss;

use backend::db::users::{self, UserDoc};
use mongodb::bson::DateTime;
use rocket::http::{ContentType, Header, Status};
use serde_json::{json, Value};
use shared::{ErrorBody, ErrorCode};

use crate::helpers::{local_token, settings_with, spawn_app_with, TestApp};

/// The people in every test.
pub const ADA: &str = "user_2ada";
pub const BOB: &str = "user_2bob";
pub const CY: &str = "user_2cy";

/// A body long enough to be a question or answer.
pub const BODY: &str = "This is a body that is long enough to pass the rules.";

/// The `title` of every item of a page (or of a plain array).
pub fn titles(page: &Value) -> Vec<String> {
    page.get("items")
        .unwrap_or(page)
        .as_array()
        .expect("items")
        .iter()
        .map(|q| q["title"].as_str().expect("title").to_owned())
        .collect()
}

/// The `name` of every item of a page (or of a plain array).
pub fn names(page: &Value) -> Vec<String> {
    page.get("items")
        .unwrap_or(page)
        .as_array()
        .expect("items")
        .iter()
        .map(|t| t["name"].as_str().expect("name").to_owned())
        .collect()
}

/// The app with Ada, Bob and Cy signed in.
pub struct Forum {
    pub app: TestApp,
    tokens: Vec<(&'static str, String)>,
}

/// A response's status and JSON body.
#[derive(Debug)]
pub struct Reply {
    pub status: Status,
    pub body: Value,
}

impl Reply {
    /// The error code of an error reply.
    pub fn code(&self) -> ErrorCode {
        serde_json::from_value::<ErrorBody>(self.body.clone())
            .map(|b| b.code)
            .unwrap_or(ErrorCode::Unknown)
    }

    /// Asserts the status and returns the body.
    pub fn expect(self, status: Status) -> Value {
        assert_eq!(self.status, status, "{}", self.body);
        self.body
    }
}

impl Forum {
    /// Starts the app on a fresh database with the three users.
    pub async fn start() -> Self {
        Self::start_with(&[]).await
    }

    /// Like [`Forum::start`], with more settings.
    pub async fn start_with(overrides: &[(&str, Value)]) -> Self {
        let mut settings = vec![("local_sign_in", json!(true))];
        settings.extend(overrides.iter().cloned());
        let app = spawn_app_with(settings_with(&settings)).await;
        let mut tokens = Vec::new();
        for (clerk_id, name, username) in [
            (ADA, "Ada Lovelace", "ada"),
            (BOB, "Bob Builder", "bob"),
            (CY, "Cy Young", "cy"),
        ] {
            let user = UserDoc::new(clerk_id, name, username, DateTime::now());
            users::insert_user(&app.db, &user)
                .await
                .expect("insert user");
            let token = local_token(&app, clerk_id).await;
            tokens.push((clerk_id, token));
        }
        Self { app, tokens }
    }

    fn token(&self, who: &str) -> &str {
        self.tokens
            .iter()
            .find(|(id, _)| *id == who)
            .map(|(_, t)| t.as_str())
            .expect("known user")
    }

    /// Sends a request as `who` (`None`: signed out) with an optional JSON body.
    pub async fn send(
        &self,
        method: rocket::http::Method,
        path: &str,
        who: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let mut request = self.app.client.req(method, path.to_owned());
        if let Some(who) = who {
            request = request.header(Header::new(
                "Authorization",
                format!("Bearer {}", self.token(who)),
            ));
        }
        if let Some(body) = body {
            request = request.header(ContentType::JSON).body(body.to_string());
        }
        let response = request.dispatch().await;
        let status = response.status();
        let text = response.into_string().await.unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Reply { status, body }
    }

    /// GET as `who`.
    pub async fn get(&self, path: &str, who: Option<&str>) -> Reply {
        self.send(rocket::http::Method::Get, path, who, None).await
    }

    /// POST as `who`.
    pub async fn post(&self, path: &str, who: Option<&str>, body: Value) -> Reply {
        self.send(rocket::http::Method::Post, path, who, Some(body))
            .await
    }

    /// Asks a question as `who` and returns its id.
    pub async fn ask(&self, who: &str, title: &str, tags: &[&str]) -> String {
        self.ask_with(who, title, BODY, tags).await
    }

    /// Asserts that each `(query, parameter)` sent to `path?query` as `who` is a 400
    /// `invalid_parameter` whose message names the parameter.
    pub async fn assert_bad_parameters(
        &self,
        path: &str,
        who: Option<&str>,
        cases: &[(String, &str)],
    ) {
        for (query, param) in cases {
            let reply = self.get(&format!("{path}?{query}"), who).await;
            assert_eq!(reply.status, Status::BadRequest, "{query}");
            assert_eq!(reply.code(), ErrorCode::InvalidParameter, "{query}");
            assert!(
                reply.body["message"]
                    .as_str()
                    .is_some_and(|m| m.contains(param)),
                "{query}: {}",
                reply.body
            );
        }
    }

    /// Asks a question with a body of its own as `who` and returns its id.
    pub async fn ask_with(&self, who: &str, title: &str, content: &str, tags: &[&str]) -> String {
        let body = self
            .post(
                "/api/questions",
                Some(who),
                json!({ "title": title, "content": content, "tags": tags }),
            )
            .await
            .expect(Status::Created);
        body["id"].as_str().expect("id").to_owned()
    }

    /// Answers a question as `who` with `content` and returns the answer's id.
    pub async fn answer_with(&self, who: &str, question: &str, content: &str) -> String {
        let body = self
            .post(
                &format!("/api/questions/{question}/answers"),
                Some(who),
                json!({ "content": content }),
            )
            .await
            .expect(Status::Created);
        body["id"].as_str().expect("id").to_owned()
    }

    /// Views a question as `who` (counts once per viewer per hour).
    pub async fn view(&self, who: &str, question: &str) {
        self.get(&format!("/api/questions/{question}"), Some(who))
            .await
            .expect(Status::Ok);
    }

    /// Answers a question as `who` and returns the answer's id.
    pub async fn answer(&self, who: &str, question: &str) -> String {
        self.answer_with(who, question, BODY).await
    }

    /// Votes as `who` on `path` (`/api/questions/{id}` or `/api/answers/{id}`).
    pub async fn vote(&self, who: &str, post: &str, direction: &str) -> Value {
        self.post(
            &format!("{post}/vote"),
            Some(who),
            json!({ "direction": direction }),
        )
        .await
        .expect(Status::Ok)
    }

    /// A user's reputation as the public profile shows it.
    pub async fn reputation(&self, who: &str) -> i64 {
        self.get(&format!("/api/users/{who}"), None)
            .await
            .expect(Status::Ok)["reputation"]
            .as_i64()
            .expect("reputation")
    }

    /// Everyone's reputation, in the order Ada, Bob, Cy.
    pub async fn reputations(&self) -> [i64; 3] {
        [
            self.reputation(ADA).await,
            self.reputation(BOB).await,
            self.reputation(CY).await,
        ]
    }

    /// The documents of a collection, for asserting on storage.
    pub async fn documents(&self, collection: &str) -> Vec<mongodb::bson::Document> {
        use futures::TryStreamExt;
        self.app
            .db
            .database()
            .collection::<mongodb::bson::Document>(collection)
            .find(mongodb::bson::doc! {})
            .await
            .expect("find")
            .try_collect()
            .await
            .expect("documents")
    }
}
