//! Both instances serve the same signals for the same candle: a signal is stamped with the
//! close of the candle it was computed on and computed from the same market data, whichever
//! instance computes it or reads it from the shared cache. (How often each instance computes
//! is counted in `single_flight`.)

use poem::http::StatusCode;

use super::TwoInstances;
use crate::support::api_client::{random_ip, unique_email};

#[tokio::test]
async fn both_instances_serve_the_same_signals_for_the_same_candle() {
    let Some(cluster) = TwoInstances::start().await else { return };
    let ip = random_ip();
    let first = cluster.a.api.with_client_ip(&ip).new_user(&unique_email("warm")).await;
    let second = cluster.b.api.with_client_ip(&ip).new_user(&unique_email("reader")).await;

    let warm_up = cluster.a.api.signals(&first).await;
    let from_b = cluster.b.api.signals(&second).await;

    assert_eq!(warm_up.status, StatusCode::OK, "{}", warm_up.text);
    assert_eq!(from_b.status, StatusCode::OK, "{}", from_b.text);
    let signals = &warm_up.body["signals"];
    assert_eq!(signals.as_array().map(Vec::len), Some(2), "NIFTY and BANKNIFTY");
    assert!(signals[0]["timestamp"].is_string());
    if warm_up.body["market"]["as_of"] == from_b.body["market"]["as_of"] {
        assert_eq!(&from_b.body["signals"], signals, "the two instances disagree about one candle");
    }
}
