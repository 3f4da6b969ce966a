//! The call book's rules for opening and closing a call, each shown by the smallest market
//! that needs it. How a call meets the end of its session is in `book_session_tests`; the
//! proof that the backtest and the live feed are one machine is in `backtest_tests`.

use super::book_feed::{B, Feed, H, S, candle, quiet, slot};
use super::*;
use crate::domain::market::{Candle, Interval};
use crate::domain::signals::Symbol;

#[test]
fn a_twelve_candle_up_trend_is_one_call_not_twelve_even_after_its_target_is_reached() {
    let mut feed = Feed::new(CostBps::DEFAULT);
    feed.warm(25, 0);
    for k in 14..20 {
        feed.push(quiet(slot(25, k)), B);
    }
    // The trend reaches the target and carries on, still BUY, for six more candles.
    feed.push(candle(slot(25, 20), 100.0, 102.5, 99.9, 102.4), B);
    for k in 21..26 {
        feed.push(candle(slot(25, k), 102.4, 103.0, 102.0, 102.5), B);
    }
    let opened = feed.opened();
    assert_eq!(opened.len(), 1, "{opened:?}");
    let call = opened[0];
    assert_eq!((call.direction, call.entry, call.stop_loss, call.target), (Direction::Long, 100.0, 98.5, 102.0));
    assert_eq!(call.opened_at, slot(25, 15), "the close of the first BUY candle");
    assert_eq!(call.id.as_str(), "NIFTY-202611250500");
    let closed = feed.closed();
    assert_eq!(closed.len(), 1);
    assert_eq!(closed[0].exit, Some(Exit { closed_at: slot(25, 21), price: 102.0, reason: ExitReason::Target }));
    assert_eq!(feed.book.stance(), Some((B, Some(slot(25, 15)))), "still the same BUY stance");
}

#[test]
fn leaving_the_side_for_hold_ends_the_call_at_the_close() {
    let mut feed = Feed::new(CostBps::DEFAULT);
    feed.warm(25, 0);
    feed.push(quiet(slot(25, 14)), B);
    feed.push(candle(slot(25, 15), 100.0, 100.5, 99.5, 100.25), H);
    let closed = feed.closed();
    assert_eq!(closed.len(), 1);
    assert_eq!(closed[0].exit, Some(Exit { closed_at: slot(25, 16), price: 100.25, reason: ExitReason::Reversed }));
    assert_eq!(feed.book.stance(), Some((H, Some(slot(25, 16)))));
    assert_eq!(feed.book.open_call(), None);
}

#[test]
fn a_reversal_closes_the_call_and_opens_the_other_side_on_the_same_close() {
    let mut feed = Feed::new(CostBps::DEFAULT);
    feed.warm(25, 0);
    feed.push(quiet(slot(25, 14)), B);
    let events = feed.push(candle(slot(25, 15), 100.0, 100.5, 99.0, 99.5), S);
    assert!(matches!(&events[..], [CallEvent::Closed(long), CallEvent::Opened(short)]
        if long.direction == Direction::Long && short.direction == Direction::Short && short.entry == 99.5));
}

#[test]
fn when_one_candle_reaches_both_the_stop_and_the_target_the_stop_counts() {
    let mut feed = Feed::new(CostBps::DEFAULT);
    feed.warm(25, 0);
    feed.push(quiet(slot(25, 14)), B);
    feed.push(candle(slot(25, 15), 100.0, 103.0, 98.0, 101.0), B);
    let exit = feed.closed()[0].exit.unwrap();
    assert_eq!((exit.reason, exit.price), (ExitReason::Stop, 98.5));
}

#[test]
fn every_result_is_judged_net_of_the_round_trip_cost() {
    let mut feed = Feed::new(CostBps::parse(7.0).unwrap());
    feed.warm(25, 0);
    feed.push(quiet(slot(25, 14)), B);
    feed.push(candle(slot(25, 15), 100.0, 102.5, 99.8, 102.2), B);
    let call = feed.closed()[0];
    assert_eq!(call.exit.unwrap().reason, ExitReason::Target);
    assert!((call.result_pct().unwrap() - 2.0).abs() < 1e-9, "entry 100, target 102");
    assert!((call.result_pct_net().unwrap() - 1.93).abs() < 1e-9, "{:?}", call.result_pct_net());
}

#[test]
fn no_call_opens_without_fourteen_candles_of_volatility_or_in_the_last_half_hour() {
    let mut feed = Feed::new(CostBps::DEFAULT);
    for k in 0..13 {
        feed.push(quiet(slot(25, k)), if k % 2 == 0 { H } else { B });
    }
    assert!(feed.opened().is_empty(), "thirteen candles give no ATR(14)");
    feed.push(quiet(slot(25, 13)), H);
    for k in 14..63 {
        feed.push(quiet(slot(25, k)), H);
    }
    feed.push(quiet(slot(25, 63)), B);
    assert_eq!(feed.opened().len(), 1, "closing at 14:35 IST, 55 minutes before the close");
    feed.push(quiet(slot(25, 64)), H);
    feed.push(quiet(slot(25, 69)), S);
    assert_eq!(feed.opened().len(), 1, "closing at 15:05 IST, 25 minutes before the close");
}

#[test]
fn a_candle_of_another_symbol_or_from_the_past_is_refused() {
    let mut feed = Feed::new(CostBps::DEFAULT);
    feed.push(quiet(slot(25, 5)), H);
    let close = slot(25, 75);
    assert_eq!(
        feed.book.on_candle(&quiet(slot(25, 4)), H, close),
        Err(BookError::OutOfOrder { previous_close: slot(25, 6), candle_open: slot(25, 4) })
    );
    let bank = Candle::new(Symbol::BankNifty, Interval::FiveMinutes, slot(25, 6), 1.0, 1.0, 1.0, 1.0, None).unwrap();
    assert!(matches!(feed.book.on_candle(&bank, H, close), Err(BookError::WrongSymbol { .. })));
}
