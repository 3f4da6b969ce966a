//! A call's `confidence`: the estimated probability that it reaches its target before its stop,
//! a reversal or the session's end — learnt from how earlier calls of the same kind ended.
//!
//! Traders read "40 %" as odds, so the number must behave like odds: among calls shown at
//! 40 %, about 40 % should reach their targets (the [`calibration`](mod@super::calibration) table
//! shows whether they did). The model's own 0–1 "strength" does not: it measures how far the
//! averages have spread, not how often such calls pay.
//!
//! **Method.** A call reaches its target first when it ends at a level at all (rather than
//! by a change of stance or at the close) *and* that level is the target, so the estimate is
//! the product of two rates, each the posterior mean of a Beta–binomial model:
//! - `r`, the share of calls that end at the stop or the target. No theory gives it (it depends
//!   on how long the model holds a stance), so its prior is flat, `Beta(1, 1)`
//!   ([`RESOLVED_PRIOR`], [`RESOLVED_PRIOR_WEIGHT`] = 2 pseudo-calls): the data take over
//!   within a few calls;
//! - `q`, the target's share of those. Here theory is exact for a market without edge: a
//!   driftless random walk touches a level 2 ATR away before one 1.5 ATR away with
//!   probability `STOP_ATR / (STOP_ATR + TARGET_ATR)` = 1.5 / 3.5 ≈ 0.43 ([`PRIOR_HIT`]), so the
//!   prior is `Beta(4.29, 5.71)`, centred there and weighing [`PRIOR_WEIGHT`] = 10 pseudo-calls;
//!   it takes real evidence of an edge to move it.
//!
//! With `Beta(c·w, (1 − c)·w)` as prior and `k` successes in `n` trials the posterior mean is
//! `(c·w + k) / (w + n)`. Each rate is estimated in two levels: first over **all** the closed
//! calls the model has seen, then for the call's **kind** ([`CallKind`]: symbol and side), with
//! the pooled rate as the kind's prior weighing [`KIND_WEIGHT`] = 50 pseudo-calls. A kind
//! departs from the pooled rate only once its own calls say so, which keeps the estimate from
//! swinging with one side's early luck (a confidence that swings is not calibrated: the calls
//! made at its highs and lows regress to the mean). The confidence is `r_kind × q_kind`.
//!
//! Before any call it is `0.5 × 0.43 ≈ 0.21`; in the simulated market it settles near a third.
//!
//! **No look-ahead.** Only calls *closed* by the instant the new call opens count: the
//! [`book`](super::book) learns a call when its exit is known, before it opens the next one,
//! and [`ConfidenceModel::as_of`] rebuilds the same state from stored calls for an instant.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::kind::CallKind;
use super::levels::{STOP_ATR, TARGET_ATR};
use super::{Call, ExitReason};

/// How the confidence is estimated, in a sentence: what `GET /signals/model` publishes.
pub const METHOD: &str = "the probability of reaching the target: the share of calls ending at the stop or the target \
     times the target's share of those, each the posterior mean of a Beta-binomial model over the calls closed \
     before the call opened, pooled over all calls and then for the call's symbol and side";

/// The prior's centre for the target's share of stop-or-target endings: a driftless walk's
/// chance of touching the target before the stop.
pub const PRIOR_HIT: f64 = STOP_ATR / (STOP_ATR + TARGET_ATR);
/// How many calls' worth of evidence the random-walk prior counts for, over all calls.
pub const PRIOR_WEIGHT: f64 = 10.0;
/// The prior for the share of calls ending at a level at all (rather than by a change of
/// stance or the close): no theory gives it, so it is flat, `Beta(1, 1)`, and the data take
/// over within a few calls.
pub const RESOLVED_PRIOR: f64 = 0.5;
pub const RESOLVED_PRIOR_WEIGHT: f64 = 2.0;
/// How many calls' worth of evidence the pooled rates count for, as a kind's prior.
pub const KIND_WEIGHT: f64 = 50.0;

/// How a group of closed calls ended.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub calls: u32,
    /// Ended at the stop or the target.
    pub resolved: u32,
    /// Ended at the target.
    pub targets: u32,
}

/// What the closed calls so far say about each kind: the state confidence is computed from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConfidenceModel {
    kinds: HashMap<CallKind, Tally>,
    all: Tally,
}

impl ConfidenceModel {
    /// The model knowing exactly the calls in `calls` that had closed by `at` (open calls, and
    /// calls closed later, are ignored): what a call opening at `at` may be estimated from.
    pub fn as_of<'a>(calls: impl IntoIterator<Item = &'a Call>, at: DateTime<Utc>) -> Self {
        let mut model = Self::default();
        for call in calls {
            if call.exit.is_some_and(|exit| exit.closed_at <= at) {
                model.learn(call);
            }
        }
        model
    }

    /// Counts a closed call; an open one teaches nothing yet and is ignored.
    pub fn learn(&mut self, call: &Call) {
        let Some(exit) = call.exit else { return };
        let resolved = matches!(exit.reason, ExitReason::Target | ExitReason::Stop);
        for tally in [self.kinds.entry(CallKind::of(call)).or_default(), &mut self.all] {
            tally.calls += 1;
            tally.resolved += u32::from(resolved);
            tally.targets += u32::from(exit.reason == ExitReason::Target);
        }
    }

    pub fn tally(&self, kind: CallKind) -> Tally {
        self.kinds.get(&kind).copied().unwrap_or_default()
    }

    /// The estimated probability that a new call of `kind` reaches its target, rounded to
    /// 0.001 (the precision it is published and hashed with).
    pub fn confidence(&self, kind: CallKind) -> f64 {
        let own = self.tally(kind);
        let resolved_pooled = beta_mean(RESOLVED_PRIOR, RESOLVED_PRIOR_WEIGHT, self.all.resolved, self.all.calls);
        let resolved = beta_mean(resolved_pooled, KIND_WEIGHT, own.resolved, own.calls);
        let share_pooled = beta_mean(PRIOR_HIT, PRIOR_WEIGHT, self.all.targets, self.all.resolved);
        let share = beta_mean(share_pooled, KIND_WEIGHT, own.targets, own.resolved);
        (resolved * share * 1000.0).round() / 1000.0
    }
}

/// The mean of the Beta posterior for `successes` in `trials` under a prior with mean `centre`
/// worth `weight` trials: `(centre × weight + successes) / (weight + trials)`.
fn beta_mean(centre: f64, weight: f64, successes: u32, trials: u32) -> f64 {
    (centre * weight + f64::from(successes)) / (weight + f64::from(trials))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::calls::{CallId, CostBps, Direction, Exit, ExitReason};
    use crate::domain::signals::Symbol;

    fn closed(direction: Direction, minute: u32, reason: ExitReason) -> Call {
        let opened_at = Utc.with_ymd_and_hms(2026, 11, 25, 4, minute, 0).unwrap();
        Call {
            id: CallId::of(Symbol::Nifty, opened_at),
            symbol: Symbol::Nifty,
            direction,
            entry: 100.0,
            stop_loss: 97.0,
            target: 104.0,
            confidence: 0.5,
            opened_at,
            cost: CostBps::DEFAULT,
            exit: Some(Exit { closed_at: opened_at + chrono::Duration::minutes(5), price: 104.0, reason }),
        }
    }

    const LONG: CallKind = CallKind { symbol: Symbol::Nifty, direction: Direction::Long };

    fn tomorrow() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 26, 0, 0, 0).unwrap()
    }

    #[test]
    fn with_no_history_the_confidence_is_an_even_chance_of_a_level_times_the_random_walk_odds() {
        assert_eq!(ConfidenceModel::default().confidence(LONG), 0.214);
    }

    #[test]
    fn closed_calls_move_the_pooled_rates_and_their_own_kind_further() {
        let calls: Vec<Call> = (0..10).map(|m| closed(Direction::Long, m, ExitReason::Stop)).collect();
        let model = ConfidenceModel::as_of(&calls, tomorrow());
        // Pooled: r = (1 + 10) / (2 + 10) = 0.917; q = 4.29 / (10 + 10) = 0.214.
        let short = CallKind { direction: Direction::Short, ..LONG };
        assert_eq!(model.confidence(short), 0.196, "another kind starts from the pooled rates");
        // Own: r = (50 × 0.917 + 10) / 60 = 0.931; q = 50 × 0.214 / 60 = 0.179.
        assert_eq!(model.confidence(LONG), 0.166);
    }

    #[test]
    fn calls_that_end_by_reversal_lower_the_odds_of_reaching_any_level() {
        let calls: Vec<Call> = (0..10).map(|m| closed(Direction::Long, m, ExitReason::Reversed)).collect();
        let model = ConfidenceModel::as_of(&calls, tomorrow());
        let short = CallKind { direction: Direction::Short, ..LONG };
        assert_eq!(model.confidence(short), 0.036, "r = 1 / 12, q untouched at 0.429");
    }

    #[test]
    fn calls_closed_after_the_instant_do_not_count() {
        let calls = [closed(Direction::Long, 0, ExitReason::Target), closed(Direction::Long, 30, ExitReason::Target)];
        let model = ConfidenceModel::as_of(&calls, calls[0].exit.unwrap().closed_at);
        assert_eq!(model.tally(LONG), Tally { calls: 1, resolved: 1, targets: 1 });
    }
}
