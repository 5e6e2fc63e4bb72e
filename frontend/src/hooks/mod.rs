//! Hooks: state and effects pages share.

pub mod use_auth;
pub mod use_fetch;
pub mod use_global_search;
pub mod use_markdown_preview;
pub mod use_now;
pub mod use_require_user;
pub mod use_router;
pub mod use_save_toggle;
pub mod use_theme;
pub mod use_title;
