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
//!
//! Holidays and special sessions come by year ([`CalendarYear`], read from data files by
//! [`parse_calendar_file`]). A date in a year no file covers still has weekday sessions, so
//! history reaches back across years, but its status is [`MarketStatus::Unknown`]: the
//! calendar never claims the market is open on a day it knows nothing about.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeZone, Timelike, Utc, Weekday};

use super::Interval;
use super::nse_holidays::shipped_years;

mod coverage;
mod file;
mod year;

pub use coverage::MISSING_YEAR_NOTICE_DAYS;
pub use file::{CalendarFileError, CalendarProblem, parse_calendar_file};
pub use year::{CalendarYear, SpecialSession};

/// Asia/Kolkata: UTC+05:30 all year.
pub fn ist() -> FixedOffset {
    FixedOffset::east_opt(5 * 3600 + 30 * 60).expect("+05:30 is a valid offset")
}

/// A regular session's open and close, (hour, minute) IST.
pub const OPENS: (u32, u32) = (9, 15);
pub const CLOSES: (u32, u32) = (15, 30);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarketStatus {
    Open,
    Closed,
    /// The date's year has no calendar: whether the exchange trades is not known.
    Unknown,
}

impl MarketStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MarketStatus::Open => "open",
            MarketStatus::Closed => "closed",
            MarketStatus::Unknown => "unknown",
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

/// Trading days and sessions of the NSE, year by year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarketCalendar {
    years: BTreeMap<i32, CalendarYear>,
}

impl Default for MarketCalendar {
    /// The NSE with the years shipped in the binary.
    fn default() -> Self {
        Self::from_years(shipped_years())
    }
}

impl MarketCalendar {
    /// A calendar that knows exactly `years`.
    pub fn from_years(years: impl IntoIterator<Item = CalendarYear>) -> Self {
        Self { years: BTreeMap::new() }.with_years(years)
    }

    /// This calendar with `years` added, each replacing the same year if it was known.
    pub fn with_years(mut self, years: impl IntoIterator<Item = CalendarYear>) -> Self {
        self.years.extend(years.into_iter().map(|year| (year.year(), year)));
        self
    }

    /// The shipped years with their holidays replaced by `holidays` (IST dates); a year the
    /// list names that is not shipped counts as known, with the list as its holidays.
    pub fn nse(holidays: Vec<NaiveDate>) -> Self {
        let mut by_year: BTreeMap<i32, BTreeMap<NaiveDate, String>> = BTreeMap::new();
        for day in holidays {
            by_year.entry(day.year()).or_default().insert(day, "MARKET_HOLIDAYS".to_owned());
        }
        let mut years: BTreeMap<i32, CalendarYear> = shipped_years().into_iter().map(|y| (y.year(), y)).collect();
        for number in by_year.keys().copied().chain(years.keys().copied()).collect::<BTreeSet<_>>() {
            let listed = by_year.remove(&number).unwrap_or_default();
            let year = years.remove(&number).unwrap_or_else(|| {
                CalendarYear::new(number, "MARKET_HOLIDAYS".to_owned(), BTreeMap::new(), BTreeMap::new())
            });
            years.insert(number, year.with_holidays(listed));
        }
        Self { years }
    }

    /// Whether `year`'s holidays and special sessions are known.
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// The known years, in order.
    pub fn years(&self) -> impl Iterator<Item = &CalendarYear> {
        self.years.values()
    }

    /// The IST date of an instant.
    pub fn day_of(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&ist()).date_naive()
    }

    pub fn is_trading_day(&self, date: NaiveDate) -> bool {
        let year = self.years.get(&date.year());
        if year.is_some_and(|y| y.special_session(date).is_some()) {
            return true;
        }
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !year.is_some_and(|y| y.is_holiday(date))
    }

    /// The session held on `date`, if it is a trading day: its special session's hours when
    /// it has one, else the regular 09:15–15:30.
    pub fn session_on(&self, date: NaiveDate) -> Option<Session> {
        if let Some(special) = self.years.get(&date.year()).and_then(|y| y.special_session(date)) {
            return Some(Session {
                date,
                opens_at: ist_instant(date, (special.opens.hour(), special.opens.minute())),
                closes_at: ist_instant(date, (special.closes.hour(), special.closes.minute())),
            });
        }
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

    /// Open or closed at `at`; `Unknown` when `at`'s IST year has no calendar.
    pub fn status_at(&self, at: DateTime<Utc>) -> MarketStatus {
        if !self.covers(self.day_of(at).year()) {
            MarketStatus::Unknown
        } else if self.session_at(at).is_some() {
            MarketStatus::Open
        } else {
            MarketStatus::Closed
        }
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
mod tests;
