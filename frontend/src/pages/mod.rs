//! Pages: one per route; they own state and effects and compose components.

pub mod coming_soon;
pub mod community;
pub mod home;
pub mod not_found;
pub mod profile;
pub mod profile_edit;
pub mod sign_in;
