//! Generated initials avatars: an SVG data URI, so users without a reachable picture
//! (demo data, no Clerk image, an image host that is down) still get one that works
//! offline. Shared so the server (demo data) and the SPA (image fallback) draw the same.

use crate::url::{percent_encode, Keep};

/// Background colours with enough contrast for white text.
const PALETTE: [&str; 8] = [
    "#FF7000", "#1DA1F2", "#7B61FF", "#00A86B", "#E0245E", "#F59E0B", "#0EA5E9", "#64748B",
];

/// Up to two uppercase initials from a display name: "Ada Lovelace" → "AL",
/// "plato" → "P", "" → "?".
pub fn initials(name: &str) -> String {
    let mut words = name.split_whitespace().filter_map(|w| w.chars().next());
    let first = words.next();
    let last = words.next_back();
    let initials: String = first
        .into_iter()
        .chain(last)
        .flat_map(char::to_uppercase)
        .collect();
    if initials.is_empty() {
        "?".to_owned()
    } else {
        initials
    }
}

/// A stable palette colour for a name (FNV-1a), so a user keeps their colour.
pub fn colour_for(name: &str) -> &'static str {
    let hash = crate::hash::fnv1a(name.as_bytes());
    PALETTE[(hash % PALETTE.len() as u64) as usize]
}

/// An `image/svg+xml` data URI showing the name's initials on a coloured disc.
pub fn initials_avatar(name: &str) -> String {
    let svg = format!(
        "<svg xmlns='http://www.w3.org/2000/svg' width='96' height='96' viewBox='0 0 96 96'>\
<circle cx='48' cy='48' r='48' fill='{colour}'/>\
<text x='50%' y='50%' dy='.35em' text-anchor='middle' font-family='Inter,Arial,sans-serif' \
font-size='38' font-weight='600' fill='#fff'>{initials}</text></svg>",
        colour = colour_for(name),
        initials = crate::html::escape(&initials(name)),
    );
    format!("data:image/svg+xml,{}", percent_encode(&svg, Keep::DataUri))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_take_the_first_and_last_word() {
        let cases = [
            ("Ada Lovelace", "AL"),
            ("grace brewster murray hopper", "GH"),
            ("plato", "P"),
            ("  ", "?"),
            ("", "?"),
            ("émile zola", "ÉZ"),
        ];
        for (name, expected) in cases {
            assert_eq!(initials(name), expected, "initials of {name:?}");
        }
    }

    #[test]
    fn a_name_always_gets_the_same_colour() {
        assert_eq!(colour_for("Ada Lovelace"), colour_for("Ada Lovelace"));
    }

    #[test]
    fn the_avatar_is_a_data_uri_without_raw_markup_characters() {
        let uri = initials_avatar("<Ada> & Co");

        assert!(uri.starts_with("data:image/svg+xml,"));
        assert!(!uri.contains('<') && !uri.contains('#') && !uri.contains('"'));
        assert!(uri.contains("%26lt;C"), "escaped initials in {uri}");
    }
}
