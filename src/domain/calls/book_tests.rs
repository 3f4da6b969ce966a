//! The call book's rules, each shown by the smallest market that needs it, and the proof that
//! the backtest and the live feed are one machine.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::sim::market;
use super::*;
use crate::domain::market::{Candle, Interval, MarketCalendar};
use crate::domain::signals::{Action, Symbol};

const B: Action = Action::Buy;
const S: Action = Action::Sell;
const H: Action = Action::Hold;

/// The open of the `k`-th 5-minute candle of the NSE session on `day` November 2026.
fn slot(day: u32, k: i32) -> DateTime<Utc> {
    let date = NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
    MarketCalendar::default().session_on(date).unwrap().opens_at + Duration::minutes(5) * k
}

fn candle(open_time: DateTime<Utc>, open: f64, high: f64, low: f64, close: f64) -> Candle {
    Candle::new(Symbol::Nifty, Interval::FiveMinutes, open_time, open, high, low, close, None).unwrap()
}

/// A candle moving a point around 100: after fourteen of them the ATR is 1, so a long opened
/// at 100 has its stop at 98.5 and its target at 102.
fn quiet(open_time: DateTime<Utc>) -> Candle {
    candle(open_time, 100.0, 100.5, 99.5, 100.0)
}

struct Feed {
    book: CallBook,
    calendar: MarketCalendar,
    events: Vec<CallEvent>,
}

impl Feed {
    fn new(cost: CostBps) -> Self {
        Self {
            book: CallBook::new(Symbol::Nifty, cost, ConfidenceModel::default()),
            calendar: MarketCalendar::default(),
            events: Vec::new(),
        }
    }

    fn push(&mut self, candle: Candle, stance: Action) -> Vec<CallEvent> {
        let close = session_close(&self.calendar, &candle);
        let events = self.book.on_candle(&candle, stance, close).unwrap();
        self.events.extend(events.clone());
        events
    }

    /// Fourteen quiet HOLD candles from the session's `k`-th: volatility known, stance flat.
    fn warm(&mut self, day: u32, k: i32) {
        for i in 0..14 {
            self.push(quiet(slot(day, k + i)), H);
        }
    }

    fn opened(&self) -> Vec<&Call> {
        self.events.iter().filter_map(|e| if let CallEvent::Opened(c) = e { Some(c) } else { None }).collect()
    }

    fn closed(&self) -> Vec<&Call> {
        self.events.iter().filter_map(|e| if let CallEvent::Closed(c) = e { Some(c) } else { None }).collect()
    }
}

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

/// The calls the events describe, each in its latest state, in the order they opened.
fn calls_of(events: &[CallEvent]) -> Vec<Call> {
    let mut calls: Vec<Call> = Vec::new();
    for event in events {
        match event {
            CallEvent::Opened(call) => calls.push(call.clone()),
            CallEvent::Closed(call) => *calls.iter_mut().find(|c| c.id == call.id).unwrap() = call.clone(),
        }
    }
    calls
}

#[test]
fn a_backtest_over_the_candles_equals_the_live_book_fed_one_candle_at_a_time() {
    let calendar = MarketCalendar::default();
    for (symbol, seed) in [(Symbol::Nifty, 11), (Symbol::BankNifty, 12)] {
        let candles = market(symbol, seed, 12);
        let batch = run_calls(symbol, &candles, &calendar, CostBps::DEFAULT, &[]).unwrap();

        // Live: each candle as it closes, the stance from the latest window of closes the
        // signal path reads, the session's close from the calendar.
        let mut book = CallBook::new(symbol, CostBps::DEFAULT, ConfidenceModel::default());
        let mut events = Vec::new();
        for (i, candle) in candles.iter().enumerate() {
            let window: Vec<f64> =
                candles[(i + 1).saturating_sub(STANCE_CLOSES)..=i].iter().map(Candle::close).collect();
            let stance = stance_at(symbol, &window, candle.close_time());
            events.extend(book.on_candle(candle, stance, session_close(&calendar, candle)).unwrap());
        }
        let live = calls_of(&events);

        assert!(batch.len() > 30, "{} calls", batch.len());
        assert_eq!(live, batch);
    }
}

#[test]
fn each_confidence_is_estimated_only_from_calls_closed_before_it_opened() {
    let calls =
        run_calls(Symbol::Nifty, &market(Symbol::Nifty, 5, 10), &MarketCalendar::default(), CostBps::DEFAULT, &[])
            .unwrap();
    assert!(calls.len() > 30);
    for call in &calls {
        let known = ConfidenceModel::as_of(&calls, call.opened_at);
        assert_eq!(call.confidence, known.confidence(CallKind::of(call)), "{}", call.id);
    }
    let distinct: std::collections::BTreeSet<u64> = calls.iter().map(|c| (c.confidence * 1000.0) as u64).collect();
    assert!(distinct.len() > 5, "the estimate learns as calls close: {distinct:?}");
}

#[test]
fn prior_calls_seed_the_estimate_of_a_backtest_that_continues_a_record() {
    let calendar = MarketCalendar::default();
    let candles = market(Symbol::Nifty, 9, 8);
    let (first, second) = candles.split_at(4 * 75);
    let earlier = run_calls(Symbol::Nifty, first, &calendar, CostBps::DEFAULT, &[]).unwrap();
    let fresh = run_calls(Symbol::Nifty, second, &calendar, CostBps::DEFAULT, &[]).unwrap();
    let seeded = run_calls(Symbol::Nifty, second, &calendar, CostBps::DEFAULT, &earlier).unwrap();
    assert_eq!(fresh[0].confidence, ConfidenceModel::default().confidence(CallKind::of(&fresh[0])));
    assert_eq!(
        seeded[0].confidence,
        ConfidenceModel::as_of(&earlier, seeded[0].opened_at).confidence(CallKind::of(&seeded[0]))
    );
    assert_ne!(seeded[0].confidence, fresh[0].confidence);
}

#[test]
fn a_backtests_record_adds_up_its_calls_and_pays_the_cost_on_every_one() {
    let calendar = MarketCalendar::default();
    let candles = market(Symbol::Nifty, 21, 10);
    let calls = run_calls(Symbol::Nifty, &candles, &calendar, CostBps::DEFAULT, &[]).unwrap();
    let sessions: Vec<SessionMove> = candles.chunks(75).filter_map(SessionMove::of).collect();
    let record = TrackRecord::of(&calls, &sessions, CostBps::DEFAULT);

    let closed: Vec<&Call> = calls.iter().filter(|c| !c.is_open()).collect();
    let net: f64 = closed.iter().map(|c| c.result_pct_net().unwrap()).sum();
    let gross: f64 = closed.iter().map(|c| c.result_pct().unwrap()).sum();
    assert_eq!(record.calls as usize, closed.len());
    assert!((record.total_result_pct_net - net).abs() < 1e-9);
    assert!((gross - net - 0.07 * closed.len() as f64).abs() < 1e-9, "7 bps off every call");
    assert_eq!(record.equity_curve.len(), closed.len());
    assert!((record.equity_curve.last().unwrap().cumulative_pct_net - net).abs() < 1e-9);
    assert_eq!(record.baseline.sessions, 10, "every simulated session had calls");
    assert_eq!(record.calibration.iter().map(|b| b.calls).sum::<u32>(), record.calls);
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
