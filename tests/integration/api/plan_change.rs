//! The plan turning free takes every paid feature away on the next request, not when a cached
//! plan runs out: unlimited `/signals`, today's trade calls (`/signals/calls`, its CSV) and
//! today's history. Each test runs with a plan cache that would otherwise keep the paid plan
//! for days, so only the billing-change announcement can make the difference. (The live
//! stream's end is in `stream_endings`; the same announcement reaching another instance, in
//! `two_instances::entitlement`.)

use chrono::{DateTime, TimeZone, Utc};
use poem::http::StatusCode;
use serde_json::{Value, json};

use crate::support::test_app::{TestApp, stripe_event};

/// Thursday 26 Nov 2026, 13:00 IST: today's session has calls and signals of its own.
fn thursday_afternoon() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 7, 30, 0).unwrap()
}

/// 09:15 IST that Thursday.
fn todays_open() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 3, 45, 0).unwrap()
}

fn stamps(items: &Value, field: &str) -> Vec<DateTime<Utc>> {
    let items = items.as_array().unwrap_or_else(|| panic!("not a list: {items}"));
    items.iter().map(|item| item[field].as_str().unwrap().parse().unwrap()).collect()
}

/// A paid user whose plan a one-day cache would keep, after a paid `/signals` recorded today's
/// calls; and the app.
async fn paid_user_with_todays_calls() -> (TestApp, String) {
    let app = TestApp::with(&[("ENTITLEMENT_CACHE_SECONDS", "86400")]);
    app.clock.set(thursday_afternoon());
    let token = app.new_user("leaving@example.com").await;
    let user_id = app.user_id(&token).await;
    assert_eq!(app.deliver(&app.checkout_payload(&user_id)).await.body["status"], "processed");
    let signals = app.signals(&token).await;
    assert_eq!(signals.body["user_limit"], "unlimited", "{}", signals.text);
    (app, token)
}

async fn cancel(app: &TestApp) {
    let deleted = stripe_event("customer.subscription.deleted", |e| {
        e["created"] = json!(app.clock_now().timestamp() + 60);
    });
    assert_eq!(app.deliver(&deleted).await.body["status"], "processed");
}

#[tokio::test]
async fn a_cancellation_takes_todays_calls_away_on_the_next_request() {
    let (app, token) = paid_user_with_todays_calls().await;
    let calls = "/signals/calls?symbol=NIFTY&limit=200";
    let paid = app.get(calls, Some(&token)).await;
    let paid_csv = app.get("/signals/calls.csv?symbol=NIFTY", Some(&token)).await;
    assert!(stamps(&paid.body["calls"], "opened_at").iter().any(|at| *at >= todays_open()), "{}", paid.text);

    cancel(&app).await;
    let free = app.get(calls, Some(&token)).await;
    let free_csv = app.get("/signals/calls.csv?symbol=NIFTY", Some(&token)).await;

    assert_eq!(free.status, StatusCode::OK, "{}", free.text);
    let opened = stamps(&free.body["calls"], "opened_at");
    assert!(opened.iter().all(|at| *at < todays_open()), "today's calls still shown: {opened:?}");
    assert!(opened.len() < stamps(&paid.body["calls"], "opened_at").len());
    assert!(!free_csv.text.contains("2026-11-26T"), "today's calls still in the CSV");
    assert!(paid_csv.text.lines().count() >= free_csv.text.lines().count());
}

#[tokio::test]
async fn a_cancellation_ends_unlimited_signals_and_todays_history_on_the_next_request() {
    let (app, token) = paid_user_with_todays_calls().await;
    let history = "/signals/history?symbol=NIFTY&limit=20";
    let paid = app.get(history, Some(&token)).await;
    assert!(stamps(&paid.body["signals"], "timestamp").iter().any(|at| *at >= todays_open()), "{}", paid.text);

    cancel(&app).await;
    let signals = app.signals(&token).await;
    let free = app.get(history, Some(&token)).await;

    assert_eq!(signals.body["user_limit"], "3/day (upgrade for unlimited)", "{}", signals.text);
    let shown = stamps(&free.body["signals"], "timestamp");
    assert!(shown.iter().all(|at| *at < todays_open()), "today's history still shown: {shown:?}");
}
