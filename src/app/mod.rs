//! The application layer: the use cases over the ports, one service per bounded context.
//!
//! It imports only [`crate::domain`] and [`crate::ports`]; which adapter stands behind each
//! port is decided by the composition root ([`crate::bootstrap`]).
//!
//! - [`accounts`]: sign-up, log-in, sessions, password resets, account changes.
//! - [`billing`]: checkout, portal, webhooks, reconciliation, entitlement.
//! - [`signals`]: current signals, history, the live stream, and the market-clock loops.
//! - [`operations`]: readiness, demo accounts, operator-only views.
//! - [`shared`]: the narrow interfaces between contexts, and the helpers all of them use.
//!
//! Each service's constructor names exactly the ports its use cases reach, so a use case
//! cannot touch a port its context does not hold. [`Services`] only carries the four to the
//! adapters that drive them.

pub mod accounts;
pub mod alerts;
pub mod billing;
pub mod operations;
mod services;
pub mod shared;
pub mod signals;

pub use services::Services;
