//! Questions and answers as the API shows them, the lists' orders and parameters, and
//! the rules for asking, answering and tagging, which the API enforces and the SPA's
//! forms show inline with the same words.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::list::{ListFilter, ListQuery, QueryError};
use crate::me::FieldError;
use crate::users::TagRef;

/// Shortest (once trimmed) and longest (as sent) title, in characters.
pub const TITLE_LEN: (usize, usize) = (5, 130);
/// Shortest (once trimmed) and longest (as sent) question or answer body, in characters.
pub const CONTENT_LEN: (usize, usize) = (20, 30_000);
/// Fewest and most tags on a question.
pub const TAG_COUNT: (usize, usize) = (1, 5);
/// Longest tag name, in characters.
pub const TAG_MAX: usize = 24;
/// Longest slug, in characters.
pub const SLUG_MAX: usize = 80;
/// Longest Markdown text `POST /api/markdown/preview` renders.
pub const PREVIEW_MAX: usize = CONTENT_LEN.1;

/// Order (and selection) of the question lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum QuestionFilter {
    /// Most recently asked first.
    #[default]
    Newest,
    /// Most viewed first.
    Frequent,
    /// Only questions without answers, newest first.
    Unanswered,
    /// For a signed-in user: others' questions sharing tags with what they asked,
    /// answered, viewed or voted on, newest first; `newest` for anonymous visitors.
    Recommended,
}

impl ListFilter for QuestionFilter {
    const ALL: &'static [Self] = &[
        Self::Newest,
        Self::Frequent,
        Self::Unanswered,
        Self::Recommended,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Self::Newest => "newest",
            Self::Frequent => "frequent",
            Self::Unanswered => "unanswered",
            Self::Recommended => "recommended",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Newest => "Newest",
            Self::Frequent => "Frequent",
            Self::Unanswered => "Unanswered",
            Self::Recommended => "Recommended",
        }
    }
}

/// `GET /api/questions` parameters: the shared list parameters plus `tag`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuestionListQuery {
    /// `q`, `filter`, `page`, `pageSize`.
    pub list: ListQuery<QuestionFilter>,
    /// Only questions with this tag (a normalised tag name); empty means any.
    pub tag: String,
}

impl QuestionListQuery {
    /// The parameter names this query owns.
    pub const KEYS: [&'static str; 5] = ["q", "filter", "tag", "page", "pageSize"];

    fn tag_param(query: &str) -> Option<String> {
        let query = query.strip_prefix('?').unwrap_or(query);
        serde_urlencoded::from_str::<Vec<(String, String)>>(query)
            .unwrap_or_default()
            .into_iter()
            .rev()
            .find(|(key, _)| key == "tag")
            .map(|(_, value)| value)
    }

    /// Strict parse for the API: the first bad parameter is an error naming it.
    pub fn parse(query: &str) -> Result<Self, QueryError> {
        let list = ListQuery::parse(query)?;
        let tag = match Self::tag_param(query) {
            Some(tag) if !tag.trim().is_empty() => {
                normalise_tag(&tag).map_err(|error| QueryError {
                    param: "tag",
                    message: error.message,
                })?
            }
            _ => String::new(),
        };
        Ok(Self { list, tag })
    }

    /// Lenient parse for the SPA: bad values fall back to their defaults.
    pub fn parse_lenient(query: &str) -> Self {
        let tag = Self::tag_param(query)
            .and_then(|tag| normalise_tag(&tag).ok())
            .unwrap_or_default();
        Self {
            list: ListQuery::parse_lenient(query),
            tag,
        }
    }

    /// The non-default parameters, in a stable order.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = self.list.to_pairs();
        if !self.tag.is_empty() {
            let at = pairs.iter().take_while(|(key, _)| *key != "page").count();
            pairs.insert(at, ("tag", self.tag.clone()));
        }
        pairs
    }

    /// `to_pairs` as a query string without `?` (empty when all are defaults).
    pub fn to_query_string(&self) -> String {
        serde_urlencoded::to_string(self.to_pairs()).unwrap_or_default()
    }
}

/// Order of a question's answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum AnswerFilter {
    /// Best score first (the accepted answer always first).
    #[default]
    HighestUpvotes,
    /// Worst score first (the accepted answer still first).
    LowestUpvotes,
    /// Newest first.
    Recent,
    /// Oldest first.
    Old,
}

impl ListFilter for AnswerFilter {
    const ALL: &'static [Self] = &[
        Self::HighestUpvotes,
        Self::LowestUpvotes,
        Self::Recent,
        Self::Old,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Self::HighestUpvotes => "highestUpvotes",
            Self::LowestUpvotes => "lowestUpvotes",
            Self::Recent => "recent",
            Self::Old => "old",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::HighestUpvotes => "Highest score",
            Self::LowestUpvotes => "Lowest score",
            Self::Recent => "Most recent",
            Self::Old => "Oldest",
        }
    }
}

/// `GET /api/questions/{id}/answers` parameters (`q` is ignored).
pub type AnswerListQuery = ListQuery<AnswerFilter>;

/// Order of a user's questions or answers on their profile.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum ProfilePostOrder {
    /// Newest first.
    #[default]
    Newest,
    /// Best score first.
    Top,
}

impl ListFilter for ProfilePostOrder {
    const ALL: &'static [Self] = &[Self::Newest, Self::Top];

    fn as_str(self) -> &'static str {
        match self {
            Self::Newest => "newest",
            Self::Top => "top",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Newest => "Newest",
            Self::Top => "Top",
        }
    }
}

/// `GET /api/users/{clerkId}/questions` and `/answers` parameters (`q` is ignored).
pub type ProfilePostsQuery = ListQuery<ProfilePostOrder>;

/// Order of the saved-questions list (`/collection`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub enum SavedFilter {
    /// Most recently asked first.
    #[default]
    MostRecent,
    /// Oldest first.
    Oldest,
    /// Best score first.
    MostVoted,
    /// Most viewed first.
    MostViewed,
    /// Most answers first.
    MostAnswered,
}

impl ListFilter for SavedFilter {
    const ALL: &'static [Self] = &[
        Self::MostRecent,
        Self::Oldest,
        Self::MostVoted,
        Self::MostViewed,
        Self::MostAnswered,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Self::MostRecent => "mostRecent",
            Self::Oldest => "oldest",
            Self::MostVoted => "mostVoted",
            Self::MostViewed => "mostViewed",
            Self::MostAnswered => "mostAnswered",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::MostRecent => "Most recent",
            Self::Oldest => "Oldest",
            Self::MostVoted => "Most voted",
            Self::MostViewed => "Most viewed",
            Self::MostAnswered => "Most answered",
        }
    }
}

/// `GET /api/me/saved` parameters: `?q=&filter=&page=&pageSize=`.
pub type SavedListQuery = ListQuery<SavedFilter>;

/// An answer on its author's profile, with the question it answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct UserAnswer {
    /// Answer id.
    pub id: String,
    /// The question's id.
    pub question_id: String,
    /// The question's title.
    pub question_title: String,
    /// The question's slug.
    pub question_slug: String,
    /// Up-votes.
    pub upvotes: u64,
    /// Down-votes.
    pub downvotes: u64,
    /// Whether the asker accepted it.
    pub accepted: bool,
    /// When it was written.
    pub created_at: DateTime<Utc>,
}

/// A post's author, as shown beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Author {
    /// Clerk user id (profile URLs use it).
    pub clerk_id: String,
    /// Display name.
    pub name: String,
    /// Handle.
    pub username: String,
    /// Avatar URL.
    pub picture: String,
    /// Reputation points.
    pub reputation: i64,
}

/// A question in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct QuestionSummary {
    /// Question id.
    pub id: String,
    /// Title.
    pub title: String,
    /// The title's slug, for the canonical URL `/question/{id}/{slug}`.
    pub slug: String,
    /// Tags, in the asker's order.
    pub tags: Vec<TagRef>,
    /// Who asked; `None` once the account is deleted (its content goes with it, so
    /// this only shows in a race).
    pub author: Option<Author>,
    /// Up-votes.
    pub upvotes: u64,
    /// Down-votes.
    pub downvotes: u64,
    /// Number of answers.
    pub answers: u64,
    /// Views (at most one per viewer per hour).
    pub views: u64,
    /// When it was asked.
    pub created_at: DateTime<Utc>,
    /// Whether the asker accepted an answer.
    pub has_accepted_answer: bool,
}

/// Which way a vote goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum VoteDirection {
    /// An up-vote.
    Up,
    /// A down-vote.
    Down,
}

/// `GET /api/questions/{id}`: the list fields plus the body and the caller's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct QuestionDetail {
    /// The list fields.
    #[serde(flatten)]
    pub summary: QuestionSummary,
    /// Markdown source.
    pub content: String,
    /// The rendered, sanitised HTML.
    pub content_html: String,
    /// The accepted answer's id.
    pub accepted_answer: Option<String>,
    /// When it was last edited.
    pub updated_at: Option<DateTime<Utc>>,
    /// The caller's vote (`null` for none or when signed out).
    pub my_vote: Option<VoteDirection>,
    /// Whether the caller saved it.
    pub saved: bool,
    /// Whether the caller asked it.
    pub mine: bool,
}

/// An answer as listed under its question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AnswerView {
    /// Answer id.
    pub id: String,
    /// The question's id.
    pub question_id: String,
    /// Who wrote it.
    pub author: Option<Author>,
    /// Markdown source.
    pub content: String,
    /// The rendered, sanitised HTML.
    pub content_html: String,
    /// Up-votes.
    pub upvotes: u64,
    /// Down-votes.
    pub downvotes: u64,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// When it was last edited.
    pub updated_at: Option<DateTime<Utc>>,
    /// Whether the asker accepted it.
    pub accepted: bool,
    /// The caller's vote.
    pub my_vote: Option<VoteDirection>,
    /// Whether the caller wrote it.
    pub mine: bool,
}

/// `POST /api/questions`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AskQuestion {
    /// 5–130 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 5, max_length = 130))]
    pub title: String,
    /// Markdown, 20–30,000 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 20, max_length = 30000))]
    pub content: String,
    /// 1–5 tag names.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 5))]
    pub tags: Vec<String>,
}

/// `PATCH /api/questions/{id}`: absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QuestionUpdate {
    /// New title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// New Markdown body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// New tags (replacing the old ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

/// `POST /api/questions/{id}/answers` and `PATCH /api/answers/{id}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AnswerInput {
    /// Markdown, 20–30,000 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 20, max_length = 30000))]
    pub content: String,
}

/// `POST /api/questions/{id}/vote`, `POST /api/answers/{id}/vote`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct VoteRequest {
    /// `up` or `down`; the same way again removes the vote.
    pub direction: VoteDirection,
}

/// A post's votes after a vote request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct VoteState {
    /// Up-votes.
    pub upvotes: u64,
    /// Down-votes.
    pub downvotes: u64,
    /// The caller's vote now.
    pub my_vote: Option<VoteDirection>,
}

impl VoteState {
    /// The state after the caller votes `direction`, as the API applies it (the same
    /// way again removes the vote, the other way switches it): what the SPA shows at
    /// once, before the server confirms.
    pub fn after(self, direction: VoteDirection) -> Self {
        let mut next = self;
        match self.my_vote {
            Some(VoteDirection::Up) => next.upvotes = next.upvotes.saturating_sub(1),
            Some(VoteDirection::Down) => next.downvotes = next.downvotes.saturating_sub(1),
            None => {}
        }
        next.my_vote = if self.my_vote == Some(direction) {
            None
        } else {
            Some(direction)
        };
        match next.my_vote {
            Some(VoteDirection::Up) => next.upvotes += 1,
            Some(VoteDirection::Down) => next.downvotes += 1,
            None => {}
        }
        next
    }
}

/// `POST /api/answers/{id}/accept`: the question's accepted answer now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct AcceptState {
    /// The accepted answer's id, or `null` after un-accepting.
    pub accepted_answer: Option<String>,
}

/// `POST /api/questions/{id}/save`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct SaveState {
    /// Whether the question is in the caller's saved list now.
    pub saved: bool,
}

/// `POST /api/markdown/preview` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MarkdownPreview {
    /// Markdown source, at most 30,000 characters.
    #[cfg_attr(feature = "openapi", schema(max_length = 30000))]
    pub markdown: String,
}

/// Rendered Markdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct RenderedMarkdown {
    /// Sanitised HTML.
    pub html: String,
}

/// The title's slug: lower-cased, each run of characters other than ASCII letters and
/// digits turned into one `-`, trimmed of `-`, at most 80 characters.
pub fn slug(title: &str) -> String {
    let mut slug = String::with_capacity(title.len().min(SLUG_MAX));
    for c in title.chars() {
        if slug.len() >= SLUG_MAX {
            break;
        }
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.truncate(SLUG_MAX);
    slug.trim_end_matches('-').to_owned()
}

fn field_error(field: &'static str, message: impl Into<String>) -> FieldError {
    FieldError {
        field,
        message: message.into(),
    }
}

fn check_length(
    field: &'static str,
    text: &str,
    (min, max): (usize, usize),
) -> Result<(), FieldError> {
    // The least counts what is left once trimmed (blank padding says nothing); the
    // most counts the text as sent, so it is the hard cap the API describes.
    let trimmed = text.trim().chars().count();
    let sent = text.chars().count();
    if trimmed < min {
        Err(field_error(
            field,
            format!("Use at least {min} characters (now {trimmed})."),
        ))
    } else if sent > max {
        Err(field_error(
            field,
            format!("Use at most {max} characters (now {sent})."),
        ))
    } else {
        Ok(())
    }
}

/// The title rule.
pub fn check_title(title: &str) -> Result<(), FieldError> {
    check_length("title", title, TITLE_LEN)
}

/// The body rule, for questions and answers.
pub fn check_content(content: &str) -> Result<(), FieldError> {
    check_length("content", content, CONTENT_LEN)
}

/// One tag name as stored: trimmed, lower-cased, 1–24 of `a-z 0-9 + # . -`.
pub fn normalise_tag(tag: &str) -> Result<String, FieldError> {
    let tag = tag.trim().to_lowercase();
    let chars = tag.chars().count();
    if chars == 0 {
        return Err(field_error("tags", "A tag cannot be empty."));
    }
    if chars > TAG_MAX {
        return Err(field_error(
            "tags",
            format!("Tag \"{tag}\" is longer than {TAG_MAX} characters."),
        ));
    }
    if let Some(bad) = tag
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || "+#.-".contains(*c)))
    {
        return Err(field_error(
            "tags",
            format!("Tag \"{tag}\" has \"{bad}\"; use letters, digits and + # . - only."),
        ));
    }
    Ok(tag)
}

/// The tag list as stored: each normalised, duplicates removed (first kept), 1–5.
pub fn normalise_tags(tags: &[String]) -> Result<Vec<String>, FieldError> {
    let mut names: Vec<String> = Vec::with_capacity(tags.len());
    for tag in tags {
        let name = normalise_tag(tag)?;
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let (min, max) = TAG_COUNT;
    if names.len() < min {
        Err(field_error("tags", "Add at least one tag."))
    } else if names.len() > max {
        Err(field_error("tags", format!("Use at most {max} tags.")))
    } else {
        Ok(names)
    }
}

impl AskQuestion {
    /// Every rule the question breaks, in form order.
    pub fn errors(&self) -> Vec<FieldError> {
        [
            check_title(&self.title),
            check_content(&self.content),
            normalise_tags(&self.tags).map(drop),
        ]
        .into_iter()
        .filter_map(Result::err)
        .collect()
    }
}

impl QuestionUpdate {
    /// Every rule the given fields break, in form order.
    pub fn errors(&self) -> Vec<FieldError> {
        [
            self.title.as_deref().map(check_title),
            self.content.as_deref().map(check_content),
            self.tags.as_deref().map(|t| normalise_tags(t).map(drop)),
        ]
        .into_iter()
        .flatten()
        .filter_map(Result::err)
        .collect()
    }

    /// Whether nothing would change.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

impl AnswerInput {
    /// Every rule the answer breaks.
    pub fn errors(&self) -> Vec<FieldError> {
        check_content(&self.content).err().into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slug_keeps_ascii_words_joined_by_single_dashes() {
        let cases = [
            (
                "How do lifetimes work in Rust?",
                "how-do-lifetimes-work-in-rust",
            ),
            ("  --Hello,   World!!  ", "hello-world"),
            ("C++ vs C#: которые?", "c-vs-c"),
            ("Ünïcödé only ñ", "n-c-d-only"),
            ("???", ""),
            ("Rust 2024 edition", "rust-2024-edition"),
        ];
        for (title, expected) in cases {
            assert_eq!(slug(title), expected, "{title}");
        }
    }

    #[test]
    fn the_slug_is_cut_to_80_characters_without_a_trailing_dash() {
        let title = format!("{} {}", "a".repeat(79), "bcd");
        let slug = slug(&title);
        assert_eq!(slug, "a".repeat(79));
        assert_eq!(super::slug(&"word ".repeat(40)).len(), 79);
        assert!(super::slug(&"x".repeat(200)).len() == SLUG_MAX);
    }

    #[test]
    fn tags_are_normalised_and_deduplicated() {
        let tags = vec![
            " Rust ".to_owned(),
            "c++".into(),
            "RUST".into(),
            "c#".into(),
        ];
        assert_eq!(normalise_tags(&tags).expect("valid"), ["rust", "c++", "c#"]);
        assert_eq!(normalise_tag(".net-core").expect("valid"), ".net-core");
    }

    #[test]
    fn bad_tag_lists_are_refused_with_a_reason() {
        let long = "x".repeat(TAG_MAX + 1);
        let cases: Vec<(Vec<&str>, &str)> = vec![
            (vec![], "at least one"),
            (vec!["  "], "empty"),
            (vec!["a", "b", "c", "d", "e", "f"], "at most 5"),
            (vec!["has space"], "\" \""),
            (vec!["émoji"], "é"),
            (vec!["under_score"], "_"),
            (vec![long.as_str()], "longer than 24"),
        ];
        for (tags, expected) in cases {
            let tags: Vec<String> = tags.into_iter().map(str::to_owned).collect();
            let error = normalise_tags(&tags).expect_err("refused");
            assert_eq!(error.field, "tags");
            assert!(
                error.message.contains(expected),
                "{tags:?}: {}",
                error.message
            );
        }
        // Six tags that collapse to five are fine.
        let six: Vec<String> = ["a", "b", "c", "d", "e", "A"].map(String::from).to_vec();
        assert_eq!(normalise_tags(&six).expect("valid").len(), 5);
    }

    #[test]
    fn a_question_reports_each_broken_rule_by_field() {
        let cases: Vec<(AskQuestion, Vec<&str>)> = vec![
            (
                AskQuestion {
                    title: "Why?".into(),
                    content: "short".into(),
                    tags: vec![],
                },
                vec!["title", "content", "tags"],
            ),
            (
                AskQuestion {
                    title: "  Fine title  ".into(),
                    content: "x".repeat(20),
                    tags: vec!["rust".into()],
                },
                vec![],
            ),
            (
                AskQuestion {
                    title: "t".repeat(131),
                    content: "x".repeat(30_001),
                    tags: vec!["rust".into()],
                },
                vec!["title", "content"],
            ),
            (
                AskQuestion {
                    title: "12345".into(),
                    content: format!("   {}   ", "x".repeat(19)),
                    tags: vec!["rust".into()],
                },
                vec!["content"],
            ),
        ];
        for (question, fields) in cases {
            let errors: Vec<&str> = question.errors().iter().map(|e| e.field).collect();
            assert_eq!(errors, fields, "{question:?}");
        }
    }

    #[test]
    fn an_update_checks_only_the_fields_it_changes() {
        let update = QuestionUpdate {
            content: Some("too short".into()),
            ..Default::default()
        };
        assert_eq!(update.errors()[0].field, "content");
        assert!(QuestionUpdate::default().is_empty());
        assert!(QuestionUpdate::default().errors().is_empty());
    }

    #[test]
    fn the_question_list_query_reads_and_writes_the_tag() {
        let query =
            QuestionListQuery::parse("q=borrow&tag=Rust&filter=unanswered&page=2").expect("valid");
        assert_eq!(query.tag, "rust");
        assert_eq!(query.list.filter, QuestionFilter::Unanswered);
        assert_eq!(
            query.to_query_string(),
            "q=borrow&filter=unanswered&tag=rust&page=2"
        );
        assert_eq!(
            QuestionListQuery::parse_lenient(&query.to_query_string()),
            query
        );
        assert_eq!(QuestionListQuery::default().to_query_string(), "");
    }

    #[test]
    fn a_bad_tag_parameter_is_named() {
        let error = QuestionListQuery::parse("tag=not%20a%20tag").expect_err("refused");
        assert_eq!(error.param, "tag");
        assert_eq!(
            QuestionListQuery::parse_lenient("tag=not%20a%20tag").tag,
            ""
        );
        let error = QuestionListQuery::parse("filter=hot").expect_err("refused");
        assert_eq!(error.param, "filter");
    }

    #[test]
    fn a_vote_toggles_or_switches_the_counts() {
        use VoteDirection::{Down, Up};
        let state = |upvotes, downvotes, my_vote| VoteState {
            upvotes,
            downvotes,
            my_vote,
        };
        let cases = [
            (state(3, 1, None), Up, state(4, 1, Some(Up))),
            (state(4, 1, Some(Up)), Up, state(3, 1, None)),
            (state(4, 1, Some(Up)), Down, state(3, 2, Some(Down))),
            (state(3, 2, Some(Down)), Down, state(3, 1, None)),
            (state(0, 0, Some(Up)), Up, state(0, 0, None)),
        ];
        for (before, direction, after) in cases {
            assert_eq!(before.after(direction), after, "{before:?} {direction:?}");
        }
    }

    #[test]
    fn filters_use_their_wire_names() {
        assert_eq!(
            serde_json::to_string(&AnswerFilter::HighestUpvotes).expect("valid"),
            "\"highestUpvotes\""
        );
        assert_eq!(
            AnswerListQuery::parse("filter=lowestUpvotes")
                .expect("valid")
                .filter,
            AnswerFilter::LowestUpvotes
        );
        assert_eq!(
            serde_json::to_string(&VoteRequest {
                direction: VoteDirection::Down
            })
            .expect("valid"),
            r#"{"direction":"down"}"#
        );
    }
}
