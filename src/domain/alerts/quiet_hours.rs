//! Quiet hours: a daily window, in IST, during which a user's alerts wait.
//!
//! `from == to` is refused (it would mean either "never" or "always"); `from > to` crosses
//! midnight (22:00–07:00). Times are "HH:MM", minute precision, as the dashboard shows them.

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Timelike, Utc};

use crate::domain::market::calendar::ist;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuietHours {
    from: NaiveTime,
    to: NaiveTime,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QuietHoursError {
    #[error("quiet_hours times must be \"HH:MM\" (00:00 to 23:59)")]
    BadTime,
    #[error("quiet_hours.from and quiet_hours.to must differ")]
    Empty,
}

fn parse_time(raw: &str) -> Result<NaiveTime, QuietHoursError> {
    let bytes = raw.as_bytes();
    if bytes.len() != 5 || bytes[2] != b':' {
        return Err(QuietHoursError::BadTime);
    }
    NaiveTime::parse_from_str(raw, "%H:%M").map_err(|_| QuietHoursError::BadTime)
}

impl QuietHours {
    /// # Errors
    /// [`QuietHoursError`] for a time that is not "HH:MM" or an empty window.
    pub fn parse(from: &str, to: &str) -> Result<Self, QuietHoursError> {
        let (from, to) = (parse_time(from)?, parse_time(to)?);
        if from == to {
            return Err(QuietHoursError::Empty);
        }
        Ok(Self { from, to })
    }

    pub fn from_text(&self) -> String {
        format!("{:02}:{:02}", self.from.hour(), self.from.minute())
    }

    pub fn to_text(&self) -> String {
        format!("{:02}:{:02}", self.to.hour(), self.to.minute())
    }

    fn contains_time(&self, time: NaiveTime) -> bool {
        if self.from < self.to { self.from <= time && time < self.to } else { time >= self.from || time < self.to }
    }

    /// When the quiet window holding `at` ends; `None` when `at` is outside it.
    pub fn ends_after(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let local = at.with_timezone(&ist());
        if !self.contains_time(local.time()) {
            return None;
        }
        let mut day = local.date_naive();
        if local.time() >= self.to {
            day += Duration::days(1);
        }
        let end = ist().from_local_datetime(&day.and_time(self.to)).single()?;
        Some(end.with_timezone(&Utc))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(ist_text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&format!("{ist_text}+05:30")).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_window_across_midnight_holds_until_the_next_morning() {
        let quiet = QuietHours::parse("22:00", "07:00").unwrap();
        assert_eq!(quiet.ends_after(utc("2026-12-03T23:30:00")), Some(utc("2026-12-04T07:00:00")));
        assert_eq!(quiet.ends_after(utc("2026-12-04T06:59:00")), Some(utc("2026-12-04T07:00:00")));
        assert_eq!(quiet.ends_after(utc("2026-12-04T07:00:00")), None);
        assert_eq!(quiet.ends_after(utc("2026-12-04T12:00:00")), None);
    }

    #[test]
    fn a_window_within_the_day_ends_the_same_day() {
        let quiet = QuietHours::parse("12:00", "14:30").unwrap();
        assert_eq!(quiet.ends_after(utc("2026-12-03T13:00:00")), Some(utc("2026-12-03T14:30:00")));
        assert_eq!(quiet.ends_after(utc("2026-12-03T11:59:00")), None);
    }

    #[test]
    fn bad_times_and_empty_windows_are_refused() {
        assert_eq!(QuietHours::parse("7:00", "08:00"), Err(QuietHoursError::BadTime));
        assert_eq!(QuietHours::parse("24:00", "08:00"), Err(QuietHoursError::BadTime));
        assert_eq!(QuietHours::parse("07:00", "07:00"), Err(QuietHoursError::Empty));
        assert_eq!(QuietHours::parse("07:00", "08:00").unwrap().from_text(), "07:00");
    }
}
