//! Clocks: the real one, one tests can set and advance instead of sleeping, and a scaled one
//! that the market side can run on in development (see [`ScaledClock`]).

use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};

use crate::ports::Clock;

#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn pause(&self, duration: std::time::Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// A clock that only moves when told to.
#[derive(Debug)]
pub struct ManualClock(Mutex<DateTime<Utc>>);

impl ManualClock {
    pub fn new(start: DateTime<Utc>) -> Self {
        Self(Mutex::new(start))
    }

    pub fn set(&self, to: DateTime<Utc>) {
        *self.0.lock().expect("clock mutex poisoned") = to;
    }

    pub fn advance(&self, by: Duration) {
        *self.0.lock().expect("clock mutex poisoned") += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().expect("clock mutex poisoned")
    }

    /// Time passes at once: the wait is over as soon as it starts.
    fn pause(&self, duration: std::time::Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        self.advance(Duration::from_std(duration).unwrap_or(Duration::MAX));
        Box::pin(std::future::ready(()))
    }
}

/// A clock that starts at a chosen instant and runs `speed` times as fast as real time: the
/// market's clock in development and demos, so candles close outside NSE hours, or every few
/// seconds (`MARKET_CLOCK_START`, `MARKET_CLOCK_SPEED`).
///
/// Elapsed time is read from Tokio's clock, so a test with paused time drives it without
/// sleeping. Real elapsed time is scaled in nanoseconds as `f64`, exact to well under a
/// millisecond for the months a demo runs.
#[derive(Debug)]
pub struct ScaledClock {
    start: DateTime<Utc>,
    speed: f64,
    origin: tokio::time::Instant,
}

impl ScaledClock {
    /// Reads `start` now, and runs `speed` times as fast from here on.
    ///
    /// # Panics
    /// When `speed` is not a positive finite number (configuration refuses those).
    pub fn new(start: DateTime<Utc>, speed: f64) -> Self {
        assert!(speed.is_finite() && speed > 0.0, "a clock's speed must be positive, not {speed}");
        Self { start, speed, origin: tokio::time::Instant::now() }
    }
}

impl Clock for ScaledClock {
    fn now(&self) -> DateTime<Utc> {
        let real = self.origin.elapsed().as_secs_f64();
        self.start + Duration::nanoseconds((real * self.speed * 1e9) as i64)
    }

    /// Waits `duration` of this clock's time: `duration / speed` of real time.
    fn pause(&self, duration: std::time::Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        Box::pin(tokio::time::sleep(duration.div_f64(self.speed)))
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn ten_am_ist() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 4, 30, 0).unwrap()
    }

    #[tokio::test(start_paused = true)]
    async fn a_scaled_clock_starts_at_its_start_and_runs_speed_times_as_fast() {
        let clock = ScaledClock::new(ten_am_ist(), 60.0);
        let at_start = clock.now();

        tokio::time::advance(std::time::Duration::from_secs(5)).await;

        assert_eq!(at_start, ten_am_ist());
        assert_eq!(clock.now(), ten_am_ist() + Duration::minutes(5));
    }

    #[tokio::test(start_paused = true)]
    async fn waiting_on_a_scaled_clock_takes_its_span_divided_by_the_speed() {
        let clock = ScaledClock::new(ten_am_ist(), 60.0);
        let real_start = tokio::time::Instant::now();

        clock.pause(std::time::Duration::from_secs(300)).await;

        assert_eq!(real_start.elapsed(), std::time::Duration::from_secs(5));
        assert_eq!(clock.now(), ten_am_ist() + Duration::minutes(5));
    }

    #[tokio::test(start_paused = true)]
    async fn a_scaled_clock_may_run_slower_than_real_time() {
        let clock = ScaledClock::new(ten_am_ist(), 0.5);

        tokio::time::advance(std::time::Duration::from_secs(10)).await;

        assert_eq!(clock.now(), ten_am_ist() + Duration::seconds(5));
    }

    #[test]
    #[should_panic(expected = "positive")]
    fn a_scaled_clock_refuses_a_speed_that_is_not_positive() {
        let _ = ScaledClock::new(ten_am_ist(), 0.0);
    }
}
