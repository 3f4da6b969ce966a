//! The calendar's data file: years of holidays and special sessions in TOML, checked strictly.
//!
//! The same format serves the years shipped with the binary and the operator's
//! `MARKET_CALENDAR_FILE`, so a year can be added before a release ships it:
//!
//! ```toml
//! [[year]]
//! year = 2026
//! source = "NSE circular: trading holidays for the calendar year 2026"
//! holidays = [
//!   { date = "2026-01-26", name = "Republic Day" },
//! ]
//! special_sessions = [
//!   { date = "2026-11-08", opens = "18:00", closes = "19:00", name = "Muhurat trading" },
//! ]
//! ```
//!
//! Dates are `YYYY-MM-DD`, times `HH:MM` IST. Holidays are weekday closures only (a holiday on
//! a weekend closes nothing); a special session replaces its day's regular session. Every
//! problem names its line, because a wrong holiday list is a market open on the wrong day.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use serde::Deserialize;
use toml::Spanned;

use super::year::{CalendarYear, SpecialSession};

/// What is wrong with a calendar file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarProblem {
    #[error("not a calendar file: {0}")]
    Syntax(String),
    #[error("the file lists no [[year]]")]
    NoYears,
    #[error("year {0} is out of range (2000–2200)")]
    YearOutOfRange(i32),
    #[error("year {0} is listed twice")]
    DuplicateYear(i32),
    #[error("`source` is empty: say where the year's list comes from")]
    NoSource,
    #[error("{0:?} is not a YYYY-MM-DD date")]
    BadDate(String),
    #[error("{date} is not in {year}")]
    WrongYear { date: NaiveDate, year: i32 },
    #[error("{0} is a {1}: list only weekday closures")]
    WeekendHoliday(NaiveDate, Weekday),
    #[error("{0} is listed twice")]
    DuplicateDate(NaiveDate),
    #[error("{0:?} is not an HH:MM time")]
    BadTime(String),
    #[error("the session closes at {closes} but opens at {opens}")]
    ClosesBeforeOpening { opens: NaiveTime, closes: NaiveTime },
}

/// A problem and the line it is on (1-based).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct CalendarFileError {
    pub line: usize,
    pub problem: CalendarProblem,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    year: Vec<YearEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YearEntry {
    year: Spanned<i32>,
    source: Spanned<String>,
    #[serde(default)]
    holidays: Vec<HolidayEntry>,
    #[serde(default)]
    special_sessions: Vec<SessionEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayEntry {
    date: Spanned<String>,
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SessionEntry {
    date: Spanned<String>,
    opens: Spanned<String>,
    closes: Spanned<String>,
    name: String,
}

/// The years in `text`, in file order.
///
/// # Errors
/// [`CalendarFileError`] naming the line of the first problem: TOML that does not parse or
/// has unknown keys, a year without a source or listed twice, a date that is malformed, in
/// another year, a weekend holiday or listed twice, a session that does not close after it
/// opens.
pub fn parse_calendar_file(text: &str) -> Result<Vec<CalendarYear>, CalendarFileError> {
    let at = |start: usize, problem| CalendarFileError { line: line_of(text, start), problem };
    let file: File = toml::from_str(text).map_err(|err| {
        let start = err.span().map_or(0, |span| span.start);
        let message = err.message().to_owned();
        at(start, CalendarProblem::Syntax(message))
    })?;
    if file.year.is_empty() {
        return Err(at(0, CalendarProblem::NoYears));
    }
    let mut years: Vec<CalendarYear> = Vec::new();
    for entry in file.year {
        let year = *entry.year.get_ref();
        if !(2000..=2200).contains(&year) {
            return Err(at(entry.year.span().start, CalendarProblem::YearOutOfRange(year)));
        }
        if years.iter().any(|known| known.year() == year) {
            return Err(at(entry.year.span().start, CalendarProblem::DuplicateYear(year)));
        }
        if entry.source.get_ref().trim().is_empty() {
            return Err(at(entry.source.span().start, CalendarProblem::NoSource));
        }
        let mut holidays = BTreeMap::new();
        for holiday in entry.holidays {
            let date = date_in(text, &holiday.date, year)?;
            if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
                return Err(at(holiday.date.span().start, CalendarProblem::WeekendHoliday(date, date.weekday())));
            }
            if holidays.insert(date, holiday.name).is_some() {
                return Err(at(holiday.date.span().start, CalendarProblem::DuplicateDate(date)));
            }
        }
        let mut sessions = BTreeMap::new();
        for session in entry.special_sessions {
            let date = date_in(text, &session.date, year)?;
            let (opens, closes) = (time(text, &session.opens)?, time(text, &session.closes)?);
            if closes <= opens {
                return Err(at(session.closes.span().start, CalendarProblem::ClosesBeforeOpening { opens, closes }));
            }
            if holidays.contains_key(&date) || sessions.contains_key(&date) {
                return Err(at(session.date.span().start, CalendarProblem::DuplicateDate(date)));
            }
            sessions.insert(date, SpecialSession { name: session.name, opens, closes });
        }
        years.push(CalendarYear::new(year, entry.source.into_inner().trim().to_owned(), holidays, sessions));
    }
    Ok(years)
}

fn date_in(text: &str, raw: &Spanned<String>, year: i32) -> Result<NaiveDate, CalendarFileError> {
    let line = line_of(text, raw.span().start);
    let date = NaiveDate::parse_from_str(raw.get_ref(), "%Y-%m-%d")
        .map_err(|_| CalendarFileError { line, problem: CalendarProblem::BadDate(raw.get_ref().clone()) })?;
    if date.year() == year {
        Ok(date)
    } else {
        Err(CalendarFileError { line, problem: CalendarProblem::WrongYear { date, year } })
    }
}

fn time(text: &str, raw: &Spanned<String>) -> Result<NaiveTime, CalendarFileError> {
    NaiveTime::parse_from_str(raw.get_ref(), "%H:%M").map_err(|_| CalendarFileError {
        line: line_of(text, raw.span().start),
        problem: CalendarProblem::BadTime(raw.get_ref().clone()),
    })
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> Result<Vec<CalendarYear>, CalendarFileError> {
        parse_calendar_file(body)
    }

    fn problem(body: &str) -> (usize, CalendarProblem) {
        let err = parse(body).unwrap_err();
        (err.line, err.problem)
    }

    const HEAD: &str = "[[year]]\nyear = 2027\nsource = \"an operator's copy of the exchange circular\"\n";

    #[test]
    fn a_year_with_holidays_and_a_special_session_is_read() {
        let years = parse(&format!(
            "{HEAD}holidays = [\n  {{ date = \"2027-01-26\", name = \"Republic Day\" }},\n]\n\
             special_sessions = [\n  {{ date = \"2027-10-30\", opens = \"18:00\", closes = \"19:00\", name = \"Muhurat\" }},\n]\n"
        ))
        .unwrap();
        assert_eq!(years.len(), 1);
        let year = &years[0];
        assert_eq!((year.year(), year.source()), (2027, "an operator's copy of the exchange circular"));
        let republic_day = NaiveDate::from_ymd_opt(2027, 1, 26).unwrap();
        assert_eq!(year.holidays().get(&republic_day).map(String::as_str), Some("Republic Day"));
        let muhurat = &year.special_sessions()[&NaiveDate::from_ymd_opt(2027, 10, 30).unwrap()];
        assert_eq!((muhurat.opens.to_string(), muhurat.closes.to_string()), ("18:00:00".into(), "19:00:00".into()));
    }

    #[test]
    fn each_problem_names_its_line() {
        let holiday = |date: &str| format!("{HEAD}holidays = [\n  {{ date = \"{date}\", name = \"x\" }},\n]\n");
        assert_eq!(problem(&holiday("26/01/2027")), (5, CalendarProblem::BadDate("26/01/2027".into())));
        let date = NaiveDate::from_ymd_opt(2026, 1, 26).unwrap();
        assert_eq!(problem(&holiday("2026-01-26")), (5, CalendarProblem::WrongYear { date, year: 2027 }));
        let saturday = NaiveDate::from_ymd_opt(2027, 1, 30).unwrap();
        assert_eq!(problem(&holiday("2027-01-30")), (5, CalendarProblem::WeekendHoliday(saturday, Weekday::Sat)));
        let twice = format!(
            "{HEAD}holidays = [\n  {{ date = \"2027-01-26\", name = \"a\" }},\n  {{ date = \"2027-01-26\", name = \"b\" }},\n]\n"
        );
        assert_eq!(problem(&twice), (6, CalendarProblem::DuplicateDate(NaiveDate::from_ymd_opt(2027, 1, 26).unwrap())));
        let backwards = format!(
            "{HEAD}special_sessions = [\n  {{ date = \"2027-10-30\", opens = \"19:00\", closes = \"18:00\", name = \"m\" }},\n]\n"
        );
        assert!(matches!(problem(&backwards), (5, CalendarProblem::ClosesBeforeOpening { .. })));
        let bad_time = format!(
            "{HEAD}special_sessions = [\n  {{ date = \"2027-10-30\", opens = \"6pm\", closes = \"19:00\", name = \"m\" }},\n]\n"
        );
        assert_eq!(problem(&bad_time), (5, CalendarProblem::BadTime("6pm".into())));
    }

    #[test]
    fn a_year_needs_a_source_once_and_the_file_needs_a_year() {
        let (line, no_source) = problem("[[year]]\nyear = 2027\nsource = \" \"\n");
        assert_eq!((line, no_source), (3, CalendarProblem::NoSource));
        let twice = format!("{HEAD}{HEAD}");
        assert_eq!(problem(&twice), (5, CalendarProblem::DuplicateYear(2027)));
        assert_eq!(problem("# nothing here\n"), (1, CalendarProblem::NoYears));
        let (line, missing) = problem("[[year]]\nyear = 2027\n");
        assert!(matches!(missing, CalendarProblem::Syntax(ref m) if m.contains("source")), "{missing:?} on {line}");
    }

    #[test]
    fn misspelt_keys_and_broken_toml_are_refused_at_their_line() {
        let (line, typo) = problem(&format!("{HEAD}holiday = []\n"));
        assert_eq!(line, 4, "the misspelt key's own line");
        assert!(matches!(typo, CalendarProblem::Syntax(ref m) if m.contains("holiday")), "{typo:?}");
        let (line, broken) = problem(&format!("{HEAD}holidays = [\n  {{ date = 2027-01-26 }}}}\n"));
        assert_eq!(line, 5, "{broken:?}");
    }
}
