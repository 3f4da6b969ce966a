//! A user's billing: their Stripe customer and every subscription that customer holds.

use super::{StripeCustomerId, Subscription};

/// Everything entitlement is decided from. Empty (never subscribed) by default.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct BillingState {
    pub customer_id: Option<StripeCustomerId>,
    /// All of the customer's subscriptions we have heard of, live or ended.
    pub subscriptions: Vec<Subscription>,
}
