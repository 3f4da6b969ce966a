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
mod tests;
