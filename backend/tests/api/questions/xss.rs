//! Stored XSS: real payloads (mostly from OWASP's XSS filter evasion cheat sheet, plus
//! Markdown-specific ones) through ask, edit and answer; every stored and served
//! `contentHtml` is checked tag by tag.

use rocket::http::{Method, Status};
use serde_json::json;

use super::{Forum, ADA, BOB};

const PAYLOADS: &[&str] = &[
    "<script>alert('XSS')</script>",
    "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
    "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
    "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    "<SCRIPT/XSS SRC=\"http://xss.rocks/xss.js\"></SCRIPT>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
    "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "<svg/onload=alert('XSS')>",
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"http://xss.rocks/scriptlet.html\"></OBJECT>",
    "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dHA6Ly93d3cudzMub3JnLzIwMDAvc3ZnIj48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+\" type=\"image/svg+xml\" AllowScriptAccess=\"always\"></EMBED>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<form><button formaction=javascript:alert(1)>x</button></form>",
    "<details open ontoggle=alert(1)>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<a href=\"javascript&colon;alert(1)\">x</a>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<base href=\"javascript:/a/-alert(1)///////\">",
    "<object data=\"javascript:alert(1)\">",
    "<x contenteditable onblur=alert(1)>lose focus!</x>",
    "<a href=\"\\x0Bjavascript:alert(1)\">x</a>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](javascript:alert(1))",
    "[a](&#106;avascript:alert(1))",
    "[x](javascript://%0aalert(1))",
    "[x](<javascript:alert(1)>)",
    "<javascript:alert(1)>",
    "```\"><script>alert(1)</script>\nbody\n```",
    "```rust\n</code></pre><script>alert(1)</script>\n```",
    "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
];

/// Element names that must never be served.
const BANNED_TAGS: &[&str] = &[
    "script", "iframe", "frame", "frameset", "object", "embed", "style", "link", "meta", "base",
    "form", "button", "svg", "math", "applet", "body", "html", "head", "template", "noscript", "x",
];
/// Attributes holding URLs.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "background",
    "poster",
    "data",
    "xlink:href",
];

/// Decodes numeric character references and drops what browsers ignore in a URL's
/// scheme (whitespace, control characters), lower-cased.
fn normalised_url(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(start) = rest.find("&#") {
        out.push_str(&rest[..start]);
        let tail = &rest[start + 2..];
        let (digits, radix) = match tail.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (tail, 10),
        };
        let len = digits.chars().take_while(|c| c.is_digit(radix)).count();
        let decoded = u32::from_str_radix(&digits[..len], radix)
            .ok()
            .and_then(char::from_u32);
        match decoded {
            Some(c) => {
                out.push(c);
                let consumed = tail.len() - digits.len() + len;
                rest = tail[consumed..]
                    .strip_prefix(';')
                    .unwrap_or(&tail[consumed..]);
            }
            None => {
                out.push_str("&#");
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out.replace("&colon;", ":")
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Each tag's name and attributes (name, value) in served HTML. Text is escaped by the
/// sanitiser, so every `<` in its output opens a real tag.
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut found = Vec::new();
    let bytes: Vec<char> = html.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != '<' {
            i += 1;
            continue;
        }
        i += 1;
        let mut inside = String::new();
        let mut quote: Option<char> = None;
        while i < bytes.len() {
            let c = bytes[i];
            match quote {
                Some(q) if c == q => quote = None,
                None if c == '"' || c == '\'' => quote = Some(c),
                None if c == '>' => break,
                _ => {}
            }
            inside.push(c);
            i += 1;
        }
        let inside = inside.trim_start_matches('/').trim_end_matches('/');
        let name: String = inside
            .chars()
            .take_while(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        let mut attributes = Vec::new();
        let mut rest = inside[name.len().min(inside.len())..].trim_start();
        while !rest.is_empty() {
            let key_len = rest
                .find(|c: char| c == '=' || c.is_whitespace())
                .unwrap_or(rest.len());
            let key = rest[..key_len].to_ascii_lowercase();
            rest = rest[key_len..].trim_start();
            let mut value = String::new();
            if let Some(after) = rest.strip_prefix('=') {
                let after = after.trim_start();
                if let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') {
                    let end = after[1..].find(q).map(|e| e + 1).unwrap_or(after.len());
                    value = after[1..end].to_owned();
                    rest = after.get(end + 1..).unwrap_or("").trim_start();
                } else {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    value = after[..end].to_owned();
                    rest = after[end..].trim_start();
                }
            }
            if !key.is_empty() {
                attributes.push((key, value));
            }
        }
        found.push((name, attributes));
    }
    found
}

fn assert_safe(html: &str, payload: &str) {
    for (name, attributes) in tags(html) {
        assert!(
            !BANNED_TAGS.contains(&name.as_str()),
            "<{name}> from {payload:?}: {html}"
        );
        if name == "input" {
            assert!(
                attributes.iter().any(|(k, _)| k == "disabled")
                    && attributes
                        .iter()
                        .any(|(k, v)| k == "type" && v == "checkbox"),
                "an input other than a disabled checkbox from {payload:?}: {html}"
            );
        }
        for (key, value) in attributes {
            assert!(!key.starts_with("on"), "{key} from {payload:?}: {html}");
            assert!(
                key != "style" && key != "srcdoc",
                "{key} from {payload:?}: {html}"
            );
            if URL_ATTRIBUTES.contains(&key.as_str()) {
                let url = normalised_url(&value);
                for scheme in ["javascript:", "vbscript:", "data:"] {
                    assert!(
                        !url.starts_with(scheme),
                        "{key}={value} from {payload:?}: {html}"
                    );
                }
            }
            if name == "a" && key == "rel" {
                assert_eq!(value, "nofollow ugc noopener");
            }
        }
    }
}

fn padded(payload: &str) -> String {
    format!("{payload}\n\nSome padding so the body is long enough.")
}

#[test]
fn the_checker_catches_what_it_must() {
    let caught = |html: &str| std::panic::catch_unwind(|| assert_safe(html, "test")).is_err();
    assert!(caught("<p><script>x</script></p>"));
    assert!(caught("<img src=x onerror=alert(1)>"));
    assert!(caught("<a href=\" &#106;avascript:alert(1)\">x</a>"));
    assert!(caught("<a href='data:text/html,x'>x</a>"));
    assert!(caught("<p style=\"x\">"));
    assert!(!caught(
        "<p>&lt;script&gt; is text</p><a href=\"https://x\" rel=\"nofollow ugc noopener\">x</a>"
    ));
}

#[rocket::async_test]
async fn no_payload_survives_ask_edit_or_answer() {
    assert!(PAYLOADS.len() >= 30);
    // About a hundred writes by one user in seconds: a script, not a person, so the
    // write limit is off here.
    let forum = Forum::start_with(&[("rate_limit_writes", json!(0))]).await;
    let host = forum.ask(ADA, "A question for answers", &["xss"]).await;
    let edited = forum.ask(ADA, "A question to edit", &["xss"]).await;

    for payload in PAYLOADS {
        let asked = forum
            .post(
                "/api/questions",
                Some(ADA),
                json!({ "title": "Payload question", "content": padded(payload), "tags": ["xss"] }),
            )
            .await
            .expect(Status::Created);
        assert_safe(asked["contentHtml"].as_str().expect("html"), payload);
        let id = asked["id"].as_str().expect("id");
        let served = forum
            .get(&format!("/api/questions/{id}"), None)
            .await
            .expect(Status::Ok);
        assert_safe(served["contentHtml"].as_str().expect("html"), payload);

        let edit = forum
            .send(
                Method::Patch,
                &format!("/api/questions/{edited}"),
                Some(ADA),
                Some(json!({ "content": padded(payload) })),
            )
            .await
            .expect(Status::Ok);
        assert_safe(edit["contentHtml"].as_str().expect("html"), payload);

        let answer = forum
            .post(
                &format!("/api/questions/{host}/answers"),
                Some(BOB),
                json!({ "content": padded(payload) }),
            )
            .await
            .expect(Status::Created);
        assert_safe(answer["contentHtml"].as_str().expect("html"), payload);

        let preview = forum
            .post(
                "/api/markdown/preview",
                None,
                json!({ "markdown": payload }),
            )
            .await
            .expect(Status::Ok);
        assert_safe(preview["html"].as_str().expect("html"), payload);
    }
    let answers = forum
        .get(&format!("/api/questions/{host}/answers?pageSize=100"), None)
        .await
        .expect(Status::Ok);
    for answer in answers["items"].as_array().expect("items") {
        assert_safe(
            answer["contentHtml"].as_str().expect("html"),
            "listed answer",
        );
    }
}

#[rocket::async_test]
async fn the_preview_renders_like_stored_posts_and_refuses_huge_input() {
    let forum = Forum::start().await;
    let reply = forum
        .post(
            "/api/markdown/preview",
            None,
            json!({ "markdown": "**bold** `code`" }),
        )
        .await
        .expect(Status::Ok);
    assert_eq!(
        reply["html"],
        "<p><strong>bold</strong> <code>code</code></p>\n"
    );
    let reply = forum
        .post(
            "/api/markdown/preview",
            None,
            json!({ "markdown": "x".repeat(30_001) }),
        )
        .await;
    assert_eq!(reply.status, Status::BadRequest);
    assert_eq!(reply.body["field"], "markdown");
}
