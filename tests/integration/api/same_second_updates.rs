//! A cancel and a resume in the Billing Portal a moment apart: Stripe sends two
//! `customer.subscription.updated` events stamped in the same second with opposite
//! `cancel_at_period_end`, in either order. The events cannot say which came last, so the
//! subscription is read back from Stripe (a local fake, wiremock) and what Stripe holds wins —
//! what the dashboard says about the next charge must be what Stripe will do.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::stripe_gateway::fake_stripe::{gateway_for, received};
use crate::support::test_app::{TestApp, stripe_event};

/// The subscription and customer of the shared webhook fixtures.
const SUBSCRIPTION: &str = "sub_1Q9zYxW2eZvKYlo2C0ffee42";
const CUSTOMER: &str = "cus_Q1a2b3c4d5e6f7";

/// A fake Stripe whose copy of the subscription has `cancel_at_period_end` as given.
async fn stripe_holding(cancel_at_period_end: bool, period_end: DateTime<Utc>) -> MockServer {
    let event: Value = serde_json::from_slice(&stripe_event("customer.subscription.updated", |_| {})).unwrap();
    let mut subscription = event["data"]["object"].clone();
    subscription["id"] = json!(SUBSCRIPTION);
    subscription["customer"] = json!(CUSTOMER);
    subscription["status"] = json!("active");
    subscription["cancel_at_period_end"] = json!(cancel_at_period_end);
    subscription["items"]["data"][0]["current_period_end"] = json!(period_end.timestamp());
    let server = MockServer::start().await;
    let list = json!({"object": "list", "url": "/v1/subscriptions", "has_more": false, "data": [subscription]});
    Mock::given(method("GET"))
        .and(path("/v1/subscriptions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(list))
        .mount(&server)
        .await;
    server
}

fn updated(id: &str, created: i64, period_end: DateTime<Utc>, cancel_at_period_end: bool) -> Vec<u8> {
    stripe_event("customer.subscription.updated", |e| {
        e["id"] = json!(id);
        e["created"] = json!(created);
        let subscription = &mut e["data"]["object"];
        subscription["status"] = json!("active");
        subscription["cancel_at_period_end"] = json!(cancel_at_period_end);
        subscription["items"]["data"][0]["current_period_end"] = json!(period_end.timestamp());
    })
}

/// An app on the fake Stripe with a user whose checkout completed (linking the fixtures'
/// customer); returns the app, the user's token and the checkout's `created`.
async fn checked_out(stripe: &MockServer, email: &str) -> (TestApp, String, i64) {
    let app = TestApp::with_gateway(Arc::new(gateway_for(stripe)));
    let token = app.new_user(email).await;
    let user_id = app.user_id(&token).await;
    let now = app.clock_now().timestamp();
    assert_eq!(app.deliver(&app.checkout_payload(&user_id)).await.body["status"], "processed");
    (app, token, now)
}

/// Checks out, then delivers the two same-second updates with the flags in `order`; returns
/// what the user's billing status says afterwards, and how many times Stripe was asked.
async fn after_same_second_updates(stripe_says: bool, order: [bool; 2]) -> (bool, usize) {
    let period_end = Utc::now() + Duration::days(30);
    let stripe = stripe_holding(stripe_says, period_end).await;
    let (app, token, now) = checked_out(&stripe, "same-second@example.com").await;
    for (i, cancel) in order.into_iter().enumerate() {
        let reply = app.deliver(&updated(&format!("evt_same_second_{i}"), now + 60, period_end, cancel)).await;
        assert!(["processed", "ignored"].contains(&reply.body["status"].as_str().unwrap()), "{}", reply.text);
    }
    let status = app.billing_status(&token).await;
    let asked = received(&stripe).await.iter().filter(|r| r.url.path() == "/v1/subscriptions").count();
    (status.body["cancel_at_period_end"].as_bool().unwrap(), asked)
}

#[tokio::test]
async fn a_resume_in_the_same_second_as_the_cancel_leaves_the_subscription_renewing() {
    for order in [[true, false], [false, true]] {
        let (cancel_at_period_end, asked) = after_same_second_updates(false, order).await;
        assert!(
            !cancel_at_period_end,
            "order {order:?}: the dashboard would announce a cancellation Stripe will not make"
        );
        assert_eq!(asked, 1, "order {order:?}: Stripe is asked once, at the conflict");
    }
}

#[tokio::test]
async fn a_cancel_in_the_same_second_as_the_resume_leaves_the_subscription_ending() {
    for order in [[true, false], [false, true]] {
        let (cancel_at_period_end, asked) = after_same_second_updates(true, order).await;
        assert!(cancel_at_period_end, "order {order:?}");
        assert_eq!(asked, 1, "order {order:?}");
    }
}

#[tokio::test]
async fn updates_in_different_seconds_never_ask_stripe() {
    let period_end = Utc::now() + Duration::days(30);
    let stripe = stripe_holding(false, period_end).await;
    let (app, token, now) = checked_out(&stripe, "seconds-apart@example.com").await;
    app.deliver(&updated("evt_cancel", now + 60, period_end, true)).await;
    app.deliver(&updated("evt_resume", now + 61, period_end, false)).await;
    app.deliver(&updated("evt_cancel_again", now + 62, period_end, true)).await;

    assert_eq!(app.billing_status(&token).await.body["cancel_at_period_end"], true, "the newest second wins");
    assert!(received(&stripe).await.is_empty());
}
