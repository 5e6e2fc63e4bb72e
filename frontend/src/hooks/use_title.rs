//! `use_title`: the browser tab (and history menu) names the page: `"{title} · DevFlow"`.

use yew::prelude::*;

/// The document title for a page title (`DevFlow` alone for an empty one).
pub fn page_title(title: &str) -> String {
    if title.is_empty() {
        "DevFlow".to_owned()
    } else {
        format!("{title} · DevFlow")
    }
}

/// Sets the document title while the page shows, and whenever `title` changes.
#[hook]
pub fn use_title(title: &str) {
    use_effect_with(title.to_owned(), |title| {
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
