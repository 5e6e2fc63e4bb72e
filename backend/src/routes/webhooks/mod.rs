//! Inbound webhooks from other services.

pub mod clerk;
