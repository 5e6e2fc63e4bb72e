//! Wire types shared by the DevFlow backend and SPA.
//!
//! Everything here is plain serde data plus pure validation, so both sides agree on
//! the JSON shape by construction. No web-framework, database or browser crate may be
//! added here: the crate compiles for the server and for `wasm32-unknown-unknown`.

pub mod avatar;
pub mod error;
pub mod hash;
pub mod health;
pub mod html;
pub mod list;
pub mod me;
pub mod page;
pub mod questions;
pub mod search;
pub mod session;
pub mod tags;
pub mod url;
pub mod users;
pub mod webhook;

pub use error::{ErrorBody, ErrorCode};
pub use health::{DbStatus, Health, ServiceStatus};
pub use list::{ListFilter, ListQuery, QueryError};
pub use me::{FieldError, Me, ProfileUpdate};
pub use page::Page;
pub use questions::{
    AcceptState, AnswerFilter, AnswerInput, AnswerListQuery, AnswerView, AskQuestion, Author,
    MarkdownPreview, ProfilePostOrder, ProfilePostsQuery, QuestionDetail, QuestionFilter,
    QuestionListQuery, QuestionSummary, QuestionUpdate, RenderedMarkdown, SaveState, SavedFilter,
    SavedListQuery, UserAnswer, VoteDirection, VoteRequest, VoteState,
};
pub use search::{SearchHit, SearchParams, SearchResults, SearchTerms, SearchType};
pub use session::{ClientConfig, LocalSession, LocalSignIn};
pub use tags::{FollowState, HotQuestion, Tag, TagDetail, TagFilter, TagListQuery};
pub use users::{BadgeCounts, TagRef, UserFilter, UserListQuery, UserProfile, UserSummary};
pub use webhook::{WebhookOutcome, WebhookReceipt};
