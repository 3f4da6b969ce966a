//! How a contract suite lets time pass, so one suite can test expiry in a fake and in Redis.
//!
//! A fake reads an injected `ManualClock`, which the suite advances instantly. A real Redis
//! expires keys by its own clock, which no test can move: there the suite has to wait the
//! TTL out in real time, so real-time suites use tiny TTLs.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use signalbox::adapters::clock::ManualClock;
use signalbox::ports::Clock;

/// A TTL the suites wait out. Long enough that the steps before the wait (a few local round
/// trips) finish well inside it even on a loaded CI machine, short enough to keep the
/// real-time runs quick.
pub const SHORT_TTL: Duration = Duration::from_millis(150);

/// A TTL no test outlives.
pub const LONG_TTL: Duration = Duration::from_secs(600);

pub enum TestTime {
    Manual(Arc<ManualClock>),
    Real,
}

impl TestTime {
    /// A manual clock for a fake, and the same clock as the `Arc<dyn Clock>` the fake takes.
    pub fn manual() -> (Self, Arc<dyn Clock>) {
        let clock = Arc::new(ManualClock::new(DateTime::from_timestamp(1_767_225_600, 0).expect("valid timestamp")));
        (Self::Manual(clock.clone()), clock)
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Self::Manual(clock) => clock.now(),
            Self::Real => Utc::now(),
        }
    }

    /// The instant `ttl` from now, for ports that take absolute deadlines.
    pub fn deadline_in(&self, ttl: Duration) -> DateTime<Utc> {
        self.now() + TimeDelta::from_std(ttl).expect("test TTLs are small")
    }

    /// Lets `ttl` pass, plus a margin so a deadline at exactly `ttl` is behind us.
    pub async fn wait_out(&self, ttl: Duration) {
        match self {
            Self::Manual(clock) => {
                clock.advance(TimeDelta::from_std(ttl).expect("test TTLs are small"));
                clock.advance(TimeDelta::milliseconds(1));
            }
            // The real server's TTL can only be observed in real time. 100 ms of margin
            // covers timer granularity; Redis checks expiry on access with ms precision.
            Self::Real => tokio::time::sleep(ttl + Duration::from_millis(100)).await,
        }
    }
}
