//! Where computed signals are kept, with their outcomes: the history and track record.
//!
//! A signal is identified by its symbol and its timestamp (the close of the candle it was
//! computed on). Every instance computing the same candle computes the same signal, so
//! recording is idempotent: the first write wins and later ones report
//! [`Recorded::AlreadyStored`]. That answer is also what decides which instance announces the
//! signal on the bus, so the store must give it atomically (a unique key, not a read-then-write).
//!
//! Outcomes are stored once known ("settled"): an outcome is read from closed candles, which
//! never change, so it never needs recomputing, and the track record over a whole history is
//! then one aggregate instead of a candle read per signal.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::domain::signals::{Outcome, Signal, Symbol};
use crate::ports::StoreError;

/// What [`SignalHistory::record`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recorded {
    /// The signal was not stored before; this call stored it.
    New,
    /// A signal with the same symbol and timestamp was already stored; nothing changed.
    AlreadyStored,
}

/// One stored signal and its outcome, once settled.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryEntry {
    pub signal: Signal,
    pub outcome: Option<Outcome>,
}

/// Which signals [`SignalHistory::recent`] returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HistoryQuery {
    pub symbol: Symbol,
    /// Only signals with a timestamp at or before this instant; `None` for all.
    pub up_to: Option<DateTime<Utc>>,
    /// At most this many.
    pub limit: usize,
}

#[async_trait]
pub trait SignalHistory: Send + Sync {
    /// Stores `signal` unless one with the same symbol and timestamp is stored already; the
    /// stored one is then kept unchanged. Atomic: of any number of concurrent calls for the
    /// same symbol and timestamp (on any number of instances), exactly one returns
    /// [`Recorded::New`]. Every field comes back as stored, its provenance included;
    /// `published_at` is kept to the millisecond.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the store cannot be reached.
    async fn record(&self, signal: &Signal) -> Result<Recorded, StoreError>;

    /// The query's signals, newest first, each with its outcome if settled.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the store cannot be reached.
    async fn recent(&self, query: HistoryQuery) -> Result<Vec<HistoryEntry>, StoreError>;

    /// Up to `limit` signals of `symbol` timestamped at or before `closed_by` that have no
    /// outcome yet, oldest first: the ones to settle.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the store cannot be reached.
    async fn unsettled(
        &self,
        symbol: Symbol,
        closed_by: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<Signal>, StoreError>;

    /// Stores the outcome of the signal of `symbol` at `timestamp`. A signal that already has
    /// an outcome keeps it, and an unknown signal is ignored: settling twice is harmless.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the store cannot be reached.
    async fn settle(&self, symbol: Symbol, timestamp: DateTime<Utc>, outcome: &Outcome) -> Result<(), StoreError>;
}
