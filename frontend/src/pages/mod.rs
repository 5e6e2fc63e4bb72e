//! Pages: one per route; they own state and effects and compose components.

pub mod ask_question;
pub mod collection;
pub mod community;
pub mod home;
pub mod not_found;
pub mod profile;
pub mod profile_edit;
pub mod question;
pub mod search;
pub mod sign_in;
pub mod tag_detail;
pub mod tags;
