//! The NSE calendar's sessions, candles and lookbacks, checked against real 2026 dates.

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
    assert_eq!(slot, CandleSlot { open_time: ist_at(2026, 11, 25, 10, 0), close_time: ist_at(2026, 11, 25, 10, 5) });
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

fn operator_year(body: &str) -> Vec<CalendarYear> {
    parse_calendar_file(&format!("[[year]]\nyear = 2027\nsource = \"operator\"\n{body}")).unwrap()
}

#[test]
fn in_a_year_without_a_calendar_the_status_is_unknown_not_open() {
    // Republic Day 2027, a Tuesday: the shipped calendar knows nothing of 2027.
    let republic_day = ist_at(2027, 1, 26, 11, 0);
    assert_eq!(calendar().status_at(republic_day), MarketStatus::Unknown);
    assert_eq!(calendar().moment_at(republic_day, Interval::FiveMinutes).status, MarketStatus::Unknown);
    assert_eq!(calendar().status_at(ist_at(2026, 12, 31, 11, 0)), MarketStatus::Open, "2026 is still known");
}

#[test]
fn an_operator_year_adds_holidays_and_special_sessions_with_their_own_hours() {
    let calendar = calendar().with_years(operator_year(
        "holidays = [{ date = \"2027-01-26\", name = \"Republic Day\" }]\n\
         special_sessions = [{ date = \"2027-02-06\", opens = \"10:00\", closes = \"12:00\", name = \"Budget\" }]\n",
    ));
    assert!(calendar.covers(2027) && calendar.covers(2026));
    assert_eq!(calendar.status_at(ist_at(2027, 1, 26, 11, 0)), MarketStatus::Closed);
    assert_eq!(calendar.status_at(ist_at(2027, 1, 27, 11, 0)), MarketStatus::Open);
    // Saturday 6 February 2027: open 10:00–12:00 only.
    assert_eq!(calendar.status_at(ist_at(2027, 2, 6, 9, 30)), MarketStatus::Closed);
    assert_eq!(calendar.status_at(ist_at(2027, 2, 6, 11, 0)), MarketStatus::Open);
    let budget = calendar.session_on(date(2027, 2, 6)).unwrap();
    assert_eq!((budget.opens_at, budget.closes_at), (ist_at(2027, 2, 6, 10, 0), ist_at(2027, 2, 6, 12, 0)));
    assert_eq!(budget.candle_count(Interval::FiveMinutes), 24);
    assert_eq!(calendar.next_open(ist_at(2027, 2, 5, 16, 0)), ist_at(2027, 2, 6, 10, 0));
}

#[test]
fn an_operator_year_replaces_a_shipped_one() {
    let replaced =
        calendar().with_years(parse_calendar_file("[[year]]\nyear = 2026\nsource = \"operator\"\n").unwrap());
    assert_eq!(replaced.status_at(ist_at(2026, 11, 24, 11, 0)), MarketStatus::Open, "no holidays any more");
    assert_eq!(replaced.years().map(|y| y.source()).collect::<Vec<_>>(), ["operator"]);
}
