//! Port contract suites. Each suite is written once as functions over `&dyn Port` and called
//! for every implementation: the in-memory fake, SQLite, PostgreSQL, Redis.

pub mod billing_store;
pub mod sql_store;
pub mod user_repository;
