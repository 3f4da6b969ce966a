//! What the market's clock says at an instant, for signals: which candle is the latest closed
//! one, whether the market is open, and until when that answer holds.
//!
//! Signals are computed once per closed candle, so everything about caching and publishing
//! them follows from these rules: a signal is identified by its candle's close
//! ([`MarketMoment::as_of`]); a cached answer stays fresh until the next instant the answer
//! can change ([`MarketMoment::fresh_until`]: the next candle close while the market is open,
//! the next open while it is closed, when the status flips); and a background task wakes at
//! each candle close ([`MarketCalendar::next_candle_close`]).

use chrono::{DateTime, Utc};

use super::{CandleSlot, Interval, MarketCalendar, MarketStatus};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MarketMoment {
    pub status: MarketStatus,
    /// The latest candle closed at the instant: the one signals are computed on.
    pub candle: CandleSlot,
    /// When the market opens next; `None` while it is open.
    pub next_open: Option<DateTime<Utc>>,
    /// The first instant after this one at which the candle or the status changes.
    pub fresh_until: DateTime<Utc>,
}

impl MarketMoment {
    /// The close of the latest closed candle: a signal's timestamp.
    pub fn as_of(&self) -> DateTime<Utc> {
        self.candle.close_time
    }
}

impl MarketCalendar {
    /// The market's clock at `at` for candles of `interval`.
    /// In a year without a calendar the status is `Unknown`; the candle and times are what
    /// weekday sessions would give.
    pub fn moment_at(&self, at: DateTime<Utc>, interval: Interval) -> MarketMoment {
        let moment = self.known_moment_at(at, interval);
        match self.status_at(at) {
            MarketStatus::Unknown => MarketMoment { status: MarketStatus::Unknown, ..moment },
            _ => moment,
        }
    }

    fn known_moment_at(&self, at: DateTime<Utc>, interval: Interval) -> MarketMoment {
        let candle = self.last_closed_candle(at, interval);
        match self.session_at(at) {
            Some(_) => MarketMoment {
                status: MarketStatus::Open,
                candle,
                next_open: None,
                fresh_until: self.next_candle_close(at, interval),
            },
            None => {
                let next_open = self.next_open(at);
                MarketMoment {
                    status: MarketStatus::Closed,
                    candle,
                    next_open: Some(next_open),
                    fresh_until: next_open,
                }
            }
        }
    }

    /// The first candle close strictly after `at`: later in this session while the market
    /// is open, else the first candle of the next session.
    pub fn next_candle_close(&self, at: DateTime<Utc>, interval: Interval) -> DateTime<Utc> {
        match self.session_at(at) {
            Some(session) => {
                let passed = (at - session.opens_at).num_seconds() / (interval.minutes() * 60);
                session.opens_at + interval.duration() * (passed as i32 + 1)
            }
            None => self.next_open(at) + interval.duration(),
        }
    }

    /// The close of the last session held on an IST date before `at`'s: what "up to the
    /// previous trading session" means, so that nothing of today (open or already closed)
    /// falls before it.
    pub fn previous_session_close(&self, at: DateTime<Utc>) -> DateTime<Utc> {
        let today = self.day_of(at);
        let mut session = self.last_closed_session(at);
        while session.date >= today {
            session = self.previous_session(&session);
        }
        session.closes_at
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;
    use crate::domain::market::calendar::ist;

    const FIVE: Interval = Interval::FiveMinutes;

    fn ist_at(d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        ist().with_ymd_and_hms(2026, 11, d, h, mi, 0).unwrap().to_utc()
    }

    fn calendar() -> MarketCalendar {
        MarketCalendar::default()
    }

    #[test]
    fn while_open_the_signal_is_stamped_with_the_last_close_and_fresh_until_the_next() {
        let moment = calendar().moment_at(ist_at(25, 10, 7) + Duration::seconds(30), FIVE);
        assert_eq!(moment.status, MarketStatus::Open);
        assert_eq!(moment.as_of(), ist_at(25, 10, 5));
        assert_eq!(moment.fresh_until, ist_at(25, 10, 10));
        assert_eq!(moment.next_open, None);
    }

    #[test]
    fn on_a_candle_close_the_new_candle_counts_and_stays_fresh_for_a_whole_interval() {
        let moment = calendar().moment_at(ist_at(25, 10, 5), FIVE);
        assert_eq!(moment.as_of(), ist_at(25, 10, 5));
        assert_eq!(moment.fresh_until, ist_at(25, 10, 10));
        let just_before = calendar().moment_at(ist_at(25, 10, 5) - Duration::milliseconds(1), FIVE);
        assert_eq!(just_before.as_of(), ist_at(25, 10, 0));
        assert_eq!(just_before.fresh_until, ist_at(25, 10, 5));
    }

    #[test]
    fn the_last_candle_of_the_day_is_fresh_until_the_next_open() {
        let moment = calendar().moment_at(ist_at(25, 15, 27), FIVE);
        assert_eq!((moment.as_of(), moment.fresh_until), (ist_at(25, 15, 25), ist_at(25, 15, 30)));
        let closed = calendar().moment_at(ist_at(25, 15, 30), FIVE);
        assert_eq!(closed.status, MarketStatus::Closed);
        assert_eq!(closed.as_of(), ist_at(25, 15, 30));
        assert_eq!(closed.next_open, Some(ist_at(26, 9, 15)));
        assert_eq!(closed.fresh_until, ist_at(26, 9, 15));
    }

    #[test]
    fn over_a_weekend_the_friday_close_is_served_until_monday_opens() {
        let saturday = calendar().moment_at(ist_at(28, 23, 54), FIVE);
        assert_eq!(saturday.status, MarketStatus::Closed);
        assert_eq!(saturday.as_of(), ist_at(27, 15, 30));
        assert_eq!(saturday.next_open, Some(ist_at(30, 9, 15)));
        assert_eq!(saturday.fresh_until, ist_at(30, 9, 15));
    }

    #[test]
    fn after_the_open_the_previous_close_holds_until_the_first_candle_closes() {
        let moment = calendar().moment_at(ist_at(30, 9, 17), FIVE);
        assert_eq!(moment.status, MarketStatus::Open);
        assert_eq!(moment.as_of(), ist_at(27, 15, 30));
        assert_eq!(moment.fresh_until, ist_at(30, 9, 20));
    }

    #[test]
    fn the_candle_clock_ticks_at_each_close_and_skips_nights_and_holidays() {
        assert_eq!(calendar().next_candle_close(ist_at(25, 10, 5), FIVE), ist_at(25, 10, 10));
        assert_eq!(calendar().next_candle_close(ist_at(25, 15, 29), FIVE), ist_at(25, 15, 30));
        assert_eq!(calendar().next_candle_close(ist_at(25, 15, 30), FIVE), ist_at(26, 9, 20));
        // Monday 23 after the close: Tuesday 24 is a holiday.
        assert_eq!(calendar().next_candle_close(ist_at(23, 16, 0), FIVE), ist_at(25, 9, 20));
    }

    #[test]
    fn the_previous_session_is_never_today_whether_or_not_today_has_closed() {
        assert_eq!(calendar().previous_session_close(ist_at(26, 11, 0)), ist_at(25, 15, 30));
        assert_eq!(calendar().previous_session_close(ist_at(26, 18, 0)), ist_at(25, 15, 30));
        assert_eq!(calendar().previous_session_close(ist_at(26, 8, 0)), ist_at(25, 15, 30));
        // Wednesday 25: Tuesday was a holiday, so Monday's session.
        assert_eq!(calendar().previous_session_close(ist_at(25, 12, 0)), ist_at(23, 15, 30));
        // Saturday: Friday was the last session on an earlier date.
        assert_eq!(calendar().previous_session_close(ist_at(28, 12, 0)), ist_at(27, 15, 30));
    }
}
