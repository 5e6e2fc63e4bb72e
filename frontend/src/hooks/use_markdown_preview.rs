//! `use_markdown_preview`: the server's rendering of what is being typed, requested a
//! moment after typing pauses, so the SPA ships no Markdown parser and the preview is
//! exactly what will be stored.

use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::api::questions::preview_markdown;

/// Pause after the last keystroke before asking for a preview.
const DEBOUNCE_MS: u32 = 250;

/// The latest preview of `markdown` (`None` until the first one arrives). A reply to
/// older text that arrives after a newer one is dropped.
#[hook]
pub fn use_markdown_preview(markdown: String) -> Option<AttrValue> {
    let html = use_state(|| None::<AttrValue>);
    let generation = use_mut_ref(|| 0_u64);
    let timer = use_mut_ref(|| None::<Timeout>);
    {
        let html = html.clone();
        use_effect_with(markdown, move |markdown| {
            *generation.borrow_mut() += 1;
            let mine = *generation.borrow();
            let markdown = markdown.clone();
            if markdown.trim().is_empty() {
                *timer.borrow_mut() = None;
                html.set(None);
            } else {
                *timer.borrow_mut() = Some(Timeout::new(DEBOUNCE_MS, move || {
                    wasm_bindgen_futures::spawn_local(async move {
                        if let Ok(rendered) = preview_markdown(markdown).await {
                            if *generation.borrow() == mine {
                                html.set(Some(rendered.html.into()));
                            }
                        }
                    });
                }));
            }
        });
    }
    (*html).clone()
}
