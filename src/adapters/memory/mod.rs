//! In-memory implementations of the storage ports.
//!
//! They are real implementations, not scripted mocks: each passes the same contract suite as
//! its SQL or Redis counterpart, so the embedded default behaves like production (within one
//! process).

mod accounts;
mod alert_outbox;
mod alert_subscribers;
mod bus;
mod cache;
mod call_ledger;
mod claims;
mod counters;
mod expiring;
mod password_resets;
mod push_devices;
mod refresh_tokens;
mod signal_history;
mod telegram_bot;

pub use accounts::InMemoryAccounts;
pub use alert_outbox::MemoryAlertOutbox;
pub use alert_subscribers::MemoryAlertSubscribers;
pub use bus::{MemoryAccountChanges, MemoryBus, MemorySignalBus};
pub use cache::MemoryCache;
pub use call_ledger::MemoryCallLedger;
pub use claims::MemoryClaims;
pub use counters::MemoryCounters;
pub use password_resets::InMemoryPasswordResets;
pub use push_devices::MemoryPushDevices;
pub use refresh_tokens::InMemoryRefreshTokens;
pub use signal_history::MemorySignalHistory;
pub use telegram_bot::{ChatBehaviour, MemoryTelegramBot, UnconfiguredTelegram};
