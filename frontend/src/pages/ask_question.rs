//! `/ask-question` and `/question/{id}/edit`: title, Markdown body with live preview,
//! and tags as chips, checked inline by the same rules the API applies; after saving,
//! the question's canonical page.

use shared::questions::{check_title, normalise_tags};
use shared::{AskQuestion, ErrorCode, FieldError, QuestionDetail, QuestionUpdate};
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::questions::{ask_question, edit_question, get_question};
use crate::api::ApiError;
use crate::components::error_view::ErrorView;
use crate::components::markdown_editor::MarkdownEditor;
use crate::components::tag_input::TagInput;
use crate::hooks::use_fetch::{use_get, Fetch};
use crate::hooks::use_markdown_preview::use_markdown_preview;
use crate::hooks::use_require_user::use_require_user;
use crate::hooks::use_title::use_title;
use crate::routes::{question_route, Route};

/// Each field's error, by wire name.
#[derive(Clone, Debug, Default, PartialEq)]
struct Errors {
    title: Option<String>,
    content: Option<String>,
    tags: Option<String>,
    form: Option<String>,
}

impl Errors {
    fn from_fields(errors: Vec<FieldError>) -> Self {
        let mut out = Self::default();
        for error in errors {
            let slot = match error.field {
                "title" => &mut out.title,
                "content" => &mut out.content,
                _ => &mut out.tags,
            };
            slot.get_or_insert(error.message);
        }
        out
    }

    fn from_api(error: &ApiError) -> Self {
        match error {
            ApiError::Http {
                code: ErrorCode::InvalidParameter,
                field: Some(field),
                message,
                ..
            } => Self::from_fields(vec![FieldError {
                field: match field.as_str() {
                    "title" => "title",
                    "content" => "content",
                    _ => "tags",
                },
                message: message.clone(),
            }]),
            other => Self {
                form: Some(other.user_message()),
                ..Self::default()
            },
        }
    }

    fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// The rules the draft breaks, in form order (the API's own, from `shared`).
fn check(draft: &AskQuestion) -> Errors {
    Errors::from_fields(draft.errors())
}

#[derive(Properties, PartialEq)]
struct EditorProps {
    /// What the form starts with.
    initial: AskQuestion,
    /// `Some(id)` when editing.
    editing: Option<String>,
}

#[component]
fn QuestionEditor(props: &EditorProps) -> Html {
    let draft = use_state(|| props.initial.clone());
    let errors = use_state(Errors::default);
    let submitted = use_state(|| false);
    let saving = use_state(|| false);
    let navigator = use_navigator();
    let preview = use_markdown_preview(draft.content.clone());

    // After a first submit, errors follow the text as it is corrected.
    let update = {
        let (draft, errors, submitted) = (draft.clone(), errors.clone(), submitted.clone());
        move |change: &dyn Fn(&mut AskQuestion)| {
            let mut next = (*draft).clone();
            change(&mut next);
            if *submitted {
                errors.set(check(&next));
            }
            draft.set(next);
        }
    };
    let on_title = {
        let update = update.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            update(&|d| d.title = input.value());
        })
    };
    let on_title_blur = {
        let (draft, errors) = (draft.clone(), errors.clone());
        Callback::from(move |_: FocusEvent| {
            let mut next = (*errors).clone();
            next.title = check_title(&draft.title).err().map(|e| e.message);
            if !draft.title.is_empty() {
                errors.set(next);
            }
        })
    };
    let on_content = {
        let update = update.clone();
        Callback::from(move |text: String| update(&|d| d.content = text.clone()))
    };
    let on_tags = {
        let update = update.clone();
        Callback::from(move |tags: Vec<String>| update(&|d| d.tags = tags.clone()))
    };
    let on_submit = {
        let (draft, errors, submitted, saving) = (
            draft.clone(),
            errors.clone(),
            submitted.clone(),
            saving.clone(),
        );
        let editing = props.editing.clone();
        let initial = props.initial.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            submitted.set(true);
            let found = check(&draft);
            if !found.is_empty() || *saving {
                errors.set(found);
                return;
            }
            errors.set(Errors::default());
            saving.set(true);
            let (draft, errors, saving, navigator, editing, initial) = (
                (*draft).clone(),
                errors.clone(),
                saving.clone(),
                navigator.clone(),
                editing.clone(),
                initial.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let result: Result<QuestionDetail, ApiError> = match editing {
                    None => ask_question(draft).await,
                    Some(id) => {
                        let tags = normalise_tags(&draft.tags).unwrap_or_default();
                        let update = QuestionUpdate {
                            title: (draft.title != initial.title).then(|| draft.title.clone()),
                            content: (draft.content != initial.content)
                                .then(|| draft.content.clone()),
                            tags: (tags != initial.tags).then_some(tags),
                        };
                        edit_question(id, update).await
                    }
                };
                saving.set(false);
                match result {
                    Ok(question) => {
                        if let Some(navigator) = navigator {
                            navigator.push(&question_route(
                                &question.summary.id,
                                &question.summary.slug,
                            ));
                        }
                    }
                    Err(error) => errors.set(Errors::from_api(&error)),
                }
            });
        })
    };
    let title_error_id = "question-title-error";
    let verb = if props.editing.is_some() {
        "Save changes"
    } else {
        "Ask question"
    };
    html! {
        <form class="question-form" onsubmit={on_submit} novalidate=true>
            if let Some(error) = &errors.form {
                <p class="form-error" role="alert" data-form-error="">{ error }</p>
            }
            <div class="form-field">
                <label for="question-title">{ "Title" }</label>
                <p class="hint muted">{ "Be specific and imagine you are asking another person (5–130 characters)." }</p>
                <input id="question-title" type="text" value={draft.title.clone()} oninput={on_title} onblur={on_title_blur}
                       aria-invalid={errors.title.is_some().to_string()}
                       aria-describedby={errors.title.as_ref().map(|_| title_error_id)} />
                if let Some(error) = &errors.title {
                    <p class="field-error" id={title_error_id} data-error-for="question-title">{ error }</p>
                }
            </div>
            <MarkdownEditor id="question-content" label="Details" value={draft.content.clone()} on_input={on_content}
                            preview={preview} error={errors.content.clone().map(AttrValue::from)}
                            hint="What did you try, and what did you expect? At least 20 characters; Markdown and ```fenced code``` welcome." />
            <TagInput id="question-tags" tags={draft.tags.clone()} on_change={on_tags} error={errors.tags.clone().map(AttrValue::from)} />
            <button type="submit" class="btn" disabled={*saving} data-submit-question="">
                { if *saving { "Saving…" } else { verb } }
            </button>
        </form>
    }
}

/// `/ask-question` (signed in only).
#[component]
pub fn AskQuestionPage() -> Html {
    use_title("Ask a question");
    let user = use_require_user();
    html! {
        <section class="page ask-question">
            <h1>{ "Ask a question" }</h1>
            if user.is_some() {
                <QuestionEditor initial={AskQuestion::default()} editing={None::<String>} />
            } else {
                <p class="muted" aria-busy="true">{ "Checking your session…" }</p>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct EditQuestionProps {
    pub id: AttrValue,
}

/// `/question/{id}/edit` (the author only).
#[component]
pub fn EditQuestionPage(props: &EditQuestionProps) -> Html {
    use_title("Edit your question");
    let user = use_require_user();
    let question = use_get(props.id.to_string(), get_question);
    let body = match (user, question.state().clone()) {
        (None, _) | (_, Fetch::Loading) => {
            html! { <p class="muted" aria-busy="true">{ "Loading…" }</p> }
        }
        (_, Fetch::Failed(error)) if error.code() == Some(ErrorCode::NotFound) => {
            html! { <p class="muted">{ "Question not found." }</p> }
        }
        (_, Fetch::Failed(error)) => {
            html! { <ErrorView message={error.user_message()} on_retry={question.reload_callback()} /> }
        }
        (Some(_), Fetch::Ready(q)) if !q.mine => html! {
            <p class="form-error" role="alert">{ "Only the question's author can edit it." }</p>
        },
        (Some(_), Fetch::Ready(q)) => {
            let initial = AskQuestion {
                title: q.summary.title.clone(),
                content: q.content.clone(),
                tags: q.summary.tags.iter().map(|t| t.name.clone()).collect(),
            };
            html! { <QuestionEditor initial={initial} editing={Some(q.summary.id.clone())} /> }
        }
    };
    html! {
        <section class="page ask-question">
            <h1>{ "Edit your question" }</h1>
            <p><Link<Route> to={Route::Question { id: props.id.to_string() }}>{ "← Back to the question" }</Link<Route>></p>
            { body }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_shows_each_broken_rule_under_its_field() {
        let errors = check(&AskQuestion {
            title: "Why".into(),
            content: "short".into(),
            tags: vec![],
        });
        assert!(errors
            .title
            .as_deref()
            .is_some_and(|m| m.contains("at least 5")));
        assert!(errors
            .content
            .as_deref()
            .is_some_and(|m| m.contains("at least 20")));
        assert_eq!(errors.tags.as_deref(), Some("Add at least one tag."));
        assert!(check(&AskQuestion {
            title: "A good title".into(),
            content: "x".repeat(20),
            tags: vec!["rust".into()],
        })
        .is_empty());
    }

    #[test]
    fn a_refused_field_from_the_api_lands_under_that_field() {
        let error = ApiError::Http {
            status: 400,
            code: ErrorCode::InvalidParameter,
            message: "Use at most 5 tags.".into(),
            field: Some("tags".into()),
        };
        assert_eq!(
            Errors::from_api(&error).tags.as_deref(),
            Some("Use at most 5 tags.")
        );
        let network = ApiError::Network("down".into());
        assert!(Errors::from_api(&network).form.is_some());
    }
}
