//! Signals computed by one instance are served by the other from the shared cache.
//!
//! A signal carries the instant it was computed (`generated_at`, nanosecond precision), so
//! two instances serve the same one only if the second read it from the cache.

use poem::http::StatusCode;

use super::TwoInstances;
use crate::support::api_client::{random_ip, unique_email};

#[tokio::test]
async fn instance_b_serves_the_signals_instance_a_computed() {
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
    assert!(signals[0]["generated_at"].is_string());
    assert_eq!(&from_b.body["signals"], signals, "B computed its own signals instead of reading A's");
}
