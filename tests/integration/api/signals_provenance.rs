//! Where every signal's prices came from, on every endpoint that serves signals: `source`,
//! `simulated` and `published_at` on each signal object, `simulated` on the `market` block —
//! always present, never omitted.

use chrono::{DateTime, Duration, TimeZone, Utc};
use poem::http::StatusCode;
use serde_json::Value;

use crate::support::test_app::TestApp;

/// Wednesday 25 Nov 2026, 10:07 IST: mid-session, two minutes after the 10:05 candle closed.
fn mid_session() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 4, 37, 0).unwrap()
}

fn instant(value: &Value) -> DateTime<Utc> {
    value.as_str().unwrap_or_else(|| panic!("not a timestamp: {value}")).parse().unwrap()
}

/// The in-memory app runs on the simulator: every signal must say so, and be published at or
/// after its candle's close.
fn assert_simulated_provenance(signal: &Value) {
    assert_eq!(signal["source"], "simulator", "{signal}");
    assert_eq!(signal["simulated"], true, "{signal}");
    let published = signal["published_at"].as_str().unwrap_or_else(|| panic!("published_at missing: {signal}"));
    assert!(published.ends_with('Z') || published.ends_with("+00:00"), "UTC: {published}");
    assert!(instant(&signal["published_at"]) >= instant(&signal["timestamp"]), "{signal}");
}

#[tokio::test]
async fn every_current_signal_and_the_market_say_the_prices_are_simulated() {
    let app = TestApp::new();
    app.clock.set(mid_session());
    let token = app.new_user("provenance-now@example.com").await;

    let reply = app.signals(&token).await;

    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let signals = reply.body["signals"].as_array().unwrap();
    assert_eq!(signals.len(), 2);
    for signal in signals {
        assert_simulated_provenance(signal);
        // Computed on this request, two minutes after its candle closed.
        assert_eq!(instant(&signal["published_at"]) - instant(&signal["timestamp"]), Duration::minutes(2));
    }
    assert_eq!(reply.body["market"]["simulated"], true, "{}", reply.text);
}

#[tokio::test]
async fn history_entries_keep_the_provenance_they_were_stored_with() {
    let app = TestApp::new();
    app.clock.set(mid_session());
    let token = app.new_user("provenance-history@example.com").await;
    app.subscribe(&token).await;
    app.app.signals.backfill_history(app.clock_now(), 1).await.unwrap();

    let reply = app.get("/signals/history?symbol=NIFTY&limit=10", Some(&token)).await;

    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let signals = reply.body["signals"].as_array().unwrap();
    assert_eq!(signals.len(), 10);
    for signal in signals {
        assert_simulated_provenance(signal);
    }
}

#[tokio::test]
async fn a_streamed_signal_carries_its_provenance() {
    let app = TestApp::new();
    app.clock.set(mid_session());
    let token = app.new_user("provenance-stream@example.com").await;
    app.subscribe(&token).await;
    let response = app.client.get("/signals/stream").header("Authorization", format!("Bearer {token}")).send().await;
    response.assert_status_is_ok();
    let mut body = response.0.into_body().into_bytes_stream();

    app.clock.advance(Duration::minutes(5));
    app.app.signals.candle_closed(app.clock_now()).await;

    let mut received = String::new();
    while received.matches("event: signal").count() < 2 {
        use futures_util::StreamExt;
        let chunk = tokio::time::timeout(std::time::Duration::from_secs(10), body.next())
            .await
            .expect("a signal within 10 s")
            .expect("the stream stays open")
            .unwrap();
        received.push_str(&String::from_utf8_lossy(&chunk));
    }
    let data: Vec<Value> = received
        .lines()
        .filter_map(|line| line.strip_prefix("data: "))
        .map(|json| serde_json::from_str(json).unwrap())
        .collect();
    assert_eq!(data.len(), 2, "{received}");
    for signal in &data {
        assert_simulated_provenance(signal);
        assert_eq!(instant(&signal["published_at"]), app.clock_now(), "published when the candle clock ran");
    }
}
