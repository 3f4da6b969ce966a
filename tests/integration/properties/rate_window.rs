//! The login/sign-up rate-limit window for any instant and any window length.

use chrono::{DateTime, Duration};
use proptest::prelude::*;
use signalbox::domain::{RateLimitDecision, RateLimitPolicy};

use super::{any_instant, modern_instant};

fn any_window() -> impl Strategy<Value = Duration> {
    prop_oneof![
        (1i64..=3_600).prop_map(Duration::seconds),
        (i64::MIN / 1_000..=i64::MAX / 1_000).prop_map(Duration::milliseconds),
    ]
}

proptest! {
    #[test]
    fn the_window_contains_now_and_is_one_window_long(now in modern_instant(), secs in 1i64..=86_400) {
        let policy = RateLimitPolicy { limit: 10, window: Duration::seconds(secs) };
        let window = policy.window_at(now);
        let opened = DateTime::from_timestamp(window.index, 0).unwrap();
        prop_assert!(opened <= now && now < window.resets_at);
        prop_assert_eq!(window.resets_at - opened, Duration::seconds(secs));
        prop_assert_eq!(policy.window_at(opened), window);
    }

    #[test]
    fn a_limited_client_waits_at_least_one_second_and_at_most_the_window(
        now in modern_instant(),
        secs in 1i64..=86_400,
        limit in 0u32..100,
        count in 0u64..200,
    ) {
        let policy = RateLimitPolicy { limit, window: Duration::seconds(secs) };
        let window = policy.window_at(now);
        match policy.decide(count, window, now) {
            RateLimitDecision::Allowed => prop_assert!(count <= u64::from(limit)),
            RateLimitDecision::Limited { retry_after_secs } => {
                prop_assert!(count > u64::from(limit));
                prop_assert!((1..=secs as u64).contains(&retry_after_secs));
            }
        }
    }

    #[test]
    fn any_instant_and_window_length_decides_without_panicking(
        now in any_instant(),
        window in any_window(),
        limit in any::<u32>(),
        count in any::<u64>(),
    ) {
        let policy = RateLimitPolicy { limit, window };
        let rate_window = policy.window_at(now);
        prop_assert!(rate_window.resets_at >= now);
        let _ = policy.decide(count, rate_window, now);
    }
}
