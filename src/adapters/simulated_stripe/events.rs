//! Real-shaped Stripe event payloads for the simulated checkout and portal, following the
//! shapes of API version 2026-07-29 (see `tests/fixtures/stripe/`): what Stripe sends when a
//! subscription checkout completes, its first invoice is paid, and it is canceled.

use chrono::{DateTime, Months, Utc};
use serde_json::{Value, json};

use super::SimulatedSession;
use crate::domain::{StripeCustomerId, StripeSubscriptionId};

const API_VERSION: &str = "2026-07-29.dahlia";
/// ₹499.00 in paise.
pub const AMOUNT_PAISE: i64 = 49_900;

fn event(event_type: &str, created: i64, object: Value) -> Value {
    json!({
        "id": format!("evt_sim{}", uuid::Uuid::new_v4().simple()),
        "object": "event",
        "api_version": API_VERSION,
        "created": created,
        "data": { "object": object },
        "livemode": false,
        "pending_webhooks": 1,
        "request": { "id": null, "idempotency_key": null },
        "type": event_type,
    })
}

pub fn checkout_completed(session: &SimulatedSession, now: DateTime<Utc>) -> Vec<u8> {
    let object = json!({
        "id": session.id.as_str(),
        "object": "checkout.session",
        "amount_subtotal": AMOUNT_PAISE,
        "amount_total": AMOUNT_PAISE,
        "client_reference_id": session.user_id.to_string(),
        "created": now.timestamp(),
        "currency": "inr",
        "customer": session.customer.as_str(),
        "customer_email": session.email.as_str(),
        "livemode": false,
        "metadata": { "user_id": session.user_id.to_string() },
        "mode": "subscription",
        "payment_status": "paid",
        "status": "complete",
        "subscription": session.subscription.as_str(),
    });
    serde_json::to_vec(&event("checkout.session.completed", now.timestamp(), object)).expect("json")
}

pub fn invoice_paid(session: &SimulatedSession, now: DateTime<Utc>) -> Vec<u8> {
    let period_end = now.checked_add_months(Months::new(1)).expect("in range").timestamp();
    let object = json!({
        "id": format!("in_sim{}", uuid::Uuid::new_v4().simple()),
        "object": "invoice",
        "amount_due": AMOUNT_PAISE,
        "amount_paid": AMOUNT_PAISE,
        "billing_reason": "subscription_create",
        "currency": "inr",
        "customer": session.customer.as_str(),
        "lines": {
            "object": "list",
            "data": [{
                "object": "line_item",
                "amount": AMOUNT_PAISE,
                "currency": "inr",
                "period": { "start": now.timestamp(), "end": period_end },
            }],
        },
        "parent": {
            "type": "subscription_details",
            "subscription_details": { "metadata": {}, "subscription": session.subscription.as_str() },
        },
        "status": "paid",
    });
    serde_json::to_vec(&event("invoice.payment_succeeded", now.timestamp(), object)).expect("json")
}

/// A subscription object as Stripe's events carry it.
fn subscription_object(
    customer: &StripeCustomerId,
    subscription: &StripeSubscriptionId,
    status: &str,
    period_end: i64,
    cancel_at_period_end: bool,
    now: i64,
) -> Value {
    json!({
        "id": subscription.as_str(),
        "object": "subscription",
        "cancel_at_period_end": cancel_at_period_end,
        "cancel_at": if cancel_at_period_end { Value::from(period_end) } else { Value::Null },
        "canceled_at": if cancel_at_period_end || status == "canceled" { Value::from(now) } else { Value::Null },
        "cancellation_details": { "comment": null, "feedback": null, "reason": if cancel_at_period_end || status == "canceled" { Value::from("cancellation_requested") } else { Value::Null } },
        "collection_method": "charge_automatically",
        "currency": "inr",
        "customer": customer.as_str(),
        "ended_at": if status == "canceled" { Value::from(now) } else { Value::Null },
        "items": {
            "object": "list",
            "data": [{
                "object": "subscription_item",
                "current_period_end": period_end,
                "price": { "object": "price", "currency": "inr", "unit_amount": AMOUNT_PAISE, "type": "recurring" },
                "quantity": 1,
                "subscription": subscription.as_str(),
            }],
            "has_more": false,
        },
        "livemode": false,
        "metadata": {},
        "status": status,
    })
}

/// The subscription set to end at its period end (`cancel`) or to renew again (resume), as
/// Stripe's portal does it.
pub fn subscription_cancel_at_period_end(
    customer: &StripeCustomerId,
    subscription: &StripeSubscriptionId,
    period_end: DateTime<Utc>,
    cancel: bool,
    at: DateTime<Utc>,
) -> Vec<u8> {
    let object = subscription_object(customer, subscription, "active", period_end.timestamp(), cancel, at.timestamp());
    serde_json::to_vec(&event("customer.subscription.updated", at.timestamp(), object)).expect("json")
}

/// The subscription, canceled now.
pub fn subscription_deleted(
    customer: &StripeCustomerId,
    subscription: &StripeSubscriptionId,
    period_end: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Vec<u8> {
    let now = now.timestamp();
    let period_end = period_end.map_or(now, |end| end.timestamp());
    let object = subscription_object(customer, subscription, "canceled", period_end, false, now);
    serde_json::to_vec(&event("customer.subscription.deleted", now, object)).expect("json")
}
