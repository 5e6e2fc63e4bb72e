//! First loads of server-rendered pages: readable with JavaScript off, and once
//! hydrated, live without fetching their data again and without moving.

use anyhow::Result;
use backend::content;
use backend::db::users::UserDoc;
use e2e::forum::{ask, forum, sign_in};
use e2e::E2e;
use serde_json::Value;
use shared::{AnswerInput, QuestionDetail};

const ANSWER: &str = "Use `Arc<Mutex<T>>` and clone the Arc into the task.";

/// Bob's answer to `question`, through the API's own use case.
async fn answer(app: &E2e, question: &QuestionDetail, bob: &UserDoc) -> Result<()> {
    let input = AnswerInput {
        content: ANSWER.to_owned(),
    };
    content::answers::post_answer(app.db(), &question.summary.id, bob, &input).await?;
    Ok(())
}

/// The API requests the page has made since it loaded (paths with query).
async fn api_requests(app: &E2e) -> Result<Vec<String>> {
    let value = app
        .js("return performance.getEntriesByType('resource')
                .map(e => new URL(e.name))
                .filter(u => u.pathname.startsWith('/api/'))
                .map(u => u.pathname + u.search);")
        .await?;
    Ok(serde_json::from_value(value)?)
}

/// The page's cumulative layout shift so far (shifts not caused by input).
async fn layout_shift(app: &E2e) -> Result<f64> {
    let value: Value = app
        .browser()
        .execute_async(
            "const done = arguments[arguments.length - 1];
             let total = 0;
             new PerformanceObserver(list => {
                 for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value;
             }).observe({type: 'layout-shift', buffered: true});
             setTimeout(() => done(total), 200);",
            vec![],
        )
        .await?;
    Ok(value.as_f64().unwrap_or(f64::MAX))
}

#[tokio::test]
async fn a_question_and_its_answers_read_with_javascript_off() -> Result<()> {
    let (mut app, ada, bob) = forum().await?;
    let question = ask(
        &app,
        &ada,
        "How do I share state between tokio tasks?",
        &["rust"],
    )
    .await?;
    answer(&app, &question, &bob).await?;
    app.browser_without_javascript().await?;

    app.open_html(&format!("/question/{}", question.summary.id))
        .await?;

    assert_eq!(
        app.heading().await?,
        "How do I share state between tokio tasks?"
    );
    let answer = app.element("[data-answer]").await?.text().await?;
    assert!(answer.contains("clone the Arc into the task"), "{answer}");
    let scripts_ran = app
        .js("return document.documentElement.hasAttribute('data-app');")
        .await;
    // With scripts off even this probe may be refused; either way the app never ran.
    assert!(!matches!(scripts_ran, Ok(Value::Bool(true))));
    app.open_html("/community").await?;
    app.wait_for_text("main h1", "Community").await?;
    app.element(".user-card").await?;
    app.finish().await
}

#[tokio::test]
async fn a_hydrated_question_page_is_live_without_fetching_its_data_again() -> Result<()> {
    let (app, ada, bob) = forum().await?;
    let question = ask(&app, &ada, "Why is my future not Send?", &["rust"]).await?;
    answer(&app, &question, &bob).await?;
    let path = format!(
        "/question/{}/{}",
        question.summary.id, question.summary.slug
    );

    // Signed out: the page, its answers and the sidebar come with the HTML.
    app.open(&path).await?;
    app.element(".user-menu[data-state='signed-out']").await?;
    app.element("[data-answer]").await?;
    let requests = api_requests(&app).await?;
    assert_eq!(requests, vec!["/api/config".to_owned()], "{requests:?}");
    let shift = layout_shift(&app).await?;
    assert!(shift < 0.01, "layout shift {shift}");
    // Live: the global search answers as you type.
    app.fill("input.global-search-input", "Send").await?;
    app.element("#global-search-results [data-result-type='question']")
        .await?;

    // Signed in, the page is fetched once more for the viewer, and votes count.
    sign_in(&app, "user_e2e_bob").await?;
    app.open(&path).await?;
    app.element(".user-menu[data-state='signed-in']").await?;
    app.click(".post [data-vote='up']").await?;
    app.element(".post [data-vote='up'][aria-pressed='true']")
        .await?;
    let question_reads = api_requests(&app)
        .await?
        .into_iter()
        .filter(|p| *p == format!("/api/questions/{}", question.summary.id))
        .count();
    assert_eq!(
        question_reads, 1,
        "the question is read once, for the viewer"
    );
    app.finish().await
}
