//! A signal's `type` is the stance of the trade calls, through the real routes: BUY or SELL
//! exactly while a call of that side is open (with that call's id, levels and opening time),
//! HOLD while flat (no levels, flat since the session's last call ended or its first candle
//! opened), and the four stance keys on every signal object the API shares.

use chrono::{DateTime, Duration, TimeZone, Utc};
use poem::http::StatusCode;
use serde_json::Value;

use crate::support::test_app::TestApp;

fn instant(value: &Value) -> DateTime<Utc> {
    value.as_str().unwrap_or_else(|| panic!("not a timestamp: {value}")).parse().unwrap()
}

/// Wednesday 25 Nov 2026, 09:15 IST: the session's first candle opens.
fn session_open() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 3, 45, 0).unwrap()
}

const STANCE_KEYS: [&str; 4] = ["stop_loss", "target", "call_id", "since"];

fn assert_stance_keys(signal: &Value) {
    for key in STANCE_KEYS {
        assert!(signal.get(key).is_some(), "{key} is always present: {signal}");
    }
}

async fn calls_of(app: &TestApp, token: &str, symbol: &str) -> Vec<Value> {
    let reply = app.get(&format!("/signals/calls?symbol={symbol}&limit=200"), Some(token)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.body["calls"].as_array().unwrap().clone()
}

#[tokio::test]
async fn through_a_session_the_stance_is_the_open_call_and_hold_is_flat_with_null_levels() {
    let app = TestApp::new();
    app.clock.set(session_open() + Duration::minutes(6));
    let token = app.new_user("stance@example.com").await;
    app.subscribe(&token).await;
    let (mut in_call, mut flat) = (0, 0);
    let mut token_at = app.clock_now();
    let mut token = token;

    // Every candle close of the session, a minute after it.
    for candle in 1..=75 {
        app.clock.set(session_open() + Duration::minutes(5 * candle + 1));
        if app.clock_now() - token_at > Duration::minutes(10) {
            (token, token_at) = (app.new_token("stance@example.com").await, app.clock_now());
        }
        let reply = app.signals(&token).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        for signal in reply.body["signals"].as_array().unwrap() {
            assert_stance_keys(signal);
            let symbol = signal["symbol"].as_str().unwrap();
            let at = instant(&signal["timestamp"]);
            let calls = calls_of(&app, &token, symbol).await;
            match signal["type"].as_str().unwrap() {
                "HOLD" => {
                    flat += 1;
                    assert!(signal["stop_loss"].is_null() && signal["target"].is_null(), "{signal}");
                    assert!(signal["call_id"].is_null(), "{signal}");
                    assert!(calls.iter().all(|call| !call["closed_at"].is_null()), "flat: no call is open");
                    let last_exit = calls.iter().map(|call| instant(&call["closed_at"])).max();
                    assert_eq!(instant(&signal["since"]), last_exit.unwrap_or(session_open()), "{signal}");
                }
                side => {
                    in_call += 1;
                    let id = signal["call_id"].as_str().expect("a BUY or SELL names its call");
                    let call = calls.iter().find(|call| call["id"] == id).expect("the call is in the record");
                    assert_eq!(call["type"], side, "the stance is the call's side");
                    assert!(call["closed_at"].is_null(), "the call is open at {at}: {call}");
                    assert_eq!(signal["stop_loss"], call["stop_loss"]);
                    assert_eq!(signal["target"], call["target"]);
                    assert_eq!(signal["since"], call["opened_at"], "the stance began when the call opened");
                    assert!(instant(&call["opened_at"]) <= at);
                }
            }
        }
    }

    assert!(in_call > 0 && flat > 0, "the session had both: {in_call} in a call, {flat} flat");
}

#[tokio::test]
async fn the_stance_keys_are_on_every_shared_signal_object() {
    let app = TestApp::new();
    app.clock.set(session_open() + Duration::hours(3));
    let token = app.new_user("stance-keys@example.com").await;
    app.subscribe(&token).await;
    app.app.signals.backfill_history(app.clock_now(), 1).await.unwrap();

    let current = app.signals(&token).await;
    let last = app.get("/signals/last", Some(&token)).await;
    let history = app.get("/signals/history?symbol=BANKNIFTY&limit=200", Some(&token)).await;

    let mut objects: Vec<&Value> = current.body["signals"].as_array().unwrap().iter().collect();
    objects.extend(last.body["signals"].as_array().unwrap_or_else(|| panic!("{}", last.text)));
    let entries = history.body["signals"].as_array().unwrap_or_else(|| panic!("{}", history.text));
    objects.extend(entries);
    assert!(objects.len() > 40, "{}", objects.len());
    for signal in objects {
        assert_stance_keys(signal);
        let held = signal["type"] != "HOLD";
        assert_eq!(!signal["call_id"].is_null(), held, "{signal}");
        assert_eq!(!signal["stop_loss"].is_null(), held, "{signal}");
        assert_eq!(!signal["target"].is_null(), held, "{signal}");
    }
}
