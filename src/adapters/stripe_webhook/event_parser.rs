//! Stripe event JSON → [`BillingEvent`].
//!
//! Reads only the fields our rules need and ignores the rest, so new fields in future API
//! versions do not break us. Ids may arrive as strings or, when expanded, as objects with an
//! `id`; both are accepted. Older API versions' locations (`invoice.subscription`, a
//! subscription's top-level `current_period_end`) are read as fallbacks.

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::domain::{
    BillingEvent, BillingEventKind, CheckoutPayment, StripeCustomerId, StripeEventId, StripeSubscriptionId,
    SubscriptionStatus,
};
use crate::ports::WebhookError;

fn malformed(what: &str) -> WebhookError {
    WebhookError::MalformedPayload(what.to_owned())
}

pub fn parse_event(payload: &[u8]) -> Result<BillingEvent, WebhookError> {
    let root: Value = serde_json::from_slice(payload).map_err(|_| malformed("body is not JSON"))?;
    let id = root["id"].as_str().ok_or_else(|| malformed("missing event id"))?;
    let id = StripeEventId::parse(id).map_err(|_| malformed("event id is not an evt_ id"))?;
    let event_type = root["type"].as_str().ok_or_else(|| malformed("missing event type"))?.to_owned();
    let created = root["created"].as_i64().and_then(timestamp).ok_or_else(|| malformed("missing created"))?;
    let object = &root["data"]["object"];
    if !object.is_object() {
        return Err(malformed("missing data.object"));
    }
    let kind = match event_type.as_str() {
        "checkout.session.completed"
        | "checkout.session.async_payment_succeeded"
        | "checkout.session.async_payment_failed" => checkout(&event_type, object)?,
        "invoice.payment_succeeded" | "invoice.paid" => BillingEventKind::InvoicePaid {
            customer: required_customer(object)?,
            subscription: invoice_subscription(object)?,
            period_end: latest_line_period_end(object),
        },
        "invoice.payment_failed" => BillingEventKind::InvoicePaymentFailed {
            customer: required_customer(object)?,
            subscription: invoice_subscription(object)?,
        },
        "customer.subscription.created" | "customer.subscription.updated" => BillingEventKind::SubscriptionChanged {
            customer: required_customer(object)?,
            subscription: required_subscription(object)?,
            status: SubscriptionStatus::from_stripe(object["status"].as_str().unwrap_or("incomplete")),
            current_period_end: subscription_period_end(object),
            cancel_at_period_end: object["cancel_at_period_end"].as_bool().unwrap_or(false),
        },
        "customer.subscription.deleted" => BillingEventKind::SubscriptionDeleted {
            customer: required_customer(object)?,
            subscription: required_subscription(object)?,
        },
        _ => BillingEventKind::Other,
    };
    Ok(BillingEvent { id, event_type, created, kind })
}

/// The three checkout events share the session object; only a subscription-mode session is
/// ours to act on. The two async events state the payment's outcome themselves.
fn checkout(event_type: &str, session: &Value) -> Result<BillingEventKind, WebhookError> {
    if session["mode"].as_str().is_some_and(|mode| mode != "subscription") {
        return Ok(BillingEventKind::Other);
    }
    let payment = match event_type {
        "checkout.session.async_payment_succeeded" => CheckoutPayment::Paid,
        _ => CheckoutPayment::from_stripe(session["payment_status"].as_str().unwrap_or("unpaid")),
    };
    Ok(BillingEventKind::Checkout {
        client_reference_id: session["client_reference_id"].as_str().and_then(|s| s.parse().ok()),
        customer: optional_id(&session["customer"], StripeCustomerId::parse)?,
        subscription: optional_id(&session["subscription"], StripeSubscriptionId::parse)?,
        payment,
        payment_failed: event_type == "checkout.session.async_payment_failed",
    })
}

/// Current API versions name an invoice's subscription under `parent`; older ones at the top.
fn invoice_subscription(invoice: &Value) -> Result<Option<StripeSubscriptionId>, WebhookError> {
    Ok(optional_id(&invoice["parent"]["subscription_details"]["subscription"], StripeSubscriptionId::parse)?
        .or(optional_id(&invoice["subscription"], StripeSubscriptionId::parse)?))
}

fn timestamp(secs: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(secs, 0)
}

/// A string id, an expanded object's `id`, or null/absent.
fn optional_id<T, E>(value: &Value, parse: impl Fn(&str) -> Result<T, E>) -> Result<Option<T>, WebhookError> {
    let raw = match value {
        Value::Null => return Ok(None),
        Value::String(s) => s.as_str(),
        Value::Object(o) => {
            o.get("id").and_then(Value::as_str).ok_or_else(|| malformed("expanded object without id"))?
        }
        _ => return Err(malformed("id has the wrong type")),
    };
    parse(raw).map(Some).map_err(|_| malformed("id has the wrong prefix"))
}

fn required_customer(object: &Value) -> Result<StripeCustomerId, WebhookError> {
    optional_id(&object["customer"], StripeCustomerId::parse)?.ok_or_else(|| malformed("missing customer"))
}

fn required_subscription(object: &Value) -> Result<StripeSubscriptionId, WebhookError> {
    optional_id(&object["id"], StripeSubscriptionId::parse)?.ok_or_else(|| malformed("missing subscription id"))
}

/// The end of the latest period any invoice line covers.
fn latest_line_period_end(invoice: &Value) -> Option<DateTime<Utc>> {
    invoice["lines"]["data"]
        .as_array()?
        .iter()
        .filter_map(|line| line["period"]["end"].as_i64())
        .max()
        .and_then(timestamp)
}

/// Current API versions keep the period on the subscription's items; older ones on the
/// subscription itself.
fn subscription_period_end(subscription: &Value) -> Option<DateTime<Utc>> {
    let from_items = subscription["items"]["data"]
        .as_array()
        .and_then(|items| items.iter().filter_map(|i| i["current_period_end"].as_i64()).max());
    from_items.or(subscription["current_period_end"].as_i64()).and_then(timestamp)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{}/tests/fixtures/stripe/{name}.json", env!("CARGO_MANIFEST_DIR"))).unwrap()
    }

    #[test]
    fn parses_the_shared_checkout_completed_payload() {
        let event = parse_event(&fixture("checkout.session.completed")).unwrap();
        assert_eq!(event.id.as_str(), "evt_1Q9zCheckout0001");
        assert_eq!(event.created.timestamp(), 1_764_061_200);
        let BillingEventKind::Checkout { client_reference_id, customer, subscription, payment, .. } = event.kind else {
            panic!("wrong kind: {:?}", event.kind)
        };
        assert_eq!(payment, CheckoutPayment::Paid);
        assert_eq!(client_reference_id, None, "\"42\" is not one of our user ids");
        assert_eq!(customer.unwrap().as_str(), "cus_Q1a2b3c4d5e6f7");
        assert_eq!(subscription.unwrap().as_str(), "sub_1Q9zYxW2eZvKYlo2C0ffee42");
    }

    #[test]
    fn parses_the_invoice_period_end_and_its_subscription_from_parent() {
        let event = parse_event(&fixture("invoice.payment_succeeded")).unwrap();
        let BillingEventKind::InvoicePaid { subscription, period_end, .. } = event.kind else { panic!() };
        assert_eq!(subscription.unwrap().as_str(), "sub_1Q9zYxW2eZvKYlo2C0ffee42");
        assert_eq!(period_end.unwrap().timestamp(), 1_766_653_200);
    }

    #[test]
    fn parses_subscription_deleted_and_ignores_other_types() {
        let deleted = parse_event(&fixture("customer.subscription.deleted")).unwrap();
        assert!(matches!(deleted.kind, BillingEventKind::SubscriptionDeleted { .. }));
        let plan = parse_event(&fixture("plan.created")).unwrap();
        assert_eq!(plan.kind, BillingEventKind::Other);
        assert_eq!(plan.event_type, "plan.created");
    }

    #[test]
    fn reads_the_checkout_payment_status_and_the_async_outcomes() {
        let body = |event_type: &str, status: &str| {
            format!(
                r#"{{"id":"evt_1","type":"{event_type}","created":10,"data":{{"object":{{"mode":"subscription","payment_status":"{status}","customer":"cus_1","subscription":"sub_1"}}}}}}"#
            )
        };
        let kind = |event_type: &str, status: &str| parse_event(body(event_type, status).as_bytes()).unwrap().kind;
        let payment_of = |k: BillingEventKind| match k {
            BillingEventKind::Checkout { payment, payment_failed, .. } => (payment, payment_failed),
            other => panic!("{other:?}"),
        };
        assert_eq!(payment_of(kind("checkout.session.completed", "unpaid")), (CheckoutPayment::Unpaid, false));
        assert_eq!(
            payment_of(kind("checkout.session.completed", "no_payment_required")),
            (CheckoutPayment::NoPaymentRequired, false)
        );
        assert_eq!(
            payment_of(kind("checkout.session.async_payment_succeeded", "unpaid")),
            (CheckoutPayment::Paid, false)
        );
        assert!(payment_of(kind("checkout.session.async_payment_failed", "unpaid")).1);
    }

    #[test]
    fn a_one_time_payment_checkout_is_not_ours() {
        let body = br#"{"id":"evt_1","type":"checkout.session.completed","created":1,"data":{"object":{"mode":"payment","payment_status":"paid"}}}"#;
        assert_eq!(parse_event(body).unwrap().kind, BillingEventKind::Other);
    }

    #[test]
    fn accepts_expanded_customer_objects() {
        let body = br#"{"id":"evt_1","type":"invoice.paid","created":10,"data":{"object":{"customer":{"id":"cus_9"},"lines":{"data":[]}}}}"#;
        let BillingEventKind::InvoicePaid { customer, period_end, .. } = parse_event(body).unwrap().kind else {
            panic!()
        };
        assert_eq!(customer.as_str(), "cus_9");
        assert_eq!(period_end, None);
    }

    #[test]
    fn rejects_payloads_missing_what_the_type_needs() {
        for body in [
            &b"not json"[..],
            br#"{"type":"x","created":1,"data":{"object":{}}}"#,
            br#"{"id":"evt_1","type":"invoice.paid","created":1,"data":{"object":{}}}"#,
            br#"{"id":"evt_1","type":"invoice.paid","created":1,"data":{"object":{"customer":42}}}"#,
            br#"{"id":"evt_1","type":"plan.created","created":1}"#,
        ] {
            assert!(
                matches!(parse_event(body), Err(WebhookError::MalformedPayload(_))),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }
}
