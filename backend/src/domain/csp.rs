//! Content-Security-Policy violation reports as browsers send them to `report-uri`
//! (`{"csp-report": {...}}`, kebab-case fields), and the one-line summary kept of each.

use serde::Deserialize;

/// The body a browser posts for one violation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
pub struct CspReportBody {
    /// The violation.
    #[serde(rename = "csp-report")]
    pub csp_report: CspViolation,
}

/// One violation, as much of it as the browser tells.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub struct CspViolation {
    /// The page that broke the policy.
    #[serde(default)]
    pub document_uri: Option<String>,
    /// What was blocked: a URL, or `inline`, `eval`, `wasm-eval`...
    #[serde(default)]
    pub blocked_uri: Option<String>,
    /// The directive that blocked it (older browsers).
    #[serde(default)]
    pub violated_directive: Option<String>,
    /// The directive that blocked it.
    #[serde(default)]
    pub effective_directive: Option<String>,
    /// The script or style file at fault.
    #[serde(default)]
    pub source_file: Option<String>,
    /// Its line.
    #[serde(default)]
    pub line_number: Option<i32>,
    /// The first characters of a blocked inline script or style.
    #[serde(default)]
    pub script_sample: Option<String>,
    /// `enforce` or `report`.
    #[serde(default)]
    pub disposition: Option<String>,
}

impl CspReportBody {
    /// Reads a report: one JSON object whose `csp-report` is an object (serde alone
    /// would also take an array for it, field by field).
    pub fn parse(bytes: &[u8]) -> Result<Self, String> {
        let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        if !value
            .get("csp-report")
            .is_some_and(serde_json::Value::is_object)
        {
            return Err("expected {\"csp-report\": {…}}".to_owned());
        }
        serde_json::from_value(value).map_err(|e| e.to_string())
    }
}

/// The longest text kept from any one field: reports come from anyone's browser.
const MAX_FIELD_CHARS: usize = 300;

fn clip(text: &Option<String>) -> String {
    text.as_deref()
        .unwrap_or_default()
        .chars()
        .take(MAX_FIELD_CHARS)
        .collect()
}

impl CspViolation {
    /// The directive at fault (`effective-directive`, else `violated-directive`).
    pub fn directive(&self) -> String {
        clip(if self.effective_directive.is_some() {
            &self.effective_directive
        } else {
            &self.violated_directive
        })
    }

    /// `"{directive} blocked {what} on {page} ({file}:{line})"`, each part clipped.
    pub fn summary(&self) -> String {
        let mut summary = format!(
            "{} blocked {} on {}",
            self.directive(),
            clip(&self.blocked_uri),
            clip(&self.document_uri)
        );
        if self.source_file.is_some() {
            summary.push_str(&format!(
                " ({}:{})",
                clip(&self.source_file),
                self.line_number.unwrap_or_default()
            ));
        }
        if self.script_sample.is_some() {
            summary.push_str(&format!(" sample {:?}", clip(&self.script_sample)));
        }
        summary
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chrome_report_reads_with_its_directive_and_source() {
        let body: CspReportBody = serde_json::from_str(
            r#"{"csp-report":{"document-uri":"http://localhost/","referrer":"","violated-directive":"script-src-elem","effective-directive":"script-src-elem","original-policy":"default-src 'self'","disposition":"enforce","blocked-uri":"inline","line-number":12,"source-file":"http://localhost/","status-code":200,"script-sample":""}}"#,
        )
        .expect("a report");

        let summary = body.csp_report.summary();

        assert!(summary.starts_with("script-src-elem blocked inline on http://localhost/"));
        assert!(summary.contains("(http://localhost/:12)"));
    }

    #[test]
    fn anything_but_an_object_of_an_object_is_refused() {
        for junk in [
            "[1]",
            r#"{"csp-report": [null, null]}"#,
            r#"{"csp-report": 3}"#,
            r#"{"other": {}}"#,
            "nope",
        ] {
            assert!(CspReportBody::parse(junk.as_bytes()).is_err(), "{junk}");
        }
        assert!(CspReportBody::parse(br#"{"csp-report": {}}"#).is_ok());
    }

    #[test]
    fn long_fields_are_clipped() {
        let violation = CspViolation {
            blocked_uri: Some("x".repeat(10_000)),
            ..CspViolation::default()
        };

        assert!(violation.summary().len() < 400);
    }
}
