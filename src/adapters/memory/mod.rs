//! In-memory implementations of the storage ports.
//!
//! They are real implementations, not scripted mocks: each passes the same contract suite as
//! its SQL or Redis counterpart, so the embedded default behaves like production (within one
//! process).

pub mod accounts;

pub use accounts::InMemoryAccounts;
