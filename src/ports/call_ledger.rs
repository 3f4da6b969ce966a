//! Where trade calls and their tamper-evident ledger are kept.
//!
//! A call is stored once, keyed by its [`CallId`]: every instance computing the same candle
//! computes the same calls, so recording is insert-if-absent and a repeat is
//! [`CallRecorded::AlreadyRecorded`] — not an error, and never a second ledger entry. Each stored
//! opening and each stored close is appended to one chain of [`HashedEntry`]s in the same
//! atomic step, its `prev_hash` taken from the stored head, so the call and its entry are
//! never stored one without the other and the chain stays linear however many writers race.
//!
//! Each stored opening and close also queues its alert event
//! ([`AlertEvent`](crate::domain::alerts::AlertEvent), keyed `open:<id>` / `close:<id>`) in the
//! alerts outbox, in that same atomic step: a failed record leaves no alert, a repeat adds none.
//!
//! The chain is read back for [`verify`](crate::domain::calls::verify) from what is stored —
//! an entry's fields come from the stored call — so an edit anywhere shows up as a broken link.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::domain::calls::{Call, CallEvent, CallId, HashedEntry, LedgerHash};
use crate::domain::signals::Symbol;
use crate::ports::StoreError;

/// The most calls one page may hold.
pub const MAX_CALLS_PAGE: usize = 200;

/// What [`CallLedger::record`] did.
#[derive(Clone, Debug, PartialEq)]
pub enum CallRecorded {
    /// The event was new: these entries were appended (for a close whose opening was never
    /// stored, the opening first, then the close).
    New(Vec<HashedEntry>),
    /// The opening (or close) of this call was stored already; nothing changed.
    AlreadyRecorded,
}

/// Where a call sits in the ledger: one entry's height and hashes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LedgerLink {
    pub height: u64,
    pub hash: LedgerHash,
    pub prev_hash: LedgerHash,
}

/// A stored call with the ledger entries that recorded it.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredCall {
    pub call: Call,
    /// The entry of its opening fields.
    pub opened: LedgerLink,
    /// The entry of its close; `None` while open.
    pub closed: Option<LedgerLink>,
}

/// Which calls [`CallLedger::page`] returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallPageQuery {
    pub symbol: Symbol,
    /// At most this many (1..=[`MAX_CALLS_PAGE`]; larger values are treated as the maximum).
    pub limit: usize,
    /// Only calls older than this one: the previous page's `next_cursor`. `None` for the newest.
    pub cursor: Option<CallId>,
    /// Only calls opened before this instant (what a free user may see); `None` for all.
    pub opened_before: Option<DateTime<Utc>>,
}

/// One page of calls, newest first.
#[derive(Clone, Debug, PartialEq)]
pub struct CallPage {
    pub calls: Vec<StoredCall>,
    /// The cursor of the next (older) page; `None` when this page is the last.
    pub next_cursor: Option<CallId>,
}

/// The last ledger entry: what anyone can note and later compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LedgerHead {
    pub height: u64,
    pub hash: LedgerHash,
    /// The entry's [`LedgerEntry::at`](crate::domain::calls::LedgerEntry::at).
    pub at: DateTime<Utc>,
}

#[async_trait]
pub trait CallLedger: Send + Sync {
    /// Stores what `event` says — a call's opening, or its close — and appends its ledger
    /// entry — and its alert event in the outbox — atomically: all are stored or none. Insert-if-absent by the call's
    /// id: of any number of concurrent calls recording the same event (on any number of
    /// instances) exactly one returns [`CallRecorded::New`]. A close of a call whose opening is not
    /// stored records the opening first. Appends are serialized, so the chain stays linear:
    /// heights are 0, 1, 2, … and each `prev_hash` is the hash of the entry before.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the store cannot be reached; then nothing was stored.
    async fn record(&self, event: &CallEvent) -> Result<CallRecorded, StoreError>;

    /// One page of a symbol's calls, newest first (by id, which orders them by opening time).
    /// Following `next_cursor` from the first page returns every call stored when the first
    /// page was read exactly once, even while new calls arrive.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the store cannot be reached.
    async fn page(&self, query: &CallPageQuery) -> Result<CallPage, StoreError>;

    /// Every closed call of `symbol`, oldest first, opened before `opened_before` when given:
    /// the rows of the CSV export and the input of the track record.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the store cannot be reached.
    async fn closed_calls(
        &self,
        symbol: Symbol,
        opened_before: Option<DateTime<Utc>>,
    ) -> Result<Vec<StoredCall>, StoreError>;

    /// The last entry of the ledger; `None` while it is empty.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the store cannot be reached.
    async fn head(&self) -> Result<Option<LedgerHead>, StoreError>;

    /// Up to `limit` entries from height `from` on, oldest first, each rebuilt from the stored
    /// call and the stored hashes — exactly what is stored, so that
    /// [`verify`](crate::domain::calls::verify) can catch an edit.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the store cannot be reached; a stored row that no
    /// longer parses is reported as unavailable too (the store holds what this code never wrote).
    async fn entries(&self, from: u64, limit: usize) -> Result<Vec<HashedEntry>, StoreError>;
}
