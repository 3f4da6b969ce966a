//! The subscription's life after checkout, through `POST /billing/webhook` with signed,
//! real-shaped payloads from `tests/fixtures/stripe/`: failed renewals and the grace period,
//! Stripe's subscription updates, `invoice.paid`, stale and replayed deliveries.
//!
//! Access tokens live 30 minutes, so tests that move the clock by days ask for the plan with a
//! fresh login ([`plan_after_login`]).

use chrono::{DateTime, Duration, Utc};
use poem::http::StatusCode;
use serde_json::{Value, json};
use signalbox::ports::WebhookEventStatus;

use crate::support::test_app::{PASSWORD, TestApp, stripe_event};

const EMAIL: &str = "lifecycle@example.com";
const GRACE_HOURS: i64 = 48;

fn app() -> TestApp {
    TestApp::with(&[("billing_grace_hours", &GRACE_HOURS.to_string())])
}

/// A user who checked out and whose first invoice paid until `period_end`; returns a token.
/// Keep `period_end` beyond checkout's two-day provisional period, which an invoice never
/// shortens (Stripe's real periods are a month).
async fn paid_until(app: &TestApp, period_end: DateTime<Utc>) -> String {
    let token = app.new_user(EMAIL).await;
    let user_id = app.user_id(&token).await;
    let now = app.clock_now().timestamp();
    assert_eq!(app.deliver(&app.checkout_payload(&user_id)).await.body["status"], "processed");
    assert_eq!(
        app.deliver(&invoice("invoice.payment_succeeded", "evt_first_invoice", now, period_end)).await.body["status"],
        "processed"
    );
    token
}

fn invoice(event_type: &str, id: &str, created: i64, period_end: DateTime<Utc>) -> Vec<u8> {
    stripe_event("invoice.payment_succeeded", |e| {
        e["type"] = json!(event_type);
        e["id"] = json!(id);
        e["created"] = json!(created);
        e["data"]["object"]["lines"]["data"][0]["period"]["end"] = json!(period_end.timestamp());
    })
}

fn payment_failed(created: i64) -> Vec<u8> {
    stripe_event("invoice.payment_failed", |e| e["created"] = json!(created))
}

/// Stripe's subscription as of `created`: `status`, the period it is in, and the cancel flag.
fn subscription_updated(created: i64, status: &str, period_end: DateTime<Utc>, cancel_at_period_end: bool) -> Vec<u8> {
    stripe_event("customer.subscription.updated", |e: &mut Value| {
        e["id"] = json!(format!("evt_sub_updated_{status}_{created}"));
        e["created"] = json!(created);
        let subscription = &mut e["data"]["object"];
        subscription["status"] = json!(status);
        subscription["cancel_at_period_end"] = json!(cancel_at_period_end);
        subscription["items"]["data"][0]["current_period_end"] = json!(period_end.timestamp());
    })
}

async fn plan_after_login(app: &TestApp) -> String {
    let login = app.login(EMAIL, PASSWORD).await;
    assert_eq!(login.status, StatusCode::OK, "{}", login.text);
    let status = app.billing_status(login.body["access_token"].as_str().unwrap()).await;
    status.body["plan"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_failed_renewal_keeps_access_through_the_grace_period_then_lapses() {
    let app = app();
    let period_end = app.clock_now() + Duration::days(30);
    paid_until(&app, period_end).await;
    app.clock.set(period_end + Duration::hours(1));

    let reply = app.deliver(&payment_failed(app.clock_now().timestamp())).await;

    assert_eq!(reply.body["status"], "processed", "{}", reply.text);
    let login = app.login(EMAIL, PASSWORD).await;
    let status = app.billing_status(login.body["access_token"].as_str().unwrap()).await;
    assert_eq!(status.body["subscription_status"], "past_due");
    assert_eq!(status.body["plan"], "paid", "inside the grace period");
    app.clock.set(period_end + Duration::hours(GRACE_HOURS) - Duration::minutes(1));
    assert_eq!(plan_after_login(&app).await, "paid");
    app.clock.set(period_end + Duration::hours(GRACE_HOURS) + Duration::minutes(1));
    assert_eq!(plan_after_login(&app).await, "free");
}

#[tokio::test]
async fn a_retried_payment_that_succeeds_restores_the_subscription_with_invoice_paid() {
    let app = app();
    let period_end = app.clock_now() + Duration::days(30);
    paid_until(&app, period_end).await;
    app.clock.set(period_end + Duration::hours(1));
    app.deliver(&payment_failed(app.clock_now().timestamp())).await;
    app.clock.set(period_end + Duration::hours(30));
    let next_period_end = period_end + Duration::days(30);

    let reply =
        app.deliver(&invoice("invoice.paid", "evt_retry_paid", app.clock_now().timestamp(), next_period_end)).await;

    assert_eq!(reply.body["status"], "processed", "{}", reply.text);
    let login = app.login(EMAIL, PASSWORD).await;
    let status = app.billing_status(login.body["access_token"].as_str().unwrap()).await;
    assert_eq!(status.body["subscription_status"], "active");
    assert_eq!(status.body["current_period_end"].as_str().unwrap().parse::<DateTime<Utc>>().unwrap(), next_period_end);
    app.clock.set(next_period_end - Duration::hours(1));
    assert_eq!(plan_after_login(&app).await, "paid");
}

#[tokio::test]
async fn invoice_paid_extends_the_period_like_invoice_payment_succeeded() {
    let app = app();
    let token = paid_until(&app, app.clock_now() + Duration::days(30)).await;
    let renewed_until = app.clock_now() + Duration::days(61);

    let reply =
        app.deliver(&invoice("invoice.paid", "evt_invoice_paid", app.clock_now().timestamp(), renewed_until)).await;

    assert_eq!(reply.body["status"], "processed", "{}", reply.text);
    let status = app.billing_status(&token).await;
    assert_eq!(status.body["current_period_end"].as_str().unwrap().parse::<DateTime<Utc>>().unwrap(), renewed_until);
}

#[tokio::test]
async fn a_subscription_updated_to_past_due_keeps_access_while_stripe_retries() {
    let app = app();
    let period_end = app.clock_now() + Duration::days(30);
    let token = paid_until(&app, period_end).await;
    let now = app.clock_now().timestamp();

    let reply = app.deliver(&subscription_updated(now, "past_due", period_end + Duration::days(30), false)).await;

    assert_eq!(reply.body["status"], "processed", "{}", reply.text);
    let status = app.billing_status(&token).await;
    assert_eq!(status.body["subscription_status"], "past_due");
    assert_eq!(status.body["plan"], "paid");
}

/// Stripe advances a subscription's period at renewal whether or not the invoice is paid, so
/// a `past_due` subscription's `current_period_end` is the END OF THE UNPAID PERIOD. Access
/// should still stop `BILLING_GRACE_HOURS` after the last PAID period: only paid invoices
/// extend `current_period_end` (`webhook_transition`).
#[tokio::test]
async fn past_due_access_ends_after_the_grace_period_even_though_stripe_advanced_the_period() {
    let app = app();
    let period_end = app.clock_now() + Duration::days(30);
    paid_until(&app, period_end).await;
    app.clock.set(period_end + Duration::minutes(5));
    let now = app.clock_now().timestamp();
    app.deliver(&subscription_updated(now, "past_due", period_end + Duration::days(30), false)).await;
    app.deliver(&stripe_event("invoice.payment_failed", |e| e["created"] = json!(now))).await;

    app.clock.set(period_end + Duration::hours(GRACE_HOURS) + Duration::minutes(1));

    assert_eq!(plan_after_login(&app).await, "free");
}

#[tokio::test]
async fn a_subscription_updated_to_unpaid_or_canceled_ends_access_at_once() {
    for status in ["unpaid", "canceled"] {
        let app = app();
        let period_end = app.clock_now() + Duration::days(20);
        let token = paid_until(&app, period_end).await;

        let reply = app.deliver(&subscription_updated(app.clock_now().timestamp(), status, period_end, false)).await;

        assert_eq!(reply.body["status"], "processed", "{status}: {}", reply.text);
        let billing = app.billing_status(&token).await;
        assert_eq!(billing.body["subscription_status"], status);
        assert_eq!(billing.body["plan"], "free", "{status}");
    }
}

#[tokio::test]
async fn cancel_at_period_end_keeps_access_until_the_paid_period_is_over() {
    let app = app();
    let period_end = app.clock_now() + Duration::days(10);
    let token = paid_until(&app, period_end).await;

    app.deliver(&subscription_updated(app.clock_now().timestamp(), "active", period_end, true)).await;

    let status = app.billing_status(&token).await;
    assert_eq!(status.body["cancel_at_period_end"], true);
    assert_eq!(status.body["plan"], "paid");
    app.clock.set(period_end);
    let ended = stripe_event("customer.subscription.deleted", |e| e["created"] = json!(period_end.timestamp()));
    assert_eq!(app.deliver(&ended).await.body["status"], "processed");
    assert_eq!(plan_after_login(&app).await, "free");
}

#[tokio::test]
async fn a_captured_delivery_replayed_after_300_seconds_is_rejected_and_not_logged() {
    let app = app();
    let token = app.new_user(EMAIL).await;
    let user_id = app.user_id(&token).await;
    let payload = app.checkout_payload(&user_id);
    let captured_signature = app.signature(&payload);
    app.clock.advance(Duration::seconds(301));

    let replay = app.webhook(&payload, Some(&captured_signature)).await;

    assert_eq!(replay.status, StatusCode::BAD_REQUEST, "{}", replay.text);
    assert!(replay.detail().contains("tolerance"), "{}", replay.detail());
    assert_eq!(app.billing_status(&token).await.body["plan"], "free");
    assert!(
        app.app.billing.list_webhook_events(None, 10).await.unwrap().is_empty(),
        "unverified bodies are never stored"
    );
}

#[tokio::test]
async fn invoices_older_than_a_deletion_are_logged_as_stale_and_change_nothing() {
    let app = app();
    let now = app.clock_now();
    let token = paid_until(&app, now + Duration::days(30)).await;
    let deleted = stripe_event("customer.subscription.deleted", |e| e["created"] = json!(now.timestamp() + 100));
    app.deliver(&deleted).await;

    let redelivered = app
        .deliver(&invoice("invoice.payment_succeeded", "evt_first_invoice", now.timestamp(), now + Duration::days(30)))
        .await;
    let late =
        app.deliver(&invoice("invoice.paid", "evt_late_invoice", now.timestamp() + 50, now + Duration::days(60))).await;

    assert_eq!(redelivered.body["status"], "already_processed");
    assert_eq!(late.body["status"], "ignored", "{}", late.text);
    let stale = app.app.billing.list_webhook_events(Some(WebhookEventStatus::Stale), 10).await.unwrap();
    assert_eq!(stale.iter().map(|e| e.record.id.as_str()).collect::<Vec<_>>(), ["evt_late_invoice"]);
    let status = app.billing_status(&token).await;
    assert_eq!(
        (status.body["plan"].as_str(), status.body["subscription_status"].as_str()),
        (Some("free"), Some("canceled"))
    );
}
