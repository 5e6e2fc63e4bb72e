//! Small inline SVG icons (no icon font or CDN, so they work offline).

use yew::prelude::*;

use crate::nav::NavItem;

fn icon(path: &'static str) -> Html {
    html! {
        <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true"
             fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
            <path d={path} />
        </svg>
    }
}

/// The icon for a navigation item.
pub fn nav_icon(item: NavItem) -> Html {
    icon(match item {
        NavItem::Home => "M3 11l9-8 9 8M5 10v10h5v-6h4v6h5V10",
        NavItem::Community => "M16 21v-2a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v2M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8M22 21v-2a4 4 0 0 0-3-3.9M16 3.1a4 4 0 0 1 0 7.8",
        NavItem::Collection => "M19 21l-7-5-7 5V5a2 2 0 0 1 2-2h10a2 2 0 0 1 2 2z",
        NavItem::Tags => "M20.6 13.4l-7.2 7.2a2 2 0 0 1-2.8 0L2 12V2h10l8.6 8.6a2 2 0 0 1 0 2.8zM7 7h.01",
        NavItem::AskQuestion => "M12 5v14M5 12h14",
        NavItem::Profile => "M20 21v-2a4 4 0 0 0-4-4H8a4 4 0 0 0-4 4v2M12 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8",
    })
}
