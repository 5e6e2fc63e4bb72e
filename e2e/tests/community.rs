//! The Community page and profiles, on the real backend with users in the database.

use backend::db::users::{self, UserDoc};
use e2e::E2e;
use mongodb::bson::DateTime;

type Result = anyhow::Result<()>;

/// `n` users: reputation 1000 - i, joined i days before a fixed date.
fn people(prefix: &str, n: usize) -> Vec<UserDoc> {
    (0..n)
        .map(|i| UserDoc {
            id: format!("{prefix}{i:03}"),
            email: Some(format!("{prefix}{i}@example.com")),
            picture: shared::avatar::initials_avatar(prefix),
            bio: Some(format!("I am {prefix} number {i}.")),
            location: Some("Lisbon".into()),
            reputation: 1000 - i as i64,
            ..UserDoc::new(
                format!("user_{prefix}{i:03}"),
                format!("{} {i:02}", capitalise(prefix)),
                format!("{prefix}{i:02}"),
                DateTime::from_millis(1_709_985_600_000 - i as i64 * 86_400_000),
            )
        })
        .collect()
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

async fn card_names(app: &E2e) -> anyhow::Result<Vec<String>> {
    app.element(".user-grid[data-state='ready']").await?;
    let value = app
        .js("return [...document.querySelectorAll('.user-card .user-name')].map(e => e.textContent);")
        .await?;
    Ok(serde_json::from_value(value)?)
}

async fn wait_for_cards(app: &E2e, expected: &[&str]) -> Result {
    let expected: Vec<String> = expected.iter().map(|s| (*s).to_owned()).collect();
    app.eventually(&format!("cards {expected:?}"), || async {
        Ok((card_names(app).await? == expected).then_some(()))
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_lists_the_users_in_the_database() -> Result {
    let app = E2e::start().await?;
    users::insert_users(app.db(), &people("ali", 3)).await?;

    app.open("/community").await?;

    app.wait_for_heading("Community").await?;
    // Newest first: ali00 joined last.
    wait_for_cards(&app, &["Ali 00", "Ali 01", "Ali 02"]).await?;
    assert_eq!(
        app.element("[data-page-of]").await?.text().await?,
        "Page 1 of 1"
    );
    app.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typing_a_search_narrows_the_grid_and_updates_the_url() -> Result {
    let app = E2e::start().await?;
    let mut everyone = people("ali", 2);
    everyone.extend(people("bob", 2));
    users::insert_users(app.db(), &everyone).await?;
    app.open("/community").await?;
    // Same join dates: the id breaks the tie, newest (highest) id first.
    wait_for_cards(&app, &["Bob 00", "Ali 00", "Bob 01", "Ali 01"]).await?;
    let history_before = app.js("return history.length;").await?;

    app.element(".community .search-box input")
        .await?
        .send_keys("BOB")
        .await?;

    app.wait_for_path("/community?q=BOB").await?;
    wait_for_cards(&app, &["Bob 00", "Bob 01"]).await?;
    assert_eq!(
        app.js("return history.length;").await?,
        history_before,
        "typing must not add history entries"
    );
    app.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deep_link_with_search_filter_and_page_renders_that_state() -> Result {
    let app = E2e::start().await?;
    let mut everyone = people("ali", 25);
    everyone.extend(people("zed", 5));
    users::insert_users(app.db(), &everyone).await?;

    app.open("/community?q=ali&filter=top_contributors&page=2")
        .await?;

    // Top contributors: ali00 has the most reputation; page 2 holds the 21st to 25th.
    wait_for_cards(&app, &["Ali 20", "Ali 21", "Ali 22", "Ali 23", "Ali 24"]).await?;
    assert_eq!(
        app.js("return document.querySelector('.community .search-box input').value;")
            .await?,
        "ali"
    );
    assert_eq!(
        app.js("return document.querySelector('.filter-select').value;")
            .await?,
        "top_contributors"
    );
    assert_eq!(
        app.element("[data-page-of]").await?.text().await?,
        "Page 2 of 2"
    );
    app.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn back_and_forward_restore_filter_and_page() -> Result {
    let app = E2e::start().await?;
    users::insert_users(app.db(), &people("ali", 25)).await?;
    app.open("/community?filter=old_users").await?;
    let oldest_first: Vec<String> = (5..25).rev().map(|i| format!("Ali {i:02}")).collect();
    let oldest_first: Vec<&str> = oldest_first.iter().map(String::as_str).collect();
    wait_for_cards(&app, &oldest_first).await?;

    app.click("select.filter-select option[value='top_contributors']")
        .await?;
    app.wait_for_path("/community?filter=top_contributors")
        .await?;
    app.click("button[data-page='next']").await?;
    app.wait_for_path("/community?filter=top_contributors&page=2")
        .await?;
    wait_for_cards(&app, &["Ali 20", "Ali 21", "Ali 22", "Ali 23", "Ali 24"]).await?;

    app.browser().back().await?;
    app.wait_for_path("/community?filter=top_contributors")
        .await?;
    assert_eq!(
        card_names(&app).await?.first().map(String::as_str),
        Some("Ali 00")
    );
    app.browser().back().await?;
    app.wait_for_path("/community?filter=old_users").await?;
    assert_eq!(
        card_names(&app).await?.first().map(String::as_str),
        Some("Ali 24")
    );
    assert_eq!(
        app.js("return document.querySelector('.filter-select').value;")
            .await?,
        "old_users"
    );
    app.browser().forward().await?;
    app.wait_for_path("/community?filter=top_contributors")
        .await?;
    app.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clicking_a_card_opens_the_profile_without_a_reload() -> Result {
    let app = E2e::start().await?;
    users::insert_users(app.db(), &people("ali", 2)).await?;
    app.open("/community").await?;
    wait_for_cards(&app, &["Ali 00", "Ali 01"]).await?;
    app.js("window.__devflowMarker = 'kept';").await?;

    app.click("a.user-card[href='/profile/user_ali001']")
        .await?;

    app.wait_for_path("/profile/user_ali001").await?;
    app.wait_for_heading("Ali 01").await?;
    assert_eq!(
        app.element("[data-joined]").await?.text().await?,
        "Joined March 2024"
    );
    assert_eq!(
        app.element(".profile .bio").await?.text().await?,
        "I am ali number 1."
    );
    assert_eq!(app.js("return window.__devflowMarker;").await?, "kept");
    let active = app.element("a.nav-link[aria-current='page']").await?;
    assert_eq!(active.text().await?, "Community");
    app.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn empty_states_tell_no_users_from_no_match() -> Result {
    let app = E2e::start().await?;

    app.open("/community").await?;
    app.element("[data-state='no-users']").await?;

    users::insert_users(app.db(), &people("ali", 1)).await?;
    app.open("/community?q=nobody").await?;
    let message = app
        .element("[data-state='no-match'] h2")
        .await?
        .text()
        .await?;
    assert_eq!(message, "No users match “nobody”");
    app.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_profile_says_so() -> Result {
    let app = E2e::start().await?;

    app.open("/profile/user_nobody").await?;

    app.wait_for_heading("User not found").await?;
    app.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_picture_that_cannot_load_falls_back_to_initials() -> Result {
    let app = E2e::start().await?;
    let mut broken = people("ali", 1);
    // Nothing listens on port 9: the image fails to load.
    broken[0].picture = "http://127.0.0.1:9/missing.png".into();
    users::insert_users(app.db(), &broken).await?;

    app.open("/community").await?;

    app.eventually("the fallback avatar", || async {
        let src = app
            .js("return document.querySelector('.user-card img').src;")
            .await?;
        Ok(src
            .as_str()
            .is_some_and(|s| s.starts_with("data:image/svg+xml"))
            .then_some(()))
    })
    .await?;
    app.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_api_error_is_readable_and_offers_a_retry() -> Result {
    let app = E2e::start_without_database().await?;

    app.open("/community").await?;

    // The API answers 503 once the driver gives up on the database (about 5 s).
    let alert = app.element(".error-view[role='alert']").await?;
    assert!(alert.text().await?.contains("database is unavailable"));
    app.click(".error-view button").await?;
    app.element(".user-grid[data-state='loading']").await?;
    app.finish().await
}
