//! A market moment in a year the calendar does not know: the status is `unknown`, no signal
//! is computed, stored or announced, and `/ready` names the missing year.

use chrono::{DateTime, TimeZone, Utc};
use poem::http::StatusCode;

use crate::support::test_app::TestApp;

/// Tuesday 26 January 2027, 10:00 IST: Republic Day, a year no shipped calendar covers — on
/// weekday rules alone it would look like mid-session.
fn republic_day_2027() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, 26, 4, 30, 0).unwrap()
}

#[tokio::test]
async fn in_a_year_without_a_calendar_the_market_is_unknown_and_no_signal_is_served() {
    let app = TestApp::new();
    app.clock.set(republic_day_2027());
    let token = app.new_user("unknown-year@example.com").await;
    app.subscribe(&token).await;

    let reply = app.signals(&token).await;

    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.body["market"]["status"], "unknown", "{}", reply.text);
    assert_eq!(reply.body["signals"].as_array().unwrap().len(), 0, "{}", reply.text);
    assert_eq!(app.app.signals.signal_computations(), 0);
}

#[tokio::test]
async fn in_a_year_without_a_calendar_the_candle_clock_stores_nothing() {
    let app = TestApp::new();
    app.clock.set(republic_day_2027());
    let token = app.new_user("unknown-year-history@example.com").await;
    app.subscribe(&token).await;

    app.app.signals.candle_closed(app.clock_now()).await;
    app.signals(&token).await;
    app.app.signals.backfill_history(app.clock_now(), 1).await.unwrap();

    for symbol in ["NIFTY", "BANKNIFTY"] {
        let history = app.get(&format!("/signals/history?symbol={symbol}&limit=200"), Some(&token)).await;
        assert_eq!(history.status, StatusCode::OK, "{}", history.text);
        let stored_in_2027: Vec<_> = history.body["signals"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["timestamp"].as_str().unwrap().starts_with("2027"))
            .collect();
        assert!(stored_in_2027.is_empty(), "{symbol}: {stored_in_2027:?}");
    }
    assert_eq!(app.app.signals.signal_computations(), 0);
}

#[tokio::test]
async fn ready_answers_503_naming_the_missing_year() {
    let app = TestApp::new();
    app.clock.set(republic_day_2027());

    let ready = app.get("/ready", None).await;

    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE, "{}", ready.text);
    assert_eq!(ready.body["status"], "unavailable");
    assert_eq!(ready.body["checks"]["market_calendar"], "unavailable", "{}", ready.text);
    assert!(ready.body["detail"].as_str().unwrap().contains("2027"), "{}", ready.text);
}

#[tokio::test]
async fn ready_is_200_with_a_null_detail_in_a_known_year() {
    let app = TestApp::new();

    let ready = app.get("/ready", None).await;

    assert_eq!(ready.status, StatusCode::OK, "{}", ready.text);
    assert_eq!(ready.body["checks"]["market_calendar"], "ok", "{}", ready.text);
    assert!(ready.body.as_object().unwrap().contains_key("detail") && ready.body["detail"].is_null());
}
