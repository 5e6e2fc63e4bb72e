//! Authentication: who may call what. The Clerk webhook's svix signature
//! ([`webhook`]), session tokens ([`session`]) and the guards that turn them into the
//! signed-in user ([`user`]).

pub mod session;
pub mod user;
pub mod webhook;
