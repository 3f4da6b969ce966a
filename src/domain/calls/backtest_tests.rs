//! The proof that the backtest and the live feed are one machine, and what a backtest's
//! calls and record are made of: confidences estimated only from what was known, and a record
//! that adds up its calls net of cost.

use super::sim::market;
use super::*;
use crate::domain::market::{Candle, MarketCalendar};
use crate::domain::signals::Symbol;

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
