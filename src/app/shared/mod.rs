//! What every context of the application shares, and nothing a single context owns.
//!
//! - [`contexts`]: the narrow interfaces one context answers for another (a user's plan, the
//!   billing side of closing an account, an operator's look at billing). A context asks
//!   through these, never through another context's ports.
//! - `keys`: every counter, claim and cache key, in one place, so no two features share one.
//! - `failure`: the outage/bug split every use-case error makes.
//! - `per_user_cache`: per-user facts kept in process (plans, profiles).
//! - `bounded_tasks`: background work with a ceiling, refused beyond it.

pub(crate) mod bounded_tasks;
pub mod contexts;
pub(crate) mod failure;
pub(crate) mod keys;
pub(crate) mod per_user_cache;

pub use contexts::{AccountBilling, BillingSummary, OperatorBilling, PlanLookup, SubscriptionAccess, UserContacts};
