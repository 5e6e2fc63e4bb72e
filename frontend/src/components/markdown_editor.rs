//! A Markdown text area with its live preview (rendered by the server, passed in).

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::components::rich_text::RichText;

#[derive(Properties, PartialEq)]
pub struct MarkdownEditorProps {
    /// The `id` of the text area (labels point at it).
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    pub on_input: Callback<String>,
    /// The rendered preview, once there is one.
    #[prop_or_default]
    pub preview: Option<AttrValue>,
    /// The rule the text breaks, shown under it.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    #[prop_or_default]
    pub hint: Option<AttrValue>,
}

#[component]
pub fn MarkdownEditor(props: &MarkdownEditorProps) -> Html {
    let oninput = {
        let on_input = props.on_input.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            on_input.emit(area.value());
        })
    };
    let error_id = format!("{}-error", props.id);
    let preview = match &props.preview {
        Some(html) if !props.value.trim().is_empty() => html! { <RichText html={html.clone()} /> },
        _ => html! { <p class="muted">{ "Your formatted text appears here as you type." }</p> },
    };
    html! {
        <div class="form-field markdown-editor">
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            if let Some(hint) = &props.hint {
                <p class="hint muted">{ hint.clone() }</p>
            }
            <textarea id={props.id.clone()} rows="10" value={props.value.clone()} {oninput}
                      aria-invalid={props.error.is_some().to_string()}
                      aria-describedby={props.error.as_ref().map(|_| error_id.clone())} />
            if let Some(error) = &props.error {
                <p class="field-error" id={error_id} data-error-for={props.id.clone()}>{ error.clone() }</p>
            }
            <div class="preview" data-preview={props.id.clone()} aria-live="polite">
                <span class="preview-label muted">{ "Preview" }</span>
                { preview }
            </div>
        </div>
    }
}
