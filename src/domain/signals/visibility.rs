//! How far into the signal history a plan sees.
//!
//! Paid users see every stored signal. Free users see history only up to the end of the
//! previous trading session: the history must never be a free path to today's signals, which
//! the free plan gets only through the counted `/signals` requests.

use chrono::{DateTime, Utc};

use crate::domain::Plan;
use crate::domain::market::MarketCalendar;

/// The latest signal timestamp `plan` may see at `now`; `None` when it may see everything.
pub fn history_visible_until(plan: Plan, calendar: &MarketCalendar, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    match plan {
        Plan::Paid => None,
        Plan::Free => Some(calendar.previous_session_close(now)),
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::market::calendar::ist;

    #[test]
    fn a_free_user_sees_up_to_the_previous_sessions_close_and_a_paid_user_everything() {
        let thursday_noon = ist().with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap().to_utc();
        let wednesday_close = ist().with_ymd_and_hms(2026, 11, 25, 15, 30, 0).unwrap().to_utc();
        let calendar = MarketCalendar::default();
        assert_eq!(history_visible_until(Plan::Free, &calendar, thursday_noon), Some(wednesday_close));
        assert_eq!(history_visible_until(Plan::Paid, &calendar, thursday_noon), None);
    }
}
