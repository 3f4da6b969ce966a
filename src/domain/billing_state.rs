//! What we know about one user's subscription, as last told by Stripe.

use chrono::{DateTime, Utc};

use super::{StripeCustomerId, StripeSubscriptionId};

/// Stripe's subscription statuses that matter to us. `None` means "never subscribed".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SubscriptionStatus {
    #[default]
    None,
    Active,
    Trialing,
    PastDue,
    Unpaid,
    Canceled,
    Incomplete,
}

impl SubscriptionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Active => "active",
            Self::Trialing => "trialing",
            Self::PastDue => "past_due",
            Self::Unpaid => "unpaid",
            Self::Canceled => "canceled",
            Self::Incomplete => "incomplete",
        }
    }

    /// Parses Stripe's spelling. Unknown statuses (`incomplete_expired`, `paused`, future
    /// additions) map to the closest state that grants no access.
    pub fn from_stripe(raw: &str) -> Self {
        match raw {
            "none" => Self::None,
            "active" => Self::Active,
            "trialing" => Self::Trialing,
            "past_due" => Self::PastDue,
            "unpaid" => Self::Unpaid,
            "canceled" => Self::Canceled,
            _ => Self::Incomplete,
        }
    }
}

/// A user's billing state. `last_event_at` is the watermark that makes webhook handling
/// safe against out-of-order delivery: an event created before it is stale.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct BillingState {
    pub customer_id: Option<StripeCustomerId>,
    pub subscription_id: Option<StripeSubscriptionId>,
    pub status: SubscriptionStatus,
    pub current_period_end: Option<DateTime<Utc>>,
    pub cancel_at_period_end: bool,
    pub last_event_at: Option<DateTime<Utc>>,
}
