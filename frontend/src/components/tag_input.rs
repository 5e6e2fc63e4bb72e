//! Tags as chips: type a tag and press Enter or comma to add it, × to remove it. Each
//! tag is checked by the shared rule as it is added.

use shared::questions::{normalise_tag, TAG_COUNT};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TagInputProps {
    pub id: AttrValue,
    pub tags: Vec<String>,
    pub on_change: Callback<Vec<String>>,
    /// The rule the list breaks (from the form's check or the server).
    #[prop_or_default]
    pub error: Option<AttrValue>,
}

#[component]
pub fn TagInput(props: &TagInputProps) -> Html {
    let draft = use_state(String::new);
    let local_error = use_state(|| None::<String>);
    let add = {
        let tags = props.tags.clone();
        let on_change = props.on_change.clone();
        let draft = draft.clone();
        let local_error = local_error.clone();
        move |text: &str| {
            if text.trim().is_empty() {
                return;
            }
            match normalise_tag(text) {
                Ok(tag) if tags.contains(&tag) => draft.set(String::new()),
                Ok(_) if tags.len() >= TAG_COUNT.1 => {
                    local_error.set(Some(format!("Use at most {} tags.", TAG_COUNT.1)));
                }
                Ok(tag) => {
                    let mut next = tags.clone();
                    next.push(tag);
                    on_change.emit(next);
                    draft.set(String::new());
                    local_error.set(None);
                }
                Err(error) => local_error.set(Some(error.message)),
            }
        }
    };
    let onkeydown = {
        let add = add.clone();
        let draft = draft.clone();
        let tags = props.tags.clone();
        let on_change = props.on_change.clone();
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "Enter" | "," => {
                event.prevent_default();
                add(&draft);
            }
            "Backspace" if draft.is_empty() && !tags.is_empty() => {
                let mut next = tags.clone();
                next.pop();
                on_change.emit(next);
            }
            _ => {}
        })
    };
    let oninput = {
        let draft = draft.clone();
        Callback::from(move |event: InputEvent| {
            let input: HtmlInputElement = event.target_unchecked_into();
            draft.set(input.value());
        })
    };
    let onblur = {
        let draft = draft.clone();
        Callback::from(move |_: FocusEvent| add(&draft))
    };
    let error = (*local_error)
        .clone()
        .map(AttrValue::from)
        .or(props.error.clone());
    html! {
        <div class="form-field tag-input">
            <label for={props.id.clone()}>{ "Tags" }</label>
            <p class="hint muted">{ "Up to 5 tags: letters, digits and + # . - (Enter or comma to add)." }</p>
            <div class="chips editable">
                { for props.tags.iter().enumerate().map(|(index, tag)| {
                    let tags = props.tags.clone();
                    let on_change = props.on_change.clone();
                    let remove = Callback::from(move |_| {
                        let mut next = tags.clone();
                        next.remove(index);
                        on_change.emit(next);
                    });
                    html! {
                        <span class="chip" data-chip={tag.clone()}>
                            { tag }
                            <button type="button" class="chip-remove" aria-label={format!("Remove tag {tag}")} onclick={remove}>{ "×" }</button>
                        </span>
                    }
                }) }
                <input id={props.id.clone()} type="text" value={(*draft).clone()} placeholder="Add a tag"
                       aria-invalid={error.is_some().to_string()} {onkeydown} {oninput} {onblur} />
            </div>
            if let Some(error) = error {
                <p class="field-error" data-error-for={props.id.clone()}>{ error }</p>
            }
        </div>
    }
}
