//! Escaping text for HTML and XML (the avatar SVG, highlighted code).

/// Escapes `&`, `<`, `>`, `"` and `'`, so the text is safe in element content and in
/// attribute values quoted either way.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped_and_others_kept() {
        assert_eq!(
            escape(r#"<a href="x" title='y'>&amp; ü</a>"#),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp; ü&lt;/a&gt;"
        );
    }
}
