//! The signals contract, exactly: field names, `null` instead of absent fields,
//! the market's clock, the history with outcomes and track record, and the live stream.

use chrono::{DateTime, Duration, TimeZone, Utc};
use poem::http::StatusCode;
use serde_json::Value;

use crate::support::test_app::TestApp;

/// Keys of a JSON object, sorted.
fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> =
        value.as_object().unwrap_or_else(|| panic!("not an object: {value}")).keys().cloned().collect();
    keys.sort();
    keys
}

fn instant(value: &Value) -> DateTime<Utc> {
    value.as_str().unwrap_or_else(|| panic!("not a timestamp: {value}")).parse().unwrap()
}

/// Wednesday 25 Nov 2026, 10:07 IST: mid-session.
fn mid_session() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 4, 37, 0).unwrap()
}

#[tokio::test]
async fn a_signal_has_the_seeds_fields_and_is_stamped_with_its_candles_close() {
    let app = TestApp::new();
    app.clock.set(mid_session());
    let token = app.new_user("shape@example.com").await;

    let reply = app.signals(&token).await;

    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(keys(&reply.body), ["market", "remaining", "resets_at", "signals", "user_limit"]);
    let signal = &reply.body["signals"][0];
    assert_eq!(
        keys(signal),
        [
            "call_id",
            "confidence",
            "indicators",
            "price",
            "published_at",
            "reason",
            "simulated",
            "since",
            "source",
            "stop_loss",
            "symbol",
            "target",
            "timestamp",
            "type"
        ]
    );
    assert!(["BUY", "SELL", "HOLD"].contains(&signal["type"].as_str().unwrap()), "{signal}");
    assert_eq!(keys(&signal["indicators"]), ["fast_ma", "rsi", "slow_ma"]);
    // 10:07 IST: the last closed 5-minute candle closed at 10:05 IST = 04:35 UTC.
    assert_eq!(instant(&signal["timestamp"]), Utc.with_ymd_and_hms(2026, 11, 25, 4, 35, 0).unwrap());
    let price = signal["price"].as_f64().unwrap();
    let level = if signal["symbol"] == "NIFTY" { 26_000.0 } else { 59_000.0 };
    assert!((price / level - 1.0).abs() < 0.1, "an index level in points near {level}: {price}");
    let market = &reply.body["market"];
    assert_eq!(keys(market), ["as_of", "next_open", "simulated", "status"]);
    assert_eq!(market["status"], "open");
    assert!(market["next_open"].is_null(), "present and null while open: {market}");
    assert_eq!(instant(&market["as_of"]), instant(&signal["timestamp"]));
}

#[tokio::test]
async fn on_a_saturday_night_the_last_sessions_signal_is_served_with_the_market_closed() {
    let app = TestApp::new();
    // Saturday 28 Nov 2026, 23:54 IST — the review's example.
    app.clock.set(Utc.with_ymd_and_hms(2026, 11, 28, 18, 24, 0).unwrap());
    let token = app.new_user("weekend@example.com").await;

    let reply = app.signals(&token).await;

    let market = &reply.body["market"];
    assert_eq!(market["status"], "closed", "{}", reply.text);
    // Friday's close (15:30 IST = 10:00 UTC) and Monday's open (09:15 IST = 03:45 UTC).
    assert_eq!(instant(&reply.body["signals"][0]["timestamp"]), Utc.with_ymd_and_hms(2026, 11, 27, 10, 0, 0).unwrap());
    assert_eq!(instant(&market["next_open"]), Utc.with_ymd_and_hms(2026, 11, 30, 3, 45, 0).unwrap());
}

#[tokio::test]
async fn a_paid_answer_sends_remaining_and_resets_at_as_null() {
    let app = TestApp::new();
    let token = app.new_user("nulls@example.com").await;
    app.subscribe(&token).await;

    let reply = app.signals(&token).await;

    assert!(reply.body.as_object().unwrap().contains_key("remaining"), "{}", reply.text);
    assert!(reply.body["remaining"].is_null() && reply.body["resets_at"].is_null());
}

/// The paid body is serialised once per candle and shared: it must still move on with the
/// market, and a free user's answer beside it keeps its own quota fields.
#[tokio::test]
async fn a_paid_answer_moves_on_at_each_candle_close_and_a_free_one_keeps_its_quota() {
    let app = TestApp::new();
    app.clock.set(mid_session());
    let paid = app.new_user("paid-moves-on@example.com").await;
    app.subscribe(&paid).await;
    let free = app.new_user("free-beside@example.com").await;

    let before = app.signals(&paid).await;
    let again = app.signals(&paid).await;
    let free_reply = app.signals(&free).await;
    app.clock.advance(Duration::minutes(5));
    let after = app.signals(&paid).await;

    assert_eq!(again.text, before.text, "the same answer within a candle");
    assert_eq!(instant(&before.body["market"]["as_of"]), mid_session() - Duration::minutes(2));
    assert_eq!(instant(&after.body["market"]["as_of"]), mid_session() + Duration::minutes(3));
    for signal in after.body["signals"].as_array().unwrap() {
        assert_eq!(instant(&signal["timestamp"]), mid_session() + Duration::minutes(3), "{signal}");
    }
    assert_eq!(after.body["user_limit"], "unlimited");
    assert!(after.body["remaining"].is_null());
    assert_eq!(free_reply.body["remaining"], 2, "{}", free_reply.text);
    assert_eq!(free_reply.body["signals"], before.body["signals"]);
}

#[tokio::test]
async fn billing_status_and_quota_send_every_field_null_when_unknown() {
    let app = TestApp::new();
    let token = app.new_user("free-nulls@example.com").await;
    app.subscribe(&app.new_user("paid-nulls@example.com").await).await;
    let paid = app.new_token("paid-nulls@example.com").await;

    let status = app.billing_status(&token).await;
    let quota = app.get("/signals/quota", Some(&paid)).await;

    assert_eq!(
        keys(&status.body),
        ["cancel_at_period_end", "current_period_end", "is_paid", "plan", "subscription_status"]
    );
    assert!(status.body["current_period_end"].is_null(), "{}", status.text);
    assert_eq!(keys(&quota.body), ["limit", "remaining", "resets_at", "unlimited"]);
    assert!(quota.body["limit"].is_null() && quota.body["remaining"].is_null(), "{}", quota.text);
}

#[tokio::test]
async fn history_is_newest_first_with_outcomes_and_costs_no_quota() {
    let app = TestApp::new();
    app.clock.set(mid_session());
    let token = app.new_user("history@example.com").await;
    app.subscribe(&token).await;
    app.app.signals.backfill_history(app.clock_now(), 2).await.unwrap();

    let reply = app.get("/signals/history?symbol=NIFTY&limit=20", Some(&token)).await;

    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(keys(&reply.body), ["signals", "symbol"], "the track record is the calls', at /signals/track-record");
    assert_eq!(reply.body["symbol"], "NIFTY");
    let signals = reply.body["signals"].as_array().unwrap();
    assert_eq!(signals.len(), 20);
    let stamps: Vec<DateTime<Utc>> = signals.iter().map(|s| instant(&s["timestamp"])).collect();
    assert!(stamps.windows(2).all(|w| w[0] > w[1]), "newest first: {stamps:?}");
    assert_eq!(stamps[0], Utc.with_ymd_and_hms(2026, 11, 25, 4, 35, 0).unwrap(), "paid: today's included");
    assert!(signals[0]["outcome"].is_null(), "no 3 candles after the newest yet");
    let judged = signals.iter().find(|s| !s["outcome"].is_null()).expect("older ones are judged");
    assert_eq!(keys(&judged["outcome"]), ["after_minutes", "hit", "move_pct"]);
    assert_eq!(judged["outcome"]["after_minutes"], 15);
}

#[tokio::test]
async fn a_free_user_sees_history_only_up_to_the_previous_session_and_spends_nothing() {
    let app = TestApp::new();
    app.clock.set(mid_session());
    let token = app.new_user("free-history@example.com").await;
    app.app.signals.backfill_history(app.clock_now(), 5).await.unwrap();

    let reply = app.get("/signals/history?symbol=BANKNIFTY", Some(&token)).await;
    let quota = app.get("/signals/quota", Some(&token)).await;

    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let newest = instant(&reply.body["signals"][0]["timestamp"]);
    // The previous session is Monday's (Tuesday 24 Nov is Guru Nanak Jayanti, an NSE
    // holiday): its close, 15:30 IST = 10:00 UTC. Nothing from today.
    assert_eq!(newest, Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap());
    let signals = reply.body["signals"].as_array().unwrap();
    assert_eq!(signals.len(), 50, "default limit 50");
    let pending = signals.iter().filter(|s| s["outcome"].is_null()).count();
    assert_eq!(pending, 0, "a backfilled session's outcomes are all settled before anyone reads them");
    assert_eq!(quota.body["remaining"], 3, "history never counts against the quota");
}

#[tokio::test]
async fn history_refuses_an_unknown_symbol_or_an_out_of_range_limit_with_422() {
    let app = TestApp::new();
    let token = app.new_user("bad-history@example.com").await;

    for query in ["symbol=SENSEX", "symbol=NIFTY&limit=0", "symbol=NIFTY&limit=201", "limit=5", "symbol=NIFTY&limit=x"]
    {
        let reply = app.get(&format!("/signals/history?{query}"), Some(&token)).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {}", reply.text);
        assert!(reply.body["detail"].is_string(), "{query}: {}", reply.text);
    }
}

#[tokio::test]
async fn the_stream_is_for_the_paid_plan() {
    let app = TestApp::new();
    let token = app.new_user("stream-free@example.com").await;

    let free = app.get("/signals/stream", Some(&token)).await;
    let anonymous = app.get("/signals/stream", None).await;

    assert_eq!(free.status, StatusCode::FORBIDDEN, "{}", free.text);
    assert!(free.detail().contains("paid plan"), "{}", free.detail());
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_paid_stream_delivers_each_new_candles_signal_as_a_signal_event() {
    let app = TestApp::new();
    app.clock.set(mid_session());
    let token = app.new_user("stream-paid@example.com").await;
    app.subscribe(&token).await;
    let response = app.client.get("/signals/stream").header("Authorization", format!("Bearer {token}")).send().await;
    response.assert_status_is_ok();
    response.assert_content_type("text/event-stream");
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
        assert_eq!(instant(&signal["timestamp"]), Utc.with_ymd_and_hms(2026, 11, 25, 4, 40, 0).unwrap());
        assert!(signal["type"].is_string() && signal["reason"].is_string(), "{signal}");
    }
}
