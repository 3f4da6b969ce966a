//! The application layer: the use cases over the ports.
//!
//! It imports only [`crate::domain`] and [`crate::ports`]; which adapter stands behind each
//! port is decided by the composition root ([`crate::bootstrap`]).
//!
//! - [`signalbox::Signalbox`]: the service object every use case hangs off.
//! - [`use_cases`]: one file per use case, each with its own error enum.
//! - [`signal_cache`], [`signal_recorder`], [`outcomes`], [`candle_clock`],
//!   [`history_backfill`]: signals on the market's clock — computed once per candle, stored,
//!   announced, judged.
//! - `per_user_cache`, [`billing_changes`]: each user's plan and profile kept in process, and
//!   dropped on every instance when their billing changes or the account is deleted.
//! - `exhausted_quotas`: free users already refused today, answered without a counter trip.
//! - `keys`: every counter, claim and cache key, in one place.
//! - `bounded_tasks`: background work with a ceiling (reset mails), refused beyond it.

pub mod billing_changes;
mod bounded_tasks;
pub mod candle_clock;
mod exhausted_quotas;
pub mod history_backfill;
mod history_pages;
mod keys;
pub mod live_signals;
pub mod outcomes;
mod per_user_cache;
pub mod signal_cache;
pub mod signal_recorder;
pub mod signalbox;
pub mod use_cases;

pub use signalbox::{Dependencies, Policies, Signalbox};
