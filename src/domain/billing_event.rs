//! A verified Stripe event, reduced to the facts our rules need.
//!
//! The adapter that verifies the signature parses Stripe's JSON into this type; the rules in
//! [`super::webhook_transition`] never see raw JSON.

use chrono::{DateTime, Utc};

use super::{StripeCustomerId, StripeEventId, StripeSubscriptionId, SubscriptionStatus, UserId};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BillingEvent {
    pub id: StripeEventId,
    /// Stripe's `type` string, kept for the event log.
    pub event_type: String,
    /// When Stripe created the event: the ordering key for out-of-order delivery.
    pub created: DateTime<Utc>,
    pub kind: BillingEventKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BillingEventKind {
    /// `checkout.session.completed` for a subscription checkout.
    CheckoutCompleted {
        client_reference_id: Option<UserId>,
        customer: Option<StripeCustomerId>,
        subscription: Option<StripeSubscriptionId>,
    },
    /// `invoice.payment_succeeded` / `invoice.paid`: the period up to `period_end` is paid.
    InvoicePaid {
        customer: StripeCustomerId,
        subscription: Option<StripeSubscriptionId>,
        period_end: Option<DateTime<Utc>>,
    },
    /// `invoice.payment_failed`: the renewal did not go through (yet).
    InvoicePaymentFailed { customer: StripeCustomerId },
    /// `customer.subscription.updated`: Stripe's current view of the subscription.
    SubscriptionUpdated {
        customer: StripeCustomerId,
        subscription: StripeSubscriptionId,
        status: SubscriptionStatus,
        current_period_end: Option<DateTime<Utc>>,
        cancel_at_period_end: bool,
    },
    /// `customer.subscription.deleted`: the subscription has ended.
    SubscriptionDeleted { customer: StripeCustomerId, subscription: Option<StripeSubscriptionId> },
    /// Any event type we do not act on.
    Other,
}

impl BillingEventKind {
    /// The customer the event is about, used to find the user when no user id is attached.
    pub fn customer(&self) -> Option<&StripeCustomerId> {
        match self {
            Self::CheckoutCompleted { customer, .. } => customer.as_ref(),
            Self::InvoicePaid { customer, .. }
            | Self::InvoicePaymentFailed { customer }
            | Self::SubscriptionUpdated { customer, .. }
            | Self::SubscriptionDeleted { customer, .. } => Some(customer),
            Self::Other => None,
        }
    }
}
