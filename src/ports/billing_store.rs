//! Subscriptions per Stripe customer and the log of processed Stripe events.
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
use crate::domain::{
    BillingState, CheckoutSessionId, StripeCustomerId, StripeEventId, StripeSubscriptionId, Subscription, Transition,
    UserId,
};

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
    /// Its effect was applied to a subscription of a known user.
    Processed,
    /// Everything it says was already known or superseded; nothing changed.
    Stale,
    /// No effect: a type we do not act on, or no subscription named.
    Ignored,
    /// Applied to its subscription, but the customer is not linked to any user yet. Linking the
    /// customer (checkout completion, customer creation) turns it into `Processed`: the
    /// subscription state is already stored, so the user's access follows at once.
    Unmatched,
    /// Handling failed; NOT processed, so a redelivery or re-process applies it.
    Failed,
}

impl WebhookEventStatus {
    pub const ALL: [Self; 5] = [Self::Processed, Self::Stale, Self::Ignored, Self::Unmatched, Self::Failed];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Processed => "processed",
            Self::Stale => "stale",
            Self::Ignored => "ignored",
            Self::Unmatched => "unmatched",
            Self::Failed => "failed",
        }
    }

    /// The inverse of [`Self::as_str`]; `None` for anything else.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == raw)
    }

    /// The status a recorded transition leaves the event in; `matched` tells whether the
    /// subscription's customer belongs to a user.
    pub fn of(transition: &Transition, matched: bool) -> Self {
        match transition {
            Transition::Apply(_) if matched => Self::Processed,
            Transition::Apply(_) => Self::Unmatched,
            Transition::Stale => Self::Stale,
            Transition::Ignored => Self::Ignored,
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
    /// First time we see this event id: what was decided (and, if `Apply`, stored), and the
    /// status the event was logged with.
    Recorded { transition: Transition, status: WebhookEventStatus },
    /// The event id was recorded before; nothing changed.
    AlreadyProcessed,
    /// The event links a customer and a user that are each linked elsewhere (the customer to
    /// another user, or the user to another customer). Nothing was recorded or applied:
    /// retrying cannot help, an operator must look (the caller logs it as failed).
    LinkConflict(String),
}

/// The function that decides a subscription's new state from what we know of it (the domain
/// rule, [`crate::domain::transition`]).
pub type Decide<'a> = &'a (dyn Fn(Option<&Subscription>) -> Transition + Send + Sync);

/// One verified event and what it asks of the store.
pub struct EventToApply<'a> {
    pub record: &'a WebhookEventRecord,
    /// The subscription it is about; `None` records the event as ignored.
    pub subscription: Option<&'a StripeSubscriptionId>,
    /// The customer it is about, kept with the event so linking can find unmatched ones.
    pub customer: Option<&'a StripeCustomerId>,
    /// Link `customer` to this user before applying (a checkout names our user).
    pub link_user: Option<UserId>,
    pub decide: Decide<'a>,
}

#[async_trait]
pub trait BillingStore: Send + Sync {
    /// The user's Stripe customer and all of that customer's subscriptions; empty when the
    /// user has no customer (or does not exist).
    async fn billing_state(&self, user: UserId) -> Result<BillingState, StoreError>;

    /// Atomically records an event and applies its effect:
    /// 1. insert the event id — if it exists with any status but `Failed`, return
    ///    [`RecordOutcome::AlreadyProcessed`] and change nothing (a `Failed` entry is taken
    ///    over: its status and error are replaced, its payload and `received_at` kept);
    /// 2. if `link_user` is set, link `customer` to that user unless it already is; when the
    ///    customer belongs to another user or the user to another customer, roll back and
    ///    return [`RecordOutcome::LinkConflict`]. A new link turns the customer's `Unmatched`
    ///    events into `Processed`;
    /// 3. if `subscription` is set, read it (locked against concurrent writers), call
    ///    `decide`, and store the result when it is [`Transition::Apply`] (the subscription
    ///    keeps the customer it was first seen with);
    /// 4. log the event's status ([`WebhookEventStatus::of`]; unmatched when no user has the
    ///    customer) and commit — all or nothing.
    ///
    /// Concurrent calls with the same event id: exactly one returns `Recorded`. Concurrent
    /// calls for the same subscription are serialised, so no update is lost.
    ///
    /// # Errors
    /// `StoreError` on backend failure; then nothing was recorded or applied.
    async fn record_event(&self, event: EventToApply<'_>) -> Result<RecordOutcome, StoreError>;

    /// Stores a subscription as read from the provider (reconciliation): merges `decide`'s
    /// result like an event would, without logging an event. Returns the transition.
    ///
    /// # Errors
    /// `StoreError` on backend failure.
    async fn reconcile_subscription(
        &self,
        subscription: &StripeSubscriptionId,
        decide: Decide<'_>,
    ) -> Result<Transition, StoreError>;

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

    /// Deletes `processed`, `stale` and `ignored` events received before `before`; `failed`
    /// and `unmatched` ones are kept until handled. Returns how many were deleted.
    ///
    /// # Errors
    /// `StoreError` on backend failure.
    async fn purge_events(&self, before: DateTime<Utc>) -> Result<u64, StoreError>;

    /// Remembers `session` as the user's open checkout and returns the one it replaces (to be
    /// expired), atomically: of two concurrent calls, each gets a different predecessor.
    ///
    /// # Errors
    /// `StoreError` on backend failure.
    async fn swap_open_checkout(
        &self,
        user: UserId,
        session: &CheckoutSessionId,
    ) -> Result<Option<CheckoutSessionId>, StoreError>;

    /// Every user linked to a Stripe customer (for reconciliation), ordered by user id.
    ///
    /// # Errors
    /// `StoreError` on backend failure.
    async fn linked_customers(&self) -> Result<Vec<(UserId, StripeCustomerId)>, StoreError>;
}
