//! Authentication: who may call what. Today that is the Clerk webhook's svix signature;
//! user sessions (Clerk JWTs) will live here too.

pub mod webhook;
