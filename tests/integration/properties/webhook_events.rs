//! Stripe event parsing on arbitrary bytes and arbitrary JSON: it answers, it never panics.

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use signalbox::adapters::stripe_webhook::event_parser::parse_event;
use signalbox::domain::BillingEventKind;
use signalbox::ports::WebhookError;

/// Arbitrary JSON, nested a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "(evt|cus|sub)_[A-Za-z0-9]{0,8}".prop_map(Value::String),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(field_name(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Field names the parser reads, mixed with noise, so generated objects hit its branches.
fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(vec![
            "id",
            "type",
            "created",
            "data",
            "object",
            "customer",
            "subscription",
            "client_reference_id",
            "lines",
            "period",
            "end",
            "items",
            "current_period_end",
            "status",
            "cancel_at_period_end",
            "parent",
            "subscription_details",
        ])
        .prop_map(str::to_owned),
        "[a-z_]{1,8}",
    ]
}

fn event_type() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(vec![
            "checkout.session.completed",
            "invoice.paid",
            "invoice.payment_succeeded",
            "invoice.payment_failed",
            "customer.subscription.updated",
            "customer.subscription.deleted",
        ])
        .prop_map(str::to_owned),
        "[a-z.]{0,30}",
    ]
}

proptest! {
    #[test]
    fn any_bytes_parse_or_are_rejected_as_malformed(payload in proptest::collection::vec(any::<u8>(), 0..512)) {
        if let Err(err) = parse_event(&payload) {
            prop_assert!(matches!(err, WebhookError::MalformedPayload(_)));
        }
    }

    #[test]
    fn any_json_parses_or_is_rejected_as_malformed(value in any_json()) {
        if let Err(err) = parse_event(value.to_string().as_bytes()) {
            prop_assert!(matches!(err, WebhookError::MalformedPayload(_)));
        }
    }

    #[test]
    fn an_event_envelope_with_any_object_keeps_its_id_type_and_time(
        id in "evt_[A-Za-z0-9]{1,24}",
        kind in event_type(),
        created in 0i64..4_102_444_800,
        object in any_json(),
    ) {
        let body = json!({ "id": id, "type": kind, "created": created, "data": { "object": object } });
        match parse_event(body.to_string().as_bytes()) {
            Ok(event) => {
                prop_assert_eq!(event.id.as_str(), id.as_str());
                prop_assert_eq!(&event.event_type, &kind);
                prop_assert_eq!(event.created.timestamp(), created);
                prop_assert!(body["data"]["object"].is_object());
            }
            Err(err) => prop_assert!(matches!(err, WebhookError::MalformedPayload(_))),
        }
    }

    #[test]
    fn a_customer_id_is_read_as_a_string_or_as_an_expanded_object(
        customer in "cus_[A-Za-z0-9]{1,14}",
        expanded in any::<bool>(),
    ) {
        let field = if expanded { json!({ "id": customer, "object": "customer" }) } else { json!(customer) };
        let body = json!({ "id": "evt_1", "type": "invoice.payment_failed", "created": 1,
                           "data": { "object": { "customer": field } } });
        let event = parse_event(body.to_string().as_bytes()).unwrap();
        let BillingEventKind::InvoicePaymentFailed { customer: parsed, .. } = event.kind else {
            panic!("wrong kind: {:?}", event.kind)
        };
        prop_assert_eq!(parsed.as_str(), customer.as_str());
    }
}
