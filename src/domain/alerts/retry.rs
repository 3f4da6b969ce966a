//! How a transient failure is retried: exponential backoff from 5 s, capped at 10 minutes,
//! for at most [`MAX_ATTEMPTS`] attempts — about an hour of trying — then recorded failed. When
//! the channel says how long to wait (Telegram's `parameters.retry_after`, a push service's
//! `Retry-After`), that is the wait: it knows its own limits.

use std::time::Duration;

/// Attempts before a transiently failing alert is given up and recorded failed.
pub const MAX_ATTEMPTS: u32 = 10;

/// The wait before attempt `attempts + 1`, given that `attempts` have failed.
pub fn backoff(attempts: u32, retry_after: Option<Duration>) -> Duration {
    let exponential = Duration::from_secs(5).saturating_mul(1u32 << attempts.saturating_sub(1).min(10));
    let capped = exponential.min(Duration::from_secs(600));
    retry_after.unwrap_or(capped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_from_five_seconds_up_to_ten_minutes() {
        assert_eq!(backoff(1, None), Duration::from_secs(5));
        assert_eq!(backoff(2, None), Duration::from_secs(10));
        assert_eq!(backoff(4, None), Duration::from_secs(40));
        assert_eq!(backoff(9, None), Duration::from_secs(600));
    }

    #[test]
    fn the_channels_retry_after_is_honoured() {
        assert_eq!(backoff(3, Some(Duration::from_secs(37))), Duration::from_secs(37));
        assert_eq!(backoff(1, Some(Duration::from_secs(1))), Duration::from_secs(1));
    }
}
