//! The interfaces between contexts: each is the one question a context may ask another, in
//! domain types, so a context's constructor shows what it needs from its neighbours without
//! handing it their ports.
//!
//! Billing answers all three; the composition root passes the billing service where a
//! context asks for one of them.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::domain::{Email, Plan, Subscription, UserId};
use crate::ports::{GatewayError, StoreError};

/// "Which plan is this user on right now?" — asked by signals (quota, history depth, the
/// paid stream) and by accounts (`/auth/me`).
#[async_trait]
pub trait PlanLookup: Send + Sync {
    /// The user's plan now; may be answered from a cache that every billing change drops.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when billing's store cannot be read.
    async fn plan_of(&self, user: UserId) -> Result<Plan, StoreError>;

    /// The user's plan now, read from billing's store (never from the cache): for a caller
    /// that was just told the plan may have changed and must not race the cache's own drop.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when billing's store cannot be read.
    async fn current_plan_of(&self, user: UserId) -> Result<Plan, StoreError>;
}

/// Why the billing side of closing an account failed; the account is then kept.
#[derive(Debug, thiserror::Error)]
pub enum CloseBillingError {
    /// A live subscription could not be cancelled at the payment provider.
    #[error("the subscription could not be cancelled")]
    PaymentProvider(#[source] GatewayError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Billing's part in deleting an account — asked by accounts.
#[async_trait]
pub trait AccountBilling: Send + Sync {
    /// Cancels every live subscription of `user` at the payment provider (local grants have
    /// nothing to cancel). Idempotent: a retry after a failure cancels what is left.
    ///
    /// # Errors
    /// [`CloseBillingError::PaymentProvider`] when a cancellation fails;
    /// [`CloseBillingError::Store`] when billing's store cannot be read.
    async fn cancel_live_subscriptions(&self, user: UserId) -> Result<(), CloseBillingError>;

    /// The account is gone: every instance drops what it cached of the user. Best effort.
    async fn account_deleted(&self, user: UserId);
}

/// One subscription and the end of the access it gives (none once it gives none).
pub struct SubscriptionAccess {
    pub subscription: Subscription,
    pub access_until: Option<DateTime<Utc>>,
}

/// What billing knows of one account, for an operator.
pub struct BillingSummary {
    pub plan: Plan,
    pub subscriptions: Vec<SubscriptionAccess>,
}

/// Billing as an operator sees it — asked by operations (`users show`, `demo seed`).
#[async_trait]
pub trait OperatorBilling: Send + Sync {
    /// The user's plan now and every subscription they have had.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when billing's store cannot be read.
    async fn billing_summary(&self, user: UserId) -> Result<BillingSummary, StoreError>;

    /// Grants `days` of paid access from now, as `signalbox users grant-paid` does.
    ///
    /// # Errors
    /// Whatever [`GrantPaidError`](crate::app::billing::GrantPaidError) says, as text: an
    /// operator reads it.
    async fn grant_paid_to(&self, email: &Email, days: u32) -> anyhow::Result<Subscription>;
}

/// "Where does this user get mail?" — asked by alerts.
#[async_trait]
pub trait UserContacts: Send + Sync {
    /// The account's email address; `None` when the account is gone.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`] when accounts' store cannot be read.
    async fn email_of(&self, user: UserId) -> Result<Option<Email>, StoreError>;
}
