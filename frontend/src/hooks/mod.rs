//! Hooks: state and effects pages share.

pub mod use_fetch;
pub mod use_router;
pub mod use_theme;
