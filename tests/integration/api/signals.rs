use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use poem::http::StatusCode;

use crate::support::test_app::TestApp;

#[tokio::test]
async fn free_user_is_limited_to_three_signals_a_day() {
    let app = TestApp::new();
    let token = app.new_user("free@example.com").await;

    for expected_remaining in [2, 1, 0] {
        let reply = app.signals(&token).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        assert_eq!(reply.body["remaining"], expected_remaining);
        assert_eq!(reply.body["user_limit"], "3/day (upgrade for unlimited)");
        assert_eq!(reply.header("x-ratelimit-limit"), Some("3"));
        assert_eq!(reply.header("x-ratelimit-remaining"), Some(expected_remaining.to_string().as_str()));
        let symbols: Vec<_> = reply.body["signals"].as_array().unwrap().iter().map(|s| s["symbol"].clone()).collect();
        assert_eq!(symbols, ["NIFTY", "BANKNIFTY"]);
    }

    let fourth = app.signals(&token).await;

    assert_eq!(fourth.status, StatusCode::FORBIDDEN);
    assert!(fourth.detail().contains("subscribe"), "{}", fourth.detail());
    assert_eq!(fourth.header("x-ratelimit-remaining"), Some("0"));
}

#[tokio::test]
async fn paid_user_has_unlimited_signals() {
    let app = TestApp::new();
    let token = app.new_user("pro@example.com").await;
    app.subscribe(&token).await;

    for _ in 0..10 {
        let reply = app.signals(&token).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        assert_eq!(reply.body["user_limit"], "unlimited");
        assert!(reply.body["remaining"].is_null());
        assert_eq!(reply.header("x-ratelimit-limit"), None, "paid responses carry no quota headers");
    }
}

#[tokio::test]
async fn the_quota_resets_at_midnight_in_kolkata() {
    let app = TestApp::new();
    // 23:50 IST on the 25th.
    app.clock.set(Utc.with_ymd_and_hms(2026, 11, 25, 18, 20, 0).unwrap());
    let token = app.new_user("night-owl@example.com").await;
    for _ in 0..3 {
        assert_eq!(app.signals(&token).await.status, StatusCode::OK);
    }
    let blocked = app.signals(&token).await;
    assert_eq!(blocked.status, StatusCode::FORBIDDEN);
    assert_eq!(blocked.header("x-ratelimit-reset"), Some("1795631400"), "18:30 UTC = 00:00 IST");

    app.clock.advance(Duration::minutes(10));

    let next_day = app.signals(&token).await;
    assert_eq!(next_day.status, StatusCode::OK);
    assert_eq!(next_day.body["remaining"], 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_parallel_requests_from_a_fresh_free_user_let_exactly_three_through() {
    let app = Arc::new(TestApp::new());
    let token = app.new_user("burst@example.com").await;

    let mut requests = tokio::task::JoinSet::new();
    for _ in 0..30 {
        let (app, token) = (app.clone(), token.clone());
        requests.spawn(async move { app.signals(&token).await.status });
    }
    let statuses = requests.join_all().await;

    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::OK).count(), 3);
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::FORBIDDEN).count(), 27);
}

#[tokio::test]
async fn the_quota_endpoint_reports_without_spending() {
    let app = TestApp::new();
    let token = app.new_user("peek@example.com").await;
    app.signals(&token).await;

    for _ in 0..3 {
        let quota = app.get("/signals/quota", Some(&token)).await;
        assert_eq!(quota.status, StatusCode::OK);
        assert_eq!(quota.body["remaining"], 2);
        assert_eq!(quota.body["limit"], 3);
        assert_eq!(quota.body["unlimited"], false);
    }
}

#[tokio::test]
async fn signals_are_computed_once_per_symbol_until_the_cache_expires() {
    let app = TestApp::new();
    let token = app.new_user("cached@example.com").await;
    app.subscribe(&token).await;

    let first = app.signals(&token).await;
    for _ in 0..5 {
        assert_eq!(app.signals(&token).await.body["signals"], first.body["signals"]);
    }
    assert_eq!(app.app.signals.signal_computations(), 2, "one per symbol");

    app.clock.advance(Duration::seconds(301));
    app.signals(&token).await;
    assert_eq!(app.app.signals.signal_computations(), 4, "recomputed after the 300 s TTL");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_stampede_on_a_cold_cache_computes_each_symbol_once() {
    let app = Arc::new(TestApp::new());
    let token = app.new_user("stampede@example.com").await;
    app.subscribe(&token).await;

    let mut requests = tokio::task::JoinSet::new();
    for _ in 0..200 {
        let (app, token) = (app.clone(), token.clone());
        requests.spawn(async move { app.signals(&token).await.status });
    }
    let statuses = requests.join_all().await;

    assert!(statuses.iter().all(|s| *s == StatusCode::OK));
    assert_eq!(app.app.signals.signal_computations(), 2);
}

#[tokio::test]
async fn signals_need_a_token() {
    let app = TestApp::new();
    let reply = app.get("/signals", None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}
