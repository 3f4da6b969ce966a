//! The alerts outbox: events to announce, and one delivery per (event, user, channel).
//!
//! Call events are written by [`CallLedger::record`](crate::ports::CallLedger::record) in the
//! ledger's own transaction, so a call is never stored without its alert nor the reverse;
//! summaries through [`AlertOutbox::add_event`]. Both are insert-if-absent by
//! [`AlertEventKey`].
//!
//! Dispatchers on any number of instances share the work through leases: a claim hands rows
//! whose lease is free or expired to one claimant and stamps a new lease, so rows a crashed
//! instance held come back once their lease ends. Deliveries are claimed per channel, so a
//! slow channel never holds the others' rows.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::domain::UserId;
use crate::domain::alerts::{AlertChannel, AlertEvent, AlertEventKey};
use crate::domain::calls::CallId;
use crate::ports::StoreError;

/// One planned delivery, as fan-out creates it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewDelivery {
    pub user: UserId,
    pub channel: AlertChannel,
    /// Not sent before this (the end of the user's quiet hours, else the event's time).
    pub not_before: DateTime<Utc>,
    /// Held by quiet hours: a call alert whose call has closed by then is dropped, not sent.
    pub held: bool,
}

/// A claimed delivery with its event.
#[derive(Clone, Debug, PartialEq)]
pub struct Delivery {
    pub event: AlertEvent,
    pub user: UserId,
    pub channel: AlertChannel,
    /// Attempts already made (0 for a first try).
    pub attempts: u32,
    pub held: bool,
    pub queued_at: DateTime<Utc>,
}

/// How a delivery attempt ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Settlement {
    /// The channel accepted it. Final.
    Sent { at: DateTime<Utc> },
    /// A transient failure: try again at `not_before`; `attempts` now counts this one.
    Retry { not_before: DateTime<Utc>, attempts: u32, error: String },
    /// A permanent failure (or too many transient ones). Final, kept with its reason.
    Failed { error: String },
    /// Not sent on purpose (quiet hours outlived the call; the chat blocked the bot). Final.
    Dropped { reason: String },
}

/// Counts for one channel: what operators see.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChannelStats {
    pub sent: u64,
    pub failed: u64,
    pub dropped: u64,
    pub queued: u64,
    /// When the oldest delivery still queued was planned; `None` when none is.
    pub oldest_queued_at: Option<DateTime<Utc>>,
}

/// Who holds a lease: an instance's dispatcher.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeaseHolder(pub String);

#[async_trait]
pub trait AlertOutbox: Send + Sync {
    /// Stores `event` unless an event with its key is stored; `true` when it was new.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when the store cannot be reached; then nothing was stored.
    async fn add_event(&self, event: &AlertEvent) -> Result<bool, StoreError>;

    /// Up to `limit` events not yet fanned out whose lease is free or ended before `now`,
    /// oldest first, leased to `holder` until `lease_until`. Concurrent claims never return
    /// the same event while its lease runs.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    async fn claim_events(
        &self,
        holder: &LeaseHolder,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<AlertEvent>, StoreError>;

    /// Stores `deliveries` of `event` — each (event, user, channel) at most once, whatever was
    /// stored before — and marks the event fanned out, atomically.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`]; then nothing was stored.
    async fn fan_out(&self, event: &AlertEventKey, deliveries: &[NewDelivery]) -> Result<(), StoreError>;

    /// Up to `limit` queued deliveries on `channel` due by `now` whose lease is free or ended,
    /// oldest first, leased to `holder` until `lease_until`.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    async fn claim_deliveries(
        &self,
        channel: AlertChannel,
        holder: &LeaseHolder,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<Delivery>, StoreError>;

    /// Records how the attempt at (`event`, `user`, `channel`) ended and frees its lease. A
    /// delivery already final stays as it was.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    async fn settle(
        &self,
        event: &AlertEventKey,
        user: UserId,
        channel: AlertChannel,
        settlement: &Settlement,
    ) -> Result<(), StoreError>;

    /// Whether the close of `call` is stored (a close event exists).
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    async fn call_closed(&self, call: &CallId) -> Result<bool, StoreError>;

    /// Counts per channel (every channel present, zeros included), in [`AlertChannel::ALL`]
    /// order.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    async fn stats(&self) -> Result<Vec<(AlertChannel, ChannelStats)>, StoreError>;
}
