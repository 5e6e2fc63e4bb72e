//! DevFlow's single-page app: Yew components compiled to WebAssembly.
//!
//! A library so that the pure parts (routes, query handling, API error mapping) are
//! unit-tested with plain `cargo test` on the host.

pub mod api;
pub mod app;
pub mod browser;
pub mod clerk;
pub mod components;
pub mod format;
pub mod hooks;
pub mod nav;
pub mod page_data;
pub mod pages;
pub mod routes;
pub mod theme;
