//! Historical candles from a CSV file, checked row by row before anything is stored.
//!
//! The format (one header line, then one candle per line, comma-separated, no quoting):
//!
//! ```text
//! symbol,interval,open_time,open,high,low,close,volume
//! NIFTY,5m,2026-11-27T09:15:00+05:30,26010.5,26031.2,25998.0,26020.35,
//! BANKNIFTY,5m,2026-11-27T03:45:00Z,59010,59080.5,58990,59050.25,1200
//! ```
//!
//! - `symbol`: `NIFTY` or `BANKNIFTY`; `interval`: `1m`, `5m` or `15m`;
//! - `open_time`: RFC 3339 with an explicit offset (`Z` or `+05:30`), the candle's start,
//!   which must fall on an interval boundary inside an NSE session of the configured calendar;
//! - `open,high,low,close`: index points; `volume`: a number, or empty (indices have none).
//!
//! Every bad row is reported with its line number (1 is the header), not just the first,
//! so a file is fixed in one pass; a file with any bad row imports nothing.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::domain::market::{Candle, CandleError, Interval, MarketCalendar};
use crate::domain::signals::Symbol;

pub const CSV_HEADER: &str = "symbol,interval,open_time,open,high,low,close,volume";
/// Reported problems stop here: past this the file is wrong in a way one message explains.
const MAX_REPORTED: usize = 20;

/// What is wrong with one line.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CsvProblem {
    #[error("the header must be `{CSV_HEADER}`")]
    BadHeader,
    #[error("expected 8 comma-separated fields, found {0}")]
    FieldCount(usize),
    #[error("unknown symbol {0:?} (expected NIFTY or BANKNIFTY)")]
    UnknownSymbol(String),
    #[error("unknown interval {0:?} (expected 1m, 5m or 15m)")]
    UnknownInterval(String),
    #[error("open_time {0:?} is not an RFC 3339 time with an offset")]
    BadTime(String),
    #[error("{field} {value:?} is not a number")]
    BadNumber { field: &'static str, value: String },
    #[error("not a valid candle: {0}")]
    BadCandle(#[from] CandleError),
    #[error("open_time is not the start of a {0} candle inside an NSE session")]
    OutsideSession(Interval),
    #[error("the same candle as line {0}")]
    Duplicate(usize),
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct CsvError {
    pub line: usize,
    pub problem: CsvProblem,
}

/// The rows that failed, in file order (at most the first 20).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{} bad line(s) in the candle file; first: {}", .errors.len(), .errors[0])]
pub struct CsvImportError {
    pub errors: Vec<CsvError>,
}

/// Parses a whole file. Blank lines are skipped; a leading byte-order mark and `\r\n` line
/// ends are accepted.
///
/// # Errors
/// [`CsvImportError`] listing each bad line when any line is bad, the header included.
pub fn parse_candles_csv(text: &str, calendar: &MarketCalendar) -> Result<Vec<Candle>, CsvImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines().enumerate().map(|(i, line)| (i + 1, line.trim()));
    let mut errors = Vec::new();
    match lines.next() {
        Some((_, header)) if header.replace(' ', "") == CSV_HEADER => {}
        _ => errors.push(CsvError { line: 1, problem: CsvProblem::BadHeader }),
    }
    let mut candles = Vec::new();
    let mut seen: HashMap<(Symbol, Interval, DateTime<Utc>), usize> = HashMap::new();
    for (line, row) in lines.filter(|(_, row)| !row.is_empty()) {
        let parsed = parse_row(row, calendar).and_then(|candle| {
            let key = (candle.symbol(), candle.interval(), candle.open_time());
            match seen.insert(key, line) {
                Some(first) => Err(CsvProblem::Duplicate(first)),
                None => Ok(candle),
            }
        });
        match parsed {
            Ok(candle) => candles.push(candle),
            Err(problem) => errors.push(CsvError { line, problem }),
        }
        if errors.len() >= MAX_REPORTED {
            break;
        }
    }
    if errors.is_empty() { Ok(candles) } else { Err(CsvImportError { errors }) }
}

fn parse_row(row: &str, calendar: &MarketCalendar) -> Result<Candle, CsvProblem> {
    let fields: Vec<&str> = row.split(',').map(str::trim).collect();
    let [symbol, interval, open_time, open, high, low, close, volume] = fields[..] else {
        return Err(CsvProblem::FieldCount(fields.len()));
    };
    let symbol = Symbol::parse(symbol).ok_or_else(|| CsvProblem::UnknownSymbol(symbol.to_owned()))?;
    let interval = Interval::parse(interval).ok_or_else(|| CsvProblem::UnknownInterval(interval.to_owned()))?;
    let open_time =
        DateTime::parse_from_rfc3339(open_time).map_err(|_| CsvProblem::BadTime(open_time.to_owned()))?.to_utc();
    let volume = if volume.is_empty() { None } else { Some(number("volume", volume)?) };
    let candle = Candle::new(
        symbol,
        interval,
        open_time,
        number("open", open)?,
        number("high", high)?,
        number("low", low)?,
        number("close", close)?,
        volume,
    )?;
    let in_session = calendar
        .session_at(open_time)
        .is_some_and(|session| (open_time - session.opens_at).num_seconds() % (interval.minutes() * 60) == 0);
    if in_session { Ok(candle) } else { Err(CsvProblem::OutsideSession(interval)) }
}

fn number(field: &'static str, raw: &str) -> Result<f64, CsvProblem> {
    raw.parse::<f64>().map_err(|_| CsvProblem::BadNumber { field, value: raw.to_owned() })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn parse(body: &str) -> Result<Vec<Candle>, CsvImportError> {
        parse_candles_csv(&format!("{CSV_HEADER}\n{body}"), &MarketCalendar::default())
    }

    fn problems(body: &str) -> Vec<(usize, CsvProblem)> {
        parse(body).unwrap_err().errors.into_iter().map(|e| (e.line, e.problem)).collect()
    }

    #[test]
    fn a_well_formed_file_gives_its_candles_in_utc() {
        let candles = parse(
            "NIFTY,5m,2026-11-27T09:15:00+05:30,26010.5,26031.2,25998.0,26020.35,\r\n\
             \n\
             BANKNIFTY,15m,2026-11-27T03:45:00Z,59010,59080.5,58990,59050.25,1200\n",
        )
        .unwrap();
        assert_eq!(candles.len(), 2);
        assert_eq!(candles[0].open_time(), Utc.with_ymd_and_hms(2026, 11, 27, 3, 45, 0).unwrap());
        assert_eq!(candles[0].volume(), None);
        assert_eq!(candles[1].symbol(), Symbol::BankNifty);
        assert_eq!(candles[1].interval(), Interval::FifteenMinutes);
        assert_eq!(candles[1].volume(), Some(1200.0));
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line_number() {
        let found = problems(
            "NIFTY,5m,2026-11-27T09:15:00+05:30,1,2,1,2,\n\
             SENSEX,5m,2026-11-27T09:20:00+05:30,1,2,1,2,\n\
             NIFTY,1h,2026-11-27T09:20:00+05:30,1,2,1,2,\n\
             NIFTY,5m,27/11/2026 09:20,1,2,1,2,\n\
             NIFTY,5m,2026-11-27T09:20:00+05:30,1,two,1,2,\n\
             NIFTY,5m,2026-11-27T09:20:00+05:30,1,2,1\n\
             NIFTY,5m,2026-11-27T09:20:00+05:30,3,2,1,2,\n",
        );
        assert_eq!(
            found,
            vec![
                (3, CsvProblem::UnknownSymbol("SENSEX".into())),
                (4, CsvProblem::UnknownInterval("1h".into())),
                (5, CsvProblem::BadTime("27/11/2026 09:20".into())),
                (6, CsvProblem::BadNumber { field: "high", value: "two".into() }),
                (7, CsvProblem::FieldCount(6)),
                (8, CsvProblem::BadCandle(CandleError::Inconsistent)),
            ]
        );
    }

    #[test]
    fn candles_outside_sessions_or_off_the_interval_grid_are_refused() {
        let found = problems(
            "NIFTY,5m,2026-11-28T10:00:00+05:30,1,2,1,2,\n\
             NIFTY,5m,2026-11-27T15:30:00+05:30,1,2,1,2,\n\
             NIFTY,5m,2026-11-27T09:17:00+05:30,1,2,1,2,\n\
             NIFTY,5m,2026-11-24T10:00:00+05:30,1,2,1,2,\n",
        );
        let lines: Vec<usize> = found.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, vec![2, 3, 4, 5], "Saturday, at the close, off the grid, a holiday");
        assert!(found.iter().all(|(_, p)| *p == CsvProblem::OutsideSession(Interval::FiveMinutes)));
    }

    #[test]
    fn a_repeated_candle_names_the_line_it_repeats() {
        let found = problems(
            "NIFTY,5m,2026-11-27T09:15:00+05:30,1,2,1,2,\n\
             NIFTY,5m,2026-11-27T03:45:00Z,1,2,1,2,\n",
        );
        assert_eq!(found, vec![(3, CsvProblem::Duplicate(2))]);
    }

    #[test]
    fn a_wrong_header_is_line_one_and_the_message_shows_the_expected_one() {
        let err = parse_candles_csv("date,open,close\n", &MarketCalendar::default()).unwrap_err();
        assert_eq!(err.errors, vec![CsvError { line: 1, problem: CsvProblem::BadHeader }]);
        assert!(err.to_string().contains(CSV_HEADER), "{err}");
        assert!(parse_candles_csv("", &MarketCalendar::default()).is_err(), "an empty file has no header");
    }
}
