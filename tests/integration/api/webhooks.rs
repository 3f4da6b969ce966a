//! `POST /billing/webhook` with the real-shaped payloads from `tests/fixtures/stripe/`, signed
//! in the test exactly as Stripe signs them.

use std::sync::Arc;

use chrono::Duration;
use poem::http::StatusCode;
use serde_json::{Value, json};

use crate::support::test_app::{TestApp, stripe_event};

const CUSTOMER: &str = "cus_Q1a2b3c4d5e6f7";

/// A user who completed checkout through the shared `checkout.session.completed` payload.
async fn checked_out_user(app: &TestApp, email: &str) -> String {
    let token = app.new_user(email).await;
    let user_id = app.user_id(&token).await;
    let reply = app.deliver(&app.checkout_payload(&user_id)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.body["status"], "processed");
    token
}

fn with_created(name: &str, created: i64) -> Vec<u8> {
    stripe_event(name, |e| e["created"] = json!(created))
}

fn with_id(name: &str, id: &str, created: i64) -> Vec<u8> {
    stripe_event(name, |e: &mut Value| {
        e["id"] = json!(id);
        e["created"] = json!(created);
    })
}

#[tokio::test]
async fn checkout_session_completed_makes_its_user_paid() {
    let app = TestApp::new();

    let token = checked_out_user(&app, "checkout@example.com").await;

    let status = app.billing_status(&token).await;
    assert_eq!(status.body["plan"], "paid");
    assert_eq!(status.body["subscription_status"], "active");
}

#[tokio::test]
async fn invoice_payment_succeeded_extends_the_period_to_the_line_period_end() {
    let app = TestApp::new();
    let token = checked_out_user(&app, "renewal@example.com").await;
    let period_end = (app.clock_now() + Duration::days(30)).timestamp();
    let payload = stripe_event("invoice.payment_succeeded", |e| {
        e["created"] = json!(app.clock_now().timestamp());
        e["data"]["object"]["lines"]["data"][0]["period"]["end"] = json!(period_end);
    });

    app.deliver(&payload).await;

    let status = app.billing_status(&token).await;
    let end: chrono::DateTime<chrono::Utc> = status.body["current_period_end"].as_str().unwrap().parse().unwrap();
    assert_eq!(end.timestamp(), period_end);
}

#[tokio::test]
async fn customer_subscription_deleted_makes_the_user_free_again() {
    let app = TestApp::new();
    let token = checked_out_user(&app, "leaver@example.com").await;

    let reply = app.deliver(&with_created("customer.subscription.deleted", app.clock_now().timestamp() + 60)).await;

    assert_eq!(reply.body["status"], "processed");
    let status = app.billing_status(&token).await;
    assert_eq!(status.body["plan"], "free");
    assert_eq!(status.body["subscription_status"], "canceled");
    assert_eq!(app.signals(&token).await.body["user_limit"], "3/day (upgrade for unlimited)");
}

#[tokio::test]
async fn event_types_we_do_not_handle_are_acknowledged_and_ignored() {
    let app = TestApp::new();
    let reply = app.deliver(&with_created("plan.created", app.clock_now().timestamp())).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body["status"], "ignored");
}

#[tokio::test]
async fn an_event_for_an_unknown_customer_is_acknowledged_and_kept_as_unmatched() {
    let app = TestApp::new();
    let reply = app.deliver(&with_created("invoice.payment_succeeded", app.clock_now().timestamp())).await;
    assert_eq!(reply.status, StatusCode::OK, "Stripe must not retry it for days");
    assert_eq!(reply.body["status"], "unmatched");
}

#[tokio::test]
async fn the_same_event_delivered_twice_takes_effect_once() {
    let app = TestApp::new();
    let token = checked_out_user(&app, "twice@example.com").await;
    let now = app.clock_now().timestamp();
    let cancel = with_id("customer.subscription.deleted", "evt_cancel_1", now + 10);

    assert_eq!(app.deliver(&cancel).await.body["status"], "processed");
    // Re-subscribe in between (a new subscription): a replayed cancellation must not undo it.
    app.deliver(&stripe_event("checkout.session.completed", |e| {
        e["id"] = json!("evt_resubscribe");
        e["created"] = json!(now + 20);
        e["data"]["object"]["customer"] = json!(CUSTOMER);
        e["data"]["object"]["subscription"] = json!("sub_resubscribed");
    }))
    .await;
    let replay = app.deliver(&cancel).await;

    assert_eq!(replay.status, StatusCode::OK);
    assert_eq!(replay.body["status"], "already_processed");
    assert_eq!(app.billing_status(&token).await.body["plan"], "paid");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_copies_of_one_event_are_processed_exactly_once() {
    let app = Arc::new(TestApp::new());
    let token = checked_out_user(&app, "concurrent@example.com").await;
    let payload = Arc::new(with_id("customer.subscription.deleted", "evt_concurrent", app.clock_now().timestamp() + 5));

    let mut deliveries = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let (app, payload) = (app.clone(), payload.clone());
        deliveries.spawn(async move { app.deliver(&payload).await });
    }
    let replies = deliveries.join_all().await;

    let processed = replies.iter().filter(|r| r.body["status"] == "processed").count();
    assert_eq!(processed, 1);
    for reply in &replies {
        // Losers either saw it done or were told to retry (409) while it was in flight.
        assert!(
            reply.body["status"] == "already_processed"
                || reply.body["status"] == "processed"
                || reply.status == StatusCode::CONFLICT,
            "{} {}",
            reply.status,
            reply.text
        );
    }
    assert_eq!(app.billing_status(&token).await.body["plan"], "free");
}

#[tokio::test]
async fn a_deletion_delivered_before_an_older_invoice_stays_deleted() {
    let app = TestApp::new();
    let token = checked_out_user(&app, "ooo@example.com").await;
    let now = app.clock_now().timestamp();
    let future_end = now + 30 * 86_400;

    app.deliver(&with_created("customer.subscription.deleted", now + 100)).await;
    let late_invoice = stripe_event("invoice.payment_succeeded", |e| {
        e["created"] = json!(now + 50);
        e["data"]["object"]["lines"]["data"][0]["period"]["end"] = json!(future_end);
    });
    let reply = app.deliver(&late_invoice).await;

    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body["status"], "ignored", "stale: the subscription had ended");
    assert_eq!(app.billing_status(&token).await.body["plan"], "free");
}

#[tokio::test]
async fn a_bad_signature_is_rejected_and_changes_nothing() {
    let app = TestApp::new();
    let token = app.new_user("forged@example.com").await;
    let user_id = app.user_id(&token).await;
    let payload = app.checkout_payload(&user_id);
    let t = app.clock_now().timestamp();
    let wrong_secret = signalbox::adapters::stripe_webhook::sign(&payload, &"whsec_attacker".to_owned().into(), t);

    for (signature, why) in [
        (None, "missing"),
        (Some("garbage".to_owned()), "malformed"),
        (Some(wrong_secret), "wrong secret"),
        (Some(app.signature_at(b"{}", t)), "signature of other bytes"),
        (Some(app.signature_at(&payload, t - 301)), "older than 300 s"),
    ] {
        let reply = app.webhook(&payload, signature.as_deref()).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{why}: {}", reply.text);
        assert!(!reply.detail().is_empty());
    }
    assert_eq!(app.billing_status(&token).await.body["plan"], "free");
}

/// A forged-signature flood: 60,000 empty `v1=` entries over a 64 KiB body (an HMAC of the body
/// per entry before). Refused as malformed; the per-request cost is counted in
/// `stripe_webhook::signature`'s unit tests and measured in `bench/`.
#[tokio::test]
async fn a_flood_of_empty_v1_entries_gets_400_malformed_and_a_genuine_event_still_goes_through() {
    let app = TestApp::new();
    let t = app.clock_now().timestamp();
    let body = vec![b' '; 64 * 1024];
    let flood = format!("t={t}{}", ",v1=".repeat(60_000));
    let nine = format!("t={t}{}", format!(",v1={}", "ab".repeat(32)).repeat(9));

    for header in [flood, nine] {
        let reply = app.webhook(&body, Some(&header)).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.text);
        assert_eq!(reply.detail(), "malformed Stripe-Signature header");
    }
    let genuine = stripe_event("plan.created", |e| e["created"] = json!(t));
    assert_eq!(app.deliver(&genuine).await.body["status"], "ignored");
}

#[tokio::test]
async fn a_signed_but_unparseable_body_is_rejected_with_400() {
    let app = TestApp::new();
    for body in [&b"not json"[..], br#"{"id": "evt_1", "type": "invoice.paid"}"#] {
        let reply = app.deliver(body).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.text);
    }
}

#[tokio::test]
async fn a_signature_within_the_300_second_window_is_accepted() {
    let app = TestApp::new();
    let payload = with_created("plan.created", app.clock_now().timestamp());
    let signature = app.signature_at(&payload, app.clock_now().timestamp() - 300);
    assert_eq!(app.webhook(&payload, Some(&signature)).await.status, StatusCode::OK);
}
