//! The current time, and waiting, as a port so tests can set time instead of sleeping.

use std::future::Future;
use std::pin::Pin;

use chrono::{DateTime, Utc};

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;

    /// Completes once `duration` has passed by this clock. A test clock moves itself forward
    /// by `duration` and completes at once.
    fn pause(&self, duration: std::time::Duration) -> Pin<Box<dyn Future<Output = ()> + Send>>;
}
