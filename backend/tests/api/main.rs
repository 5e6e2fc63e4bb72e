//! API integration tests: the real Rocket app on a real MongoDB-compatible server,
//! one fresh database per test. `cargo xtask test` starts a throwaway server and sets
//! `MONGODB_URI`; point `MONGODB_URI` at any MongoDB to run them against it.

mod helpers;

mod compression;
mod config;
mod health;
mod hostile;
mod http;
mod me;
mod questions;
mod seed;
mod seo;
mod sessions;
mod spa;
mod users;
mod webhooks;
