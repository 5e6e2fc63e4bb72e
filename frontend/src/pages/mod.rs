//! Pages: one per route; they own state and effects and compose components.

pub mod ask_question;
pub mod coming_soon;
pub mod community;
pub mod home;
pub mod not_found;
pub mod profile;
pub mod profile_edit;
pub mod question;
pub mod sign_in;
