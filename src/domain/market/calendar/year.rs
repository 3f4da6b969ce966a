//! One year of the exchange's calendar, as published: its holidays, its special sessions and
//! where the list comes from.
//!
//! A year is either known (a list someone can point to) or missing; there is no "probably
//! like last year". Dates outside every known year still have weekday sessions, so history
//! and simulations reach back across years, but the market's status there is `Unknown`.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveTime};

/// A session on a day with its own hours (Muhurat trading on Diwali, a Saturday budget
/// session): it replaces the regular 09:15–15:30 session of its date, weekend or not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecialSession {
    pub name: String,
    /// IST.
    pub opens: NaiveTime,
    /// IST, after `opens`.
    pub closes: NaiveTime,
}

/// The holidays and special sessions of one calendar year, and who published them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarYear {
    year: i32,
    source: String,
    holidays: BTreeMap<NaiveDate, String>,
    special_sessions: BTreeMap<NaiveDate, SpecialSession>,
}

impl CalendarYear {
    /// Built by the calendar file parser, which checks every date belongs to `year`.
    pub(super) fn new(
        year: i32,
        source: String,
        holidays: BTreeMap<NaiveDate, String>,
        special_sessions: BTreeMap<NaiveDate, SpecialSession>,
    ) -> Self {
        Self { year, source, holidays, special_sessions }
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    /// Where the list comes from (an exchange circular, an operator's file).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Weekday closures, each with its name.
    pub fn holidays(&self) -> &BTreeMap<NaiveDate, String> {
        &self.holidays
    }

    pub fn special_sessions(&self) -> &BTreeMap<NaiveDate, SpecialSession> {
        &self.special_sessions
    }

    pub(super) fn is_holiday(&self, date: NaiveDate) -> bool {
        self.holidays.contains_key(&date)
    }

    pub(super) fn special_session(&self, date: NaiveDate) -> Option<&SpecialSession> {
        self.special_sessions.get(&date)
    }

    pub(super) fn with_holidays(mut self, holidays: BTreeMap<NaiveDate, String>) -> Self {
        self.holidays = holidays;
        self
    }
}
