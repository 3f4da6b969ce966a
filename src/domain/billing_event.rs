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

/// A Checkout Session's `payment_status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckoutPayment {
    Paid,
    NoPaymentRequired,
    /// Delayed payment methods: the money is not there yet; `async_payment_succeeded` or
    /// `_failed` follows.
    Unpaid,
}

impl CheckoutPayment {
    pub fn from_stripe(raw: &str) -> Self {
        match raw {
            "paid" => Self::Paid,
            "no_payment_required" => Self::NoPaymentRequired,
            _ => Self::Unpaid,
        }
    }

    pub fn is_settled(self) -> bool {
        matches!(self, Self::Paid | Self::NoPaymentRequired)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BillingEventKind {
    /// `checkout.session.completed`, `checkout.session.async_payment_succeeded` and
    /// `checkout.session.async_payment_failed` for a subscription checkout. `payment` is the
    /// session's `payment_status` (forced by the two async events' meaning).
    Checkout {
        client_reference_id: Option<UserId>,
        customer: Option<StripeCustomerId>,
        subscription: Option<StripeSubscriptionId>,
        payment: CheckoutPayment,
        /// `async_payment_failed`: the delayed payment did not arrive.
        payment_failed: bool,
    },
    /// `invoice.payment_succeeded` / `invoice.paid`: the period up to `period_end` is paid.
    InvoicePaid {
        customer: StripeCustomerId,
        subscription: Option<StripeSubscriptionId>,
        period_end: Option<DateTime<Utc>>,
    },
    /// `invoice.payment_failed`: the renewal did not go through (yet).
    InvoicePaymentFailed { customer: StripeCustomerId, subscription: Option<StripeSubscriptionId> },
    /// `customer.subscription.created` / `.updated`: Stripe's current view of the subscription.
    SubscriptionChanged {
        customer: StripeCustomerId,
        subscription: StripeSubscriptionId,
        status: SubscriptionStatus,
        current_period_end: Option<DateTime<Utc>>,
        cancel_at_period_end: bool,
    },
    /// `customer.subscription.deleted`: the subscription has ended.
    SubscriptionDeleted { customer: StripeCustomerId, subscription: StripeSubscriptionId },
    /// Any event type we do not act on.
    Other,
}

impl BillingEventKind {
    /// The customer the event is about.
    pub fn customer(&self) -> Option<&StripeCustomerId> {
        match self {
            Self::Checkout { customer, .. } => customer.as_ref(),
            Self::InvoicePaid { customer, .. }
            | Self::InvoicePaymentFailed { customer, .. }
            | Self::SubscriptionChanged { customer, .. }
            | Self::SubscriptionDeleted { customer, .. } => Some(customer),
            Self::Other => None,
        }
    }

    /// The subscription the event is about, when it names one.
    pub fn subscription(&self) -> Option<&StripeSubscriptionId> {
        match self {
            Self::Checkout { subscription, .. }
            | Self::InvoicePaid { subscription, .. }
            | Self::InvoicePaymentFailed { subscription, .. } => subscription.as_ref(),
            Self::SubscriptionChanged { subscription, .. } | Self::SubscriptionDeleted { subscription, .. } => {
                Some(subscription)
            }
            Self::Other => None,
        }
    }

    /// Our user id, which only checkout events carry (`client_reference_id`).
    pub fn user(&self) -> Option<UserId> {
        match self {
            Self::Checkout { client_reference_id, .. } => *client_reference_id,
            _ => None,
        }
    }
}
