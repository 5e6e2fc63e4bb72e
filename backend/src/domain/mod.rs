//! Logic that is neither HTTP nor MongoDB, as plain functions with unit tests.

pub mod api_docs;
pub mod badges;
pub mod clerk;
pub mod clerk_keys;
pub mod csp;
pub mod hot;
pub mod markdown;
pub mod rate_limit;
pub mod reputation;
pub mod search;
pub mod sitemap;
pub mod tags;
