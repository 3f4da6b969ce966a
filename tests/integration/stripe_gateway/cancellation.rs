//! `cancel_subscription`: `DELETE /v1/subscriptions/{id}` against a fake Stripe that answers
//! like Stripe does (a full subscription object, now `canceled`).

use serde_json::{Value, json};
use signalbox::domain::StripeSubscriptionId;
use signalbox::ports::{GatewayError, PaymentGateway};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::fake_stripe::*;

const SUBSCRIPTION: &str = "sub_1QcancelMe";

/// Stripe's answer to a cancellation, abridged only of fields nobody reads.
fn canceled_subscription() -> Value {
    json!({
        "id": SUBSCRIPTION,
        "object": "subscription",
        "application": null,
        "automatic_tax": {"enabled": false, "liability": null},
        "billing_cycle_anchor": 1_764_000_000,
        "cancel_at": null,
        "cancel_at_period_end": false,
        "canceled_at": 1_764_100_000,
        "cancellation_details": {"comment": null, "feedback": null, "reason": "cancellation_requested"},
        "collection_method": "charge_automatically",
        "created": 1_764_000_000,
        "currency": "inr",
        "customer": CUSTOMER_ID,
        "ended_at": 1_764_100_000,
        "items": {"object": "list", "data": [{
            "id": "si_1",
            "object": "subscription_item",
            "current_period_start": 1_764_000_000,
            "current_period_end": 1_766_592_000,
            "price": {"id": "price_test_499", "object": "price", "unit_amount": 49900, "currency": "inr"},
            "quantity": 1,
            "subscription": SUBSCRIPTION
        }], "has_more": false, "url": "/v1/subscription_items?subscription=sub_1QcancelMe"},
        "latest_invoice": "in_1",
        "livemode": false,
        "metadata": {},
        "start_date": 1_764_000_000,
        "status": "canceled"
    })
}

async fn stripe_answering(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!("/v1/subscriptions/{SUBSCRIPTION}")))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

fn subscription() -> StripeSubscriptionId {
    StripeSubscriptionId::parse(SUBSCRIPTION).unwrap()
}

#[tokio::test]
async fn cancelling_deletes_the_subscription_at_stripe_with_the_secret_key() {
    let server = stripe_answering(ResponseTemplate::new(200).set_body_json(canceled_subscription())).await;

    gateway_for(&server).cancel_subscription(&subscription()).await.expect("cancelled");

    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method.as_str(), "DELETE");
    assert_eq!(requests[0].url.path(), format!("/v1/subscriptions/{SUBSCRIPTION}"));
    assert_eq!(header(&requests[0], "authorization"), Some(format!("Bearer {SECRET_KEY}").as_str()));
}

#[tokio::test]
async fn an_unknown_subscription_is_a_rejection() {
    let server =
        stripe_answering(stripe_error(404, "invalid_request_error", "No such subscription: 'sub_1QcancelMe'")).await;

    let err = gateway_for(&server).cancel_subscription(&subscription()).await.unwrap_err();

    assert!(matches!(err, GatewayError::Rejected(_)), "{err:?}");
}

#[tokio::test]
async fn a_failing_stripe_is_retried_then_unavailable() {
    let server = stripe_answering(stripe_error(500, "api_error", "boom")).await;

    let err = gateway_for(&server).cancel_subscription(&subscription()).await.unwrap_err();

    assert!(matches!(err, GatewayError::Unavailable(_)), "{err:?}");
    assert!(received(&server).await.len() > 1, "retried");
}

#[tokio::test]
async fn an_answer_that_is_not_canceled_is_not_taken_for_a_cancellation() {
    let mut still_active = canceled_subscription();
    still_active["status"] = json!("active");
    let server = stripe_answering(ResponseTemplate::new(200).set_body_json(still_active)).await;

    assert!(gateway_for(&server).cancel_subscription(&subscription()).await.is_err());
}
