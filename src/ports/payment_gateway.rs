//! The payment provider: Stripe in production, a simulation offline.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::domain::{CheckoutSessionId, Email, StripeCustomerId, StripeSubscriptionId, SubscriptionStatus, UserId};

#[derive(Clone, Debug)]
pub struct CheckoutRequest {
    pub user_id: UserId,
    pub email: Email,
    pub customer: StripeCustomerId,
    /// Same key → same session: a double click must not open two checkouts.
    pub idempotency_key: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckoutSession {
    pub id: CheckoutSessionId,
    pub url: String,
}

/// A short-lived link to the provider's self-service page (change card, see invoices, cancel).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortalSession {
    pub url: String,
}

/// A subscription as the provider reports it right now (for reconciliation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubscriptionSnapshot {
    pub id: StripeSubscriptionId,
    pub customer: StripeCustomerId,
    pub status: SubscriptionStatus,
    pub current_period_end: Option<DateTime<Utc>>,
    pub cancel_at_period_end: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    /// The provider refused the request (bad price, declined, …); retrying will not help.
    #[error("payment provider rejected the request: {0}")]
    Rejected(String),
    /// The provider could not be reached or failed; retrying may help.
    #[error("payment provider unavailable")]
    Unavailable(#[source] anyhow::Error),
}

#[async_trait]
pub trait PaymentGateway: Send + Sync {
    /// Creates the provider-side customer for this user. Idempotent per user: calling it twice
    /// for one user returns the same customer.
    async fn create_customer(&self, user_id: UserId, email: &Email) -> Result<StripeCustomerId, GatewayError>;

    /// Opens a hosted checkout for the ₹499 subscription.
    async fn create_checkout_session(&self, request: &CheckoutRequest) -> Result<CheckoutSession, GatewayError>;

    /// Opens the billing portal for `customer`; leaving it returns the user to our dashboard.
    /// Side-effect free, so callers may simply try again.
    ///
    /// # Errors
    /// `Rejected` when the provider does not know the customer or has no portal configured;
    /// `Unavailable` when it cannot be reached.
    async fn create_portal_session(&self, customer: &StripeCustomerId) -> Result<PortalSession, GatewayError>;

    /// Expires an open checkout session so it can no longer be paid (the user opened a newer
    /// one). Expiring a session that is already expired is not an error.
    ///
    /// # Errors
    /// `Rejected` when the session cannot be expired (it was completed meanwhile, or is
    /// unknown); `Unavailable` when the provider cannot be reached.
    async fn expire_checkout_session(&self, session: &CheckoutSessionId) -> Result<(), GatewayError>;

    /// Every subscription of `customer`, whatever its status (for reconciliation).
    ///
    /// # Errors
    /// `Rejected` when the provider does not know the customer; `Unavailable` when it cannot
    /// be reached.
    async fn list_subscriptions(&self, customer: &StripeCustomerId) -> Result<Vec<SubscriptionSnapshot>, GatewayError>;

    /// Cancels `subscription` now (not at period end): no further charges. Cancelling one that
    /// is already canceled is not an error.
    ///
    /// # Errors
    /// `Rejected` when the provider does not know the subscription; `Unavailable` when it
    /// cannot be reached.
    async fn cancel_subscription(&self, subscription: &StripeSubscriptionId) -> Result<(), GatewayError>;
}
