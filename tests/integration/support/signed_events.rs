//! Stripe events for servers the test reaches over HTTP: built from the fixtures, with ids
//! unique to the test (tests share one database server) and signed now with the test secret,
//! exactly as Stripe signs them.

use chrono::Utc;
use secrecy::SecretString;
use serde_json::json;
use signalbox::adapters::stripe_webhook::sign;

use super::real_services::unique_suffix;
use super::test_app::{WEBHOOK_SECRET, stripe_event};

pub struct SignedEvent {
    pub id: String,
    pub payload: Vec<u8>,
    /// The `Stripe-Signature` header.
    pub signature: String,
}

/// A `checkout.session.completed` that makes `user_id` a paying customer.
pub fn checkout_completed(user_id: &str) -> SignedEvent {
    let suffix = unique_suffix();
    let id = format!("evt_checkout_{suffix}");
    let payload = stripe_event("checkout.session.completed", |e| {
        e["id"] = json!(id);
        e["created"] = json!(Utc::now().timestamp());
        e["data"]["object"]["client_reference_id"] = json!(user_id);
        // `stripe_customer_id` is unique across users: every test needs its own customer.
        e["data"]["object"]["customer"] = json!(format!("cus_{suffix}"));
        e["data"]["object"]["subscription"] = json!(format!("sub_{suffix}"));
    });
    let signature = sign(&payload, &SecretString::from(WEBHOOK_SECRET), Utc::now().timestamp());
    SignedEvent { id, payload, signature }
}

/// A `customer.subscription.deleted` for the subscription `checkout` paid for, one second
/// after it (so it is never stale).
pub fn subscription_deleted(checkout: &SignedEvent) -> SignedEvent {
    let paid: serde_json::Value = serde_json::from_slice(&checkout.payload).expect("a JSON event");
    let id = format!("evt_deleted_{}", unique_suffix());
    let created = paid["created"].as_i64().expect("created") + 1;
    let payload = stripe_event("customer.subscription.deleted", |e| {
        e["id"] = json!(id);
        e["created"] = json!(created);
        e["data"]["object"]["id"] = paid["data"]["object"]["subscription"].clone();
        e["data"]["object"]["customer"] = paid["data"]["object"]["customer"].clone();
    });
    let signature = sign(&payload, &SecretString::from(WEBHOOK_SECRET), Utc::now().timestamp());
    SignedEvent { id, payload, signature }
}
