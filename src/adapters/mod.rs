//! Adapters: implementations of the ports for real infrastructure and for tests.
//!
//! - `memory`: in-memory fakes of every storage port; the embedded default and the test double.
//! - `sql`: accounts and billing in SQLite or PostgreSQL (one adapter, sqlx `Any`).
//! - `clock`: the system clock and a settable test clock.

pub mod clock;
pub mod memory;
pub mod sql;
