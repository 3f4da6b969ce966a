//! The NSE's clock: when the market is open, and which candle closed last.
//!
//! A session runs 09:15–15:30 Asia/Kolkata on every weekday that is not a holiday. India has
//! no daylight saving time, so IST is a fixed UTC+05:30 and every session is 375 minutes: a
//! fixed offset is exact here and avoids a time-zone database lookup on every call. Dates
//! (what "today" is, which day is a holiday) are always IST dates: 00:30 IST on Tuesday is
//! still Monday in UTC.
//!
//! Sessions are half-open, `[09:15, 15:30)`: at 15:30:00 exactly the market is closed and
//! the session's last 5-minute candle (15:25–15:30) has just closed.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};

use super::Interval;
use super::nse_holidays::nse_2026;

/// Asia/Kolkata: UTC+05:30 all year.
pub fn ist() -> FixedOffset {
    FixedOffset::east_opt(5 * 3600 + 30 * 60).expect("+05:30 is a valid offset")
}

const OPENS: (u32, u32) = (9, 15);
const CLOSES: (u32, u32) = (15, 30);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarketStatus {
    Open,
    Closed,
}

impl MarketStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MarketStatus::Open => "open",
            MarketStatus::Closed => "closed",
        }
    }
}

/// One trading day's regular session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Session {
    /// The IST date of the session.
    pub date: NaiveDate,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
}

impl Session {
    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        self.opens_at <= at && at < self.closes_at
    }

    /// The open times of the session's candles of `interval`, in order.
    pub fn candle_opens(&self, interval: Interval) -> impl Iterator<Item = DateTime<Utc>> + use<> {
        let (opens_at, count) = (self.opens_at, self.candle_count(interval));
        (0..count).map(move |n| opens_at + interval.duration() * n)
    }

    pub fn candle_count(&self, interval: Interval) -> i32 {
        ((self.closes_at - self.opens_at).num_minutes() / interval.minutes()) as i32
    }
}

/// Where one candle sits in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CandleSlot {
    pub open_time: DateTime<Utc>,
    pub close_time: DateTime<Utc>,
}

/// Trading days and sessions of the NSE, with a configurable holiday list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarketCalendar {
    holidays: BTreeSet<NaiveDate>,
}

impl Default for MarketCalendar {
    /// The NSE with its published 2026 holidays.
    fn default() -> Self {
        Self::nse(nse_2026())
    }
}

impl MarketCalendar {
    /// The NSE's sessions, closed on weekends and on `holidays` (IST dates).
    pub fn nse(holidays: Vec<NaiveDate>) -> Self {
        Self { holidays: holidays.into_iter().collect() }
    }

    /// The IST date of an instant.
    pub fn day_of(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&ist()).date_naive()
    }

    pub fn is_trading_day(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !self.holidays.contains(&date)
    }

    /// The session held on `date`, if it is a trading day.
    pub fn session_on(&self, date: NaiveDate) -> Option<Session> {
        self.is_trading_day(date).then(|| Session {
            date,
            opens_at: ist_instant(date, OPENS),
            closes_at: ist_instant(date, CLOSES),
        })
    }

    /// The session `at` falls in, or `None` while the market is closed.
    pub fn session_at(&self, at: DateTime<Utc>) -> Option<Session> {
        self.session_on(self.day_of(at)).filter(|session| session.contains(at))
    }

    pub fn status_at(&self, at: DateTime<Utc>) -> MarketStatus {
        if self.session_at(at).is_some() { MarketStatus::Open } else { MarketStatus::Closed }
    }

    /// The first session that opens strictly after `at` (tomorrow's, when the market is open
    /// now). Terminates because the holiday list is finite.
    pub fn next_session(&self, at: DateTime<Utc>) -> Session {
        let mut date = self.day_of(at);
        loop {
            if let Some(session) = self.session_on(date).filter(|s| s.opens_at > at) {
                return session;
            }
            date = date.succ_opt().expect("dates this far out are never asked for");
        }
    }

    /// When the market next opens after `at`.
    pub fn next_open(&self, at: DateTime<Utc>) -> DateTime<Utc> {
        self.next_session(at).opens_at
    }

    /// The latest session that had closed by `at` (inclusive: at 15:30 exactly, today's).
    pub fn last_closed_session(&self, at: DateTime<Utc>) -> Session {
        let mut date = self.day_of(at);
        loop {
            if let Some(session) = self.session_on(date).filter(|s| s.closes_at <= at) {
                return session;
            }
            date = date.pred_opt().expect("dates this far back are never asked for");
        }
    }

    /// The trading session before `session`.
    pub fn previous_session(&self, session: &Session) -> Session {
        self.last_closed_session(session.opens_at)
    }

    /// The most recent candle of `interval` that had closed by `at`: during a session the
    /// last full interval since the open; before the first one closes, or while the market
    /// is shut, the last candle of the previous session.
    pub fn last_closed_candle(&self, at: DateTime<Utc>, interval: Interval) -> CandleSlot {
        let step = interval.duration();
        if let Some(session) = self.session_at(at) {
            let closed = (at - session.opens_at).num_minutes() / interval.minutes();
            if closed > 0 {
                let close_time = session.opens_at + step * closed as i32;
                return CandleSlot { open_time: close_time - step, close_time };
            }
        }
        let session = self.last_closed_session(at);
        CandleSlot { open_time: session.closes_at - step, close_time: session.closes_at }
    }

    /// The opening of the earliest session needed to hold the last `count` candles of
    /// `interval` closed by `at`: reading `[lookback_start, at)` yields at least `count`
    /// candles from a complete source, whatever weekends and holidays lie between.
    pub fn lookback_start(&self, at: DateTime<Utc>, interval: Interval, count: usize) -> DateTime<Utc> {
        let last = self.last_closed_candle(at, interval);
        let mut session = self.session_on(self.day_of(last.open_time)).expect("a closed candle lies in a session");
        let mut held = ((last.close_time - session.opens_at).num_minutes() / interval.minutes()) as usize;
        while held < count {
            session = self.previous_session(&session);
            held += session.candle_count(interval) as usize;
        }
        session.opens_at
    }
}

fn ist_instant(date: NaiveDate, (hour, minute): (u32, u32)) -> DateTime<Utc> {
    let time = NaiveTime::from_hms_opt(hour, minute, 0).expect("session times are valid");
    ist().from_local_datetime(&date.and_time(time)).single().expect("a fixed offset has no gaps").to_utc()
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    /// An instant given in IST, as a trader reads it.
    fn ist_at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        ist().with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap().to_utc()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn calendar() -> MarketCalendar {
        MarketCalendar::default()
    }

    #[test]
    fn the_market_is_open_from_0915_ist_on_a_trading_day() {
        // Wednesday 25 November 2026.
        assert_eq!(calendar().status_at(ist_at(2026, 11, 25, 9, 14)), MarketStatus::Closed);
        assert_eq!(calendar().status_at(ist_at(2026, 11, 25, 9, 15)), MarketStatus::Open);
        assert_eq!(calendar().status_at(ist_at(2026, 11, 25, 12, 0)), MarketStatus::Open);
        assert_eq!(ist_at(2026, 11, 25, 9, 15), Utc.with_ymd_and_hms(2026, 11, 25, 3, 45, 0).unwrap());
    }

    #[test]
    fn the_market_is_closed_at_1530_exactly_and_the_last_candle_has_closed() {
        let close = ist_at(2026, 11, 25, 15, 30);
        assert_eq!(calendar().status_at(close - Duration::seconds(1)), MarketStatus::Open);
        assert_eq!(calendar().status_at(close), MarketStatus::Closed);
        let last = calendar().last_closed_candle(close, Interval::FiveMinutes);
        assert_eq!(last, CandleSlot { open_time: ist_at(2026, 11, 25, 15, 25), close_time: close });
        assert_eq!(calendar().last_closed_session(close).date, date(2026, 11, 25));
    }

    #[test]
    fn weekends_are_closed_and_the_next_open_is_monday() {
        let saturday_noon = ist_at(2026, 11, 28, 12, 0);
        assert_eq!(calendar().status_at(saturday_noon), MarketStatus::Closed);
        assert_eq!(calendar().next_open(saturday_noon), ist_at(2026, 11, 30, 9, 15));
        assert!(calendar().session_on(date(2026, 11, 29)).is_none());
    }

    #[test]
    fn a_holiday_is_closed_all_day_and_skipped_by_next_open() {
        // Tuesday 24 November 2026: Guru Nanak Jayanti.
        assert_eq!(calendar().status_at(ist_at(2026, 11, 24, 11, 0)), MarketStatus::Closed);
        assert_eq!(calendar().next_open(ist_at(2026, 11, 23, 16, 0)), ist_at(2026, 11, 25, 9, 15));
        assert_eq!(calendar().last_closed_session(ist_at(2026, 11, 25, 9, 0)).date, date(2026, 11, 23));
    }

    #[test]
    fn a_configured_holiday_list_replaces_the_default() {
        let no_holidays = MarketCalendar::nse(vec![]);
        assert_eq!(no_holidays.status_at(ist_at(2026, 11, 24, 11, 0)), MarketStatus::Open);
        let extra = MarketCalendar::nse(vec![date(2026, 11, 25)]);
        assert_eq!(extra.status_at(ist_at(2026, 11, 25, 11, 0)), MarketStatus::Closed);
    }

    #[test]
    fn the_trading_day_turns_over_at_ist_midnight_not_utc_midnight() {
        // 18:30 UTC on Friday 27 November is 00:00 IST on Saturday.
        let friday_utc = Utc.with_ymd_and_hms(2026, 11, 27, 18, 29, 59).unwrap();
        let saturday_ist = Utc.with_ymd_and_hms(2026, 11, 27, 18, 30, 0).unwrap();
        assert_eq!(calendar().day_of(friday_utc), date(2026, 11, 27));
        assert_eq!(calendar().day_of(saturday_ist), date(2026, 11, 28));
        // 01:00 UTC on Monday 30 November is 06:30 IST: before that day's open.
        let monday_early = Utc.with_ymd_and_hms(2026, 11, 30, 1, 0, 0).unwrap();
        assert_eq!(calendar().next_open(monday_early), ist_at(2026, 11, 30, 9, 15));
        // 20:00 UTC on Sunday 29 November is already Monday 01:30 IST: the next open is
        // that same IST day, a few hours later, not the day after.
        let sunday_utc = Utc.with_ymd_and_hms(2026, 11, 29, 20, 0, 0).unwrap();
        assert_eq!(calendar().next_open(sunday_utc), Utc.with_ymd_and_hms(2026, 11, 30, 3, 45, 0).unwrap());
    }

    #[test]
    fn the_last_closed_candle_during_a_session_is_the_last_full_interval() {
        let at = ist_at(2026, 11, 25, 10, 7);
        let slot = calendar().last_closed_candle(at, Interval::FiveMinutes);
        assert_eq!(
            slot,
            CandleSlot { open_time: ist_at(2026, 11, 25, 10, 0), close_time: ist_at(2026, 11, 25, 10, 5) }
        );
        let on_the_boundary = calendar().last_closed_candle(ist_at(2026, 11, 25, 10, 5), Interval::FiveMinutes);
        assert_eq!(on_the_boundary.close_time, ist_at(2026, 11, 25, 10, 5));
    }

    #[test]
    fn before_the_first_candle_closes_the_last_one_is_the_previous_sessions() {
        let slot = calendar().last_closed_candle(ist_at(2026, 11, 30, 9, 17), Interval::FiveMinutes);
        assert_eq!(slot.close_time, ist_at(2026, 11, 27, 15, 30), "Friday's close, over the weekend");
    }

    #[test]
    fn the_lookback_for_the_latest_candles_reaches_back_over_weekends_and_holidays() {
        let calendar = calendar();
        let monday_0930 = ist_at(2026, 11, 30, 9, 30);
        assert_eq!(calendar.lookback_start(monday_0930, Interval::FiveMinutes, 3), ist_at(2026, 11, 30, 9, 15));
        assert_eq!(calendar.lookback_start(monday_0930, Interval::FiveMinutes, 4), ist_at(2026, 11, 27, 9, 15));
        // Wednesday 25 before the open: Monday 23 closed last, Tuesday 24 was a holiday.
        let wednesday_early = ist_at(2026, 11, 25, 8, 0);
        assert_eq!(calendar.lookback_start(wednesday_early, Interval::FiveMinutes, 75), ist_at(2026, 11, 23, 9, 15));
        assert_eq!(calendar.lookback_start(wednesday_early, Interval::FiveMinutes, 76), ist_at(2026, 11, 20, 9, 15));
    }

    #[test]
    fn the_session_a_time_belongs_to_and_its_candles() {
        let session = calendar().session_at(ist_at(2026, 11, 25, 15, 29)).unwrap();
        assert_eq!(session.date, date(2026, 11, 25));
        assert_eq!(session.candle_count(Interval::FiveMinutes), 75);
        let opens: Vec<_> = session.candle_opens(Interval::FiveMinutes).collect();
        assert_eq!(opens.first(), Some(&ist_at(2026, 11, 25, 9, 15)));
        assert_eq!(opens.last(), Some(&ist_at(2026, 11, 25, 15, 25)));
        assert!(calendar().session_at(ist_at(2026, 11, 25, 15, 30)).is_none());
        assert_eq!(calendar().previous_session(&session).date, date(2026, 11, 23));
    }
}
