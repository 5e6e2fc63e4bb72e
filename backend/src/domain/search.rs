//! Turning user-typed search text into a safe, literal regular expression.

/// Escapes every regex metacharacter so the text matches itself: searching `a.b` finds
/// "a.b", not "axb", and `(` cannot break the query.
pub fn escape_regex(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '.'
                | '+'
                | '*'
                | '?'
                | '('
                | ')'
                | '|'
                | '['
                | ']'
                | '{'
                | '}'
                | '^'
                | '$'
                | '#'
                | '-'
                | '/'
        ) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metacharacters_are_escaped_and_letters_are_not() {
        let cases = [
            ("ali", "ali"),
            ("a.b", r"a\.b"),
            ("(.*)", r"\(\.\*\)"),
            (r"c:\path", r"c:\\path"),
            ("[x]{2}^$|+?", r"\[x\]\{2\}\^\$\|\+\?"),
            ("émile", "émile"),
        ];
        for (text, expected) in cases {
            assert_eq!(escape_regex(text), expected, "{text}");
        }
    }
}
