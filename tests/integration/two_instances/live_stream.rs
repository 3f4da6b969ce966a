//! A signal computed on one instance reaches a paid stream opened on the other, through the
//! Redis signal bus.
//!
//! Both instances run the market on a fast demo clock (`MARKET_CLOCK_*`: a trading morning,
//! 60× real time, so a 5-minute candle closes every 5 s). Only A runs the candle clock;
//! B runs with `SIGNAL_CLOCK=off` and nobody asks it for `/signals`, so it computes nothing
//! (its log has no "signal computed" line) and whatever its stream carries came over the bus:
//! were B's bus in-process, the stream would stay silent and the test would time out.

use std::time::Duration;

use chrono::{DateTime, FixedOffset, TimeZone, Timelike, Utc};
use http_body_util::BodyExt;
use poem::http::StatusCode;
use serde_json::Value;

use super::TwoInstances;
use crate::support::api_client::{random_ip, unique_email};
use crate::support::signed_events::checkout_completed;

/// Wednesday 25 Nov 2026, 10:00 IST: a trading morning.
const MARKET_START: &str = "2026-11-25T10:00:00+05:30";
/// Twelve candle closes a minute.
const SPEED: &str = "60";
/// A's start-up backfill of the history comes before its first tick; generous for a debug
/// build on a busy machine.
const FIRST_SIGNAL_WITHIN: Duration = Duration::from_secs(60);

/// The first `event: signal`'s JSON on `body`, reading until one arrives.
async fn first_signal(body: &mut hyper::body::Incoming) -> Value {
    let mut received = String::new();
    loop {
        let frame = body.frame().await.expect("the stream stays open").expect("readable");
        if let Ok(chunk) = frame.into_data() {
            received.push_str(&String::from_utf8_lossy(&chunk));
        }
        // An event ends with a blank line; whatever follows the last one is still arriving.
        let complete = received.rsplit_once("\n\n").map_or("", |(done, _)| done);
        if let Some(event) = complete.split("\n\n").find(|event| event.lines().any(|l| l == "event: signal")) {
            let data = event.lines().find_map(|line| line.strip_prefix("data: ")).expect("a data line");
            return serde_json::from_str(data).unwrap_or_else(|e| panic!("{e}: {data}"));
        }
    }
}

fn ist(h: u32, m: u32) -> DateTime<Utc> {
    FixedOffset::east_opt(19_800).unwrap().with_ymd_and_hms(2026, 11, 25, h, m, 0).unwrap().to_utc()
}

#[tokio::test]
async fn a_signal_computed_by_one_instances_candle_clock_streams_from_the_other() {
    let clock = [("MARKET_CLOCK_START", MARKET_START.to_owned()), ("MARKET_CLOCK_SPEED", SPEED.to_owned())];
    let mut b_env = clock.to_vec();
    b_env.push(("SIGNAL_CLOCK", "off".to_owned()));
    let Some(cluster) = TwoInstances::start_with(&clock, &b_env).await else { return };
    let api = cluster.a.api.with_client_ip(&random_ip());
    let token = api.new_user(&unique_email("live")).await;
    let paid = checkout_completed(&api.user_id(&token).await);
    assert_eq!(api.webhook(&paid.payload, &paid.signature).await.body["status"], "processed");

    let response = cluster.b.api.open("/signals/stream", &token).await;
    assert_eq!(response.status(), StatusCode::OK);
    let mut body = response.into_body();
    let signal = tokio::time::timeout(FIRST_SIGNAL_WITHIN, first_signal(&mut body))
        .await
        .unwrap_or_else(|_| panic!("no signal on B's stream within {FIRST_SIGNAL_WITHIN:?}"));

    let keys: Vec<&str> = signal.as_object().expect("an object").keys().map(String::as_str).collect();
    for key in ["confidence", "price", "reason", "symbol", "timestamp", "type"] {
        assert!(keys.contains(&key), "{key} missing from {signal}");
    }
    assert!(["NIFTY", "BANKNIFTY"].contains(&signal["symbol"].as_str().unwrap()), "{signal}");
    assert!(["BUY", "SELL", "HOLD"].contains(&signal["type"].as_str().unwrap()), "{signal}");
    assert!(signal["price"].as_f64().is_some_and(|p| p > 1_000.0), "{signal}");
    assert!(signal["confidence"].as_f64().is_some_and(|c| (0.0..=1.0).contains(&c)), "{signal}");
    // Stamped with a candle close of the market's (demo) morning, not of the real clock.
    let at: DateTime<Utc> = signal["timestamp"].as_str().unwrap().parse().unwrap();
    assert!(at > ist(10, 0) && at < ist(15, 30) && at.minute().is_multiple_of(5) && at.second() == 0, "{signal}");
    assert_eq!(cluster.b.logged("candle clock is off"), 1, "B runs without the candle clock");
    assert_eq!(cluster.b.logged("signal computed"), 0, "B computed a signal itself");
    assert!(cluster.a.logged("signal computed") > 0, "A computed no signal");
}
