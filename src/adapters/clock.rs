//! Clocks: the real one, and one tests can set and advance instead of sleeping.

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
