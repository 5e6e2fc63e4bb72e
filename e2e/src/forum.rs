//! A small forum for browser tests: local sign-in, Ada and Bob, questions asked
//! through the same use case the API runs, and signing in through the SPA's picker.

use anyhow::Result;
use backend::content;
use backend::db::users::{self, UserDoc};
use mongodb::bson::DateTime;
use serde_json::json;
use shared::{AskQuestion, QuestionDetail};

use crate::E2e;

/// Ada's Clerk id.
pub const ADA: &str = "user_e2e_ada";
/// Bob's Clerk id.
pub const BOB: &str = "user_e2e_bob";

/// The app with local sign-in and two users, Ada and Bob.
pub async fn forum() -> Result<(E2e, UserDoc, UserDoc)> {
    let app = E2e::start_with(vec![("local_sign_in", json!(true))]).await?;
    let ada = UserDoc::new(ADA, "Ada Lovelace", "ada", DateTime::now());
    let bob = UserDoc::new(BOB, "Bob Builder", "bob", DateTime::now());
    users::insert_users(app.db(), &[ada.clone(), bob.clone()]).await?;
    Ok((app, ada, bob))
}

/// Asks a question (with a Markdown body holding code) as `author`.
pub async fn ask(
    app: &E2e,
    author: &UserDoc,
    title: &str,
    tags: &[&str],
) -> Result<QuestionDetail> {
    let input = AskQuestion {
        title: title.to_owned(),
        content: "I tried **everything** in the book:\n\n```rust\nfn main() {}\n```\n".to_owned(),
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
    };
    Ok(content::questions::ask(app.db(), author, &input).await?)
}

/// Signs in as `clerk_id` with the local user picker and waits for the signed-in menu.
pub async fn sign_in(app: &E2e, clerk_id: &str) -> Result<()> {
    app.open("/sign-in").await?;
    app.click(&format!("button.local-user[data-clerk-id='{clerk_id}']"))
        .await?;
    app.wait_for_path("/").await?;
    app.element(".user-menu[data-state='signed-in']").await?;
    Ok(())
}
