//! The NSE calendar years shipped with the binary, one data file per year under
//! `calendar/years/`, each naming where its list comes from.
//!
//! Only years with a published list are shipped: the exchange publishes a year's holidays in
//! the December before it, and a guessed date would open or close the market on the wrong
//! day. A year that is not shipped comes from the operator's `MARKET_CALENDAR_FILE`; until
//! then the market's status in that year is `Unknown`.

use super::calendar::{CalendarYear, parse_calendar_file};

/// `(file name, contents)` of every shipped year.
const SHIPPED: &[(&str, &str)] = &[("nse_2026.toml", include_str!("calendar/years/nse_2026.toml"))];

/// Every shipped year, parsed.
pub fn shipped_years() -> Vec<CalendarYear> {
    SHIPPED
        .iter()
        .flat_map(|(name, text)| {
            parse_calendar_file(text).unwrap_or_else(|err| panic!("the shipped calendar {name} is invalid: {err}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::{Datelike, NaiveDate};

    use super::*;

    #[test]
    fn the_shipped_2026_list_has_its_sixteen_weekday_closures_and_names_its_source() {
        let years = shipped_years();
        let year = years.iter().find(|y| y.year() == 2026).expect("2026 is shipped");
        assert_eq!(year.holidays().len(), 16);
        assert!(year.source().contains("NSE circular"), "{}", year.source());
        assert!(year.holidays().keys().all(|day| day.year() == 2026 && day.weekday().num_days_from_monday() < 5));
        assert!(year.holidays().contains_key(&NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()));
    }

    #[test]
    fn only_sourced_years_are_shipped() {
        let shipped: Vec<i32> = shipped_years().iter().map(CalendarYear::year).collect();
        assert_eq!(shipped, vec![2026], "add a year only with its exchange circular named as its source");
    }
}
