//! The app shell: routing, navigation, history, theme, not-found, responsive layout.

use e2e::E2e;

type Result = anyhow::Result<()>;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deep_link_loads_the_right_page() -> Result {
    let app = E2e::start().await?;

    // A question that does not exist: its page says so, at the address asked for.
    app.open("/question/42/some-title?filter=recent").await?;
    app.wait_for_heading("Question not found").await?;
    assert_eq!(app.path().await?, "/question/42/some-title?filter=recent");

    app.open("/community").await?;
    app.wait_for_heading("Community").await?;
    let active = app.element("a.nav-link[aria-current='page']").await?;
    assert_eq!(active.text().await?, "Community");

    app.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_left_navigation_changes_route_without_a_full_reload() -> Result {
    let app = E2e::start().await?;
    app.open("/").await?;
    app.wait_for_heading("All Questions").await?;
    // A full page load would wipe this global.
    app.js("window.__devflowMarker = 'still here';").await?;

    app.click("a.nav-link[href='/tags']").await?;

    app.wait_for_heading("Tags").await?;
    assert_eq!(app.path().await?, "/tags");
    assert_eq!(
        app.js("return window.__devflowMarker;").await?,
        "still here"
    );
    let active = app.element("a.nav-link[aria-current='page']").await?;
    assert_eq!(active.attr("href").await?.as_deref(), Some("/tags"));

    app.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn back_and_forward_restore_earlier_pages() -> Result {
    let app = E2e::start().await?;
    app.open("/").await?;
    app.wait_for_heading("All Questions").await?;
    app.click("a.nav-link[href='/community']").await?;
    app.wait_for_heading("Community").await?;
    app.click("a.nav-link[href='/tags']").await?;
    app.wait_for_heading("Tags").await?;

    app.browser().back().await?;
    app.wait_for_heading("Community").await?;
    app.wait_for_path("/community").await?;
    app.browser().back().await?;
    app.wait_for_heading("All Questions").await?;
    app.browser().forward().await?;
    app.wait_for_heading("Community").await?;

    app.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_theme_choice_survives_a_reload() -> Result {
    let app = E2e::start().await?;
    app.open("/").await?;

    app.click("button[data-theme-option='dark']").await?;
    let applied = app
        .js("return document.documentElement.dataset.theme;")
        .await?;
    app.browser().refresh().await?;
    app.element("main#main").await?;

    assert_eq!(applied, "dark");
    assert_eq!(
        app.js("return document.documentElement.dataset.theme;")
            .await?,
        "dark"
    );
    let pressed = app.element("button[data-theme-option='dark']").await?;
    assert_eq!(pressed.attr("aria-pressed").await?.as_deref(), Some("true"));
    let background = app
        .js("return getComputedStyle(document.body).backgroundColor;")
        .await?;
    assert_eq!(background, "rgb(15, 17, 23)", "dark background applied");

    app.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_route_shows_the_not_found_page() -> Result {
    let app = E2e::start().await?;

    app.open("/no/such/page").await?;

    app.wait_for_heading("Page not found").await?;
    assert_eq!(app.path().await?, "/no/such/page");
    app.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_home_page_lists_questions_from_the_real_api() -> Result {
    let app = E2e::start().await?;

    app.open("/").await?;

    // A fresh database: the API answered, and the page says there is nothing yet.
    app.element("[data-state='empty']").await?;
    app.wait_for_text("[data-state='empty'] h2", "No questions yet")
        .await?;
    app.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_layout_fits_a_360_pixel_phone_with_a_menu() -> Result {
    let app = E2e::start().await?;
    app.browser().set_window_size(360, 740).await?;

    app.open("/community").await?;
    app.wait_for_heading("Community").await?;

    let overflow =
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;";
    assert_eq!(
        app.js(overflow).await?,
        0,
        "no horizontal scrolling on a phone"
    );
    let nav_visible = "const r = document.querySelector('nav.left-nav').getBoundingClientRect(); return r.width > 0 && r.height > 0;";
    assert_eq!(app.js(nav_visible).await?, false, "the menu starts closed");

    app.click("button.menu-button[aria-expanded='false']")
        .await?;
    app.element("button.menu-button[aria-expanded='true']")
        .await?;
    assert_eq!(app.js(nav_visible).await?, true, "the menu opens");
    let fits = "const r = document.querySelector('nav.left-nav').getBoundingClientRect(); return r.right <= window.innerWidth;";
    assert_eq!(app.js(fits).await?, true, "the menu fits the screen");
    // The same items as the wide navigation.
    for label in ["Home", "Community", "Collections", "Tags", "Ask a question"] {
        app.eventually(label, || async {
            let labels = app
                .js("return [...document.querySelectorAll('nav.left-nav .nav-label')].map(e => e.textContent);")
                .await?;
            Ok(labels
                .as_array()
                .is_some_and(|l| l.iter().any(|v| v == label))
                .then_some(()))
        })
        .await?;
    }

    app.click("nav.left-nav a[href='/tags']").await?;
    app.wait_for_heading("Tags").await?;
    app.element("button.menu-button[aria-expanded='false']")
        .await?;
    assert_eq!(
        app.js(nav_visible).await?,
        false,
        "choosing a page closes the menu"
    );
    assert_eq!(app.js(overflow).await?, 0);
    app.finish().await
}

/// The policy check every browser test ends with is real: a script the page policy
/// refuses is reported by the browser, and `finish` fails naming the directive.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_script_the_policy_blocks_fails_the_test_that_ran_it() -> Result {
    let app = E2e::start().await?;
    app.open("/").await?;
    app.wait_for_heading("All Questions").await?;

    // What an injected `<script>` would do (the WebDriver call itself is not subject
    // to the page's policy; the element it adds is).
    app.js("const s = document.createElement('script'); \
         s.textContent = 'window.__injected = true;'; document.body.appendChild(s);")
        .await?;

    assert_eq!(
        app.js("return window.__injected === true;").await?,
        false,
        "the inline script did not run"
    );
    app.eventually("the browser's violation report", || async {
        let reports = backend::db::csp_reports::list_csp_reports(app.db(), 1).await?;
        Ok((!reports.is_empty()).then_some(()))
    })
    .await?;
    let failure = app
        .finish()
        .await
        .expect_err("a blocked script fails the test");
    let message = format!("{failure:#}");
    assert!(message.contains("script-src"), "{message}");
    Ok(())
}
