//! Signing in: local sign-in as a demo user, editing the profile, signing out; pages
//! that need a user sending people to sign in and back; and the ClerkJS binding
//! against a stand-in `window.Clerk` mounted on a Clerk sub-path.

use backend::db::users::{self, UserDoc};
use backend::domain::clerk_keys::publishable_key_for;
use e2e::{E2e, CLERK_STAND_IN_PATH};
use mongodb::bson::DateTime;
use serde_json::json;
use testkit::app::TestKey;

type Result = anyhow::Result<()>;

const ADA: &str = "user_e2e_ada";

async fn add_ada(app: &E2e) -> anyhow::Result<()> {
    let user = UserDoc {
        bio: Some("Analytical engines.".into()),
        ..UserDoc::new(ADA, "Ada Lovelace", "ada", DateTime::now())
    };
    users::insert_user(app.db(), &user).await?;
    Ok(())
}

async fn local_app() -> anyhow::Result<E2e> {
    let app = E2e::start_with(vec![("local_sign_in", json!(true))]).await?;
    add_ada(&app).await?;
    Ok(app)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_demo_user_signs_in_locally_edits_their_profile_and_signs_out() -> Result {
    let app = local_app().await?;

    // Sign in by picking the user.
    app.open("/sign-in").await?;
    app.wait_for_heading("Log in").await?;
    app.element("[data-banner='local-sign-in']").await?;
    app.click(&format!("button.local-user[data-clerk-id='{ADA}']"))
        .await?;
    app.wait_for_path("/").await?;
    app.element(".user-menu[data-state='signed-in']").await?;
    let profile_link = app
        .element(&format!("a.nav-link[href='/profile/{ADA}']"))
        .await?;
    assert_eq!(profile_link.text().await?, "Profile");

    // Edit the profile; a broken rule shows inline before anything is sent.
    app.open("/profile/edit").await?;
    app.wait_for_heading("Edit profile").await?;
    app.fill("#field-username", "A").await?;
    app.element("[data-field-error='username']").await?;
    assert_eq!(
        app.js("return document.querySelector(\"button[type='submit']\").disabled;")
            .await?,
        true
    );
    app.fill("#field-username", "countess").await?;
    app.fill("#field-name", "Augusta Ada King").await?;
    app.fill("#field-bio", "Poetical science.").await?;
    app.click("button[type='submit']").await?;

    // The public profile shows the edit.
    app.wait_for_path(&format!("/profile/{ADA}")).await?;
    app.wait_for_heading("Augusta Ada King").await?;
    app.wait_for_text(".user-handle", "@countess").await?;
    app.wait_for_text(".bio", "Poetical science.").await?;

    // Sign out.
    app.click("[data-action='sign-out']").await?;
    app.element(".user-menu[data-state='signed-out']").await?;
    app.open("/").await?;
    app.element(".user-menu[data-state='signed-out']").await?;

    app.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_that_needs_a_user_sends_people_to_sign_in_and_back() -> Result {
    let app = local_app().await?;

    app.open("/profile/edit").await?;
    app.wait_for_path("/sign-in?redirect_url=%2Fprofile%2Fedit")
        .await?;
    app.click(&format!("button.local-user[data-clerk-id='{ADA}']"))
        .await?;

    app.wait_for_path("/profile/edit").await?;
    app.wait_for_heading("Edit profile").await?;
    app.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clerks_sign_in_mounts_on_its_sub_paths_and_its_session_signs_the_user_in() -> Result {
    let key = TestKey::generate();
    let host = "clerk.e2e.test";
    let app = E2e::start_with(vec![
        ("clerk_publishable_key", json!(publishable_key_for(host))),
        ("clerk_jwt_key", json!(key.public_pem())),
        (
            "clerk_js_url",
            json!(format!("{{base}}{CLERK_STAND_IN_PATH}")),
        ),
    ])
    .await?;
    add_ada(&app).await?;

    // Clerk navigates inside its component to sub-paths such as /sign-in/factor-one.
    app.open("/sign-in/factor-one").await?;
    app.wait_for_heading("Log in").await?;
    let mounted = app.element("[data-stand-in='SignIn']").await?;
    assert_eq!(
        mounted.attr("data-path").await?.as_deref(),
        Some("/sign-in")
    );
    assert_eq!(mounted.attr("data-routing").await?.as_deref(), Some("path"));
    assert_eq!(
        app.js("return window.Clerk.publishableKey;").await?,
        json!(publishable_key_for(host))
    );
    app.element(".user-menu[data-state='signed-out']").await?;

    // Clerk completes a sign-in: the SPA asks /api/me with the session's token.
    let now = chrono::Utc::now().timestamp();
    let token = key.sign(
        &json!({
            "sub": ADA, "sid": "sess_e2e", "iss": format!("https://{host}"),
            "azp": app.base_url(), "iat": now, "nbf": now - 5, "exp": now + 300,
        }),
        "ins_e2e",
    );
    app.js(&format!(
        "window.__clerkStandIn.signIn('{ADA}', '{token}'); return true;"
    ))
    .await?;
    app.element(".user-menu[data-state='signed-in'] [data-stand-in='UserButton']")
        .await?;
    app.click("a.nav-link[href='/community']").await?;
    app.element(&format!("a.nav-link[href='/profile/{ADA}']"))
        .await?;

    app.finish().await
}
