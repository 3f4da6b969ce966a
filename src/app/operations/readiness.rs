//! Whether this instance can serve: every backing service answers, and the market calendar
//! knows the year the market's clock is in.
//!
//! A year without a calendar is not a crash — history still reads — but no signal can be
//! computed in it (the market status is `unknown`), so the instance is not ready: a load
//! balancer and the operator learn it from `/ready`, naming the year to add.

use chrono::Datelike;

use super::OperationsService;

/// The name `/ready` gives the market calendar's check.
pub const MARKET_CALENDAR_CHECK: &str = "market_calendar";

pub struct Readiness {
    pub ready: bool,
    /// (service name, answered); the market calendar counts as answered when it knows the
    /// market's current year.
    pub checks: Vec<(&'static str, bool)>,
    /// The market's current IST year, when the calendar does not know it.
    pub missing_calendar_year: Option<i32>,
}

impl OperationsService {
    pub async fn readiness(&self) -> Readiness {
        let mut checks = Vec::with_capacity(self.health_checks.len() + 1);
        for check in &self.health_checks {
            let ok = match tokio::time::timeout(std::time::Duration::from_secs(2), check.check()).await {
                Ok(Ok(())) => true,
                Ok(Err(err)) => {
                    tracing::warn!(service = check.name(), error = %err, "readiness check failed");
                    false
                }
                Err(_) => {
                    tracing::warn!(service = check.name(), "readiness check timed out");
                    false
                }
            };
            checks.push((check.name(), ok));
        }
        let year = self.calendar.day_of(self.market_clock.now()).year();
        let missing_calendar_year = (!self.calendar.covers(year)).then_some(year);
        if let Some(year) = missing_calendar_year {
            tracing::warn!(year, "readiness: no market calendar for the current year");
        }
        checks.push((MARKET_CALENDAR_CHECK, missing_calendar_year.is_none()));
        Readiness { ready: checks.iter().all(|(_, ok)| *ok), checks, missing_calendar_year }
    }
}
