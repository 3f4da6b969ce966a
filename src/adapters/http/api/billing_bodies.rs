//! The JSON shapes of `/billing/*`, and how each is built from what the billing use cases
//! return. Stripe's webhook body is kept as raw bytes: its signature covers them.

use chrono::{DateTime, Utc};
use poem_openapi::payload::Binary;
use poem_openapi::{ApiRequest, Object};

use crate::app::billing::{BillingStatus, WebhookOutcome};
use crate::ports::{CheckoutSession, PortalSession};

#[derive(Object)]
pub struct CheckoutBody {
    /// Send the browser here to pay.
    checkout_url: String,
    session_id: String,
}

impl From<CheckoutSession> for CheckoutBody {
    fn from(session: CheckoutSession) -> Self {
        Self { checkout_url: session.url, session_id: session.id.to_string() }
    }
}

#[derive(Object)]
pub struct PortalBody {
    /// Send the browser here to manage the subscription; it comes back to the dashboard.
    portal_url: String,
}

impl From<PortalSession> for PortalBody {
    fn from(session: PortalSession) -> Self {
        Self { portal_url: session.url }
    }
}

/// Every field is always present; `null` when unknown.
#[derive(Object)]
pub struct BillingStatusBody {
    is_paid: bool,
    /// `free` or `paid`.
    plan: String,
    /// Status of the subscription that decides the plan (the one granting access longest):
    /// `none`, `incomplete`, `trialing`, `active`, `past_due`, `unpaid`, `paused`,
    /// `incomplete_expired` or `canceled`.
    subscription_status: String,
    /// Until when the plan is paid for (it renews, or ends when `cancel_at_period_end`);
    /// `null` when there is no subscription.
    #[oai(nullable)]
    current_period_end: Option<DateTime<Utc>>,
    /// The subscription ends at `current_period_end` instead of renewing.
    cancel_at_period_end: bool,
}

impl From<BillingStatus> for BillingStatusBody {
    fn from(status: BillingStatus) -> Self {
        Self {
            is_paid: status.plan.is_paid(),
            plan: status.plan.as_str().to_owned(),
            subscription_status: status.subscription_status().as_str().to_owned(),
            current_period_end: status.current_period_end(),
            cancel_at_period_end: status.cancel_at_period_end(),
        }
    }
}

#[derive(Object)]
pub struct WebhookAck {
    /// `processed`, `already_processed`, `ignored`, `unmatched` (applied; takes effect when its customer
    /// is linked to a user) or `failed` (logged for an operator; retrying cannot help).
    status: String,
}

impl From<WebhookOutcome> for WebhookAck {
    fn from(outcome: WebhookOutcome) -> Self {
        Self { status: outcome.as_str().to_owned() }
    }
}

/// A Stripe event, exactly as Stripe sent it: the signature covers these raw bytes, so the
/// body is not parsed before it is verified.
#[derive(ApiRequest)]
pub enum StripeEventBody {
    #[oai(content_type = "application/json")]
    Json(Binary<Vec<u8>>),
    #[oai(content_type = "application/json; charset=utf-8")]
    JsonUtf8(Binary<Vec<u8>>),
}

impl StripeEventBody {
    /// The raw bytes, whichever content type they came with.
    pub fn payload(&self) -> &[u8] {
        let (Self::Json(payload) | Self::JsonUtf8(payload)) = self;
        payload
    }
}
