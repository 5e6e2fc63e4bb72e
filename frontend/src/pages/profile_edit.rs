//! `/profile/edit`: the signed-in user edits their name, username, bio, location and
//! website. Each field is checked as it is typed with the same rules the API applies
//! (`shared::me`), and a refusal from the server (a taken username) shows inline too.

use shared::me::{check_bio, check_location, check_name, check_username, check_website};
use shared::{FieldError, Me, ProfileUpdate};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::session::patch_me;
use crate::api::ApiError;
use crate::components::error_view::ErrorView;
use crate::hooks::use_auth::use_auth;
use crate::hooks::use_require_user::use_require_user;
use crate::hooks::use_title::use_title;
use crate::routes::Route;

/// The form's values, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProfileForm {
    pub name: String,
    pub username: String,
    pub bio: String,
    pub location: String,
    pub portfolio_website: String,
}

impl ProfileForm {
    /// The form filled with the user's current profile.
    pub fn from_me(me: &Me) -> Self {
        Self {
            name: me.name.clone(),
            username: me.username.clone(),
            bio: me.bio.clone().unwrap_or_default(),
            location: me.location.clone().unwrap_or_default(),
            portfolio_website: me.portfolio_website.clone().unwrap_or_default(),
        }
    }

    /// Only what changed from `original` (unchanged fields stay absent).
    pub fn changes_from(&self, original: &ProfileForm) -> ProfileUpdate {
        let changed = |now: &String, before: &String| (now != before).then(|| now.clone());
        ProfileUpdate {
            name: changed(&self.name, &original.name),
            username: changed(&self.username, &original.username),
            bio: changed(&self.bio, &original.bio),
            location: changed(&self.location, &original.location),
            portfolio_website: changed(&self.portfolio_website, &original.portfolio_website),
        }
    }

    /// The rule each field breaks, by field name.
    pub fn errors(&self) -> Vec<FieldError> {
        [
            check_name(&self.name),
            check_username(&self.username),
            check_bio(&self.bio),
            check_location(&self.location),
            check_website(&self.portfolio_website),
        ]
        .into_iter()
        .filter_map(Result::err)
        .collect()
    }
}

#[derive(Properties, PartialEq)]
struct FieldProps {
    name: &'static str,
    label: &'static str,
    value: AttrValue,
    error: Option<String>,
    #[prop_or_default]
    multiline: bool,
    on_input: Callback<String>,
}

#[component]
fn Field(props: &FieldProps) -> Html {
    let id = format!("field-{}", props.name);
    let error_id = format!("{id}-error");
    let on_input = props.on_input.clone();
    let oninput = Callback::from(move |event: InputEvent| {
        let value = event
            .target_dyn_into::<web_sys::HtmlInputElement>()
            .map(|input| input.value())
            .or_else(|| {
                event
                    .target_dyn_into::<web_sys::HtmlTextAreaElement>()
                    .map(|area| area.value())
            })
            .unwrap_or_default();
        on_input.emit(value);
    });
    let invalid = props.error.is_some().then_some("true");
    let described = props.error.is_some().then(|| error_id.clone());
    html! {
        <div class={classes!("form-field", props.error.is_some().then_some("has-error"))}>
            <label for={id.clone()}>{ props.label }</label>
            if props.multiline {
                <textarea id={id.clone()} name={props.name} rows="4" value={props.value.clone()}
                    aria-invalid={invalid} aria-describedby={described.clone()} {oninput} />
            } else {
                <input id={id.clone()} name={props.name} value={props.value.clone()}
                    aria-invalid={invalid} aria-describedby={described} {oninput} />
            }
            if let Some(error) = &props.error {
                <p class="field-error" id={error_id} data-field-error={props.name}>{ error }</p>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct EditorProps {
    me: Me,
}

#[component]
fn Editor(props: &EditorProps) -> Html {
    let auth = use_auth();
    let navigator = use_navigator();
    let original = ProfileForm::from_me(&props.me);
    let form = use_state(|| original.clone());
    let server_error = use_state(|| None::<ApiError>);
    let saving = use_state(|| false);

    let errors = form.errors();
    let server_field = match &*server_error {
        Some(ApiError::Http {
            field: Some(field),
            message,
            ..
        }) => Some((field.clone(), message.clone())),
        _ => None,
    };
    let error_for = |field: &str| {
        errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.clone())
            .or_else(|| {
                server_field
                    .as_ref()
                    .filter(|(f, _)| f == field)
                    .map(|(_, m)| m.clone())
            })
    };
    let set = |apply: fn(&mut ProfileForm, String)| {
        let form = form.clone();
        let server_error = server_error.clone();
        Callback::from(move |value: String| {
            let mut next = (*form).clone();
            apply(&mut next, value);
            form.set(next);
            server_error.set(None);
        })
    };
    let onsubmit = {
        let form = form.clone();
        let server_error = server_error.clone();
        let saving = saving.clone();
        let clerk_id = props.me.clerk_id.clone();
        let original = original.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if !form.errors().is_empty() || *saving {
                return;
            }
            let update = form.changes_from(&original);
            let server_error = server_error.clone();
            let saving = saving.clone();
            let navigator = navigator.clone();
            let auth = auth.clone();
            let clerk_id = clerk_id.clone();
            saving.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let result = if update.is_empty() {
                    Ok(())
                } else {
                    patch_me(update).await.map(|_| ())
                };
                saving.set(false);
                match result {
                    Ok(()) => {
                        auth.refresh();
                        if let Some(navigator) = &navigator {
                            navigator.push(&Route::Profile { id: clerk_id });
                        }
                    }
                    Err(error) => server_error.set(Some(error)),
                }
            });
        })
    };
    let general_error = match &*server_error {
        Some(error) if server_field.is_none() => Some(error.user_message()),
        _ => None,
    };
    html! {
        <form class="profile-form" {onsubmit} novalidate=true>
            <Field name="name" label="Name" value={form.name.clone()} error={error_for("name")}
                on_input={set(|f, v| f.name = v)} />
            <Field name="username" label="Username" value={form.username.clone()} error={error_for("username")}
                on_input={set(|f, v| f.username = v)} />
            <Field name="portfolioWebsite" label="Website" value={form.portfolio_website.clone()}
                error={error_for("portfolioWebsite")} on_input={set(|f, v| f.portfolio_website = v)} />
            <Field name="location" label="Location" value={form.location.clone()} error={error_for("location")}
                on_input={set(|f, v| f.location = v)} />
            <Field name="bio" label="Bio" value={form.bio.clone()} error={error_for("bio")} multiline=true
                on_input={set(|f, v| f.bio = v)} />
            if let Some(message) = general_error {
                <ErrorView message={message} />
            }
            <div class="form-actions">
                <button type="submit" class="btn" disabled={!errors.is_empty() || *saving}>
                    { if *saving { "Saving…" } else { "Save" } }
                </button>
            </div>
        </form>
    }
}

#[component]
pub fn ProfileEdit() -> Html {
    use_title("Edit profile");
    let me = use_require_user();
    html! {
        <section class="page profile-edit">
            <h1>{ "Edit profile" }</h1>
            if let Some(me) = me {
                <Editor me={me} />
            } else {
                <p class="muted" aria-busy="true">{ "Loading…" }</p>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_fields_are_sent() {
        let original = ProfileForm {
            name: "Ada".into(),
            username: "ada".into(),
            ..ProfileForm::default()
        };
        let edited = ProfileForm {
            name: "Ada King".into(),
            bio: "Hi".into(),
            ..original.clone()
        };

        let update = edited.changes_from(&original);

        assert_eq!(update.name.as_deref(), Some("Ada King"));
        assert_eq!(update.bio.as_deref(), Some("Hi"));
        assert_eq!(update.username, None);
        assert_eq!(update.location, None);
    }

    #[test]
    fn the_form_reports_the_shared_rules() {
        let form = ProfileForm {
            name: String::new(),
            username: "A".into(),
            portfolio_website: "ftp://x".into(),
            ..ProfileForm::default()
        };

        let fields: Vec<&str> = form.errors().iter().map(|e| e.field).collect();

        assert_eq!(fields, ["name", "username", "portfolioWebsite"]);
    }
}
