//! Questions in the real SPA on the real backend: asking and landing on the canonical
//! address, the address corrected without a new history entry, answering with the live
//! preview, voting, accepting, `/question` alone, a tag's page and going back.

use backend::db::users;
use e2e::forum::{ask, forum, sign_in, ADA, BOB};

type Result = anyhow::Result<()>;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn asking_a_question_lands_on_its_canonical_address() -> Result {
    let (app, _, _) = forum().await?;
    sign_in(&app, ADA).await?;

    app.open("/ask-question").await?;
    app.wait_for_heading("Ask a question").await?;
    // Broken rules show inline before anything is sent.
    app.click("[data-submit-question]").await?;
    app.element("[data-error-for='question-title']").await?;
    app.element("[data-error-for='question-content']").await?;
    app.element("[data-error-for='question-tags']").await?;

    app.fill("#question-title", "How do lifetimes work in Rust?")
        .await?;
    app.fill(
        "#question-content",
        "Why does **this** not compile?\n\n```rust\nfn longest(a: &str, b: &str) -> &str { a }\n```",
    )
    .await?;
    app.wait_for_text("[data-preview='question-content'] strong", "this")
        .await?;
    app.element("[data-preview='question-content'] .hl-keyword")
        .await?;
    app.fill("#question-tags", "Rust,").await?;
    app.fill("#question-tags", "lifetimes,").await?;
    app.element("[data-chip='rust']").await?;
    app.element("[data-chip='lifetimes']").await?;
    app.click("[data-submit-question]").await?;

    app.wait_for_heading("How do lifetimes work in Rust?")
        .await?;
    let path = app.path().await?;
    assert!(
        path.starts_with("/question/") && path.ends_with("/how-do-lifetimes-work-in-rust"),
        "{path}"
    );
    app.element(".rich-text pre[data-lang='rust'] .hl-keyword")
        .await?;
    app.element("a.chip.tag[data-tag='lifetimes']").await?;
    app.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_address_without_the_slug_is_corrected_without_a_new_history_entry() -> Result {
    let (app, ada, _) = forum().await?;
    let question = ask(&app, &ada, "Borrow checker woes", &["rust"]).await?;
    let id = &question.summary.id;

    app.open("/community").await?;
    app.wait_for_heading("Community").await?;
    app.open(&format!("/question/{id}")).await?;
    let entries = app.js("return history.length;").await?;
    app.wait_for_heading("Borrow checker woes").await?;

    app.wait_for_path(&format!("/question/{id}/borrow-checker-woes"))
        .await?;
    assert_eq!(app.js("return history.length;").await?, entries);
    // A stale slug, or extra segments, are corrected the same way.
    app.open(&format!("/question/{id}/old-title/and/more"))
        .await?;
    app.wait_for_path(&format!("/question/{id}/borrow-checker-woes"))
        .await?;
    // Back leaves the question rather than revisiting the uncorrected address.
    app.js("history.back();").await?;
    app.wait_for_path(&format!("/question/{id}/borrow-checker-woes"))
        .await?;
    app.js("history.back();").await?;
    app.wait_for_path("/community").await?;

    app.open("/question/6650f0c0c0c0c0c0c0c0c0c0").await?;
    app.wait_for_heading("Question not found").await?;
    app.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answering_with_preview_voting_and_accepting() -> Result {
    let (app, ada, _) = forum().await?;
    let question = ask(&app, &ada, "Which answer is right?", &["rust"]).await?;
    let page = format!("/question/{}/which-answer-is-right", question.summary.id);

    // Signed out: an invitation to sign in instead of a form.
    app.open(&page).await?;
    app.element("[data-sign-in-to-answer]").await?;

    // Bob answers with a live preview, and votes the question up.
    sign_in(&app, BOB).await?;
    app.open(&page).await?;
    app.wait_for_heading("Which answer is right?").await?;
    app.fill(
        "#answer-content",
        "Use `Rc<RefCell<T>>` and **borrow late**.",
    )
    .await?;
    app.wait_for_text("[data-preview='answer-content'] strong", "borrow late")
        .await?;
    app.click("[data-submit-answer]").await?;
    app.element("[data-answer]").await?;
    app.wait_for_text("[data-answer-count]", "1 Answer").await?;
    assert_eq!(
        app.js("return document.querySelector('#answer-content').value;")
            .await?,
        ""
    );

    app.click(".post [data-vote='up']").await?;
    app.wait_for_text(".post .score", "1").await?;
    app.element(".post [data-vote='up'][aria-pressed='true']")
        .await?;
    // It was stored: a reload shows it.
    app.open(&page).await?;
    app.wait_for_text(".post .score", "1").await?;
    app.element(".post [data-vote='up'][aria-pressed='true']")
        .await?;
    // Bob cannot vote on his own answer.
    assert_eq!(
        app.js("return document.querySelector(\"[data-answer] [data-vote='up']\").disabled;")
            .await?,
        true
    );

    // Ada accepts it.
    app.click("[data-action='sign-out']").await?;
    app.element(".user-menu[data-state='signed-out']").await?;
    sign_in(&app, ADA).await?;
    app.open(&page).await?;
    app.click("[data-accept]").await?;
    app.element("[data-accepted]").await?;
    app.element(".answer.accepted").await?;
    let reputation = users::find_user_by_clerk_id(app.db(), BOB)
        .await?
        .map(|u| u.reputation);
    // 10 for answering, 1 for voting on the question, 15 for the acceptance.
    assert_eq!(reputation, Some(26));
    app.finish().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_list_is_at_question_too_and_tags_open_their_page_with_back_working() -> Result {
    let (app, ada, bob) = forum().await?;
    ask(&app, &ada, "Centering a div in CSS", &["css"]).await?;
    ask(&app, &bob, "Lifetimes in async Rust", &["rust", "async"]).await?;
    ask(&app, &ada, "Yew hooks and closures", &["rust", "yew"]).await?;

    app.open("/question").await?;
    app.wait_for_heading("All Questions").await?;
    app.element(".question-list[data-state='ready']").await?;
    let count = "return document.querySelectorAll('.question-card').length;";
    assert_eq!(app.js(count).await?, 3);

    app.click(".question-card a.chip.tag[data-tag='rust']")
        .await?;
    app.wait_for_path("/tags/rust").await?;
    app.element("h1[data-tag-name='rust']").await?;
    app.eventually("two rust questions", || async {
        Ok((app.js(count).await? == 2).then_some(()))
    })
    .await?;

    app.click("[data-filter='unanswered']").await?;
    app.wait_for_path("/tags/rust?filter=unanswered").await?;

    app.js("history.back();").await?;
    app.wait_for_path("/tags/rust").await?;
    app.js("history.back();").await?;
    app.wait_for_path("/question").await?;
    app.eventually("all three questions", || async {
        Ok((app.js(count).await? == 3).then_some(()))
    })
    .await?;
    app.finish().await
}
