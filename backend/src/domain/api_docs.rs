//! The readable API reference: the OpenAPI document rendered as one self-contained
//! HTML page (inline styles, no scripts, no fonts or assets from elsewhere), so it
//! works offline and under the site's security policy. Every text from the document
//! is escaped.

use std::fmt::Write;

use serde_json::Value;
use shared::html::escape;

/// Inline `code` spans (backticks) in an escaped sentence, as `<code>`.
fn with_code(text: &str) -> String {
    escape(text)
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("<code>{part}</code>")
            } else {
                part.to_owned()
            }
        })
        .collect()
}

/// A schema as a short type expression: `Page<QuestionSummary>` reads
/// `PageQuestionSummary` (utoipa's name), arrays as `[T]`, references as links.
fn type_of(schema: &Value) -> String {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.rsplit('/').next().unwrap_or(reference);
        return format!("<a href=\"#schema-{0}\">{0}</a>", escape(name));
    }
    if let Some(one_of) = schema.get("oneOf").and_then(Value::as_array) {
        return one_of.iter().map(type_of).collect::<Vec<_>>().join(" | ");
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values
            .iter()
            .map(|v| format!("<code>{}</code>", escape(&v.to_string())))
            .collect::<Vec<_>>()
            .join(" | ");
    }
    let kind = match schema.get("type") {
        Some(Value::String(kind)) => kind.clone(),
        Some(Value::Array(kinds)) => kinds
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" | "),
        _ => "any".to_owned(),
    };
    if kind.starts_with("array") {
        let items = schema.get("items").map(type_of).unwrap_or_default();
        return format!(
            "[{items}]{}",
            kind.strip_prefix("array").unwrap_or_default()
        );
    }
    escape(&kind)
}

/// Limits of a schema worth telling (`1–100`, `≤ 100 chars`, the default).
fn limits(schema: &Value) -> String {
    let mut parts = Vec::new();
    match (schema.get("minimum"), schema.get("maximum")) {
        (Some(min), Some(max)) => parts.push(format!("{min}–{max}")),
        (None, Some(max)) => parts.push(format!("≤ {max}")),
        _ => {}
    }
    if let Some(max) = schema.get("maxLength") {
        parts.push(format!("≤ {max} characters"));
    }
    if let Some(default) = schema.get("default") {
        parts.push(format!("default {}", escape(&default.to_string())));
    }
    parts.join(", ")
}

fn operation(out: &mut String, method: &str, path: &str, op: &Value) {
    let id = format!("{method}-{path}")
        .replace(['/', '{', '}'], "-")
        .to_ascii_lowercase();
    let _ = write!(
        out,
        "<section class=\"op\" id=\"{id}\"><h3><span class=\"m {m}\">{M}</span> <code>{p}</code></h3>",
        id = escape(&id),
        m = escape(method),
        M = escape(&method.to_ascii_uppercase()),
        p = escape(path),
    );
    for key in ["summary", "description"] {
        if let Some(text) = op.get(key).and_then(Value::as_str) {
            let _ = write!(out, "<p>{}</p>", with_code(text));
        }
    }
    let secured = op.get("security").and_then(Value::as_array).map(|schemes| {
        let optional = schemes
            .iter()
            .any(|s| s.as_object().is_some_and(|o| o.is_empty()));
        if optional {
            "Optional bearer token (answers include your own votes and saved flags)."
        } else {
            "Needs a bearer token."
        }
    });
    if let Some(note) = secured {
        let _ = write!(out, "<p class=\"auth\">{note}</p>");
    }
    if let Some(params) = op.get("parameters").and_then(Value::as_array) {
        out.push_str("<table><tr><th>Parameter</th><th>In</th><th>Type</th><th>Limits</th><th>Meaning</th></tr>");
        for param in params {
            let schema = param.get("schema").cloned().unwrap_or(Value::Null);
            let _ = write!(
                out,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(param["name"].as_str().unwrap_or_default()),
                escape(param["in"].as_str().unwrap_or_default()),
                type_of(&schema),
                limits(&schema),
                with_code(param["description"].as_str().unwrap_or_default()),
            );
        }
        out.push_str("</table>");
    }
    if let Some(body) = op.get("requestBody") {
        let schema = body
            .pointer("/content/application~1json/schema")
            .map(type_of)
            .unwrap_or_default();
        let _ = write!(out, "<p>Body (JSON): {schema}</p>");
        if let Some(text) = body.get("description").and_then(Value::as_str) {
            let _ = write!(out, "<p>{}</p>", with_code(text));
        }
    }
    if let Some(responses) = op.get("responses").and_then(Value::as_object) {
        out.push_str("<table><tr><th>Status</th><th>Body</th><th>When</th></tr>");
        for (status, response) in responses {
            let schema = response
                .get("content")
                .and_then(Value::as_object)
                .and_then(|content| content.values().next())
                .and_then(|media| media.get("schema"))
                .map(type_of)
                .unwrap_or_default();
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(status),
                schema,
                with_code(response["description"].as_str().unwrap_or_default()),
            );
        }
        out.push_str("</table>");
    }
    out.push_str("</section>");
}

fn schema_section(out: &mut String, name: &str, schema: &Value) {
    let _ = write!(
        out,
        "<section class=\"schema\" id=\"schema-{0}\"><h3>{0}</h3>",
        escape(name)
    );
    if let Some(text) = schema.get("description").and_then(Value::as_str) {
        let _ = write!(out, "<p>{}</p>", with_code(text));
    }
    match schema.get("properties").and_then(Value::as_object) {
        Some(properties) => {
            let required: Vec<&str> = schema
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            out.push_str("<table><tr><th>Field</th><th>Type</th><th>Meaning</th></tr>");
            for (field, property) in properties {
                let optional = if required.contains(&field.as_str()) {
                    ""
                } else {
                    " <small>optional</small>"
                };
                let _ = write!(
                    out,
                    "<tr><td><code>{}</code>{optional}</td><td>{}</td><td>{}</td></tr>",
                    escape(field),
                    type_of(property),
                    with_code(property["description"].as_str().unwrap_or_default()),
                );
            }
            out.push_str("</table>");
        }
        None => {
            let _ = write!(out, "<p>{}</p>", type_of(schema));
        }
    }
    out.push_str("</section>");
}

const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;max-width:70rem;margin:0 auto;padding:1rem 1.5rem;color:#1f2328}\
h1{margin-bottom:0}h2{border-bottom:1px solid #d0d7de;padding-bottom:.3rem;margin-top:2.5rem}\
code{font:13px ui-monospace,monospace;background:#f6f8fa;padding:0 .2rem;border-radius:3px}\
table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}\
th{background:#f6f8fa}.m{display:inline-block;min-width:4.2rem;text-align:center;border-radius:4px;color:#fff;font-size:13px;padding:0 .3rem}\
.get{background:#1f6feb}.post{background:#2da44e}.patch{background:#bf8700}.delete{background:#cf222e}\
.op,.schema{border-top:1px solid #eaeef2;padding-top:.5rem}.auth{color:#6e7781}nav li{margin:.1rem 0}\
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}code,th{background:#161b22}th,td{border-color:#30363d}a{color:#58a6ff}}";

/// The reference page for `document` (an OpenAPI document as JSON).
pub fn render(document: &Value) -> String {
    let title = document
        .pointer("/info/title")
        .and_then(Value::as_str)
        .unwrap_or("API");
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\"><title>{t} reference</title><style>{STYLE}</style>\
         </head><body><h1>{t}</h1><p>Version {v} · OpenAPI {o} · machine-readable: \
         <a href=\"/api/openapi.json\">/api/openapi.json</a></p>",
        t = escape(title),
        v = escape(document.pointer("/info/version").and_then(Value::as_str).unwrap_or_default()),
        o = escape(document.get("openapi").and_then(Value::as_str).unwrap_or_default()),
    );
    if let Some(text) = document
        .pointer("/info/description")
        .and_then(Value::as_str)
    {
        let _ = write!(out, "<p>{}</p>", with_code(text));
    }
    let mut operations = Vec::new();
    if let Some(paths) = document.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            for method in ["get", "post", "patch", "put", "delete"] {
                if let Some(op) = item.get(method) {
                    let tag = op
                        .pointer("/tags/0")
                        .and_then(Value::as_str)
                        .unwrap_or("other")
                        .to_owned();
                    operations.push((tag, path.clone(), method, op));
                }
            }
        }
    }
    operations.sort_by(|a, b| a.0.cmp(&b.0));
    out.push_str("<nav><h2>Endpoints</h2><ul>");
    for (_, path, method, _) in &operations {
        let id = format!("{method}-{path}")
            .replace(['/', '{', '}'], "-")
            .to_ascii_lowercase();
        let _ = write!(
            out,
            "<li><a href=\"#{}\"><span class=\"m {method}\">{}</span> <code>{}</code></a></li>",
            escape(&id),
            method.to_ascii_uppercase(),
            escape(path)
        );
    }
    out.push_str("</ul></nav>");
    let mut current = String::new();
    for (tag, path, method, op) in &operations {
        if *tag != current {
            let _ = write!(out, "<h2>{}</h2>", escape(tag));
            current.clone_from(tag);
        }
        operation(&mut out, method, path, op);
    }
    out.push_str("<h2>Schemas</h2>");
    if let Some(schemas) = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (name, schema) in schemas {
            schema_section(&mut out, name, schema);
        }
    }
    out.push_str("</body></html>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn document() -> Value {
        json!({
            "openapi": "3.1.0",
            "info": {"title": "DevFlow API", "version": "0.1.0", "description": "Errors are `ErrorBody`."},
            "paths": {"/api/questions/{id}": {"get": {
                "tags": ["questions"],
                "summary": "A <question>",
                "parameters": [{"name": "id", "in": "path", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/QuestionDetail"}}}}},
                "security": [{}, {"bearer": []}]
            }}},
            "components": {"schemas": {"QuestionDetail": {"type": "object", "required": ["id"],
                "properties": {"id": {"type": "string", "description": "The id"}, "tags": {"type": "array", "items": {"type": "string"}}}}}}
        })
    }

    #[test]
    fn every_operation_is_listed_with_its_parameters_and_responses() {
        let html = render(&document());

        assert!(html.contains("<code>/api/questions/{id}</code>"));
        assert!(html.contains("href=\"#schema-QuestionDetail\""));
        assert!(html.contains("id=\"schema-QuestionDetail\""));
        assert!(html.contains("Optional bearer token"));
        assert!(html.contains("<code>ErrorBody</code>"));
        assert!(html.contains("[string]"));
    }

    #[test]
    fn text_from_the_document_is_escaped_and_no_script_is_emitted() {
        let html = render(&document());

        assert!(html.contains("A &lt;question&gt;"));
        assert!(!html.contains("<question>"));
        assert!(!html.contains("<script"));
    }
}
