//! Attempt limits for login and signup: a fixed one-minute window per client address.
//!
//! A fixed window needs only one atomic counter per (bucket, address, window), which any
//! shared store can provide; the cost is that a client can burst up to twice the limit across
//! a window boundary, which is acceptable for slowing down password guessing.

use chrono::{DateTime, Duration, Utc};

#[derive(Clone, Copy, Debug)]
pub struct RateLimitPolicy {
    pub limit: u32,
    pub window: Duration,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateWindow {
    /// Seconds since the epoch at which the window opened: part of the counter key.
    pub index: i64,
    pub resets_at: DateTime<Utc>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RateLimitDecision {
    Allowed,
    /// Over the limit; try again after this many whole seconds (at least 1).
    Limited {
        retry_after_secs: u64,
    },
}

impl RateLimitPolicy {
    pub fn window_at(&self, now: DateTime<Utc>) -> RateWindow {
        let len = self.window.num_seconds().max(1);
        let start = now.timestamp().div_euclid(len) * len;
        RateWindow { index: start, resets_at: DateTime::from_timestamp(start + len, 0).expect("in range") }
    }

    pub fn decide(&self, count_including_this: u64, window: RateWindow, now: DateTime<Utc>) -> RateLimitDecision {
        if count_including_this <= u64::from(self.limit) {
            return RateLimitDecision::Allowed;
        }
        let millis = (window.resets_at - now).num_milliseconds().max(0) as u64;
        RateLimitDecision::Limited { retry_after_secs: millis.div_ceil(1000).max(1) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn policy() -> RateLimitPolicy {
        RateLimitPolicy { limit: 10, window: Duration::minutes(1) }
    }

    #[test]
    fn ten_attempts_pass_and_the_eleventh_waits_for_the_window() {
        let now = Utc.with_ymd_and_hms(2026, 11, 25, 10, 0, 45).unwrap();
        let window = policy().window_at(now);
        assert_eq!(policy().decide(10, window, now), RateLimitDecision::Allowed);
        assert_eq!(policy().decide(11, window, now), RateLimitDecision::Limited { retry_after_secs: 15 });
    }

    #[test]
    fn attempts_in_the_same_minute_share_a_window_and_the_next_minute_does_not() {
        let a = policy().window_at(Utc.with_ymd_and_hms(2026, 11, 25, 10, 0, 0).unwrap());
        let b = policy().window_at(Utc.with_ymd_and_hms(2026, 11, 25, 10, 0, 59).unwrap());
        let c = policy().window_at(Utc.with_ymd_and_hms(2026, 11, 25, 10, 1, 0).unwrap());
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn retry_after_is_never_zero() {
        let window = policy().window_at(Utc.with_ymd_and_hms(2026, 11, 25, 10, 0, 0).unwrap());
        let at_edge = window.resets_at - Duration::milliseconds(1);
        assert_eq!(policy().decide(99, window, at_edge), RateLimitDecision::Limited { retry_after_secs: 1 });
    }
}
