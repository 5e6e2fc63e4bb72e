//! Pages: one per route; they own state and effects and compose components.

pub mod coming_soon;
pub mod community;
pub mod home;
pub mod not_found;
pub mod profile;
