//! Browsing in the real SPA on the real backend: the Tags page and a tag's questions,
//! saving into the collection, and the global search with the keyboard.

use e2e::forum::{ask, forum, sign_in, BOB};
use fantoccini::key::Key;
use serde_json::json;

type Result = anyhow::Result<()>;

const CARDS: &str = "return document.querySelectorAll('.question-list[data-state=\"ready\"] .question-card').length;";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tags_page_searches_and_a_tag_pages_through_its_questions() -> Result {
    let (app, ada, bob) = forum().await?;
    for i in 0..22 {
        ask(&app, &ada, &format!("Rust question number {i}"), &["rust"]).await?;
    }
    ask(&app, &bob, "Goroutines leak", &["go"]).await?;
    ask(&app, &bob, "Yew hooks", &["yew", "rust"]).await?;

    app.open("/tags").await?;
    app.wait_for_heading("Tags").await?;
    app.element(".tag-grid[data-state='ready'] [data-tag-card='rust']")
        .await?;
    let cards = "return [...document.querySelectorAll('.tag-grid[data-state=\"ready\"] .tag-card')].map(c => c.dataset.tagCard);";
    assert_eq!(app.js(cards).await?, json!(["rust", "go", "yew"]));
    app.wait_for_text("[data-tag-card='rust'] [data-count='questions']", "23")
        .await?;

    app.fill(".tags .search-box input", "ru").await?;
    app.wait_for_path("/tags?q=ru").await?;
    app.eventually("only rust", || async {
        Ok((app.js(cards).await? == json!(["rust"])).then_some(()))
    })
    .await?;

    app.click("[data-tag-card='rust'] a.chip.tag").await?;
    app.wait_for_path("/tags/rust").await?;
    app.element("h1[data-tag-name='rust']").await?;
    app.eventually("the tab names the tag", || async {
        Ok(
            (app.js("return document.title;").await? == "Questions tagged [rust] · DevFlow")
                .then_some(()),
        )
    })
    .await?;
    app.eventually("a first page of 20", || async {
        Ok((app.js(CARDS).await? == 20).then_some(()))
    })
    .await?;
    app.click("[data-page='next']").await?;
    app.wait_for_path("/tags/rust?page=2").await?;
    app.eventually("the last 3 on page 2", || async {
        Ok((app.js(CARDS).await? == 3).then_some(()))
    })
    .await?;
    app.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_question_is_in_the_collection_until_unsaved() -> Result {
    let (app, ada, _) = forum().await?;
    let kept = ask(&app, &ada, "Worth keeping for later", &["rust"]).await?;
    ask(&app, &ada, "Not saved at all", &["rust"]).await?;
    sign_in(&app, BOB).await?;

    let star = format!("button.save-toggle[data-save='{}']", kept.summary.id);
    app.click(&star).await?;
    app.element(&format!("{star}[aria-pressed='true']")).await?;

    app.click("nav.left-nav a[href='/collection']").await?;
    app.wait_for_heading("Saved Questions").await?;
    app.eventually("one saved question", || async {
        Ok((app.js(CARDS).await? == 1).then_some(()))
    })
    .await?;
    app.wait_for_text(
        ".question-list .question-title a",
        "Worth keeping for later",
    )
    .await?;

    app.click(&star).await?;
    app.wait_for_text("[data-state='empty'] h2", "No saved questions yet")
        .await?;
    app.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_global_search_opens_a_user_with_the_keyboard() -> Result {
    let (app, ada, _) = forum().await?;
    ask(&app, &ada, "Programming in the Ada language", &["ada"]).await?;

    app.open("/community").await?;
    app.wait_for_heading("Community").await?;
    // `/` from anywhere focuses the search box.
    app.browser().active_element().await?.send_keys("/").await?;
    let focused = "return document.activeElement && document.activeElement.classList.contains('global-search-input');";
    app.eventually("the search box focused", || async {
        Ok((app.js(focused).await? == true).then_some(()))
    })
    .await?;

    let input = app.element("input.global-search-input").await?;
    input.send_keys("ada").await?;
    app.element(".search-panel [data-group='question'] [data-result-type='question']")
        .await?;
    app.element(".search-panel [data-group='user'] [data-result-id='user_e2e_ada']")
        .await?;
    let user = ".search-hit[data-result-type='user'][aria-selected='true']";
    app.eventually("the user result highlighted", || async {
        if app
            .browser()
            .find(fantoccini::Locator::Css(user))
            .await
            .is_ok()
        {
            return Ok(Some(()));
        }
        input.send_keys(&Key::Down.to_string()).await?;
        Ok(None)
    })
    .await?;
    input.send_keys(&Key::Enter.to_string()).await?;

    app.wait_for_path("/profile/user_e2e_ada").await?;
    app.wait_for_heading("Ada Lovelace").await?;
    app.finish().await
}
