//! Billing state per user and the log of processed Stripe events.
//!
//! The two live behind one port because they must change together: recording an event and
//! applying its effect happen in one transaction, which is what makes a webhook take effect
//! exactly once even after the fast-path claim (Redis) has been lost.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::StoreError;
use crate::domain::{BillingState, StripeEventId, Transition, UserId};

/// What we keep of every verified event.
#[derive(Clone, Debug)]
pub struct WebhookEventRecord {
    pub id: StripeEventId,
    pub event_type: String,
    pub created: DateTime<Utc>,
    pub received_at: DateTime<Utc>,
    /// The exact body Stripe sent, for audit and re-processing.
    pub payload: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordOutcome {
    /// First time we see this event id; `Transition` is what was decided (and, if `Apply`,
    /// stored). `None` when the event concerns no known user.
    Recorded(Option<Transition>),
    /// The event id was recorded before; nothing changed.
    AlreadyProcessed,
}

/// The function that decides the new state from the current one (the domain rule).
pub type Decide<'a> = &'a (dyn Fn(&BillingState) -> Transition + Send + Sync);

#[async_trait]
pub trait BillingStore: Send + Sync {
    /// The user's billing state; the default (never subscribed) when nothing is stored.
    async fn billing_state(&self, user: UserId) -> Result<BillingState, StoreError>;

    /// Atomically records `event` and applies its effect:
    /// 1. insert the event id — if it exists, return [`RecordOutcome::AlreadyProcessed`] and
    ///    change nothing;
    /// 2. if `user` is `Some`, read their current state (locked against concurrent writers),
    ///    call `decide`, and store the result when it is [`Transition::Apply`];
    /// 3. commit — all or nothing.
    ///
    /// Concurrent calls with the same event id: exactly one returns `Recorded`.
    /// Concurrent calls for the same user with different ids are serialised, so no update is
    /// lost.
    ///
    /// # Errors
    /// `StoreError` on backend failure; then nothing was recorded or applied.
    async fn record_event(
        &self,
        event: &WebhookEventRecord,
        user: Option<UserId>,
        decide: Decide<'_>,
    ) -> Result<RecordOutcome, StoreError>;

    /// Whether this event id has been recorded.
    async fn is_recorded(&self, id: &StripeEventId) -> Result<bool, StoreError>;
}
