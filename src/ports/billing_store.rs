//! Billing state per user and the log of processed Stripe events.
//!
//! The two live behind one port because they must change together: recording an event and
//! applying its effect happen in one transaction, which is what makes a webhook take effect
//! exactly once even after the fast-path claim (Redis) has been lost.
//!
//! The event log doubles as the operators' view of webhooks: an event whose handling failed
//! is kept as [`WebhookEventStatus::Failed`] with the error, can be listed, and is applied by
//! the next delivery (Stripe's retry or a manual re-process) as if it had never been seen.

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

/// What became of a stored event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WebhookEventStatus {
    /// Its effect was applied to a user's billing state.
    Processed,
    /// Older than the state it would have overwritten; nothing changed.
    Stale,
    /// No effect: a type we do not act on, or no known user.
    Ignored,
    /// Handling failed unexpectedly; NOT processed, so a redelivery or re-process applies it.
    Failed,
}

impl WebhookEventStatus {
    pub const ALL: [Self; 4] = [Self::Processed, Self::Stale, Self::Ignored, Self::Failed];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Processed => "processed",
            Self::Stale => "stale",
            Self::Ignored => "ignored",
            Self::Failed => "failed",
        }
    }

    /// The inverse of [`Self::as_str`]; `None` for anything else.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == raw)
    }

    /// The status a recorded transition leaves the event in.
    pub fn of(transition: Option<&Transition>) -> Self {
        match transition {
            Some(Transition::Apply(_)) => Self::Processed,
            Some(Transition::Stale) => Self::Stale,
            Some(Transition::Ignored) | None => Self::Ignored,
        }
    }
}

/// An entry of the event log, as operators see it.
#[derive(Clone, Debug)]
pub struct StoredWebhookEvent {
    pub record: WebhookEventRecord,
    pub status: WebhookEventStatus,
    /// Why handling failed; `None` unless `status` is `Failed`.
    pub error: Option<String>,
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
    /// 1. insert the event id — if it exists with any status but `Failed`, return
    ///    [`RecordOutcome::AlreadyProcessed`] and change nothing (a `Failed` entry is taken
    ///    over: its status and error are replaced, its payload and `received_at` kept);
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

    /// Whether this event id has been processed: recorded with any status but `Failed`.
    async fn is_recorded(&self, id: &StripeEventId) -> Result<bool, StoreError>;

    /// Logs that handling `event` failed with `error`, for operators. Called after the failed
    /// [`record_event`](Self::record_event) rolled back, so it is its own transaction. Creates
    /// the entry as `Failed`, or updates the error of an existing `Failed` one; an entry that
    /// was processed meanwhile (a concurrent delivery succeeded) is left alone.
    ///
    /// # Errors
    /// `StoreError` on backend failure.
    async fn record_failure(&self, event: &WebhookEventRecord, error: &str) -> Result<(), StoreError>;

    /// Logged events, newest `received_at` first (ties by id), at most `limit` of them; only
    /// those with `status` when it is given.
    async fn list_events(
        &self,
        status: Option<WebhookEventStatus>,
        limit: usize,
    ) -> Result<Vec<StoredWebhookEvent>, StoreError>;

    /// One logged event with its payload, if the id is known.
    async fn find_event(&self, id: &StripeEventId) -> Result<Option<StoredWebhookEvent>, StoreError>;
}
