//! `use_title` and `use_head`: what a page calls itself. In the browser the tab (and
//! history menu) shows `"{title} · DevFlow"`; on the server the title, description and
//! canonical address go into the rendered page's `<head>` (through [`PageData`]).

use yew::prelude::*;

use crate::page_data::{Head, PageData};

/// The document title for a page title (`DevFlow` alone for an empty one).
pub fn page_title(title: &str) -> String {
    if title.is_empty() {
        "DevFlow".to_owned()
    } else {
        format!("{title} · DevFlow")
    }
}

/// Names the page while it shows, and whenever `title` changes.
#[hook]
pub fn use_title(title: &str) {
    use_head(Head {
        title: title.to_owned(),
        ..Head::default()
    });
}

/// Names and describes the page (see [`Head`]).
#[hook]
pub fn use_head(head: Head) {
    if let Some(data) = use_context::<PageData>() {
        data.set_head(head.clone());
    }
    use_effect_with(head.title, |title| {
        if let Some(document) = crate::browser::window().and_then(|w| w.document()) {
            document.set_title(&page_title(title));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_name_the_page_then_the_site() {
        assert_eq!(page_title("Tags"), "Tags · DevFlow");
        assert_eq!(page_title(""), "DevFlow");
    }
}
