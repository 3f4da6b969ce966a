//! Whether `confidence` behaves like odds: closed calls grouped into confidence deciles, each
//! with how often its calls reached their targets.
//!
//! A call's confidence predicts one thing — that it reaches its target first — so here a
//! *hit* is `exit_reason == target`, not a positive net result (that is the track record's
//! "win"). A calibrated estimate has each bucket's hit rate close to its calls' mean
//! confidence; the dashboard plots one against the other as a reliability chart.

use super::Call;

/// Deciles: `[0.0, 0.1)`, `[0.1, 0.2)`, …, `[0.9, 1.0]`.
pub const BUCKETS: usize = 10;

/// One decile of stated confidence and how its calls ended.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CalibrationBucket {
    pub confidence_from: f64,
    /// Exclusive, except for the last bucket, which holds 1.0.
    pub confidence_to: f64,
    pub calls: u32,
    /// Calls that ended at their target.
    pub targets: u32,
    /// `targets / calls`; `None` for an empty bucket.
    pub hit_rate: Option<f64>,
    /// The mean confidence the bucket's calls were published with; `None` when empty.
    pub mean_confidence: Option<f64>,
}

/// All ten buckets (empty ones included, so a chart has a fixed axis) over the closed calls in
/// `calls`; open calls are skipped.
pub fn calibration<'a>(calls: impl IntoIterator<Item = &'a Call>) -> Vec<CalibrationBucket> {
    let mut sums = [(0u32, 0u32, 0.0f64); BUCKETS];
    for call in calls {
        let Some(reached) = call.reached_target() else { continue };
        // By thousandths (the precision confidence is published at), so 0.3 is in [0.3, 0.4).
        let bucket = (((call.confidence * 1000.0).round() as usize) / (1000 / BUCKETS)).min(BUCKETS - 1);
        let (n, targets, confidence) = &mut sums[bucket];
        *n += 1;
        *targets += u32::from(reached);
        *confidence += call.confidence;
    }
    sums.iter()
        .enumerate()
        .map(|(i, &(calls, targets, confidence))| CalibrationBucket {
            confidence_from: i as f64 / BUCKETS as f64,
            confidence_to: (i + 1) as f64 / BUCKETS as f64,
            calls,
            targets,
            hit_rate: (calls > 0).then(|| f64::from(targets) / f64::from(calls)),
            mean_confidence: (calls > 0).then(|| confidence / f64::from(calls)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Utc};

    use super::*;
    use crate::domain::calls::{CallId, CostBps, Direction, Exit, ExitReason};
    use crate::domain::signals::Symbol;

    fn call(confidence: f64, reason: Option<ExitReason>) -> Call {
        let opened_at = Utc.with_ymd_and_hms(2026, 11, 25, 4, 0, 0).unwrap();
        Call {
            id: CallId::of(Symbol::Nifty, opened_at),
            symbol: Symbol::Nifty,
            direction: Direction::Long,
            entry: 100.0,
            stop_loss: 97.0,
            target: 104.0,
            confidence,
            opened_at,
            cost: CostBps::DEFAULT,
            exit: reason.map(|reason| Exit { closed_at: opened_at + Duration::minutes(5), price: 100.0, reason }),
        }
    }

    #[test]
    fn calls_fall_into_deciles_and_a_hit_is_reaching_the_target_not_a_net_gain() {
        let calls = [
            call(0.3, Some(ExitReason::Target)),
            call(0.35, Some(ExitReason::Reversed)),
            call(0.399, Some(ExitReason::Stop)),
            call(1.0, Some(ExitReason::Target)),
            call(0.3, None),
        ];
        let table = calibration(&calls);
        assert_eq!(table.len(), 10);
        assert_eq!((table[3].calls, table[3].targets), (3, 1));
        assert!((table[3].mean_confidence.unwrap() - 1.049 / 3.0).abs() < 1e-9);
        assert_eq!((table[9].calls, table[9].hit_rate), (1, Some(1.0)));
        assert_eq!((table[0].calls, table[0].hit_rate, table[0].mean_confidence), (0, None, None));
        assert_eq!((table[3].confidence_from, table[3].confidence_to), (0.3, 0.4));
    }
}
