//! Logic that is neither HTTP nor MongoDB, as plain functions with unit tests.

pub mod avatar;
pub mod clerk;
