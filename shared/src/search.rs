//! Global search: the request (`GET /api/search?q=&type=&limit=&page=`), Stack
//! Overflow's search operators parsed out of `q`, which result types they leave
//! possible, the results, and the snippet shown under each result.
//!
//! Operators (keys are case-insensitive; anything else is literal text):
//! `[tag]` and `-[tag]`, `user:<username>` / `user:me`, `is:question` / `is:answer`,
//! `answers:N` (at least N; `answers:0` means none), `score:N` (at least N),
//! `isaccepted:yes|no`, and `"exact phrase"`.

use serde::{Deserialize, Serialize};

use crate::list::QueryError;
use crate::questions::normalise_tag;
use crate::url::encode_segment;

/// Results per type when `type` is absent, and the default `limit`.
pub const DEFAULT_LIMIT: u32 = 8;
/// Largest accepted `limit`.
pub const MAX_LIMIT: u32 = 50;
/// Longest accepted `q`, in characters.
pub const MAX_SEARCH_CHARS: usize = 200;
/// Longest snippet, in characters.
pub const SNIPPET_CHARS: usize = 160;

/// What a result is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum SearchType {
    /// A question (title and body).
    Question,
    /// An answer (body).
    Answer,
    /// A user (name and username).
    User,
    /// A tag (name).
    Tag,
}

impl SearchType {
    /// Every type, in the order results are grouped.
    pub const ALL: [Self; 4] = [Self::Question, Self::Answer, Self::User, Self::Tag];

    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Question => "question",
            Self::Answer => "answer",
            Self::User => "user",
            Self::Tag => "tag",
        }
    }

    /// The group heading people see.
    pub fn label(self) -> &'static str {
        match self {
            Self::Question => "Questions",
            Self::Answer => "Answers",
            Self::User => "Users",
            Self::Tag => "Tags",
        }
    }

    /// Parses a wire value.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == value)
    }
}

/// `GET /api/search` parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchParams {
    /// The search, operators included (trimmed).
    pub q: String,
    /// Only this type (then `limit` and `page` page through it).
    pub kind: Option<SearchType>,
    /// Results per type, 1..=50.
    pub limit: u32,
    /// 1-based page (meaningful with `type`).
    pub page: u32,
}

impl Default for SearchParams {
    fn default() -> Self {
        Self {
            q: String::new(),
            kind: None,
            limit: DEFAULT_LIMIT,
            page: 1,
        }
    }
}

impl SearchParams {
    /// The parameter names this query owns.
    pub const KEYS: [&'static str; 4] = ["q", "type", "limit", "page"];

    /// Strict parse for the API: the first bad parameter is an error naming it.
    pub fn parse(query: &str) -> Result<Self, QueryError> {
        let query = query.strip_prefix('?').unwrap_or(query);
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
        let mut params = Self::default();
        for (key, value) in pairs {
            match key.as_str() {
                "q" => {
                    let q = value.trim();
                    if q.chars().count() > MAX_SEARCH_CHARS {
                        return Err(QueryError {
                            param: "q",
                            message: format!("must be at most {MAX_SEARCH_CHARS} characters"),
                        });
                    }
                    q.clone_into(&mut params.q);
                }
                "type" if value.is_empty() => params.kind = None,
                "type" => {
                    params.kind = Some(SearchType::parse(&value).ok_or_else(|| QueryError {
                        param: "type",
                        message: "must be one of question, answer, user, tag".to_owned(),
                    })?);
                }
                "limit" => params.limit = crate::list::parse_number("limit", &value, MAX_LIMIT)?,
                "page" => {
                    params.page = crate::list::parse_number("page", &value, crate::list::MAX_PAGE)?
                }
                _ => {}
            }
        }
        Ok(params)
    }

    /// Lenient parse for the SPA: bad values fall back to their defaults.
    pub fn parse_lenient(query: &str) -> Self {
        let query = query.strip_prefix('?').unwrap_or(query);
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
        let mut params = Self::default();
        for (key, value) in pairs {
            let single = serde_urlencoded::to_string([(key.as_str(), value.as_str())])
                .ok()
                .and_then(|one| Self::parse(&one).ok());
            match (key.as_str(), single) {
                ("q", Some(one)) => params.q = one.q,
                ("q", None) => params.q = value.trim().chars().take(MAX_SEARCH_CHARS).collect(),
                ("type", Some(one)) => params.kind = one.kind,
                ("limit", Some(one)) => params.limit = one.limit,
                ("page", Some(one)) => params.page = one.page,
                _ => {}
            }
        }
        params
    }

    /// The non-default parameters, in a stable order.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if !self.q.is_empty() {
            pairs.push(("q", self.q.clone()));
        }
        if let Some(kind) = self.kind {
            pairs.push(("type", kind.as_str().to_owned()));
        }
        if self.limit != DEFAULT_LIMIT {
            pairs.push(("limit", self.limit.to_string()));
        }
        if self.page != 1 {
            pairs.push(("page", self.page.to_string()));
        }
        pairs
    }

    /// `to_pairs` as a query string without `?`.
    pub fn to_query_string(&self) -> String {
        serde_urlencoded::to_string(self.to_pairs()).unwrap_or_default()
    }

    /// Results to skip for this page.
    pub fn skip(&self) -> u64 {
        u64::from(self.page.saturating_sub(1)) * u64::from(self.limit)
    }
}

/// Whose posts `user:` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserOperator {
    /// `user:me`: the signed-in user.
    Me,
    /// `user:<username>` (lower-cased).
    Username(String),
}

/// `is:question` or `is:answer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostKind {
    /// Questions only.
    Question,
    /// Answers only.
    Answer,
}

/// A search text split into literal text and operators.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchTerms {
    /// Literal words, each to be found (case-insensitive).
    pub words: Vec<String>,
    /// `"exact phrases"`, each to be found as written (case-insensitive).
    pub phrases: Vec<String>,
    /// `[tag]`: questions with every one of these tags (normalised names).
    pub tags: Vec<String>,
    /// `-[tag]`: questions without any of these.
    pub excluded_tags: Vec<String>,
    /// `user:`.
    pub user: Option<UserOperator>,
    /// `is:`.
    pub is: Option<PostKind>,
    /// `answers:N`: at least N answers (0: none).
    pub answers: Option<u32>,
    /// `score:N`: a score of at least N.
    pub min_score: Option<i64>,
    /// `isaccepted:yes|no`.
    pub accepted: Option<bool>,
}

/// Splits text into tokens, keeping `"quoted phrases"` whole (an unclosed quote runs to
/// the end). Returns `(token, quoted)` pairs.
fn tokens(text: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' if quoted => {
                if !current.trim().is_empty() {
                    out.push((current.trim().to_owned(), true));
                }
                current.clear();
                quoted = false;
            }
            '"' if current.is_empty() => quoted = true,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    out.push((std::mem::take(&mut current), false));
                }
            }
            c => current.push(c),
        }
    }
    if !current.trim().is_empty() {
        out.push((current.trim().to_owned(), quoted));
    }
    out
}

/// `[a]` or `[a][b]`: the tag names, if the whole token is bracketed valid tags.
fn bracketed_tags(token: &str) -> Option<Vec<String>> {
    let inner = token.strip_prefix('[')?.strip_suffix(']')?;
    inner
        .split("][")
        .map(|name| normalise_tag(name).ok())
        .collect()
}

fn yes_no(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "yes" | "true" | "1" => Some(true),
        "no" | "false" | "0" => Some(false),
        _ => None,
    }
}

impl SearchTerms {
    /// Parses a search. Never fails: what is not a well-formed operator is text.
    pub fn parse(text: &str) -> Self {
        let mut terms = Self::default();
        for (token, quoted) in tokens(text) {
            if quoted {
                terms.phrases.push(token);
                continue;
            }
            if let Some(tags) = bracketed_tags(&token) {
                terms.tags.extend(tags);
                continue;
            }
            if let Some(tags) = token.strip_prefix('-').and_then(bracketed_tags) {
                terms.excluded_tags.extend(tags);
                continue;
            }
            if terms.apply_operator(&token).is_none() {
                terms.words.push(token);
            }
        }
        terms.tags.dedup();
        terms.excluded_tags.dedup();
        terms
    }

    fn apply_operator(&mut self, token: &str) -> Option<()> {
        let (key, value) = token.split_once(':')?;
        if value.is_empty() {
            return None;
        }
        match key.to_ascii_lowercase().as_str() {
            "user" if value.eq_ignore_ascii_case("me") => self.user = Some(UserOperator::Me),
            "user" => self.user = Some(UserOperator::Username(value.to_lowercase())),
            "is" => {
                self.is = Some(match value.to_ascii_lowercase().as_str() {
                    "question" | "q" => PostKind::Question,
                    "answer" | "a" => PostKind::Answer,
                    _ => return None,
                })
            }
            "answers" => self.answers = Some(value.parse().ok()?),
            "score" => self.min_score = Some(value.parse().ok()?),
            "isaccepted" => self.accepted = Some(yes_no(value)?),
            _ => return None,
        }
        Some(())
    }

    /// The literal text to find: every word and phrase.
    pub fn texts(&self) -> Vec<String> {
        self.words.iter().chain(&self.phrases).cloned().collect()
    }

    /// Whether there is nothing to search for.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Whether any operator that only posts understand is present.
    fn has_post_operators(&self) -> bool {
        !self.tags.is_empty()
            || !self.excluded_tags.is_empty()
            || self.user.is_some()
            || self.is.is_some()
            || self.answers.is_some()
            || self.min_score.is_some()
            || self.accepted.is_some()
    }

    /// The result types these terms can match, given an optional `type` filter, in
    /// display order; empty with a reason when the operators exclude each other.
    pub fn scope(&self, only: Option<SearchType>) -> Result<Vec<SearchType>, String> {
        let questions_only = !self.tags.is_empty()
            || !self.excluded_tags.is_empty()
            || self.answers.is_some()
            || self.is == Some(PostKind::Question);
        let answers_only = self.accepted.is_some() || self.is == Some(PostKind::Answer);
        if questions_only && answers_only {
            return Err(
                "Tags, answers:N and is:question only match questions, while \
                        isaccepted: and is:answer only match answers; drop one of them."
                    .to_owned(),
            );
        }
        let texts = !self.words.is_empty() || !self.phrases.is_empty();
        let types: Vec<SearchType> = SearchType::ALL
            .into_iter()
            .filter(|t| match t {
                SearchType::Question => !answers_only,
                SearchType::Answer => !questions_only,
                SearchType::User | SearchType::Tag => texts && !self.has_post_operators(),
            })
            .filter(|t| only.is_none_or(|only| only == *t))
            .collect();
        if types.is_empty() {
            if let Some(only) = only {
                return Err(format!(
                    "The operators in this search do not apply to {}.",
                    only.label().to_lowercase()
                ));
            }
        }
        Ok(types)
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    /// What it is.
    #[serde(rename = "type")]
    pub kind: SearchType,
    /// Its id (Clerk id for users, name for tags).
    pub id: String,
    /// The line to show: a title, an answer's question title, a name, a tag name.
    pub title: String,
    /// Text around the match.
    pub snippet: String,
    /// The SPA address that opens it.
    pub url: String,
}

/// `GET /api/search`: results grouped by type in [`SearchType::ALL`] order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SearchResults {
    /// The results.
    pub items: Vec<SearchHit>,
    /// The page asked for.
    pub page: u32,
    /// Results per type per page.
    pub limit: u32,
    /// Whether a later page has results (of the one `type` asked for).
    pub is_next: bool,
    /// Why some operator could not apply (e.g. `user:me` signed out), for people.
    pub notices: Vec<String>,
}

/// The SPA address of a question.
pub fn question_url(id: &str, slug: &str) -> String {
    if slug.is_empty() {
        format!("/question/{}", encode_segment(id))
    } else {
        format!("/question/{}/{slug}", encode_segment(id))
    }
}

/// The SPA address of an answer: its question, scrolled to it.
pub fn answer_url(question_id: &str, question_slug: &str, answer_id: &str) -> String {
    format!(
        "{}#answer-{}",
        question_url(question_id, question_slug),
        encode_segment(answer_id)
    )
}

/// Up to [`SNIPPET_CHARS`] characters of `text` (whitespace collapsed, Markdown's
/// emphasis and code marks dropped) around the first occurrence of any of `terms`
/// (case-insensitive), with `…` where it was cut.
pub fn snippet(text: &str, terms: &[String]) -> String {
    let chars: Vec<char> = text
        .split_whitespace()
        .flat_map(|word| {
            word.chars()
                .filter(|c| !matches!(c, '`' | '*'))
                .chain([' '])
        })
        .collect();
    let chars = &chars[..chars.len().saturating_sub(1)];
    let lower: Vec<char> = chars.iter().map(|c| fold(*c)).collect();
    let first = terms
        .iter()
        .filter_map(|term| {
            let needle: Vec<char> = term.chars().map(fold).collect();
            if needle.is_empty() || needle.len() > lower.len() {
                return None;
            }
            lower
                .windows(needle.len())
                .position(|w| w == needle.as_slice())
        })
        .min()
        .unwrap_or(0);
    let start = first.saturating_sub(SNIPPET_CHARS / 4);
    let start = if start + SNIPPET_CHARS > chars.len() {
        chars.len().saturating_sub(SNIPPET_CHARS)
    } else {
        start
    };
    let end = (start + SNIPPET_CHARS).min(chars.len());
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.extend(&chars[start..end]);
    if end < chars.len() {
        out.push('…');
    }
    out
}

/// One character, lower-cased (always to one character, so positions line up).
fn fold(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn plain_text_is_words() {
        let terms = SearchTerms::parse("  borrow   checker ");
        assert_eq!(terms.words, words(&["borrow", "checker"]));
        assert!(terms.phrases.is_empty());
    }

    #[test]
    fn every_operator_parses() {
        let terms = SearchTerms::parse(
            "[rust] -[go] user:Ada is:answer answers:0 score:3 isaccepted:yes \"exact phrase\" x",
        );
        assert_eq!(
            terms,
            SearchTerms {
                words: words(&["x"]),
                phrases: words(&["exact phrase"]),
                tags: words(&["rust"]),
                excluded_tags: words(&["go"]),
                user: Some(UserOperator::Username("ada".into())),
                is: Some(PostKind::Answer),
                answers: Some(0),
                min_score: Some(3),
                accepted: Some(true),
            }
        );
    }

    #[test]
    fn operator_keys_are_case_insensitive_and_user_me_is_special() {
        let terms = SearchTerms::parse("USER:me IS:Question IsAccepted:no");
        assert_eq!(terms.user, Some(UserOperator::Me));
        assert_eq!(terms.is, Some(PostKind::Question));
        assert_eq!(terms.accepted, Some(false));
    }

    #[test]
    fn malformed_operators_are_literal_text() {
        let cases = [
            "is:banana",
            "answers:many",
            "score:",
            "isaccepted:maybe",
            "[not a tag]",
            "[bad!tag]",
            "foo:bar",
            "-[]",
            "http://example.com",
        ];
        for case in cases {
            let terms = SearchTerms::parse(case);
            assert!(
                terms.tags.is_empty()
                    && terms.excluded_tags.is_empty()
                    && terms.is.is_none()
                    && terms.answers.is_none()
                    && terms.min_score.is_none()
                    && terms.accepted.is_none()
                    && terms.user.is_none(),
                "{case}: {terms:?}"
            );
            assert!(!terms.texts().is_empty(), "{case} kept as text");
        }
    }

    #[test]
    fn several_tags_in_one_token_and_negative_scores_parse() {
        let terms = SearchTerms::parse("[rust][Wasm] score:-2");
        assert_eq!(terms.tags, words(&["rust", "wasm"]));
        assert_eq!(terms.min_score, Some(-2));
    }

    #[test]
    fn quotes_keep_phrases_and_an_unclosed_quote_runs_to_the_end() {
        assert_eq!(SearchTerms::parse("a \"b c\" d").phrases, words(&["b c"]));
        let open = SearchTerms::parse("a \"b c");
        assert_eq!(open.phrases, words(&["b c"]));
        assert_eq!(open.words, words(&["a"]));
        assert!(SearchTerms::parse("\"\"").is_empty());
    }

    #[test]
    fn operators_narrow_the_result_types() {
        let all = Ok(SearchType::ALL.to_vec());
        type Scope = Result<Vec<SearchType>, ()>;
        let cases: [(&str, Option<SearchType>, Scope); 9] = [
            ("rust", None, all.clone()),
            ("", None, Ok(vec![SearchType::Question, SearchType::Answer])),
            ("[rust] x", None, Ok(vec![SearchType::Question])),
            ("is:answer x", None, Ok(vec![SearchType::Answer])),
            ("isaccepted:yes", None, Ok(vec![SearchType::Answer])),
            (
                "user:ada x",
                None,
                Ok(vec![SearchType::Question, SearchType::Answer]),
            ),
            ("rust", Some(SearchType::User), Ok(vec![SearchType::User])),
            ("[rust] isaccepted:yes", None, Err(())),
            ("[rust]", Some(SearchType::Tag), Err(())),
        ];
        for (q, only, expected) in cases {
            assert_eq!(
                SearchTerms::parse(q).scope(only).map_err(drop),
                expected,
                "{q} {only:?}"
            );
        }
    }

    #[test]
    fn search_params_parse_strictly_and_round_trip() {
        let params = SearchParams::parse("q=%5Brust%5D+x&type=answer&limit=20&page=2").expect("ok");
        assert_eq!(params.kind, Some(SearchType::Answer));
        assert_eq!((params.limit, params.page, params.skip()), (20, 2, 20));
        assert_eq!(SearchParams::parse(&params.to_query_string()), Ok(params));
        for (bad, param) in [
            ("type=post", "type"),
            ("limit=0", "limit"),
            ("limit=51", "limit"),
            ("page=x", "page"),
        ] {
            assert_eq!(
                SearchParams::parse(bad).map_err(|e| e.param),
                Err(param),
                "{bad}"
            );
        }
        let long = "x".repeat(MAX_SEARCH_CHARS + 1);
        assert!(SearchParams::parse(&format!("q={long}")).is_err());
        assert_eq!(SearchParams::parse_lenient("type=post&limit=0&q=a").q, "a");
    }

    #[test]
    fn a_snippet_shows_the_match_with_its_surroundings() {
        let text = format!(
            "{} the **borrow** checker {}",
            "a ".repeat(200),
            "z ".repeat(200)
        );
        let cut = snippet(&text, &words(&["Borrow"]));
        assert!(cut.starts_with('…') && cut.ends_with('…'), "{cut}");
        assert!(cut.contains("the borrow checker"), "{cut}");
        assert!(cut.chars().count() <= SNIPPET_CHARS + 2);
    }

    #[test]
    fn a_short_text_is_its_own_snippet_and_no_match_shows_the_start() {
        assert_eq!(snippet("Short\n\ntext", &words(&["zzz"])), "Short text");
        let long = "word ".repeat(100);
        assert!(snippet(&long, &[]).ends_with('…'));
        assert!(!snippet(&long, &[]).starts_with('…'));
    }

    #[test]
    fn urls_open_the_right_page() {
        assert_eq!(question_url("q1", "a-b"), "/question/q1/a-b");
        assert_eq!(answer_url("q1", "a-b", "x1"), "/question/q1/a-b#answer-x1");
    }
}
