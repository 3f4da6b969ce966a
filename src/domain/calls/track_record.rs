//! The track record: a pure fold over closed calls, every call counted, losers included.
//!
//! Definitions (so the numbers can be recomputed from the published calls):
//! - **win**: a call whose `result_pct_net > 0` (it paid after costs); every other closed call
//!   is a **loss**; `hit_rate = wins / calls`. (Calibration counts a different "hit", reaching
//!   the target, because that is what `confidence` predicts: see [`calibration`].)
//! - **avg / total result**: the mean and the sum of `result_pct_net`. Sums of percentages are
//!   used (one unit of capital per call, nothing compounded), so a reader can add up a CSV.
//! - **equity curve**: the cumulative net % after each call, in order of closing.
//! - **max drawdown**: the largest fall of that curve from a running peak to a later trough,
//!   in percentage points, counting the start (0) as a peak: `max over k of (max_{j ≤ k} E_j −
//!   E_k)` with `E_0 = 0`. 0 when the curve never falls.
//! - **baseline** (buy and hold over the same sessions): for every session (IST date) in which
//!   a closed call opened, buying at the session's first open and selling at its last close,
//!   `(close − open) / open × 100`, less one round-trip cost like the calls; summed.
//!
//! Open calls are not judged yet and are skipped everywhere.

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};

use super::calibration::{CalibrationBucket, calibration};
use super::{Call, CallId, CostBps};
use crate::domain::market::Candle;
use crate::domain::market::calendar::ist;

/// One session's open and close, for the baseline.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SessionMove {
    /// The session's IST date.
    pub date: NaiveDate,
    /// The open of its first candle.
    pub open: f64,
    /// The close of its last candle.
    pub close: f64,
}

impl SessionMove {
    /// From one session's candles, oldest first; `None` for no candles.
    pub fn of(session: &[Candle]) -> Option<Self> {
        let (first, last) = (session.first()?, session.last()?);
        Some(Self { date: ist_date(first.open_time()), open: first.open(), close: last.close() })
    }
}

/// What holding the index through the same sessions would have made.
#[derive(Clone, Debug, PartialEq)]
pub struct Baseline {
    pub name: &'static str,
    /// Sessions that had calls and whose open and close were known.
    pub sessions: u32,
    pub total_result_pct: f64,
}

impl Baseline {
    pub const NAME: &'static str = "buy and hold, session open to close, net of one round trip";
}

/// The cumulative net result after one call closed.
#[derive(Clone, Debug, PartialEq)]
pub struct EquityPoint {
    pub at: DateTime<Utc>,
    pub call_id: CallId,
    pub cumulative_pct_net: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TrackRecord {
    pub calls: u32,
    pub wins: u32,
    pub losses: u32,
    /// `wins / calls`; `None` with no closed call (never a flattering 0 or 100 %).
    pub hit_rate: Option<f64>,
    pub avg_result_pct_net: Option<f64>,
    pub total_result_pct_net: f64,
    pub max_drawdown_pct: f64,
    pub cost_bps: CostBps,
    pub baseline: Baseline,
    pub calibration: Vec<CalibrationBucket>,
    /// When the first and last judged calls opened.
    pub first_call_at: Option<DateTime<Utc>>,
    pub last_call_at: Option<DateTime<Utc>>,
    pub equity_curve: Vec<EquityPoint>,
}

impl TrackRecord {
    /// The record of the closed calls among `calls` (any order), with `sessions` holding at
    /// least the sessions they opened in (others are ignored) and `cost` the round trip the
    /// baseline pays.
    pub fn of(calls: &[Call], sessions: &[SessionMove], cost: CostBps) -> Self {
        let mut closed: Vec<(&Call, DateTime<Utc>, f64)> =
            calls.iter().filter_map(|call| Some((call, call.exit?.closed_at, call.result_pct_net()?))).collect();
        closed.sort_by(|a, b| (a.1, &a.0.id).cmp(&(b.1, &b.0.id)));

        let (mut total, mut peak, mut max_drawdown) = (0.0, 0.0_f64, 0.0_f64);
        let mut equity_curve = Vec::with_capacity(closed.len());
        for (call, at, net) in &closed {
            total += net;
            peak = peak.max(total);
            max_drawdown = max_drawdown.max(peak - total);
            equity_curve.push(EquityPoint { at: *at, call_id: call.id.clone(), cumulative_pct_net: total });
        }

        let n = closed.len() as u32;
        let wins = closed.iter().filter(|(_, _, net)| *net > 0.0).count() as u32;
        let dates: BTreeSet<NaiveDate> = closed.iter().map(|(call, _, _)| ist_date(call.opened_at)).collect();
        let held: Vec<&SessionMove> = sessions.iter().filter(|s| dates.contains(&s.date)).collect();
        let baseline = Baseline {
            name: Baseline::NAME,
            sessions: held.len() as u32,
            total_result_pct: held.iter().map(|s| (s.close - s.open) / s.open * 100.0 - cost.pct()).sum(),
        };
        Self {
            calls: n,
            wins,
            losses: n - wins,
            hit_rate: (n > 0).then(|| f64::from(wins) / f64::from(n)),
            avg_result_pct_net: (n > 0).then(|| total / f64::from(n)),
            total_result_pct_net: total,
            max_drawdown_pct: max_drawdown,
            cost_bps: cost,
            baseline,
            calibration: calibration(closed.iter().map(|(call, _, _)| *call)),
            first_call_at: closed.iter().map(|(call, _, _)| call.opened_at).min(),
            last_call_at: closed.iter().map(|(call, _, _)| call.opened_at).max(),
            equity_curve,
        }
    }
}

fn ist_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&ist()).date_naive()
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;
    use crate::domain::calls::{Direction, Exit, ExitReason};
    use crate::domain::signals::Symbol;

    /// A long call opened on 25 November 2026 (IST) at `minute` past 10:00 that ended with
    /// `gross` percent before costs.
    fn call(minute: i64, gross: f64, reason: ExitReason) -> Call {
        let opened_at = Utc.with_ymd_and_hms(2026, 11, 25, 4, 30, 0).unwrap() + Duration::minutes(minute);
        Call {
            id: CallId::of(Symbol::Nifty, opened_at),
            symbol: Symbol::Nifty,
            direction: Direction::Long,
            entry: 100.0,
            stop_loss: 98.0,
            target: 103.0,
            confidence: 0.43,
            opened_at,
            cost: CostBps::parse(10.0).unwrap(),
            exit: Some(Exit { closed_at: opened_at + Duration::minutes(5), price: 100.0 + gross, reason }),
        }
    }

    fn close_to(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn the_drawdown_is_the_largest_fall_from_a_running_peak_of_the_net_curve() {
        // Net results (10 bps cost each): +1.0, −2.0, +0.5, −1.0, +3.0 → curve 1, −1, −0.5, −1.5, 1.5.
        let gross = [1.1, -1.9, 0.6, -0.9, 3.1];
        let calls: Vec<Call> =
            gross.iter().enumerate().map(|(i, g)| call(10 * i as i64, *g, ExitReason::Reversed)).collect();
        let record = TrackRecord::of(&calls, &[], CostBps::ZERO);
        assert!(close_to(record.max_drawdown_pct, 2.5), "{}", record.max_drawdown_pct);
        let curve: Vec<f64> = record.equity_curve.iter().map(|p| p.cumulative_pct_net).collect();
        for (got, want) in curve.iter().zip([1.0, -1.0, -0.5, -1.5, 1.5]) {
            assert!(close_to(*got, want), "{curve:?}");
        }
        assert!(close_to(record.total_result_pct_net, 1.5));
    }

    #[test]
    fn a_record_that_only_falls_draws_down_from_the_start() {
        let record = TrackRecord::of(&[call(0, -0.9, ExitReason::Stop)], &[], CostBps::ZERO);
        assert!(close_to(record.max_drawdown_pct, 1.0), "{}", record.max_drawdown_pct);
    }

    #[test]
    fn a_win_is_a_positive_net_result_so_a_gross_gain_smaller_than_the_cost_is_a_loss() {
        let calls = [
            call(0, 0.05, ExitReason::Reversed),
            call(10, 0.5, ExitReason::Target),
            call(20, 0.0, ExitReason::SessionEnd),
        ];
        let mut open = call(30, 1.0, ExitReason::Target);
        open.exit = None;
        let record = TrackRecord::of(&[&calls[..], &[open]].concat(), &[], CostBps::ZERO);
        assert_eq!((record.calls, record.wins, record.losses), (3, 1, 2));
        assert!(close_to(record.hit_rate.unwrap(), 1.0 / 3.0));
        assert!(close_to(record.avg_result_pct_net.unwrap(), (-0.05 + 0.4 - 0.1) / 3.0));
        assert_eq!(record.first_call_at, Some(calls[0].opened_at));
        assert_eq!(record.last_call_at, Some(calls[2].opened_at));
        assert_eq!(record.calibration[4].calls, 3);
    }

    #[test]
    fn the_baseline_holds_only_the_sessions_that_had_calls_net_of_one_round_trip_each() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let sessions = [
            SessionMove { date: day(24), open: 100.0, close: 150.0 },
            SessionMove { date: day(25), open: 100.0, close: 101.0 },
        ];
        let record = TrackRecord::of(&[call(0, 1.0, ExitReason::Target)], &sessions, CostBps::parse(10.0).unwrap());
        assert_eq!(record.baseline.sessions, 1);
        assert!(close_to(record.baseline.total_result_pct, 0.9), "{}", record.baseline.total_result_pct);
    }

    #[test]
    fn with_no_closed_call_nothing_is_claimed() {
        let record = TrackRecord::of(&[], &[], CostBps::DEFAULT);
        assert_eq!((record.calls, record.hit_rate, record.avg_result_pct_net), (0, None, None));
        assert_eq!((record.max_drawdown_pct, record.first_call_at), (0.0, None));
    }
}
