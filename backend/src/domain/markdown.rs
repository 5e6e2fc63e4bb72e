//! Markdown to safe HTML: the one renderer behind stored posts and the editor's live
//! preview.
//!
//! pulldown-cmark parses (CommonMark plus tables, strikethrough and task lists); fenced
//! code is highlighted here with syntect into a small set of `hl-*` classes the
//! stylesheet colours in both themes; ammonia then cleans the whole document with an
//! allow-list, so nothing the author wrote (raw HTML included) can carry scripts, event
//! handlers, `javascript:`/`data:` URLs, frames or styles. Highlighting runs before
//! cleaning, so even a bug in it cannot let markup through.

use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// `rel` of every link: posts are user content, so search engines must not count the
/// links and the target page must not get a handle on DevFlow's window.
pub const LINK_REL: &str = "nofollow ugc noopener";

/// Code longer than this is shown unhighlighted: parsing cost grows with length and a
/// 30,000-character paste should not stall a request.
const HIGHLIGHT_MAX_BYTES: usize = 20_000;

/// The classes highlighted code uses, each for the scopes (by prefix, most specific
/// first) it colours. The first scope from the innermost outwards that matches wins.
const CLASSES: &[(&str, &str)] = &[
    ("comment", "hl-comment"),
    ("string", "hl-string"),
    ("constant.character.escape", "hl-escape"),
    ("constant.numeric", "hl-number"),
    ("constant", "hl-constant"),
    ("keyword.operator", "hl-operator"),
    ("keyword", "hl-keyword"),
    ("storage", "hl-keyword"),
    ("entity.name.function", "hl-function"),
    ("support.function", "hl-function"),
    ("variable.function", "hl-function"),
    ("entity.name.tag", "hl-tag"),
    ("entity.other.attribute-name", "hl-attr"),
    ("entity.name", "hl-type"),
    ("support.type", "hl-type"),
    ("support.class", "hl-type"),
    ("support.macro", "hl-function"),
    ("variable.language", "hl-constant"),
    ("variable.parameter", "hl-variable"),
    ("markup.heading", "hl-keyword"),
    ("markup.inserted", "hl-string"),
    ("markup.deleted", "hl-deleted"),
];

/// Class of a ticked task-list box.
const TASK_DONE: &str = "task-done";
/// Class of an open task-list box.
const TASK_TODO: &str = "task-todo";

struct Renderer {
    syntaxes: SyntaxSet,
    cleaner: ammonia::Builder<'static>,
}

static RENDERER: LazyLock<Renderer> = LazyLock::new(Renderer::new);

/// Renders Markdown to sanitised HTML.
pub fn render(markdown: &str) -> String {
    RENDERER.render(markdown)
}

/// Loads the grammars and builds the cleaner now rather than on the first post.
pub fn warm_up() {
    LazyLock::force(&RENDERER);
}

fn class_for(scope: Scope) -> Option<&'static str> {
    let name = scope.build_string();
    CLASSES
        .iter()
        .find(|(prefix, _)| {
            name.strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
        })
        .map(|(_, class)| *class)
}

fn cleaner() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some(LINK_REL))
        .add_tag_attributes("pre", ["data-lang"])
        .add_allowed_classes(
            "span",
            CLASSES
                .iter()
                .map(|(_, class)| *class)
                .chain([TASK_DONE, TASK_TODO]),
        );
    builder
}

impl Renderer {
    fn new() -> Self {
        let syntaxes = SyntaxSet::load_defaults_newlines();
        Self {
            syntaxes,
            cleaner: cleaner(),
        }
    }

    fn render(&self, markdown: &str) -> String {
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_FOOTNOTES;
        let mut events = Vec::new();
        let mut code: Option<(String, String)> = None;
        for event in Parser::new_ext(markdown, options) {
            match (event, &mut code) {
                (Event::Start(Tag::CodeBlock(kind)), _) => {
                    let lang = match kind {
                        CodeBlockKind::Fenced(info) => language(&info),
                        CodeBlockKind::Indented => String::new(),
                    };
                    code = Some((lang, String::new()));
                }
                (Event::Text(text), Some((_, body))) => body.push_str(&text),
                // A task box is a marked span, not a form control: no `<input>` (which
                // raw HTML could misuse) needs to pass the cleaner.
                (Event::TaskListMarker(done), _) => {
                    let (class, mark) = if done {
                        (TASK_DONE, "☑")
                    } else {
                        (TASK_TODO, "☐")
                    };
                    events.push(Event::Html(CowStr::from(format!(
                        "<span class=\"{class}\">{mark}</span> "
                    ))));
                }
                (Event::End(TagEnd::CodeBlock), Some(_)) => {
                    if let Some((lang, body)) = code.take() {
                        events.push(Event::Html(CowStr::from(self.code_block(&lang, &body))));
                    }
                }
                (event, _) => events.push(event),
            }
        }
        let mut html = String::with_capacity(markdown.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        self.cleaner.clean(&html).to_string()
    }

    fn syntax(&self, lang: &str) -> Option<&SyntaxReference> {
        if lang.is_empty() {
            return None;
        }
        self.syntaxes.find_syntax_by_token(lang)
    }

    /// `<pre data-lang="rust"><code>` with highlighted spans; plain escaped text when
    /// the language is unknown, the code too long, or the grammar fails.
    fn code_block(&self, lang: &str, body: &str) -> String {
        let lang_attr = if lang.is_empty() {
            String::new()
        } else {
            format!(" data-lang=\"{}\"", shared::html::escape(lang))
        };
        let inner = self
            .syntax(lang)
            .filter(|_| body.len() <= HIGHLIGHT_MAX_BYTES)
            .and_then(|syntax| self.highlight(syntax, body))
            .unwrap_or_else(|| shared::html::escape(body));
        format!("<pre{lang_attr}><code>{inner}</code></pre>\n")
    }

    fn class_of(&self, stack: &ScopeStack) -> Option<&'static str> {
        stack
            .as_slice()
            .iter()
            .rev()
            .find_map(|scope| class_for(*scope))
    }

    fn highlight(&self, syntax: &SyntaxReference, body: &str) -> Option<String> {
        let mut out = String::with_capacity(body.len() * 2);
        let mut state = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        let mut pending: (Option<&'static str>, String) = (None, String::new());
        let flush = |out: &mut String, pending: &mut (Option<&'static str>, String)| {
            if pending.1.is_empty() {
                return;
            }
            let text = shared::html::escape(&pending.1);
            match pending.0 {
                Some(class) => {
                    out.push_str("<span class=\"");
                    out.push_str(class);
                    out.push_str("\">");
                    out.push_str(&text);
                    out.push_str("</span>");
                }
                None => out.push_str(&text),
            }
            pending.1.clear();
        };
        for line in LinesWithEndings::from(body) {
            let ops = state.parse_line(line, &self.syntaxes).ok()?;
            let mut at = 0;
            for (index, op) in ops {
                let index = index.min(line.len());
                if index > at {
                    let class = self.class_of(&stack);
                    if class != pending.0 {
                        flush(&mut out, &mut pending);
                        pending.0 = class;
                    }
                    pending.1.push_str(line.get(at..index)?);
                    at = index;
                }
                stack.apply(&op).ok()?;
            }
            let class = self.class_of(&stack);
            if class != pending.0 {
                flush(&mut out, &mut pending);
                pending.0 = class;
            }
            pending.1.push_str(line.get(at..)?);
        }
        flush(&mut out, &mut pending);
        Some(out)
    }
}

/// The language of a fence's info string (```` ```rust,ignore ````→ `rust`), limited to
/// the characters a language name has.
fn language(info: &str) -> String {
    info.split([' ', ',', '{'])
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "+#-_.".contains(*c))
        .take(32)
        .collect::<String>()
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_markdown_renders() {
        let html = render("# Title\n\nSome *em* and **strong** and `code`.\n\n- a\n- b\n");
        assert!(html.contains("<h1>Title</h1>"), "{html}");
        assert!(html.contains("<em>em</em>"));
        assert!(html.contains("<strong>strong</strong>"));
        assert!(html.contains("<code>code</code>"));
        assert!(html.contains("<li>a</li>"));
    }

    #[test]
    fn tables_strikethrough_and_task_lists_render() {
        let html =
            render("| a | b |\n|---|:-:|\n| 1 | 2 |\n\n~~gone~~\n\n- [x] done\n- [ ] todo\n");
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<td>1</td>"), "{html}");
        assert!(html.contains("<del>gone</del>"), "{html}");
        assert!(
            html.contains(r#"<li><span class="task-done">☑</span> done</li>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<li><span class="task-todo">☐</span> todo</li>"#),
            "{html}"
        );
        assert!(!html.contains("<input"), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn fenced_code_is_highlighted_by_language() {
        let html = render("```rust\nfn main() { let x = \"hi\"; } // note\n```\n");
        assert!(html.contains(r#"<pre data-lang="rust"><code>"#), "{html}");
        assert!(
            html.contains(r#"<span class="hl-keyword">fn</span>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<span class="hl-function">main</span>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<span class="hl-string">"hi"</span>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<span class="hl-comment">// note"#),
            "{html}"
        );
    }

    #[test]
    fn code_in_an_unknown_language_is_escaped_text() {
        let html = render("```nosuchlang\n<script>alert(1)</script>\n```\n");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<span"), "{html}");
    }

    #[test]
    fn the_fence_language_is_reduced_to_a_name() {
        assert_eq!(language("rust,ignore"), "rust");
        assert_eq!(language("C++ {.class}"), "c++");
        assert_eq!(language("\"><script>"), "script");
        assert_eq!(language(""), "");
    }

    #[test]
    fn links_get_rel_and_dangerous_urls_are_dropped() {
        let html =
            render("[ok](https://example.com) [bad](javascript:alert(1)) [data](data:text/html,x)");
        assert!(
            html.contains(r#"<a href="https://example.com" rel="nofollow ugc noopener">ok</a>"#),
            "{html}"
        );
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("data:"), "{html}");
    }

    #[test]
    fn raw_html_is_cleaned_not_trusted() {
        let html = render(
            "<script>alert(1)</script><img src=x onerror=alert(1)><iframe src=//evil></iframe>\
             <p style=\"color:red\" onclick=\"x()\">hi</p><span class=\"hl-keyword evil\">k</span>",
        );
        for banned in ["<script", "onerror", "<iframe", "style=", "onclick", "evil"] {
            assert!(!html.contains(banned), "{banned} in {html}");
        }
        assert!(html.contains("hi"), "{html}");
    }

    #[test]
    fn known_scopes_map_to_classes() {
        let scope = |s: &str| Scope::new(s).expect("scope");
        assert_eq!(
            class_for(scope("comment.line.double-slash.rust")),
            Some("hl-comment")
        );
        assert_eq!(
            class_for(scope("constant.numeric.integer")),
            Some("hl-number")
        );
        assert_eq!(
            class_for(scope("keyword.operator.arithmetic")),
            Some("hl-operator")
        );
        assert_eq!(class_for(scope("keywordish")), None);
        assert_eq!(class_for(scope("punctuation.section.block")), None);
    }
}
