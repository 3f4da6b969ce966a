//! The statistical check that `confidence` behaves like odds: over fixed seeds of the simulated
//! market, every confidence decile holding at least [`MIN_BUCKET_CALLS`] calls reaches its
//! target within [`TOLERANCE`] of the mean confidence it was published with — and the model's
//! raw "strength", put in its place, does not.
//!
//! Calls opened in the first [`LEARNING_SESSIONS`] sessions teach the estimate but are not
//! scored, as the service is meant to start: with its confidence seeded by a backtest of past
//! candles (`run_calls`' `prior`), not from nothing. Scored from the very first call, the
//! prior's first guesses weigh in: over 16 other seeds, 12 passed that stricter reading and 15
//! passed this one (the one failure: a bucket of 77 calls 10.7 points off).

use super::calibration::calibration;
use super::sim::market;
use super::{Call, CostBps, run_calls, stance_at};
use crate::domain::market::{Candle, MarketCalendar, Provenance};
use crate::domain::signals::{Action, Symbol, generate_signal};

const SEEDS: [u64; 3] = [7, 2026, 424_242];
const SESSIONS: usize = 120;
const LEARNING_SESSIONS: usize = 20;
const CANDLES_PER_SESSION: usize = 75;
const MIN_CALLS: usize = 500;
const MIN_BUCKET_CALLS: u32 = 30;
const TOLERANCE: f64 = 0.10;

/// The scored calls of both symbols over one seed's simulated market, each with the candles
/// it was computed from.
fn scored_calls(seed: u64) -> Vec<(Call, Vec<Candle>)> {
    let calendar = MarketCalendar::default();
    let mut scored = Vec::new();
    for (n, symbol) in Symbol::ALL.into_iter().enumerate() {
        let candles = market(symbol, seed * 10 + n as u64, SESSIONS);
        let scored_from = candles[LEARNING_SESSIONS * CANDLES_PER_SESSION].open_time();
        let calls = run_calls(symbol, &candles, &calendar, CostBps::DEFAULT, &[]).unwrap();
        scored.extend(
            calls
                .into_iter()
                .filter(|call| !call.is_open() && call.opened_at >= scored_from)
                .map(|call| (call, candles.clone())),
        );
    }
    scored
}

/// `(bucket start, calls, mean confidence, hit rate)` of each bucket with enough calls that is
/// off by more than the tolerance.
fn miscalibrated(calls: &[Call]) -> Vec<(f64, u32, f64, f64)> {
    calibration(calls)
        .into_iter()
        .filter(|b| b.calls >= MIN_BUCKET_CALLS)
        .map(|b| (b.confidence_from, b.calls, b.mean_confidence.unwrap(), b.hit_rate.unwrap()))
        .filter(|(_, _, stated, seen)| (stated - seen).abs() > TOLERANCE)
        .collect()
}

fn describe(calls: &[Call]) -> String {
    calibration(calls)
        .iter()
        .filter(|b| b.calls > 0)
        .map(|b| {
            let (stated, seen) = (b.mean_confidence.unwrap(), b.hit_rate.unwrap());
            format!(
                "[{:.1},{:.1}) {} calls: stated {stated:.3}, hit {seen:.3}",
                b.confidence_from, b.confidence_to, b.calls
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[test]
fn every_well_filled_confidence_decile_reaches_its_target_about_as_often_as_it_says() {
    for seed in SEEDS {
        let calls: Vec<Call> = scored_calls(seed).into_iter().map(|(call, _)| call).collect();
        assert!(calls.len() >= MIN_CALLS, "seed {seed}: only {} calls", calls.len());
        println!("seed {seed}, {} calls: {}", calls.len(), describe(&calls));
        let off = miscalibrated(&calls);
        assert!(off.is_empty(), "seed {seed}: buckets {off:?} are off in {}", describe(&calls));
    }
}

#[test]
fn the_models_raw_strength_in_place_of_the_estimate_fails_the_same_check() {
    let raw: Vec<Call> = scored_calls(SEEDS[0])
        .into_iter()
        .map(|(mut call, candles)| {
            let upto = candles.iter().position(|c| c.close_time() == call.opened_at).unwrap() + 1;
            let closes: Vec<f64> = candles[upto.saturating_sub(150)..upto].iter().map(Candle::close).collect();
            let signal =
                generate_signal(call.symbol, &closes, call.opened_at, &Provenance::simulator(), call.opened_at)
                    .unwrap();
            assert_eq!(signal.action, stance_at(call.symbol, &closes, call.opened_at));
            assert_eq!(Some(signal.action), Action::parse(call.direction.as_str()));
            call.confidence = signal.confidence;
            call
        })
        .collect();
    println!("raw strength: {}", describe(&raw));
    assert!(!miscalibrated(&raw).is_empty(), "the raw strength passed: {}", describe(&raw));
}
