//! A call lives within its session: none opens in the last half hour, and every one ends by
//! the session's close, even when the feed stops early, and is never judged on the next
//! session's candles. Shown on hand-made markets, then over weeks of a simulated one.

use chrono::NaiveDate;

use super::book_feed::{B, Feed, candle, quiet, slot};
use super::sim::market;
use super::*;
use crate::domain::market::MarketCalendar;
use crate::domain::signals::Symbol;

#[test]
fn a_call_ends_with_its_session_and_is_never_judged_on_the_next_sessions_candles() {
    let mut feed = Feed::new(CostBps::DEFAULT);
    feed.warm(25, 50);
    feed.push(quiet(slot(25, 64)), B);
    for k in 65..74 {
        feed.push(quiet(slot(25, k)), B);
    }
    let at_the_close = feed.push(quiet(slot(25, 74)), B);
    assert!(matches!(&at_the_close[..], [CallEvent::Closed(_)]), "closed by the 15:30 candle itself: {at_the_close:?}");
    // The next morning opens far above the target.
    assert_eq!(feed.push(candle(slot(26, 0), 105.0, 106.0, 104.0, 105.5), B), vec![]);
    let closed = feed.closed();
    assert_eq!(closed.len(), 1);
    let exit = closed[0].exit.unwrap();
    assert_eq!((exit.reason, exit.price, exit.closed_at), (ExitReason::SessionEnd, 100.0, slot(25, 75)));
    assert_eq!(
        slot(25, 75),
        MarketCalendar::default().session_on(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()).unwrap().closes_at
    );
}

#[test]
fn a_session_whose_last_candles_never_came_still_ends_its_call_at_its_own_last_close() {
    let mut feed = Feed::new(CostBps::DEFAULT);
    feed.warm(25, 40);
    feed.push(quiet(slot(25, 54)), B);
    feed.push(candle(slot(25, 55), 100.0, 100.5, 99.5, 100.4), B);
    // The feed stops at 14:00 IST; the next candle is the next morning's, far above the target.
    let events = feed.push(candle(slot(26, 0), 103.0, 106.0, 103.0, 105.0), B);
    let [CallEvent::Closed(call)] = &events[..] else { panic!("{events:?}") };
    assert_eq!(call.exit, Some(Exit { closed_at: slot(25, 56), price: 100.4, reason: ExitReason::SessionEnd }));
}

#[test]
fn a_stance_change_exactly_thirty_minutes_before_the_close_opens_no_call_and_one_five_minutes_earlier_does() {
    let mut at_the_line = Feed::new(CostBps::DEFAULT);
    at_the_line.warm(25, 50);
    // Slot 68 closes at 15:00 IST: exactly the half hour before the 15:30 close.
    at_the_line.push(quiet(slot(25, 68)), B);
    assert!(at_the_line.opened().is_empty(), "no entry with thirty minutes or less left");

    let mut before_the_line = Feed::new(CostBps::DEFAULT);
    before_the_line.warm(25, 49);
    before_the_line.push(quiet(slot(25, 67)), B);
    assert_eq!(before_the_line.opened().len(), 1, "closing at 14:55 IST, thirty-five minutes before the close");
}

#[test]
fn over_weeks_of_market_no_call_opens_in_a_sessions_last_half_hour_or_outlives_its_session() {
    let calendar = MarketCalendar::default();
    for (symbol, seed) in [(Symbol::Nifty, 21), (Symbol::BankNifty, 22)] {
        let candles = market(symbol, seed, 20);
        let calls = run_calls(symbol, &candles, &calendar, CostBps::DEFAULT, &[]).unwrap();
        assert!(calls.len() > 50, "{} calls", calls.len());
        for call in &calls {
            let day = calendar.day_of(call.opened_at);
            let session = calendar.session_on(day).expect("calls open in sessions");
            assert!(session.closes_at - call.opened_at > NO_ENTRY_BEFORE_CLOSE, "{call:?}");
            let exit = call.exit.expect("the candles end after a session's close, so every call has ended");
            assert!(exit.closed_at <= session.closes_at, "never carried overnight: {call:?}");
            assert_eq!(calendar.day_of(exit.closed_at), day, "closed the day it opened: {call:?}");
        }
    }
}
