//! Which years the calendar must know now, so it never runs out silently.
//!
//! The exchange publishes next year's holidays in December; a server running on the 1st of
//! January without them would call Republic Day a trading day. So from 30 days before the
//! year ends, next year counts as needed too, and an operator is told while there is time.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::MarketCalendar;

/// How many days before the end of a year the next year's calendar is required.
pub const MISSING_YEAR_NOTICE_DAYS: i64 = 30;

impl MarketCalendar {
    /// The years needed at `at` that this calendar does not know: the current IST year and,
    /// in its last [`MISSING_YEAR_NOTICE_DAYS`] days, the next one. Empty when all is known.
    pub fn missing_years(&self, at: DateTime<Utc>) -> Vec<i32> {
        needed_years(self.day_of(at)).into_iter().filter(|year| !self.covers(*year)).collect()
    }
}

/// The current year, and the next one when `today` is within the notice period of its end.
fn needed_years(today: NaiveDate) -> Vec<i32> {
    let year = today.year();
    let next_new_year = NaiveDate::from_ymd_opt(year + 1, 1, 1).expect("years here are small");
    if (next_new_year - today).num_days() <= MISSING_YEAR_NOTICE_DAYS { vec![year, year + 1] } else { vec![year] }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::market::calendar::ist;

    fn ist_on(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        ist().with_ymd_and_hms(y, m, d, 10, 0, 0).unwrap().to_utc()
    }

    #[test]
    fn mid_year_only_the_current_year_is_needed() {
        assert_eq!(MarketCalendar::default().missing_years(ist_on(2026, 6, 1)), Vec::<i32>::new());
        assert_eq!(MarketCalendar::default().missing_years(ist_on(2027, 6, 1)), vec![2027]);
    }

    #[test]
    fn from_thirty_days_before_new_year_the_next_year_is_needed_too() {
        let calendar = MarketCalendar::default();
        assert_eq!(calendar.missing_years(ist_on(2026, 12, 1)), Vec::<i32>::new(), "31 days left");
        assert_eq!(calendar.missing_years(ist_on(2026, 12, 2)), vec![2027], "30 days left");
        assert_eq!(calendar.missing_years(ist_on(2026, 12, 31)), vec![2027]);
        assert_eq!(calendar.missing_years(ist_on(2025, 12, 31)), vec![2025]);
    }

    #[test]
    fn the_year_turns_at_ist_midnight() {
        // 19:00 UTC on 31 December 2026 is already 1 January 2027 in India.
        let new_year_in_india = Utc.with_ymd_and_hms(2026, 12, 31, 19, 0, 0).unwrap();
        assert_eq!(MarketCalendar::default().missing_years(new_year_in_india), vec![2027]);
    }
}
